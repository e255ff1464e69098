"""The public 政府信息公开 pages (条例 第十二、十九、二十、二十四条): home, 指南, 目录 with facets, 法定主动公开
内容, 年度报告, the item page and attachment downloads. Read only: nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from gongkai.agencies.models import Agency
from gongkai.catalogue import selectors as catalogue
from gongkai.catalogue.categories import SHORT_LABELS, Category, DocKind, PublishChannel, article_label
from gongkai.catalogue.models import Attachment, Item, Topic
from gongkai.catalogue.services import sanitise_body
from gongkai.catalogue.workflow import Status
from gongkai.core.downloads import stored_file_response
from gongkai.portal import selectors
from gongkai.portal.views import accepts_applications

FILTER_PARAMS = ("category", "topic", "year", "channel")
FIRST_YEAR, LAST_YEAR = 1949, 2100


def _active_agency_or_404(code: str) -> Agency:
    agency = Agency.objects.active().filter(code=code).first()
    if agency is None:
        raise Http404("没有找到该机关")
    return agency


def _ancestors(agency: Agency) -> list[Agency]:
    """The agency's superiors, top first, in one query (breadcrumbs)."""
    paths = agency.ancestor_paths()
    return list(Agency.objects.filter(path__in=paths).order_by("path")) if paths else []


def _agency_context(agency: Agency | None) -> dict[str, Any]:
    """What every per-agency page shows around its content: the agency, its breadcrumb and its local menu."""
    if agency is None:
        return {"agency": None, "ancestors": [], "accepts_applications": False}
    return {
        "agency": agency,
        "ancestors": _ancestors(agency),
        "accepts_applications": accepts_applications(agency),
    }


def _page_links(request: HttpRequest, page: Page[Item]) -> dict[str, str]:
    def url(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    return {
        "prev_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }


# --- home and 指南 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryLink:
    value: int
    article: str
    label: str
    short: str
    count: int
    url: str


def _category_links(agency: Agency | None) -> list[CategoryLink]:
    counts = catalogue.category_counts(agency)
    links = []
    for category in Category:
        if agency is None:
            url = reverse("portal:statutory_category", args=[category.value])
        else:
            url = reverse("portal:agency_statutory_category", args=[agency.code, category.value])
        links.append(
            CategoryLink(
                value=category.value,
                article=article_label(category.value),
                label=str(category.label),
                short=SHORT_LABELS[category.value],
                count=counts[category.value],
                url=url,
            )
        )
    return links


def home(request: HttpRequest) -> HttpResponse:
    root = selectors.site_root()
    tree = selectors.public_tree(root) if root is not None else None
    return render(
        request,
        "portal/home.html",
        {
            "root": root,
            "tree": tree,
            "recent": catalogue.recent_items(None, limit=10),
            "categories": _category_links(None),
        },
    )


def guide(request: HttpRequest) -> HttpResponseRedirect:
    """The whole government's 指南 is the root government's."""
    root = selectors.site_root()
    if root is None:
        raise Http404("平台尚未录入机关")
    return redirect("portal:agency_guide", code=root.code)


def agency_guide(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开指南 (条例 第十二条): the office's own text, or a default one drawn from the 条例, and the
    office that handles disclosure with its contact details from the agency record."""
    agency = _active_agency_or_404(code)
    written = catalogue.guide_of(agency)
    children = Agency.objects.active().filter(parent=agency).order_by("sort_order", "path")
    return render(
        request,
        "portal/agency_guide.html",
        {
            **_agency_context(agency),
            "children": children,
            # Sanitised on save; cleaned again here so no row written around the service reaches the page raw.
            "guide_body": sanitise_body(written.body) if written is not None else "",
            "guide_updated": written.updated_at if written is not None else None,
            "section": "guide",
        },
    )


# --- 政府信息公开目录 ------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


def _filters(params: QueryDict, scope: Agency | None) -> catalogue.Filters:
    """The visitor's filters from the query string; a value that names nothing is ignored, never an error."""
    category = _int(params.get("category"))
    year = _int(params.get("year"))
    channel = params.get("channel")
    topic_id = _int(params.get("topic"))
    return catalogue.Filters(
        scope=scope,
        topic=Topic.objects.filter(pk=topic_id).first() if topic_id is not None else None,
        category=category if category in Category.values else None,
        year=year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None,
        channel=channel if channel in PublishChannel.values else None,
    )


def _filter_params(filters: catalogue.Filters) -> dict[str, str]:
    values = {
        "category": filters.category,
        "topic": filters.topic.pk if filters.topic is not None else None,
        "year": filters.year,
        "channel": filters.channel,
    }
    return {k: str(v) for k, v in values.items() if v is not None}


def _catalogue_url(agency: Agency | None, params: dict[str, str]) -> str:
    base = (
        reverse("portal:catalogue")
        if agency is None
        else reverse("portal:agency_catalogue", args=[agency.code])
    )
    return base + ("?" + urlencode(params) if params else "")


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool
    depth: int


@dataclass(frozen=True)
class LinkedFacet:
    name: str
    label: str
    links: list[FacetLink]
    chosen: str  # the chosen value's label, or ""


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_url: str


def _link_facets(
    facets: list[catalogue.Facet], filters: catalogue.Filters, scope: Agency | None
) -> list[LinkedFacet]:
    current = _filter_params(filters)
    linked = []
    for facet in facets:
        links = []
        for value in facet.values:
            if facet.name == "agency":
                url = reverse("portal:agency_catalogue", args=[value.value])
                url += "?" + urlencode(current) if current else ""
            else:
                params = {k: v for k, v in current.items() if k != facet.name}
                if not value.selected:
                    params[facet.name] = value.value
                url = _catalogue_url(scope, params)
            links.append(FacetLink(value.label, value.count, url, value.selected, value.depth))
        chosen = facet.selected
        linked.append(LinkedFacet(facet.name, facet.label, links, chosen.label if chosen else ""))
    return linked


def _active_filters(
    facets: list[LinkedFacet], filters: catalogue.Filters, scope: Agency | None, parent: Agency | None
) -> list[ActiveFilter]:
    current = _filter_params(filters)
    active = []
    if scope is not None:
        active.append(ActiveFilter(f"发布机构：{scope.name}", _catalogue_url(parent, current)))
    for facet in facets:
        if facet.chosen:
            params = {k: v for k, v in current.items() if k != facet.name}
            active.append(ActiveFilter(f"{facet.label}：{facet.chosen}", _catalogue_url(scope, params)))
    return active


def catalogue_browse(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """政府信息公开目录 of the whole portal or of one agency and its subordinates, by agency, 主题,
    公开类别, year and channel, each with its count."""
    scope = _active_agency_or_404(code) if code is not None else None
    filters = _filters(request.GET, scope)
    root = selectors.site_root() if scope is None else None
    result = catalogue.browse(filters, facet_parent=scope or root, page=request.GET.get("page"))
    context = _agency_context(scope)
    facets = _link_facets(result.facets, filters, scope)
    parent = context["ancestors"][-1] if context["ancestors"] else None
    return render(
        request,
        "portal/catalogue.html",
        {
            **context,
            "page": result.page,
            **_page_links(request, result.page),
            "facets": facets,
            "active_filters": _active_filters(facets, filters, scope, parent),
            "own_count": result.own_count,
            "facet_agency": scope or root,
            "clear_url": _catalogue_url(scope, {}),
            "section": "catalogue",
        },
    )


# --- 法定主动公开内容 and 年度报告 -------------------------------------------------------------------


def statutory(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """法定主动公开内容: the fifteen items of 第二十条 (and 第二十一条) with what has been published under each."""
    scope = _active_agency_or_404(code) if code is not None else None
    return render(
        request,
        "portal/statutory.html",
        {**_agency_context(scope), "categories": _category_links(scope), "section": "statutory"},
    )


def statutory_category(request: HttpRequest, category: int, code: str | None = None) -> HttpResponse:
    if category not in Category.values:
        raise Http404("没有该公开类别")
    scope = _active_agency_or_404(code) if code is not None else None
    page = catalogue.category_page(scope, category, page=request.GET.get("page"))
    return render(
        request,
        "portal/statutory_category.html",
        {
            **_agency_context(scope),
            "category_label": Category(category).label,
            "article": article_label(category),
            "short": SHORT_LABELS[category],
            "page": page,
            **_page_links(request, page),
            "section": "statutory",
        },
    )


# --- the item page and its attachments ---------------------------------------------------------------


def item_detail(request: HttpRequest, index_number: str) -> HttpResponse:
    """One item under its permanent 索引号. A withdrawn item keeps its page, which says when and why it
    was withdrawn and no longer shows its content; anything not yet published does not exist here."""
    item = catalogue.public_item(index_number)
    if item is None:
        raise Http404("没有找到该信息")
    withdrawn = item.status == Status.WITHDRAWN
    context: dict[str, Any] = {
        **_agency_context(item.agency),
        "item": item,
        "withdrawn": withdrawn,
        "category_article": article_label(item.category),
        "has_validity": item.kind in (DocKind.REGULATION, DocKind.NORMATIVE_DOCUMENT) and bool(item.validity),
        "section": "catalogue",
    }
    if not withdrawn:
        context["body"] = sanitise_body(item.body)
        context["attachments"] = list(item.attachments.all())
        context["related"] = catalogue.related(item)
    return render(request, "portal/item.html", context)


def attachment_download(request: HttpRequest, index_number: str, attachment_id: int) -> FileResponse:
    """The file under its original (Chinese) name; only while the item is published."""
    attachment = (
        Attachment.objects.select_related("item")
        .filter(pk=attachment_id, item__index_number=index_number, item__status=Status.PUBLISHED)
        .first()
    )
    if attachment is None:
        raise Http404("没有找到该附件")
    return stored_file_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        fallback_stem=f"attachment-{attachment.pk}",
    )
