from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.agencies.models import Agency, Kind
from gongkai.portal import selectors


def home(request: HttpRequest) -> HttpResponse:
    root = selectors.site_root()
    tree = selectors.public_tree(root) if root is not None else None
    return render(request, "portal/home.html", {"root": root, "tree": tree})


def agency_directory(request: HttpRequest) -> HttpResponse:
    root = selectors.site_root()
    tree = selectors.public_tree(root) if root is not None else None
    return render(request, "portal/agency_directory.html", {"root": root, "tree": tree, "Kind": Kind})


def agency_guide(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开指南: the office that handles disclosure and how to reach it (条例 第十二条)."""
    agency = Agency.objects.active().select_related("parent").filter(code=code).first()
    if agency is None:
        raise Http404("没有找到该机关")
    children = Agency.objects.active().filter(parent=agency).order_by("sort_order", "path")
    return render(request, "portal/agency_guide.html", {"agency": agency, "children": children})
