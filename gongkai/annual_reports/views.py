"""The back office for annual reports (/staff/reports/): the reports a person writes, the review queue
and due-date board of an overseeing office, and one report's page with its tables, validation issues,
narrative form and workflow actions. Reports a person may not see answer 404, never 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.annual_reports import forms, selectors, services, workflow
from gongkai.annual_reports.exporting import KINDS, export
from gongkai.annual_reports.models import AnnualReport
from gongkai.annual_reports.presentation import report_context
from gongkai.annual_reports.workflow import Action, Status
from gongkai.core.downloads import ascii_fallback, attachment_disposition
from gongkai.core.errors import DomainError, http_status
from gongkai.core.forms import add_domain_error
from gongkai.core.typing import AuthedRequest

NOT_FOUND = "页面不存在或您无权访问"


def _author_agencies(request: AuthedRequest) -> list[Agency]:
    ids = Q()
    for perm in workflow.TRANSITIONS[Action.EDIT].perms:
        ids |= Q(pk__in=permissions.agencies_with(request.user, perm).values("pk"))
    return list(Agency.objects.filter(ids, active=True).order_by("path"))


def _oversight_roots(request: AuthedRequest) -> list[Agency]:
    """The top agencies of the subtrees whose reports the person reviews."""
    agencies = list(permissions.agencies_with(request.user, Perm.REVIEW_REPORTS).order_by("path"))
    roots: list[Agency] = []
    for agency in agencies:
        if not any(agency.path.startswith(root.path) for root in roots):
            roots.append(agency)
    return roots


def _within(roots: list[Agency]) -> Q:
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(agency__path__startswith=root.path)
    return condition


def _may_view(request: AuthedRequest, report: AnnualReport) -> bool:
    return permissions.has_perm(request.user, Perm.VIEW_AGENCY, report.agency) or permissions.has_perm(
        request.user, Perm.REVIEW_REPORTS, report.agency
    )


def _report_or_404(request: AuthedRequest, pk: int) -> AnnualReport:
    report = AnnualReport.objects.select_related("agency", "corrects").filter(pk=pk).first()
    if report is None or not _may_view(request, report):
        raise Http404(NOT_FOUND)
    return report


def _can(request: AuthedRequest, report: AnnualReport, action: Action) -> bool:
    rule = workflow.TRANSITIONS[action]
    return workflow.allowed_in(report.status, action) and any(
        permissions.has_perm(request.user, perm, report.agency) for perm in rule.perms
    )


@login_required
def report_index(request: AuthedRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    authored = _author_agencies(request)
    roots = _oversight_roots(request)
    if not authored and not roots:
        raise Http404(NOT_FOUND)
    try:
        year = int(request.GET.get("year") or this_year - 1)
    except ValueError:
        year = this_year - 1
    year = min(max(year, selectors.FIRST_COMPILED_YEAR), this_year)
    create_form = forms.CreateForm(
        agencies=Agency.objects.filter(pk__in=[a.pk for a in authored]).order_by("path"),
        this_year=this_year,
        initial={"year": year},
    )
    mine = (
        AnnualReport.objects.latest_revisions()
        .filter(agency__in=[a.pk for a in authored])
        .select_related("agency")
        .order_by("-year", "agency__path", "scope")[:100]
    )
    board_root = None
    board: list[selectors.StatusRow] = []
    queue: list[AnnualReport] = []
    if roots:
        code = request.GET.get("agency")
        board_root = next((r for r in roots if r.code == code), roots[0])
        board = selectors.status_board(board_root, year)
        queue = list(
            AnnualReport.objects.filter(status=Status.SUBMITTED)
            .filter(_within(roots))
            .select_related("agency")
            .order_by("submitted_at")
        )
    return render(
        request,
        "annual_reports/report_index.html",
        {
            "year": year,
            "years": list(range(this_year, selectors.FIRST_COMPILED_YEAR - 1, -1)),
            "create_form": create_form if authored else None,
            "mine": mine,
            "roots": roots,
            "board_root": board_root,
            "board": board,
            "board_counts": _board_counts(board),
            "queue": queue,
        },
    )


def _board_counts(board: list[selectors.StatusRow]) -> dict[str, int]:
    return {
        "total": len(board),
        "published": sum(
            1 for row in board if row.report is not None and row.report.status == Status.PUBLISHED
        ),
        "submitted": sum(
            1 for row in board if row.report is not None and row.report.status == Status.SUBMITTED
        ),
        "missing": sum(1 for row in board if row.report is None),
        "overdue": sum(1 for row in board if row.overdue),
    }


@login_required
@require_POST
def report_create(request: AuthedRequest) -> HttpResponse:
    authored = _author_agencies(request)
    if not authored:
        raise Http404(NOT_FOUND)
    form = forms.CreateForm(
        request.POST,
        agencies=Agency.objects.filter(pk__in=[a.pk for a in authored]),
        this_year=timezone.localdate().year,
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}：{error}"
                )
        return redirect("annual_reports:index")
    try:
        report = services.report_create(
            actor=request.user,
            agency=form.cleaned_data["agency"],
            year=form.cleaned_data["year"],
            scope=form.cleaned_data["scope"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        existing = (
            AnnualReport.objects.latest_revisions()
            .filter(
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
                scope=form.cleaned_data["scope"],
            )
            .first()
        )
        return (
            redirect("annual_reports:detail", pk=existing.pk)
            if existing
            else redirect("annual_reports:index")
        )
    messages.success(request, f"已新建{report.title}，总体情况已按统计数据生成初稿，请修改完善。")
    return redirect("annual_reports:detail", pk=report.pk)


def _render_detail(
    request: AuthedRequest,
    report: AnnualReport,
    *,
    narrative_form: forms.NarrativeForm | None = None,
    comment_form: forms.CommentForm | None = None,
    correct_form: forms.CorrectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    document = selectors.current_document(report)
    if not report.frozen and services.refresh_untouched_overview(report, document):
        document.sections = report.sections()
    editable = _can(request, report, Action.EDIT)
    if narrative_form is None and editable:
        initial = {**report.sections(), "correction_note": report.correction_note}
        narrative_form = forms.NarrativeForm(initial=initial, correcting=report.corrects_id is not None)
    points = (
        selectors.snapshot_trend(report)
        if report.frozen
        else selectors.trend(report.agency, report.year, report.scope, current=document)
    )
    context = report_context(document, trend=points, interactive=True)
    context.update(
        {
            "report": report,
            "document": document,
            "editable": editable,
            "narrative_form": narrative_form,
            "comment_form": comment_form or forms.CommentForm(),
            "correct_form": correct_form or forms.CorrectForm(),
            "can": {action.value: _can(request, report, action) for action in workflow.TRANSITIONS},
            "warning_keys": [(services.warning_key(i), i) for i in document.warnings],
            "events": report.events.select_related("actor").order_by("-at", "-pk")[:50],
            "revisions": AnnualReport.objects.filter(
                agency=report.agency, year=report.year, scope=report.scope
            ).order_by("-revision"),
            "export_kinds": list(KINDS),
        }
    )
    return render(request, "annual_reports/report_detail.html", context, status=status)


@login_required
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _report_or_404(request, pk))


@login_required
@require_POST
def report_save(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    form = forms.NarrativeForm(request.POST, correcting=report.corrects_id is not None)
    if not form.is_valid():
        return _render_detail(request, report, narrative_form=form, status=400)
    try:
        services.report_edit(
            actor=request.user,
            report=report,
            overview=form.cleaned_data["overview"],
            problems=form.cleaned_data["problems"],
            other=form.cleaned_data["other"],
            correction_note=form.cleaned_data.get("correction_note"),
        )
    except DomainError as exc:
        add_domain_error(exc, form)
        return _render_detail(request, report, narrative_form=form, status=http_status(exc))
    messages.success(request, "已保存。")
    return redirect("annual_reports:detail", pk=report.pk)


@login_required
@require_POST
def report_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    report = _report_or_404(request, pk)
    comment_form = forms.CommentForm(request.POST)
    correct_form = forms.CorrectForm(request.POST if action == Action.CORRECT else None)
    try:
        if action == Action.REFRESH:
            services.report_regenerate_overview(actor=request.user, report=report)
            messages.success(request, "已按最新统计数据重新生成总体情况初稿。")
        elif action == Action.SUBMIT:
            services.report_submit(
                actor=request.user, report=report, acknowledge=request.POST.getlist("acknowledge")
            )
            messages.success(request, "已报送本级政府信息公开工作主管部门审核。")
        elif action == Action.RETURN:
            comment_form.is_valid()
            services.report_return(
                actor=request.user, report=report, comment=comment_form.cleaned_data.get("comment", "")
            )
            messages.success(request, "已退回修改，审核意见已通知编制机关。")
        elif action == Action.ACCEPT:
            comment_form.is_valid()
            services.report_accept(
                actor=request.user, report=report, comment=comment_form.cleaned_data.get("comment", "")
            )
            messages.success(request, "已审核通过，可以发布。")
        elif action == Action.PUBLISH:
            services.report_publish(actor=request.user, report=report)
            messages.success(request, "已在门户网站发布。")
        elif action == Action.CORRECT:
            if not correct_form.is_valid():
                return _render_detail(request, report, correct_form=correct_form, status=400)
            correction = services.report_correct(
                actor=request.user, report=report, note=correct_form.cleaned_data["note"]
            )
            messages.success(request, f"已生成第{correction.revision}版（更正版本），修改后报送审核。")
            return redirect("annual_reports:detail", pk=correction.pk)
        else:
            raise Http404(NOT_FOUND)
    except DomainError as exc:
        if isinstance(exc, services.ValidationFailed):
            messages.error(request, exc.message)
        else:
            comment_form.add_error(None, exc.message) if action in (Action.RETURN, Action.ACCEPT) else None
            messages.error(request, exc.message)
        return _render_detail(
            request, report, comment_form=comment_form, correct_form=correct_form, status=http_status(exc)
        )
    return redirect("annual_reports:detail", pk=report.pk)


@login_required
def report_export(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    report = _report_or_404(request, pk)
    if kind not in KINDS:
        raise Http404(NOT_FOUND)
    document = selectors.current_document(report)
    points = (
        selectors.snapshot_trend(report)
        if report.frozen
        else selectors.trend(report.agency, report.year, report.scope, current=document)
    )
    result = export(document, kind, trend=points)
    response = HttpResponse(result.content, content_type=result.content_type)
    filename = result.filename(document)
    response["Content-Disposition"] = attachment_disposition(
        filename, ascii_fallback(f"annual-report-{report.agency.code}-{report.year}", filename)
    )
    return response
