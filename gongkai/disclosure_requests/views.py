"""The staff back office for disclosure requests (/staff/requests/): the list, counter intake, a request's
page with the actions the transition table allows for this person, and the request's letters.

Every write goes through a service; a DomainError shows the page again with the message and nothing
changed. Requests of agencies the person may not view answer 404, never 403, so numbers do not leak."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions
from gongkai.agencies.permissions import Perm
from gongkai.backoffice.current import current_agency
from gongkai.core.downloads import attachment_disposition, stored_file_response
from gongkai.core.errors import DomainError, http_status
from gongkai.core.forms import add_domain_error
from gongkai.core.typing import AuthedRequest
from gongkai.disclosure_requests import fees, forms, letters, letters_service, selectors, services
from gongkai.disclosure_requests.models import Attachment, DisclosureRequest, Letter
from gongkai.disclosure_requests.workflow import OPEN, PAUSED, TRANSITIONS, Action, allowed_in

PAGE_SIZE = 50

SERVICES: dict[Action, Callable[..., DisclosureRequest]] = {
    Action.ACCEPT: services.request_accept,
    Action.REQUEST_CORRECTION: services.request_correction_ask,
    Action.RECEIVE_CORRECTION: services.request_correction_receive,
    Action.CLOSE_UNCORRECTED: services.request_close_uncorrected,
    Action.START_CONSULTATION: services.consultation_start,
    Action.END_CONSULTATION: services.consultation_end,
    Action.EXTEND: services.request_extend,
    Action.DELAY: services.request_delay,
    Action.QUOTE_FEE: services.fee_quote,
    Action.RECORD_PAYMENT: services.fee_record_payment,
    Action.CLOSE_UNPAID: services.request_close_unpaid,
    Action.REPLY: services.request_reply,
    Action.WITHDRAW: services.request_withdraw,
    Action.ARCHIVE: services.request_archive,
}

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _due_flag(r: DisclosureRequest, today: date, soon: date | None) -> str:
    if r.due_on is None or r.status not in OPEN or r.status in PAUSED:
        return ""
    if r.due_on < today:
        return "overdue"
    if soon is not None and r.due_on <= soon:
        return "soon"
    return ""


# --- list and intake ---------------------------------------------------------------------------------


@login_required
def request_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    data = request.GET.copy()
    current = current_agency(request)
    # First visit: the agency the person works in; choosing 全部 sends an empty value and widens the list.
    if "agency" not in data and current is not None and permissions.has_perm(user, Perm.VIEW_AGENCY, current):
        data["agency"] = str(current.pk)
    form = forms.RequestFilterForm(data, agencies=permissions.visible_agencies(user))
    filters = selectors.ListFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ListFilters(
            agency=d["agency"], status=d["status"], due=d["due"], outcome=d["outcome"], channel=d["channel"],
            year=d["year"], text=d["q"].strip(),
        )  # fmt: skip
    today = timezone.localdate()
    soon = selectors.soon_limit(today)
    page = Paginator(selectors.request_list(user, filters, today=today, soon=soon), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure_requests/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(r, _due_flag(r, today, soon)) for r in page],
            "query": query.urlencode(),
            "can_create": permissions.has_perm(user, Perm.HANDLE_REQUESTS),
            "soon_unknown": soon is None,
        },
    )


@login_required
def request_new(request: AuthedRequest) -> HttpResponse:
    agencies = permissions.agencies_with(request.user, Perm.HANDLE_REQUESTS)
    if not agencies.exists():
        raise Http404("页面不存在或您无权访问")
    current = current_agency(request)
    form = forms.IntakeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        agencies=agencies,
        initial={"agency": current.pk if current is not None else None},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            submitted = services.request_submit(
                actor=request.user,
                agency=d["agency"],
                applicant=form.applicant(),
                info=form.info(),
                channel=d["channel"],
                received_on=d["received_on"],
                oral=d["oral"],
                intake_note=d["intake_note"],
                uploads=d["attachments"],
            )
        except DomainError as exc:
            add_domain_error(exc, form, forms.SERVICE_FIELDS)
            messages.error(request, exc.message)
        else:
            number = submitted.request.number
            # The code is stored only as a hash: this message is the one time anyone sees it.
            messages.success(
                request,
                f"已登记申请 {number}。查询码：{submitted.query_code}（只显示这一次，请告知申请人，凭编号和查询码查询办理进度）",
            )
            return redirect("requests:detail", number=number)
    return render(request, "disclosure_requests/new.html", {"form": form})


# --- one request ---------------------------------------------------------------------------------------


def offered_actions(user: Any, obj: DisclosureRequest) -> list[Action]:
    """What this person may do to this request now: the transition table, then the permission it needs."""
    return [
        action
        for action in Action
        if allowed_in(obj.status, action) and permissions.has_perm(user, TRANSITIONS[action].perm, obj.agency)
    ]


def _fee_previews(request: AuthedRequest, obj: DisclosureRequest) -> list[fees.FeeQuote]:
    previews = [fees.quote(mode=fees.FeeMode.PER_REQUEST, nth_in_month=services.monthly_count(obj))]
    raw = request.GET.get("pages", "")
    if raw.isdigit() and int(raw) > 0:
        previews.append(fees.quote(mode=fees.FeeMode.PER_PAGE, pages=int(raw)))
    return previews


def _render_detail(
    request: AuthedRequest,
    obj: DisclosureRequest,
    *,
    bound: forms.ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    actions = offered_actions(user, obj)
    action_forms: list[forms.ActionForm] = []
    for action in actions:
        if bound is not None and bound.action == action:
            action_forms.append(bound)
        elif action == Action.REPLY:
            action_forms.append(forms.ReplyForm(outcome=request.GET.get("outcome", "")))
        elif action == Action.QUOTE_FEE:
            # Keep what the clerk typed for the 试算 (a GET of this page) in the form.
            kept = {k: request.GET[k] for k in ("mode", "pages") if request.GET.get(k)}
            action_forms.append(forms.QuoteFeeForm(initial=kept))
        else:
            action_forms.append(forms.ACTION_FORMS[action]())
    can_handle = permissions.has_perm(user, Perm.HANDLE_REQUESTS, obj.agency)
    return render(
        request,
        "disclosure_requests/detail.html",
        {
            "req": obj,
            "record": selectors.request_record(obj),
            "explanation": services.explain_deadline(obj),
            "action_forms": action_forms,
            "fee_previews": _fee_previews(request, obj) if Action.QUOTE_FEE in actions else [],
            "can_handle": can_handle,
            "letter_kinds": letters_service.kinds_available(obj) if can_handle else [],
            "due_flag": _due_flag(obj, timezone.localdate(), selectors.soon_limit(timezone.localdate())),
        },
        status=status,
    )


@login_required
def request_detail(request: AuthedRequest, number: str) -> HttpResponse:
    return _render_detail(request, selectors.get_request_or_404(request.user, number))


@login_required
@require_POST
def request_action(request: AuthedRequest, number: str, action: str) -> HttpResponse:
    """Every workflow step: the form of that action, then its service."""
    obj = selectors.get_request_or_404(request.user, number)
    try:
        step = Action(action)
    except ValueError as exc:
        raise Http404("没有该办理事项") from exc
    form = forms.ACTION_FORMS[step](request.POST)
    if not form.is_valid():
        messages.error(request, f"“{step.label}”未完成：请检查填写的内容。")
        return _render_detail(request, obj, bound=form, status=400)
    try:
        SERVICES[step](actor=request.user, request=obj, **form.arguments())
    except DomainError as exc:
        add_domain_error(exc, form)
        messages.error(request, exc.message)
        return _render_detail(request, obj, bound=form, status=http_status(exc))
    messages.success(request, f"已完成：{step.label}。")
    return redirect("requests:detail", number=obj.number)


@login_required
def attachment_download(request: AuthedRequest, number: str, pk: int) -> FileResponse:
    obj = selectors.get_request_or_404(request.user, number)
    attachment = get_object_or_404(Attachment, request=obj, pk=pk)
    return stored_file_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        fallback_stem=f"attachment-{obj.number}-{attachment.pk}",
    )


# --- letters -------------------------------------------------------------------------------------------


def _letter_of(request: AuthedRequest, number: str, pk: int) -> tuple[DisclosureRequest, Letter]:
    obj = selectors.get_request_or_404(request.user, number)
    return obj, get_object_or_404(Letter.objects.select_related("request__agency"), request=obj, pk=pk)


@login_required
@require_POST
def letter_draft(request: AuthedRequest, number: str) -> HttpResponse:
    obj = selectors.get_request_or_404(request.user, number)
    try:
        letter = letters_service.letter_draft(
            actor=request.user, request=obj, kind=request.POST.get("kind", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("requests:detail", number=obj.number)
    messages.success(request, f"已起草{letter.get_kind_display()}，请核对修改后印发。")
    return redirect("requests:letter", number=obj.number, pk=letter.pk)


@login_required
def letter_edit(request: AuthedRequest, number: str, pk: int) -> HttpResponse:
    obj, letter = _letter_of(request, number, pk)
    can_handle = permissions.has_perm(request.user, Perm.HANDLE_REQUESTS, obj.agency)
    initial = {f: getattr(letter, f) for f in ("title", "document_number", "body", "legal_basis", "remedies")}
    form = forms.LetterForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                letters_service.letter_update(actor=request.user, letter=letter, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(exc, form)
                messages.error(request, exc.message)
                status = http_status(exc)
            else:
                messages.success(request, "文书已保存。")
                return redirect("requests:letter", number=obj.number, pk=letter.pk)
        else:
            status = 400
    return render(
        request,
        "disclosure_requests/letter_edit.html",
        {
            "req": obj,
            "letter": letter,
            "form": form,
            "issue_form": forms.LetterIssueForm(auto_id="id_issue_%s"),
            "can_handle": can_handle,
            "preview": letters.paragraphs(letter.body),
        },
        status=status,
    )


@login_required
@require_POST
def letter_issue(request: AuthedRequest, number: str, pk: int) -> HttpResponse:
    obj, letter = _letter_of(request, number, pk)
    form = forms.LetterIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的印发日期。")
    else:
        try:
            letters_service.letter_issue(
                actor=request.user, letter=letter, issued_on=form.cleaned_data["issued_on"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "文书已印发，内容不能再修改。")
    return redirect("requests:letter", number=obj.number, pk=letter.pk)


@login_required
def letter_download(request: AuthedRequest, number: str, pk: int, fmt: str) -> HttpResponse:
    obj, letter = _letter_of(request, number, pk)
    data = letters_service.letter_data(letter)
    content = letters.render_docx(data) if fmt == "docx" else letters.render_pdf(data)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    draft = "" if letter.issued_on is not None else "（草稿）"
    response["Content-Disposition"] = attachment_disposition(
        f"{letter.title}{draft}-{obj.number}.{fmt}", f"letter-{obj.number}-{letter.pk}.{fmt}"
    )
    return response
