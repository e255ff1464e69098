"""The portal's 年度报告 pages (条例 第四十九、五十条): the list of published reports, one report with its
tables and interactive charts, earlier revisions with their 更正说明, and the downloads."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.annual_reports import selectors
from gongkai.annual_reports.exporting import KINDS, export
from gongkai.annual_reports.models import AnnualReport
from gongkai.annual_reports.presentation import report_context
from gongkai.core.downloads import ascii_fallback, attachment_disposition
from gongkai.portal.catalogue_views import _active_agency_or_404, _agency_context, _page_links

PAGE_SIZE = 30
NOT_FOUND = "没有找到该年度报告，或报告尚未发布"


def annual_reports(request: HttpRequest, code: str | None = None) -> HttpResponse:
    scope = _active_agency_or_404(code) if code is not None else None
    page = Paginator(selectors.portal_reports(scope), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/annual_reports.html",
        {**_agency_context(scope), "page": page, **_page_links(request, page), "section": "reports"},
    )


def _public_report(request: HttpRequest, code: str, year: int) -> AnnualReport:
    agency = _active_agency_or_404(code)
    scope = request.GET.get("scope") or ""
    reports = AnnualReport.objects.public().filter(agency=agency, year=year).select_related("agency")
    if scope:
        reports = reports.filter(scope=scope)
    revision = request.GET.get("revision") or ""
    if revision.isdigit():
        report = reports.filter(revision=int(revision)).first()
    else:
        # Without a scope, 本机关 first: it is the report the agency itself is bound to publish.
        report = reports.filter(status="published").order_by("scope", "-revision").first()
    if report is None:
        raise Http404(NOT_FOUND)
    return report


def annual_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = _public_report(request, code, year)
    document = selectors.current_document(report)
    context = report_context(document, trend=selectors.snapshot_trend(report), interactive=True)
    revisions = selectors.public_revisions(report.agency, report.year, report.scope)
    current = next((r for r in revisions if r.status == "published"), None)
    other_scope = (
        AnnualReport.objects.published()
        .filter(agency=report.agency, year=year)
        .exclude(scope=report.scope)
        .first()
    )
    context.update(
        {
            **_agency_context(report.agency),
            "annual_report": report,
            "revisions": revisions,
            "current_revision": current,
            "other_scope": other_scope,
            "export_kinds": [kind for kind in KINDS if kind != "html"],
            "section": "reports",
        }
    )
    return render(request, "portal/annual_report.html", context)


def annual_report_download(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404(NOT_FOUND)
    report = _public_report(request, code, year)
    document = selectors.current_document(report)
    result = export(document, kind, trend=selectors.snapshot_trend(report))
    response = HttpResponse(result.content, content_type=result.content_type)
    filename = result.filename(document)
    response["Content-Disposition"] = attachment_disposition(
        filename, ascii_fallback(f"annual-report-{code}-{year}", filename)
    )
    return response
