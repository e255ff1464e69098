"""Every write on a disclosure request. Each function is one use case: it checks who may act and in
which state (workflow.TRANSITIONS), validates dates against the record, changes the rows, recomputes
the stored due date, appends a history event and exactly one audit row in the same transaction, and
notifies the applicant after commit."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.core import audit, calendar
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.identifiers import InvalidIdentifier, validate_resident_id, validate_uscc
from gongkai.core.workdays import MissingScheduleError
from gongkai.disclosure_requests import deadlines, fees, notify, outcomes
from gongkai.disclosure_requests.models import (
    ApplicantType,
    Attachment,
    Channel,
    Consultation,
    Delivery,
    DisclosureRequest,
    FeeNotice,
    IdType,
    InfoForm,
    RequestCounter,
    RequestEvent,
)
from gongkai.disclosure_requests.workflow import TRANSITIONS, Action, Status, require_allowed

Actor = User | None

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
QUERY_CODE_LENGTH = 8
ALLOWED_UPLOADS = {
    # content type -> (extensions, leading bytes); the browser's claim is checked against the content.
    "application/pdf": ((".pdf",), (b"%PDF",)),
    "image/jpeg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "image/png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
    "application/ofd": ((".ofd",), (b"PK\x03\x04",)),  # OFD is a zip container (GB/T 33190)
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOADS = 5


@dataclass(frozen=True)
class Applicant:
    type: str
    name: str
    id_type: str
    id_number: str
    phone: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""


@dataclass(frozen=True)
class InfoRequested:
    title: str
    document_number: str = ""
    description: str = ""
    form: str = InfoForm.ELECTRONIC
    delivery: str = Delivery.EMAIL


# --- helpers ------------------------------------------------------------------------------------


def hash_query_code(number: str, code: str) -> str:
    return hashlib.sha256(f"{number}:{code.strip().upper()}".encode()).hexdigest()


def check_query_code(request: DisclosureRequest, code: str) -> bool:
    return secrets.compare_digest(request.query_code_hash, hash_query_code(request.number, code))


def _new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def _next_number(year: int) -> str:
    counter, _ = RequestCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}{counter.last:06d}"


def _clean_identity(applicant: Applicant, today: date, errors: dict[str, str]) -> str:
    """The normalised identity number; problems go into `errors`."""
    number = applicant.id_number.strip().upper()
    try:
        if applicant.id_type == IdType.RESIDENT_ID:
            number = validate_resident_id(number, today=today)
        elif applicant.id_type == IdType.USCC:
            number = validate_uscc(number)
        elif not number:
            errors["applicant.id_number"] = "请填写证件号码"
    except InvalidIdentifier as exc:
        errors["applicant.id_number"] = str(exc)
    natural = applicant.type == ApplicantType.NATURAL_PERSON
    if natural and applicant.id_type == IdType.USCC:
        errors["applicant.id_type"] = "自然人请提供居民身份证等个人身份证件"
    if not natural and applicant.type in ApplicantType.values and applicant.id_type != IdType.USCC:
        errors["applicant.id_type"] = "法人或其他组织请提供统一社会信用代码"
    return number


def _clean_applicant(applicant: Applicant, today: date) -> Applicant:
    errors: dict[str, str] = {}
    if applicant.type not in ApplicantType.values:
        errors["applicant.type"] = "请选择申请人类型"
    if applicant.id_type not in IdType.values:
        errors["applicant.id_type"] = "请选择证件类型"
    name = applicant.name.strip()
    if not name:
        errors["applicant.name"] = "请填写申请人姓名或名称"
    number = _clean_identity(applicant, today, errors)
    phone = applicant.phone.strip()
    if not phone or not any(c.isdigit() for c in phone):
        errors["applicant.phone"] = "请填写联系电话"
    email = applicant.email.strip()
    if email:
        try:
            validate_email(email)
        except Exception:  # Django raises ValidationError; any failure means the same to the applicant
            errors["applicant.email"] = "电子邮箱格式不正确"
    postcode = applicant.postcode.strip()
    if postcode and not (len(postcode) == 6 and postcode.isdigit()):
        errors["applicant.postcode"] = "邮政编码应为6位数字"
    if errors:
        raise InvalidInput("申请人信息有误，请检查标出的项目", fields=errors)
    return Applicant(
        type=applicant.type,
        name=name,
        id_type=applicant.id_type,
        id_number=number,
        phone=phone,
        email=email,
        address=applicant.address.strip(),
        postcode=postcode,
        contact_person=applicant.contact_person.strip(),
    )


def _clean_info(info: InfoRequested) -> InfoRequested:
    errors: dict[str, str] = {}
    if not info.title.strip():
        errors["description"] = "请填写所需政府信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条）"
    if info.form not in InfoForm.values:
        errors["form"] = "请选择信息的提供形式"
    if info.delivery not in Delivery.values:
        errors["delivery"] = "请选择获取信息的方式"
    if errors:
        raise InvalidInput("申请内容有误，请检查标出的项目", fields=errors)
    return InfoRequested(
        title=info.title.strip(),
        document_number=info.document_number.strip(),
        description=info.description.strip(),
        form=info.form,
        delivery=info.delivery,
    )


def check_upload(upload: UploadedFile) -> str:
    """Validate one attachment; returns the verified content type or raises InvalidInput."""
    name = (upload.name or "").lower()
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise InvalidInput(f"附件“{upload.name}”超过10MB", fields={"attachments": "附件过大"})
    head = upload.read(16)
    upload.seek(0)
    for content_type, (extensions, magics) in ALLOWED_UPLOADS.items():
        if name.endswith(extensions) and any(head.startswith(m) for m in magics):
            return content_type
    raise InvalidInput(
        f"附件“{upload.name}”不是有效的PDF、JPEG、PNG或OFD文件",
        fields={"attachments": "仅支持PDF、JPEG、PNG、OFD"},
    )


def _check_date(request: DisclosureRequest, on: date, what: str, *, not_before: date | None = None) -> None:
    today = timezone.localdate()
    if on > today:
        raise InvalidInput(f"{what}不能晚于今天（{today.isoformat()}）", fields={"on": "日期不能晚于今天"})
    floor = not_before or request.received_on
    if on < floor:
        raise InvalidInput(
            f"{what}不能早于{floor.isoformat()}", fields={"on": f"日期不能早于{floor.isoformat()}"}
        )


def _actor_name(actor: Actor) -> str:
    return actor.get_username() if actor is not None else "申请人"


def _clock_input(request: DisclosureRequest) -> deadlines.ClockInput:
    # A pause still open when the request ended (withdrawn, or closed for no correction or no payment)
    # ends on that day: the clock never ran while the organ was waiting for the applicant.
    closed_on = request.finalized_on
    pauses = [
        deadlines.Pause("consultation", c.sent_on, c.received_on or closed_on, f"征求{c.party}意见")
        for c in request.consultations.all()
    ]
    pauses += [
        deadlines.Pause("fee", f.sent_on, f.paid_on or closed_on, "收费通知至缴费")
        for f in request.fees.all()
    ]
    if request.correction_requested_on is not None and request.restarted_on is None:
        # Until the corrected application arrives there is no complete application to answer (第三十条).
        pauses.append(
            deadlines.Pause("correction", request.correction_requested_on, closed_on, "告知补正至收到补正")
        )
    return deadlines.ClockInput(
        received_on=request.received_on,
        restarted_on=request.restarted_on,
        extension_days=request.extension_days,
        pauses=pauses,
        delayed_until=request.delayed_until,
    )


def recompute_deadline(request: DisclosureRequest) -> None:
    """Recompute the stored due date from the record (called on every event); never guesses a year."""
    clock = _clock_input(request) if request.pk else deadlines.ClockInput(received_on=request.received_on)
    try:
        result = deadlines.compute(clock, calendar.get_calendar())
    except MissingScheduleError as exc:
        request.due_on = None
        request.paused_remaining_days = None
        request.deadline_problem = str(exc)
        request.calendar_years = ""
        return
    request.due_on = result.due_on
    request.paused_remaining_days = result.remaining_working_days
    request.deadline_problem = ""
    last = result.due_on or timezone.localdate()
    request.calendar_years = ",".join(str(y) for y in range(result.start_on.year, last.year + 1))


def explain_deadline(request: DisclosureRequest) -> tuple[str, ...]:
    """How the stored due date was computed, for the request page."""
    try:
        return deadlines.compute(_clock_input(request), calendar.get_calendar()).explanation
    except MissingScheduleError as exc:
        return (str(exc),)


def _event(
    request: DisclosureRequest,
    *,
    actor: Actor,
    action: str,
    on: date,
    from_status: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    public: bool = True,
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        actor=actor,
        actor_name=_actor_name(actor),
        action=action,
        on=on,
        from_status=from_status,
        to_status=request.status,
        note=note,
        data=data or {},
        public=public,
    )


def _step(
    request: DisclosureRequest,
    action: Action,
    *,
    actor: Actor,
    on: date,
    note: str = "",
    data: dict[str, Any] | None = None,
    public: bool = True,
    summary: str | None = None,
) -> DisclosureRequest:
    """The common tail of every workflow step: status, clock, history, audit, notice."""
    rule = TRANSITIONS[action]
    before = request.status
    if rule.target is not None:
        request.status = rule.target
    recompute_deadline(request)
    request.save()
    _event(
        request, actor=actor, action=action, on=on, from_status=before, note=note, data=data, public=public
    )
    audit.record(
        actor=actor,
        action=f"request.{action}",
        target=request,
        from_state=before,
        to_state=request.status,
        summary=summary or f"{request.number}：{action.label}" + (f"（{note}）" if note else ""),
        changes=data or {},
    )
    if public and request.email:
        transaction.on_commit(lambda: notify.applicant_of_step(request.pk, str(action)))
    return request


def _lock(request: DisclosureRequest, actor: Actor, action: Action) -> DisclosureRequest:
    locked = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if actor is not None:
        permissions.require(actor, TRANSITIONS[action].perm, locked.agency)
    require_allowed(locked.status, action)
    return locked


# --- intake -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    request: DisclosureRequest
    query_code: str | None  # None when a double submission returned the existing request
    created: bool


def _check_counter_intake(
    actor: User, agency: Agency, channel: str, received_on: date | None, *, oral: bool, today: date
) -> date:
    """A clerk's entry: the clerk's own agency, a known channel, a receipt date not in the future (第三十一条)."""
    permissions.require(actor, Perm.HANDLE_REQUESTS, agency)
    if channel not in Channel.values:
        raise InvalidInput("请选择申请渠道", fields={"channel": "未知的申请渠道"})
    if received_on is None:
        raise InvalidInput("请填写收到申请之日（条例第三十一条）", fields={"received_on": "必填"})
    if received_on > today:
        raise InvalidInput("收到申请之日不能晚于今天", fields={"received_on": "日期不能晚于今天"})
    if oral and channel != Channel.IN_PERSON:
        raise InvalidInput("口头申请只能当面提出（条例第二十九条）", fields={"oral": "口头申请须为当面申请"})
    return received_on


@transaction.atomic
def request_submit(
    *,
    actor: Actor,
    agency: Agency,
    applicant: Applicant,
    info: InfoRequested,
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    oral: bool = False,
    intake_note: str = "",
    submission_key: str | None = None,
    uploads: Sequence[UploadedFile] = (),
) -> Submitted:
    """An application: online by the applicant (actor None, received on submission — 第三十一条第三项,
    both sides confirm), or entered by a clerk from the counter, mail, fax or email with its receipt date."""
    today = timezone.localdate()
    if submission_key:
        existing = DisclosureRequest.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return Submitted(existing, None, False)
    if not agency.active:
        raise InvalidInput("该机关已停止受理申请", fields={"agency": "机关已停用"})
    if actor is None:
        channel, received_on, oral = Channel.ONLINE, today, False
    else:
        received_on = _check_counter_intake(actor, agency, channel, received_on, oral=oral, today=today)
    applicant = _clean_applicant(applicant, today)
    info = _clean_info(info)
    if len(uploads) > MAX_UPLOADS:
        raise InvalidInput(f"附件不能超过{MAX_UPLOADS}个", fields={"attachments": "附件过多"})
    checked = [(u, check_upload(u)) for u in uploads]

    number = _next_number(received_on.year)
    code = _new_query_code()
    request = DisclosureRequest(
        agency=agency,
        number=number,
        query_code_hash=hash_query_code(number, code),
        submission_key=submission_key or None,
        applicant_type=applicant.type,
        applicant_name=applicant.name,
        id_type=applicant.id_type,
        id_number=applicant.id_number,
        contact_person=applicant.contact_person,
        phone=applicant.phone,
        email=applicant.email,
        address=applicant.address,
        postcode=applicant.postcode,
        info_title=info.title,
        info_document_number=info.document_number,
        description=info.description,
        form=info.form,
        delivery=info.delivery,
        channel=channel,
        oral=oral,
        received_on=received_on,
        entered_by=actor,
        intake_note=intake_note.strip(),
        status=Status.RECEIVED,
    )
    recompute_deadline(request)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        # Two identical submissions raced: the other one won; hand back its request.
        if submission_key:
            return Submitted(DisclosureRequest.objects.get(submission_key=submission_key), None, False)
        raise
    for upload, content_type in checked:
        # Read the applicant's file name before _renamed replaces it with a random one.
        original_name = upload.name or "附件"
        Attachment.objects.create(
            request=request,
            kind=Attachment.Kind.IDENTITY if "身份" in original_name else Attachment.Kind.APPLICATION,
            original_name=original_name[:255],
            file=_renamed(upload),
            content_type=content_type,
            size=upload.size or 0,
        )
    _event(
        request,
        actor=actor,
        action="submit",
        on=received_on,
        from_status="",
        note=Channel(channel).label + ("（口头申请，工作人员代填）" if oral else ""),
    )
    audit.record(
        actor=actor,
        action="request.submitted",
        target=request,
        to_state=request.status,
        summary=f"{number}：收到{Channel(channel).label}，申请人{applicant.name}，机关{agency.name}",
        changes={
            "channel": channel,
            "received_on": received_on.isoformat(),
            "applicant_type": applicant.type,
        },
    )
    if request.email:
        transaction.on_commit(lambda: notify.applicant_of_submission(request.pk, code))
    return Submitted(request, code, True)


def _renamed(upload: UploadedFile) -> UploadedFile:
    # Random names: nothing about the applicant leaks through a file name on disk.
    suffix = "." + (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    upload.name = secrets.token_hex(16) + suffix
    return upload


# --- workflow steps ---------------------------------------------------------------------------------


@transaction.atomic
def request_accept(*, actor: Actor, request: DisclosureRequest, on: date | None = None) -> DisclosureRequest:
    request = _lock(request, actor, Action.ACCEPT)
    on = on or timezone.localdate()
    _check_date(request, on, "受理日期")
    return _step(request, Action.ACCEPT, actor=actor, on=on)


@transaction.atomic
def request_correction_ask(
    *, actor: Actor, request: DisclosureRequest, items: str, sent_on: date, period_days: int
) -> DisclosureRequest:
    """The one-time 补正 notice (第三十条): within 7 working days of receipt, naming every item at once."""
    request = _lock(request, actor, Action.REQUEST_CORRECTION)
    if request.correction_requested_on is not None:
        raise InvalidInput("补正只能一次性告知（条例第三十条），本申请已告知过补正")
    if not items.strip():
        raise InvalidInput("请写明需要补正的事项", fields={"items": "必填"})
    if not 1 <= period_days <= 60:
        raise InvalidInput("补正期限应为1至60个工作日", fields={"period_days": "1至60个工作日"})
    _check_date(request, sent_on, "告知补正日期")
    cal = calendar.get_calendar()
    try:
        last_day = deadlines.correction_notice_due(request.received_on, cal)
        due = cal.add_working_days(sent_on, period_days)
    except MissingScheduleError as exc:
        raise InvalidInput(str(exc)) from exc
    if sent_on > last_day:
        raise InvalidInput(
            f"补正告知应在收到申请之日起7个工作日内（{last_day.isoformat()}前）发出（条例第三十条）",
            fields={"sent_on": f"最迟{last_day.isoformat()}"},
        )
    request.correction_requested_on = sent_on
    request.correction_items = items.strip()
    request.correction_due_on = due
    return _step(
        request,
        Action.REQUEST_CORRECTION,
        actor=actor,
        on=sent_on,
        note=f"补正期限至{due.isoformat()}",
        data={"items": items.strip(), "period_days": period_days, "due_on": due.isoformat()},
    )


@transaction.atomic
def request_correction_receive(
    *, actor: Actor, request: DisclosureRequest, received_on: date
) -> DisclosureRequest:
    """The corrected application arrived: the reply period starts again from this day (第三十条)."""
    request = _lock(request, actor, Action.RECEIVE_CORRECTION)
    _check_date(request, received_on, "收到补正日期", not_before=request.correction_requested_on)
    request.restarted_on = received_on
    return _step(
        request,
        Action.RECEIVE_CORRECTION,
        actor=actor,
        on=received_on,
        note="答复期限自收到补正申请之日起重新计算",
        data={"received_on": received_on.isoformat()},
    )


@transaction.atomic
def request_close_uncorrected(*, actor: Actor, request: DisclosureRequest, on: date) -> DisclosureRequest:
    """No correction within the period given: the application is deemed withdrawn (第三十条, row （六）1)."""
    request = _lock(request, actor, Action.CLOSE_UNCORRECTED)
    _check_date(request, on, "终止日期")
    assert request.correction_due_on is not None  # noqa: S101  (set whenever the status is awaiting_correction)
    if on <= request.correction_due_on:
        raise InvalidInput(
            f"补正期限（{request.correction_due_on.isoformat()}）尚未届满，不能按逾期未补正处理"
        )
    _finalize(request, "r6_1", on, outcomes.BY_KEY["r6_1"].reply_hint)
    return _step(request, Action.CLOSE_UNCORRECTED, actor=actor, on=on, data={"outcome": "r6_1"})


@transaction.atomic
def consultation_start(
    *,
    actor: Actor,
    request: DisclosureRequest,
    party: str,
    sent_on: date,
    party_kind: str = Consultation.PartyKind.THIRD_PARTY,
) -> DisclosureRequest:
    """Consult a third party (第三十二条) or another organ (第三十四条); the clock stops meanwhile (第三十三条)."""
    request = _lock(request, actor, Action.START_CONSULTATION)
    if not party.strip():
        raise InvalidInput("请填写征求意见对象", fields={"party": "必填"})
    if party_kind not in Consultation.PartyKind.values:
        raise InvalidInput("未知的征求意见对象类型", fields={"party_kind": "未知类型"})
    _check_date(request, sent_on, "发出征求意见日期", not_before=request.restarted_on or request.received_on)
    try:
        reply_due = calendar.add_working_days(sent_on, deadlines.CONSULTATION_REPLY_WORKING_DAYS)
    except MissingScheduleError:
        reply_due = None
    Consultation.objects.create(
        request=request, party=party.strip(), party_kind=party_kind, sent_on=sent_on, reply_due_on=reply_due
    )
    return _step(
        request,
        Action.START_CONSULTATION,
        actor=actor,
        on=sent_on,
        note=f"征求{party.strip()}意见",
        data={"party": party.strip(), "party_kind": party_kind},
    )


@transaction.atomic
def consultation_end(
    *, actor: Actor, request: DisclosureRequest, received_on: date, opinion: str = ""
) -> DisclosureRequest:
    request = _lock(request, actor, Action.END_CONSULTATION)
    consultation = request.consultations.filter(received_on__isnull=True).order_by("-sent_on").first()
    assert consultation is not None  # noqa: S101  (status consulting implies an open consultation)
    _check_date(request, received_on, "收到意见日期", not_before=consultation.sent_on)
    consultation.received_on = received_on
    consultation.opinion = opinion.strip()
    consultation.save(update_fields=["received_on", "opinion"])
    return _step(
        request,
        Action.END_CONSULTATION,
        actor=actor,
        on=received_on,
        note=f"收到{consultation.party}意见",
        data={"received_on": received_on.isoformat()},
    )


@transaction.atomic
def request_extend(
    *,
    actor: Actor,
    request: DisclosureRequest,
    reason: str,
    on: date,
    days: int = deadlines.EXTENSION_MAX_WORKING_DAYS,
) -> DisclosureRequest:
    """Extend once by up to 20 working days, approved by the office head before the due date (第三十三条)."""
    request = _lock(request, actor, Action.EXTEND)
    if request.extended_on is not None:
        raise InvalidInput("答复期限只能延长一次（条例第三十三条）")
    if not reason.strip():
        raise InvalidInput("请说明延期理由", fields={"reason": "必填"})
    if not 1 <= days <= deadlines.EXTENSION_MAX_WORKING_DAYS:
        raise InvalidInput("延长期限不得超过20个工作日（条例第三十三条）", fields={"days": "1至20个工作日"})
    _check_date(request, on, "延期决定日期")
    if request.due_on is not None and on > request.due_on:
        raise InvalidInput(
            f"答复期限已于{request.due_on.isoformat()}届满，不能再延期", fields={"on": "应在期限届满前延期"}
        )
    request.extension_days = days
    request.extended_on = on
    request.extension_reason = reason.strip()
    return _step(
        request,
        Action.EXTEND,
        actor=actor,
        on=on,
        note=f"延长{days}个工作日：{reason.strip()}",
        data={"days": days, "reason": reason.strip()},
    )


@transaction.atomic
def request_delay(
    *, actor: Actor, request: DisclosureRequest, until: date, reason: str, on: date
) -> DisclosureRequest:
    """延迟答复 for requests whose number or frequency exceeds a reasonable range (第三十五条)."""
    request = _lock(request, actor, Action.DELAY)
    if not reason.strip():
        raise InvalidInput("请说明延迟答复的理由", fields={"reason": "必填"})
    _check_date(request, on, "决定日期")
    if request.due_on is not None and until <= request.due_on:
        raise InvalidInput(
            f"延迟答复期限应晚于现有期限{request.due_on.isoformat()}", fields={"until": "应晚于现有期限"}
        )
    request.delayed_until = until
    request.delay_reason = reason.strip()
    return _step(
        request,
        Action.DELAY,
        actor=actor,
        on=on,
        note=f"延迟答复至{until.isoformat()}：{reason.strip()}",
        data={"until": until.isoformat(), "reason": reason.strip()},
    )


def monthly_count(request: DisclosureRequest) -> int:
    """This request's place among the applicant's applications to the agency in its calendar month (按件计收)."""
    return (
        DisclosureRequest.objects.filter(
            agency_id=request.agency_id,
            id_number=request.id_number,
            received_on__year=request.received_on.year,
            received_on__month=request.received_on.month,
        )
        .filter(
            Q(received_on__lt=request.received_on) | Q(received_on=request.received_on, pk__lte=request.pk)
        )
        .count()
    )


@transaction.atomic
def fee_quote(
    *, actor: Actor, request: DisclosureRequest, mode: str, sent_on: date, pages: int | None = None
) -> DisclosureRequest:
    """Send the 收费通知; the clock stops until payment (国办函〔2020〕109号)."""
    request = _lock(request, actor, Action.QUOTE_FEE)
    if request.fees.exists():
        raise InvalidInput("同一申请只能按一种方式收费一次（办法第三条）")
    _check_date(request, sent_on, "收费通知日期")
    try:
        fee_mode = fees.FeeMode(mode)
    except ValueError as exc:
        raise InvalidInput(
            "计收方式应为按件（per_request）或按量（per_page）", fields={"mode": "未知方式"}
        ) from exc
    try:
        quoted = fees.quote(
            mode=fee_mode,
            nth_in_month=monthly_count(request) if fee_mode == fees.FeeMode.PER_REQUEST else None,
            pages=pages if fee_mode == fees.FeeMode.PER_PAGE else None,
        )
    except ValueError as exc:
        raise InvalidInput(str(exc), fields={"pages": str(exc)}) from exc
    if quoted.amount == 0:
        raise InvalidInput(f"按规定无需收费：{quoted.basis}")
    try:
        payment_due = calendar.add_working_days(sent_on, fees.PAYMENT_PERIOD_WORKING_DAYS)
    except MissingScheduleError as exc:
        raise InvalidInput(str(exc)) from exc
    FeeNotice.objects.create(
        request=request,
        mode=fee_mode,
        pages=pages,
        nth_in_month=None if pages else monthly_count(request),
        amount=quoted.amount,
        basis=quoted.basis,
        sent_on=sent_on,
        payment_due_on=payment_due,
    )
    return _step(
        request,
        Action.QUOTE_FEE,
        actor=actor,
        on=sent_on,
        note=f"信息处理费{quoted.amount}元，缴费期限至{payment_due.isoformat()}",
        data={
            "mode": mode,
            "amount": quoted.amount,
            "pages": pages,
            "payment_due_on": payment_due.isoformat(),
        },
    )


@transaction.atomic
def fee_record_payment(*, actor: Actor, request: DisclosureRequest, paid_on: date) -> DisclosureRequest:
    request = _lock(request, actor, Action.RECORD_PAYMENT)
    notice = request.fees.get(paid_on__isnull=True)
    _check_date(request, paid_on, "缴费日期", not_before=notice.sent_on)
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on"])
    return _step(
        request,
        Action.RECORD_PAYMENT,
        actor=actor,
        on=paid_on,
        note=f"已缴纳{notice.amount}元",
        data={"paid_on": paid_on.isoformat(), "amount": notice.amount},
    )


@transaction.atomic
def request_close_unpaid(*, actor: Actor, request: DisclosureRequest, on: date) -> DisclosureRequest:
    """Not paid within 20 working days of the notice: deemed withdrawn (row （六）2)."""
    request = _lock(request, actor, Action.CLOSE_UNPAID)
    notice = request.fees.get(paid_on__isnull=True)
    _check_date(request, on, "终止日期")
    if notice.payment_due_on is not None and on <= notice.payment_due_on:
        raise InvalidInput(f"缴费期限（{notice.payment_due_on.isoformat()}）尚未届满，不能按逾期未缴费处理")
    _finalize(request, "r6_2", on, outcomes.BY_KEY["r6_2"].reply_hint)
    return _step(request, Action.CLOSE_UNPAID, actor=actor, on=on, data={"outcome": "r6_2"})


def _finalize(request: DisclosureRequest, outcome: str, on: date, text: str) -> None:
    request.outcome = outcome
    request.replied_on = on
    request.finalized_on = on
    request.reply_text = text


@transaction.atomic
def request_reply(
    *, actor: Actor, request: DisclosureRequest, outcome: str, replied_on: date, text: str = ""
) -> DisclosureRequest:
    """The final reply with exactly one outcome of table 三 (partial disclosure only as （二）)."""
    request = _lock(request, actor, Action.REPLY)
    if outcome not in outcomes.REPLY_CHOICES:
        if outcome in outcomes.BY_KEY:
            raise InvalidInput(
                f"“{outcomes.BY_KEY[outcome].full_label}”须通过补正或收费程序办结，不能直接选择",
                fields={"outcome": "不能直接选择"},
            )
        raise InvalidInput(f"未知的办理结果：{outcome}", fields={"outcome": "未知的办理结果"})
    if outcome == "r4_3" and request.restarted_on is None:
        raise InvalidInput("“补正后申请内容仍不明确”只适用于已补正的申请", fields={"outcome": "申请未经补正"})
    _check_date(request, replied_on, "答复日期", not_before=request.restarted_on or request.received_on)
    info = outcomes.BY_KEY[outcome]
    _finalize(request, outcome, replied_on, text.strip() or info.reply_hint)
    return _step(
        request,
        Action.REPLY,
        actor=actor,
        on=replied_on,
        note=info.full_label,
        data={"outcome": outcome, "basis": info.basis},
    )


@transaction.atomic
def request_withdraw(
    *, actor: Actor, request: DisclosureRequest, on: date, reason: str = ""
) -> DisclosureRequest:
    """The applicant withdrew; counted in table 三 as （六）3 其他."""
    request = _lock(request, actor, Action.WITHDRAW)
    _check_date(request, on, "撤回日期")
    request.withdrawn_on = on
    request.outcome = outcomes.WITHDRAWN_OUTCOME
    request.finalized_on = on
    return _step(
        request, Action.WITHDRAW, actor=actor, on=on, note=reason.strip(), data={"reason": reason.strip()}
    )


@transaction.atomic
def request_archive(*, actor: Actor, request: DisclosureRequest) -> DisclosureRequest:
    request = _lock(request, actor, Action.ARCHIVE)
    request.archived_at = timezone.now()
    return _step(request, Action.ARCHIVE, actor=actor, on=timezone.localdate(), public=False)


def ensure_can_view(actor: Actor, request: DisclosureRequest) -> None:
    if actor is None or not permissions.has_perm(actor, Perm.VIEW_AGENCY, request.agency):
        raise NotAllowed("您无权查看该申请")
