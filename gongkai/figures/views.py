"""The back office for the table 二 figures that other systems hold (/staff/figures/): the agencies a
person enters figures for, one agency-year's form next to the table as it will print, and a CSV import
with a dry run. Agencies the person may not enter figures for answer 404, never 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.core.errors import DomainError, http_status
from gongkai.core.forms import add_domain_error
from gongkai.core.typing import AuthedRequest
from gongkai.figures import forms, selectors, services
from gongkai.figures.fields import display, year_error
from gongkai.figures.layouts import default_layout
from gongkai.figures.models import AgencyYearFigures

PAGE_SIZE = 50
NOT_FOUND = "页面不存在或您无权访问"


def _editable(request: AuthedRequest) -> AgencyQuerySet:
    """The agencies the person enters figures for (services.EDIT_PERMS), or 404 when there are none."""
    ids = Q()
    for perm in services.EDIT_PERMS:
        ids |= Q(pk__in=permissions.agencies_with(request.user, perm).values("pk"))
    agencies = Agency.objects.filter(ids)
    if not agencies.exists():
        raise Http404(NOT_FOUND)
    return agencies


def _agency_or_404(request: AuthedRequest, code: str, year: int) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not services.may_edit(request.user, agency):
        raise Http404(NOT_FOUND)
    if year_error(year, this_year=timezone.localdate().year) is not None:
        raise Http404(NOT_FOUND)
    return agency


@login_required
def figures_list(request: AuthedRequest) -> HttpResponse:
    agencies = _editable(request)
    this_year = timezone.localdate().year
    year_form = forms.YearForm(request.GET or None, this_year=this_year, initial={"year": this_year - 1})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else this_year - 1
    entered = {
        row.agency_id: row
        for row in AgencyYearFigures.objects.filter(year=year, agency__in=agencies).select_related(
            "updated_by"
        )
    }
    page = Paginator(agencies.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(agency, entered.get(agency.pk)) for agency in page]
    return render(
        request,
        "figures/figures_list.html",
        {"year_form": year_form, "year": year, "page": page, "rows": rows, "query": f"year={year}"},
    )


def _render_edit(
    request: AuthedRequest, agency: Agency, year: int, form: forms.FiguresForm, *, status: int = 200
) -> HttpResponse:
    layout = default_layout(year) or "2021"
    row = AgencyYearFigures.objects.filter(agency=agency, year=year).select_related("updated_by").first()
    return render(
        request,
        "figures/figures_edit.html",
        {
            "agency": agency,
            "year": year,
            "form": form,
            "row": row,
            "layout": layout,
            "table": selectors.table_two(agency, year, layout=layout),
        },
        status=status,
    )


@login_required
def figures_edit(request: AuthedRequest, code: str, year: int) -> HttpResponse:
    agency = _agency_or_404(request, code, year)
    if request.method != "POST":
        row = AgencyYearFigures.objects.filter(agency=agency, year=year).first()
        initial = {k: display(v) for k, v in row.values().items() if v is not None} if row else {}
        return _render_edit(request, agency, year, forms.FiguresForm(initial=initial))
    form = forms.FiguresForm(request.POST)
    if not form.is_valid():
        return _render_edit(request, agency, year, form, status=400)
    try:
        services.figures_save(actor=request.user, agency=agency, year=year, values=form.cleaned_data)
    except DomainError as exc:
        add_domain_error(exc, form)
        return _render_edit(request, agency, year, form, status=http_status(exc))
    messages.success(request, f"已保存{agency.name}{year}年度的填报数据。")
    return redirect("figures:edit", code=agency.code, year=year)


@login_required
def figures_import(request: AuthedRequest) -> HttpResponse:
    _editable(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = services.figures_import_csv(
                    actor=request.user, file=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
                )
            except DomainError as exc:
                add_domain_error(exc, form)
                status = http_status(exc)
            else:
                status = 400 if result.errors else 200
                if result.applied:
                    messages.success(
                        request,
                        f"已导入{result.rows}行：新增{result.created}，更新{result.updated}，未变{result.unchanged}。",
                    )
                    return redirect("figures:import")
    return render(request, "figures/figures_import.html", {"form": form, "result": result}, status=status)


@login_required
def figures_template(request: AuthedRequest) -> HttpResponse:
    _editable(request)
    # A BOM so that spreadsheet programs on Chinese Windows open the UTF-8 file with the right encoding.
    response = HttpResponse("\ufeff" + services.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="figures-template.csv"'
    return response
