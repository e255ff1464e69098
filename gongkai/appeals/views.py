"""The back office for 复议 / 诉讼 cases and 举报投诉 (/staff/appeals/): lists, registration, a case's page
with its decision, a complaint's page with its closing.

Every write goes through a service; a DomainError shows the page again with the message and nothing
changed. Cases and complaints of agencies the person may not view answer 404, never 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions
from gongkai.agencies.permissions import Perm
from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.appeals import forms, selectors, services
from gongkai.appeals.models import Appeal, AppealResult, Complaint
from gongkai.backoffice.current import current_agency
from gongkai.core.errors import DomainError, http_status
from gongkai.core.forms import add_domain_error
from gongkai.core.typing import AuthedRequest

PAGE_SIZE = 50
NOT_FOUND = "页面不存在或您无权访问"


def _handling_agencies(request: AuthedRequest) -> AgencyQuerySet:
    agencies = permissions.agencies_with(request.user, Perm.HANDLE_REQUESTS)
    if not agencies.exists():
        raise Http404(NOT_FOUND)
    return agencies


def _initial_agency(request: AuthedRequest) -> dict[str, Any]:
    current = current_agency(request)
    return {"agency": current.pk if current is not None else None}


def _appeal_or_404(request: AuthedRequest, pk: int) -> Appeal:
    found = selectors.visible_appeals(request.user).select_related("agency", "request").filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def _complaint_or_404(request: AuthedRequest, pk: int) -> Complaint:
    found = (
        selectors.visible_complaints(request.user).select_related("agency", "request").filter(pk=pk).first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


# --- appeals -------------------------------------------------------------------------------------------


@login_required
def appeal_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    visible = permissions.visible_agencies(user)
    form = forms.AppealFilterForm(request.GET or None, agencies=visible)
    filters = selectors.AppealFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.AppealFilters(
            agency=d["agency"], kind=d["kind"], result=d["result"], year=d["year"]
        )
    page = Paginator(selectors.appeal_list(user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    table = None
    if filters.year is not None:
        scope = visible.filter(pk=filters.agency.pk) if filters.agency is not None else visible
        table = selectors.table_four(agencies=scope, year=filters.year)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "appeals/appeal_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "table": table,
            "scope_agency": filters.agency,
            "can_create": permissions.has_perm(user, Perm.HANDLE_REQUESTS),
        },
    )


@login_required
def appeal_new(request: AuthedRequest) -> HttpResponse:
    agencies = _handling_agencies(request)
    form = forms.AppealForm(
        request.POST if request.method == "POST" else None,
        agencies=agencies,
        initial=_initial_agency(request),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                appeal = services.appeal_register(
                    actor=request.user,
                    agency=d["agency"],
                    kind=d["kind"],
                    filed_on=d["filed_on"],
                    request=d["request"],
                    case_number=d["case_number"],
                    organ=d["organ"],
                    appellant=d["appellant"],
                    summary=d["summary"],
                )
            except DomainError as exc:
                add_domain_error(exc, form, forms.SERVICE_FIELDS)
                status = http_status(exc)
            else:
                messages.success(request, f"已登记{appeal.get_kind_display()}案件。")
                return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/appeal_new.html", {"form": form}, status=status)


def _render_appeal(
    request: AuthedRequest, appeal: Appeal, *, form: forms.DecideForm | None = None, status: int = 200
) -> HttpResponse:
    can_decide = appeal.result == AppealResult.PENDING and permissions.has_perm(
        request.user, Perm.HANDLE_REQUESTS, appeal.agency
    )
    return render(
        request,
        "appeals/appeal_detail.html",
        {
            "appeal": appeal,
            "decide_form": (form or forms.DecideForm()) if can_decide or form is not None else None,
        },
        status=status,
    )


@login_required
def appeal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_appeal(request, _appeal_or_404(request, pk))


@login_required
@require_POST
def appeal_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    appeal = _appeal_or_404(request, pk)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        return _render_appeal(request, appeal, form=form, status=400)
    try:
        services.appeal_decide(actor=request.user, appeal=appeal, **form.cleaned_data)
    except DomainError as exc:
        add_domain_error(exc, form, forms.SERVICE_FIELDS)
        messages.error(request, exc.message)
        return _render_appeal(request, _appeal_or_404(request, pk), form=form, status=http_status(exc))
    messages.success(request, "已登记审结结果。")
    return redirect("appeals:detail", pk=appeal.pk)


# --- complaints ----------------------------------------------------------------------------------------


@login_required
def complaint_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = forms.ComplaintFilterForm(request.GET or None, agencies=permissions.visible_agencies(user))
    filters = selectors.ComplaintFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ComplaintFilters(agency=d["agency"], state=d["state"], year=d["year"])
    page = Paginator(selectors.complaint_list(user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "appeals/complaint_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": permissions.has_perm(user, Perm.HANDLE_REQUESTS),
        },
    )


@login_required
def complaint_new(request: AuthedRequest) -> HttpResponse:
    agencies = _handling_agencies(request)
    form = forms.ComplaintForm(
        request.POST if request.method == "POST" else None,
        agencies=agencies,
        initial=_initial_agency(request),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                complaint = services.complaint_register(
                    actor=request.user,
                    agency=d["agency"],
                    received_on=d["received_on"],
                    summary=d["summary"],
                    complainant=d["complainant"],
                    request=d["request"],
                )
            except DomainError as exc:
                add_domain_error(exc, form, forms.SERVICE_FIELDS)
                status = http_status(exc)
            else:
                messages.success(request, "已登记举报投诉。")
                return redirect("appeals:complaint_detail", pk=complaint.pk)
    return render(request, "appeals/complaint_new.html", {"form": form}, status=status)


def _render_complaint(
    request: AuthedRequest,
    complaint: Complaint,
    *,
    form: forms.ComplaintCloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_close = complaint.handled_on is None and permissions.has_perm(
        request.user, Perm.HANDLE_REQUESTS, complaint.agency
    )
    return render(
        request,
        "appeals/complaint_detail.html",
        {
            "complaint": complaint,
            "close_form": (form or forms.ComplaintCloseForm()) if can_close or form is not None else None,
        },
        status=status,
    )


@login_required
def complaint_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_complaint(request, _complaint_or_404(request, pk))


@login_required
@require_POST
def complaint_close(request: AuthedRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    form = forms.ComplaintCloseForm(request.POST)
    if not form.is_valid():
        return _render_complaint(request, complaint, form=form, status=400)
    try:
        services.complaint_close(actor=request.user, complaint=complaint, **form.cleaned_data)
    except DomainError as exc:
        add_domain_error(exc, form, forms.SERVICE_FIELDS)
        messages.error(request, exc.message)
        return _render_complaint(request, _complaint_or_404(request, pk), form=form, status=http_status(exc))
    messages.success(request, "举报投诉已办结。")
    return redirect("appeals:complaint_detail", pk=complaint.pk)
