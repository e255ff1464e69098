"""/api/v1/requests: disclosure requests (interfaces.md §3).

The same services and permission checks as the back office (disclosure_requests.views): a request of
an agency the token's owner may not view answers 404, so numbers of other agencies do not leak; one
they may view but not handle answers 403 from the service; a step the status does not allow, 409.

Without a token, anyone may apply online and an applicant may look up their request with its number
and query code; a wrong code answers exactly like an unknown number."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status as Answer
from ninja.responses import codes_4xx

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.api import request_schemas as schemas
from gongkai.api.auth import OptionalTokenAuth, PublicRateThrottle, TokenAuth
from gongkai.api.schemas import ErrorOut
from gongkai.core.errors import InvalidInput
from gongkai.core.typing import AuthedRequest
from gongkai.disclosure_requests import outcomes, selectors, services
from gongkai.disclosure_requests.models import ApplicantType, DisclosureRequest
from gongkai.disclosure_requests.workflow import TRANSITIONS, Action, Status, allowed_in

router = Router(tags=["requests"])

NOT_FOUND = "没有找到该申请，或查询码不正确"
# The public note of a consultation names the third party consulted (第三十二条); the applicant learns
# that the clock stopped, not whose commercial secrets or privacy are at stake.
NOTE_HIDDEN_FROM_APPLICANT = frozenset({Action.START_CONSULTATION, Action.END_CONSULTATION})


public_throttle = PublicRateThrottle(settings.API_THROTTLE_ANON)
optional_auth = OptionalTokenAuth()
staff_auth = TokenAuth()
ACTION_RESPONSES = {200: schemas.RequestOut, codes_4xx: ErrorOut}


def _staff(request: HttpRequest) -> User | None:
    # The token decides, not a browser session that may ride along with the call.
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


# --- answers ----------------------------------------------------------------------------------------


def _outcome_parts(obj: DisclosureRequest) -> tuple[str, str]:
    info = outcomes.BY_KEY.get(obj.outcome)
    return (info.full_label, info.basis) if info is not None else ("", "")


def allowed_actions(user: User, obj: DisclosureRequest) -> list[str]:
    return [
        action.value
        for action in Action
        if allowed_in(obj.status, action) and permissions.has_perm(user, TRANSITIONS[action].perm, obj.agency)
    ]


def full_record(user: User, number: str) -> schemas.RequestOut:
    obj = selectors.get_request_or_404(user, number)
    outcome_label, outcome_basis = _outcome_parts(obj)
    entered_by = obj.entered_by.get_username() if obj.entered_by is not None else None
    return schemas.RequestOut(
        number=obj.number,
        agency=obj.agency.code,
        agency_name=obj.agency.name,
        status=obj.status,
        status_label=str(Status(obj.status).label),
        channel=obj.channel,
        oral=obj.oral,
        received_on=obj.received_on,
        submitted_at=obj.submitted_at,
        entered_by=entered_by,
        intake_note=obj.intake_note,
        applicant=schemas.ApplicantOut(
            type=obj.applicant_type,
            type_label=str(ApplicantType(obj.applicant_type).label),
            name=obj.applicant_name,
            id_type=obj.id_type,
            id_number=obj.id_number,
            phone=obj.phone,
            email=obj.email,
            address=obj.address,
            postcode=obj.postcode,
            contact_person=obj.contact_person,
        ),
        info_title=obj.info_title,
        document_number=obj.info_document_number,
        description=obj.description,
        form=obj.form,
        delivery=obj.delivery,
        due_on=obj.due_on,
        paused_remaining_days=obj.paused_remaining_days,
        deadline_problem=obj.deadline_problem,
        deadline_explanation=list(services.explain_deadline(obj)),
        restarted_on=obj.restarted_on,
        correction_requested_on=obj.correction_requested_on,
        correction_items=obj.correction_items,
        correction_due_on=obj.correction_due_on,
        extension_days=obj.extension_days,
        extended_on=obj.extended_on,
        extension_reason=obj.extension_reason,
        delayed_until=obj.delayed_until,
        delay_reason=obj.delay_reason,
        outcome=obj.outcome,
        outcome_label=outcome_label,
        outcome_basis=outcome_basis,
        replied_on=obj.replied_on,
        reply_text=obj.reply_text,
        finalized_on=obj.finalized_on,
        withdrawn_on=obj.withdrawn_on,
        archived_at=obj.archived_at,
        consultations=[
            schemas.ConsultationOut(
                party=c.party,
                party_kind=c.party_kind,
                sent_on=c.sent_on,
                reply_due_on=c.reply_due_on,
                received_on=c.received_on,
                opinion=c.opinion,
            )
            for c in obj.consultations.all()
        ],
        fees=[
            schemas.FeeOut(
                mode=f.mode,
                pages=f.pages,
                nth_in_month=f.nth_in_month,
                amount=f.amount,
                basis=f.basis,
                sent_on=f.sent_on,
                payment_due_on=f.payment_due_on,
                paid_on=f.paid_on,
            )
            for f in obj.fees.all()
        ],
        letters=[
            schemas.LetterOut(
                id=letter.pk,
                kind=letter.kind,
                title=letter.title,
                document_number=letter.document_number,
                issued_on=letter.issued_on,
                issued_by=letter.issued_by.get_username() if letter.issued_by is not None else None,
            )
            for letter in obj.letters.select_related("issued_by").order_by("created_at", "id")
        ],
        attachments=[
            schemas.AttachmentOut(
                id=a.pk, kind=a.kind, original_name=a.original_name, content_type=a.content_type, size=a.size
            )
            for a in obj.attachments.order_by("uploaded_at", "id")
        ],
        history=[
            schemas.EventOut(
                on=e.on,
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                actor=e.actor_name,
                note=e.note,
                public=e.public,
            )
            for e in obj.events.order_by("at", "id")
        ],
        allowed_actions=allowed_actions(user, obj),
    )


def public_record(obj: DisclosureRequest) -> schemas.PublicRequestOut:
    outcome_label, outcome_basis = _outcome_parts(obj)
    return schemas.PublicRequestOut(
        number=obj.number,
        agency_name=obj.agency.name,
        status=obj.status,
        status_label=str(Status(obj.status).label),
        received_on=obj.received_on,
        due_on=obj.due_on,
        info_title=obj.info_title,
        outcome=obj.outcome,
        outcome_label=outcome_label,
        outcome_basis=outcome_basis,
        replied_on=obj.replied_on,
        reply_text=obj.reply_text,
        history=[
            schemas.PublicEventOut(
                on=e.on,
                action=e.action,
                action_label=selectors.EVENT_LABELS.get(e.action, e.action),
                note="" if e.action in NOTE_HIDDEN_FROM_APPLICANT else e.note,
            )
            for e in obj.events.filter(public=True).order_by("at", "id")
        ],
    )


# --- intake and reads ----------------------------------------------------------------------------------


def _info_title(payload: schemas.RequestIn) -> str:
    if payload.info_title and payload.info_title.strip():
        return payload.info_title.strip()
    first_line = next((line.strip() for line in payload.description.splitlines() if line.strip()), "")
    return first_line[:255]


@router.post(
    "/requests",
    response={200: schemas.SubmittedOut, 201: schemas.SubmittedOut, codes_4xx: ErrorOut},
    auth=optional_auth,
    throttle=[public_throttle],
    summary="提交政府信息公开申请（无令牌：网上申请；员工令牌：登记当面、信函、传真等渠道收到的申请）",
    description="同一 submission_key 再次提交时返回原申请，状态码 200，不重复登记。",
)
def request_create(request: HttpRequest, payload: schemas.RequestIn) -> Answer[schemas.SubmittedOut]:
    agency = Agency.objects.filter(code=payload.agency.strip()).first()
    if agency is None:
        raise Http404("没有找到该机关")
    staff = _staff(request)
    a = payload.applicant
    submitted = services.request_submit(
        actor=staff,
        agency=agency,
        applicant=services.Applicant(
            type=a.type,
            name=a.name,
            id_type=a.id_type,
            id_number=a.id_number,
            phone=a.phone,
            email=a.email,
            address=a.address,
            postcode=a.postcode,
            contact_person=a.contact_person,
        ),
        info=services.InfoRequested(
            title=_info_title(payload),
            document_number=payload.document_number,
            description=payload.description,
            form=payload.form,
            delivery=payload.delivery,
        ),
        channel=payload.channel or "",
        received_on=payload.received_on,
        oral=payload.oral,
        submission_key=payload.submission_key,
    )
    obj = submitted.request
    return Answer(
        201 if submitted.created else 200,
        schemas.SubmittedOut(
            number=obj.number,
            query_code=submitted.query_code,
            status=obj.status,
            received_on=obj.received_on,
            due_on=obj.due_on,
        ),
    )


@router.get(
    "/requests",
    response={200: schemas.RequestPageOut, codes_4xx: ErrorOut},
    auth=staff_auth,
    summary="申请列表（员工；仅本人可查看的机关）",
)
def request_list(request: AuthedRequest, query: Query[schemas.RequestListQuery]) -> dict[str, object]:
    if query.status and query.status not in Status.values:
        raise InvalidInput(f"未知的状态：{query.status}", fields={"status": "未知的状态"})
    filters = selectors.ListFilters(
        agency=permissions.get_agency_or_404(request.user, query.agency) if query.agency else None,
        status=query.status or "",
        due="overdue" if query.overdue else "",
    )
    rows = selectors.request_list(request.user, filters, today=timezone.localdate(), soon=None)
    page, page_size = query.page, query.page_size
    start = (page - 1) * page_size
    return {
        "count": rows.count(),
        "page": page,
        "page_size": page_size,
        "results": [
            {
                "number": r.number,
                "agency": r.agency.code,
                "status": r.status,
                "received_on": r.received_on,
                "due_on": r.due_on,
                "applicant_type": r.applicant_type,
                "info_title": r.info_title,
                "outcome": r.outcome,
            }
            for r in rows[start : start + page_size]
        ],
    }


@router.get(
    "/requests/{number}",
    response={200: schemas.RequestOut | schemas.PublicRequestOut, codes_4xx: ErrorOut},
    auth=optional_auth,
    throttle=[public_throttle],
    summary="申请详情（员工令牌：完整记录；无令牌：凭 query_code 查询办理进度）",
)
def request_detail(
    request: HttpRequest, number: str, query_code: str | None = None
) -> schemas.RequestOut | schemas.PublicRequestOut:
    staff = _staff(request)
    if staff is not None:
        return full_record(staff, number)
    obj = DisclosureRequest.objects.select_related("agency").filter(number=number).first()
    if obj is None or not query_code or not services.check_query_code(obj, query_code):
        raise Http404(NOT_FOUND)
    return public_record(obj)


# --- workflow actions (staff) -----------------------------------------------------------------------


def _act(
    request: AuthedRequest, number: str, step: Callable[[DisclosureRequest], DisclosureRequest]
) -> schemas.RequestOut:
    obj = selectors.get_request_or_404(request.user, number)
    step(obj)
    return full_record(request.user, number)


@router.post("/requests/{number}/accept", response=ACTION_RESPONSES, auth=staff_auth, summary="登记受理")
def request_accept(request: AuthedRequest, number: str, payload: schemas.AcceptIn) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_accept(actor=request.user, request=obj, on=payload.on),
    )


@router.post(
    "/requests/{number}/request_correction",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="告知补正（收到申请之日起7个工作日内，一次性告知；条例第三十条）",
)
def request_correction(
    request: AuthedRequest, number: str, payload: schemas.RequestCorrectionIn
) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_correction_ask(
            actor=request.user,
            request=obj,
            items=payload.items,
            sent_on=payload.sent_on,
            period_days=payload.period_days,
        ),
    )


@router.post(
    "/requests/{number}/receive_correction",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="收到补正：答复期限自该日重新计算（条例第三十条）",
)
def receive_correction(
    request: AuthedRequest, number: str, payload: schemas.ReceiveCorrectionIn
) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_correction_receive(
            actor=request.user, request=obj, received_on=payload.received_on
        ),
    )


@router.post(
    "/requests/{number}/close_uncorrected",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="（扩展）补正期限届满未补正，终止处理，办理结果（六）1",
)
def close_uncorrected(
    request: AuthedRequest, number: str, payload: schemas.CloseUncorrectedIn
) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_close_uncorrected(actor=request.user, request=obj, on=payload.on),
    )


@router.post(
    "/requests/{number}/start_consultation",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="征求第三方或其他机关意见，期间停止计时（条例第三十二、三十三、三十四条）",
)
def start_consultation(
    request: AuthedRequest, number: str, payload: schemas.StartConsultationIn
) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.consultation_start(
            actor=request.user,
            request=obj,
            party=payload.party,
            sent_on=payload.sent_on,
            party_kind=payload.party_kind,
        ),
    )


@router.post(
    "/requests/{number}/end_consultation",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="收到意见，恢复计时",
)
def end_consultation(
    request: AuthedRequest, number: str, payload: schemas.EndConsultationIn
) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.consultation_end(
            actor=request.user, request=obj, received_on=payload.received_on, opinion=payload.opinion
        ),
    )


@router.post(
    "/requests/{number}/extend",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="延期答复：一次，最多20个工作日，须工作机构负责人（条例第三十三条）",
)
def extend(request: AuthedRequest, number: str, payload: schemas.ExtendIn) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_extend(
            actor=request.user, request=obj, reason=payload.reason, on=payload.on, days=payload.days
        ),
    )


@router.post(
    "/requests/{number}/delay",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="（扩展）延迟答复：申请数量、频次明显超过合理范围，须工作机构负责人（条例第三十五条）",
)
def delay(request: AuthedRequest, number: str, payload: schemas.DelayIn) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_delay(
            actor=request.user, request=obj, until=payload.until, reason=payload.reason, on=payload.on
        ),
    )


@router.post(
    "/requests/{number}/quote_fee",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="发出收费通知，缴费前停止计时（国办函〔2020〕109号）",
)
def quote_fee(request: AuthedRequest, number: str, payload: schemas.QuoteFeeIn) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.fee_quote(
            actor=request.user, request=obj, mode=payload.mode, sent_on=payload.sent_on, pages=payload.pages
        ),
    )


@router.post(
    "/requests/{number}/record_payment",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="登记缴费，恢复计时",
)
def record_payment(
    request: AuthedRequest, number: str, payload: schemas.RecordPaymentIn
) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.fee_record_payment(actor=request.user, request=obj, paid_on=payload.paid_on),
    )


@router.post(
    "/requests/{number}/close_unpaid",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="（扩展）缴费期限届满未缴费，终止处理，办理结果（六）2",
)
def close_unpaid(request: AuthedRequest, number: str, payload: schemas.CloseUnpaidIn) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_close_unpaid(actor=request.user, request=obj, on=payload.on),
    )


@router.post(
    "/requests/{number}/reply",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="答复：办理结果为年报表三的一行",
)
def reply(request: AuthedRequest, number: str, payload: schemas.ReplyIn) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_reply(
            actor=request.user,
            request=obj,
            outcome=payload.outcome,
            replied_on=payload.replied_on,
            text=payload.text,
        ),
    )


@router.post(
    "/requests/{number}/withdraw",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="申请人撤回申请，办理结果（六）3",
)
def withdraw(request: AuthedRequest, number: str, payload: schemas.WithdrawIn) -> schemas.RequestOut:
    return _act(
        request,
        number,
        lambda obj: services.request_withdraw(
            actor=request.user, request=obj, on=payload.on, reason=payload.reason
        ),
    )


@router.post(
    "/requests/{number}/archive",
    response=ACTION_RESPONSES,
    auth=staff_auth,
    summary="（扩展）归档已答复或已撤回的申请",
)
def archive(request: AuthedRequest, number: str, payload: schemas.ArchiveIn) -> schemas.RequestOut:
    return _act(request, number, lambda obj: services.request_archive(actor=request.user, request=obj))


# Registered last: Django tries URL patterns in order, so every named action above wins over this.
@router.post("/requests/{number}/{action}", auth=staff_auth, include_in_schema=False)
def unknown_action(request: AuthedRequest, number: str, action: str) -> None:
    selectors.get_request_or_404(request.user, number)
    raise Http404(f"没有该办理事项：{action}")
