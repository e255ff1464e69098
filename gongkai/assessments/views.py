"""The assessment pages (/staff/assessments/): the schemes of the subtrees a person supervises, one
scheme's ranked results with every agency's breakdown, the scheme editor, manual-score entry,
publishing and the 通报 as DOCX. A scheme the person may not supervise answers 404, never 403."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency, Kind
from gongkai.assessments import forms, selectors, services
from gongkai.assessments.exports.notice import render_notice
from gongkai.assessments.models import Indicator, Scheme
from gongkai.assessments.scoring import (
    FULL_MARKS,
    KIND_LABELS,
    AgencyResult,
    IndicatorSpec,
    Outcome,
    figure_text,
)
from gongkai.assessments.scoring import Kind as RuleKind
from gongkai.core.downloads import ascii_fallback, attachment_disposition
from gongkai.core.errors import DomainError, http_status
from gongkai.core.forms import add_domain_error
from gongkai.core.typing import AuthedRequest
from gongkai.supervision.views import may_supervise, supervised

NOT_FOUND = "页面不存在或您无权访问"


def _scheme_or_404(request: AuthedRequest, pk: int) -> Scheme:
    scheme = Scheme.objects.select_related("root", "published_by").filter(pk=pk).first()
    if scheme is None or not may_supervise(request.user, scheme.root):
        raise Http404(NOT_FOUND)
    return scheme


def _indicator_or_404(scheme: Scheme, pk: int) -> Indicator:
    indicator = scheme.indicators.filter(pk=pk).first()
    if indicator is None:
        raise Http404(NOT_FOUND)
    indicator.scheme = scheme
    return indicator


def _roots(request: AuthedRequest) -> Any:
    """Whose assessment a person may set up: the governments of the subtrees they supervise."""
    return supervised(request.user).filter(kind=Kind.GOVERNMENT).order_by("path")


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    roots = _roots(request)
    schemes = list(selectors.visible_schemes(request.user).order_by("-year", "root__path"))
    if not schemes and not roots.exists():
        raise Http404(NOT_FOUND)
    this_year = timezone.localdate().year
    return render(
        request,
        "assessments/index.html",
        {
            "schemes": schemes,
            "create_form": forms.CreateForm(roots=roots, this_year=this_year) if roots.exists() else None,
        },
    )


@login_required
@require_POST
def create(request: AuthedRequest) -> HttpResponse:
    roots = _roots(request)
    if not roots.exists():
        raise Http404(NOT_FOUND)
    form = forms.CreateForm(request.POST, roots=roots, this_year=timezone.localdate().year)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else str(error))
        return redirect("assessments:index")
    root: Agency = form.cleaned_data["root"]
    year: int = form.cleaned_data["year"]
    try:
        scheme = services.scheme_create(
            actor=request.user, root=root, year=year, copy_previous=form.cleaned_data["copy_previous"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        existing = Scheme.objects.filter(root=root, year=year).first()
        return redirect("assessments:detail", pk=existing.pk) if existing else redirect("assessments:index")
    messages.success(request, f"已新建{scheme.display_title}方案，请检查指标和分值。")
    return redirect("assessments:scheme", pk=scheme.pk)


# --- results ---------------------------------------------------------------------------------------


def _sorted(rows: list[AgencyResult], sort: str) -> list[AgencyResult]:
    """Rank order by default; the agency tree's order for 机关; best score first for a score column.
    A leading "-" reverses."""
    reverse = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "name":
        ordered = sorted(rows, key=lambda r: r.path)
    elif key == "total":
        ordered = sorted(rows, key=lambda r: (-r.total, r.path))
    elif key.startswith("i") and key[1:].isdigit():
        indicator = int(key[1:])
        ordered = sorted(
            rows,
            key=lambda r: (
                r.scores.get(indicator) is None,
                -(r.scores.get(indicator) or Decimal(0)),
                r.path,
            ),
        )
    else:
        ordered = sorted(rows, key=lambda r: (r.rank, r.path))
    return list(reversed(ordered)) if reverse else ordered


def _lines(result: Outcome, rows: list[AgencyResult]) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "below": row.total < result.threshold,
            "cells": [
                {
                    "spec": spec,
                    "score": row.scores.get(spec.key),
                    "figure": figure_text(spec.figure, row.figures.get(spec.figure or "")),
                    "note": row.notes.get(spec.key, ""),
                }
                for spec in result.indicators
            ],
        }
        for row in rows
    ]


def _sort_link(current: str, key: str) -> dict[str, Any]:
    """A column heading's link: sorts by the column, or reverses when it already does."""
    active = current.lstrip("-") == key
    return {"query": f"-{key}" if current == key else key, "active": active}


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    result = selectors.outcome(scheme, today=timezone.localdate())
    sort = request.GET.get("sort", "rank")
    valid = {"rank", "name", "total", *(f"i{spec.key}" for spec in result.indicators)}
    if sort.lstrip("-") not in valid:
        sort = "rank"
    return render(
        request,
        "assessments/detail.html",
        {
            "scheme": scheme,
            "result": result,
            "lines": _lines(result, _sorted(result.rows, sort)),
            "sort": sort,
            "links": {key: _sort_link(sort, key) for key in ("rank", "name", "total")},
            "columns": [
                {"spec": spec, "link": _sort_link(sort, f"i{spec.key}")} for spec in result.indicators
            ],
            "full_marks": FULL_MARKS,
            "manual_indicators": [s for s in result.indicators if s.kind == RuleKind.MANUAL],
        },
    )


# --- the scheme editor -------------------------------------------------------------------------------


def _render_scheme(
    request: AuthedRequest,
    scheme: Scheme,
    *,
    scheme_form: forms.SchemeForm | None = None,
    failed: tuple[int | None, forms.IndicatorForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    indicators = selectors.indicators_of(scheme)
    indicator_forms = []
    for indicator in indicators:
        form = forms.IndicatorForm.for_indicator(indicator, prefix=f"i{indicator.pk}")
        if failed is not None and failed[0] == indicator.pk:
            form = failed[1]
        indicator_forms.append((indicator, indicator.spec(), form))
    add_form = (
        failed[1]
        if failed is not None and failed[0] is None
        else forms.IndicatorForm(prefix="new", adding=True)
    )
    specs: list[IndicatorSpec] = [indicator.spec() for indicator in indicators]
    return render(
        request,
        "assessments/scheme.html",
        {
            "scheme": scheme,
            "scheme_form": scheme_form or forms.SchemeForm.for_scheme(scheme),
            "indicator_forms": indicator_forms,
            "add_form": add_form,
            "weight_total": sum((s.weight for s in specs), Decimal(0)),
            "full_marks": FULL_MARKS,
            "kind_labels": {k.value: v for k, v in KIND_LABELS.items()},
            "assessed": selectors.assessed_agencies(scheme).count(),
        },
        status=status,
    )


@login_required
def scheme(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_scheme(request, _scheme_or_404(request, pk))


@login_required
@require_POST
def scheme_save(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    form = forms.SchemeForm(request.POST)
    if not form.is_valid():
        return _render_scheme(request, scheme, scheme_form=form, status=400)
    try:
        services.scheme_update(actor=request.user, scheme=scheme, **form.cleaned_data)
    except DomainError as exc:
        add_domain_error(exc, form)
        messages.error(request, exc.message)
        return _render_scheme(request, scheme, scheme_form=form, status=http_status(exc))
    messages.success(request, "已保存考评设置。")
    return redirect("assessments:scheme", pk=scheme.pk)


def _indicator_write(request: AuthedRequest, scheme: Scheme, indicator: Indicator | None) -> HttpResponse:
    prefix = f"i{indicator.pk}" if indicator is not None else "new"
    form = forms.IndicatorForm(request.POST, prefix=prefix, adding=indicator is None)
    failed = (indicator.pk if indicator is not None else None, form)
    if not form.is_valid():
        messages.error(request, "指标填写有误，请检查。")
        return _render_scheme(request, scheme, failed=failed, status=400)
    data = form.cleaned_data
    try:
        if indicator is None:
            services.indicator_add(
                actor=request.user,
                scheme=scheme,
                name=data["name"],
                kind=data["kind"],
                weight=data["weight"],
                params=form.params(),
                description=data.get("description") or "",
            )
            messages.success(request, f"已增加指标“{data['name']}”。")
        else:
            services.indicator_update(
                actor=request.user,
                indicator=indicator,
                name=data["name"],
                kind=data["kind"],
                weight=data["weight"],
                params=form.params(),
                description=data.get("description") or "",
                position=data.get("position"),
            )
            messages.success(request, f"已保存指标“{data['name']}”。")
    except DomainError as exc:
        add_domain_error(exc, form)
        messages.error(request, exc.message)
        return _render_scheme(request, scheme, failed=failed, status=http_status(exc))
    return redirect("assessments:scheme", pk=scheme.pk)


@login_required
@require_POST
def indicator_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _indicator_write(request, _scheme_or_404(request, pk), None)


@login_required
@require_POST
def indicator_save(request: AuthedRequest, pk: int, indicator_pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    return _indicator_write(request, scheme, _indicator_or_404(scheme, indicator_pk))


@login_required
@require_POST
def indicator_remove(request: AuthedRequest, pk: int, indicator_pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    indicator = _indicator_or_404(scheme, indicator_pk)
    try:
        services.indicator_remove(actor=request.user, indicator=indicator)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:scheme", pk=scheme.pk)
    messages.success(request, f"已删除指标“{indicator.name}”。")
    return redirect("assessments:scheme", pk=scheme.pk)


# --- manual scores -------------------------------------------------------------------------------------


@login_required
def manual(request: AuthedRequest, pk: int, indicator_pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    indicator = _indicator_or_404(scheme, indicator_pk)
    if indicator.kind != RuleKind.MANUAL:
        raise Http404(NOT_FOUND)
    agencies = list(selectors.assessed_agencies(scheme))
    existing = selectors.manual_scores(indicator)
    status = 200
    if request.method == "POST":
        form = forms.ManualScoresForm(request.POST, indicator=indicator, agencies=agencies, existing=existing)
        if form.is_valid():
            try:
                changed = services.manual_scores_save(
                    actor=request.user, indicator=indicator, entries=form.entries()
                )
            except DomainError as exc:
                add_domain_error(exc, form)
                messages.error(request, exc.message)
                status = http_status(exc)
            else:
                messages.success(request, f"已保存“{indicator.name}”得分（{changed}个机关有变化）。")
                return redirect("assessments:manual", pk=scheme.pk, indicator_pk=indicator.pk)
        else:
            messages.error(request, "有得分填写不正确，请检查。")
            status = 400
    else:
        form = forms.ManualScoresForm(indicator=indicator, agencies=agencies, existing=existing)
    return render(
        request,
        "assessments/manual.html",
        {
            "scheme": scheme,
            "indicator": indicator,
            "spec": indicator.spec(),
            "form": form,
            "entered": len(existing),
        },
        status=status,
    )


# --- publishing and the 通报 ---------------------------------------------------------------------------


@login_required
@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    try:
        services.scheme_publish(actor=request.user, scheme=scheme)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:detail", pk=scheme.pk)
    messages.success(request, "考评结果已发布。方案和结果已固定，之后的记录变化不再影响本次考评。")
    return redirect("assessments:detail", pk=scheme.pk)


@login_required
def notice(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    result = selectors.outcome(scheme, today=timezone.localdate())
    content = render_notice(scheme, result)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    filename = f"{scheme.notice_title}{'' if scheme.published else '（草稿）'}.docx"
    response["Content-Disposition"] = attachment_disposition(
        filename, ascii_fallback(f"assessment-{scheme.root.code}-{scheme.year}", filename)
    )
    return response
