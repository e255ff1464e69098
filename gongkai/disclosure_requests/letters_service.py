"""Writes on the formal documents (文书) of a request: draft one prefilled from the record, let the clerk
edit it, then issue it, after which it is frozen so that what was sent can be printed again identically.
Each function owns its transaction and writes one audit row; rendering lives in letters.py."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.permissions import Perm
from gongkai.core import audit
from gongkai.core.errors import IllegalTransition, InvalidInput
from gongkai.disclosure_requests import deadlines, letters, outcomes
from gongkai.disclosure_requests.models import Consultation, DisclosureRequest, Letter
from gongkai.disclosure_requests.workflow import Status

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
# Without a parent in the agency tree we cannot name the organ; the letter names it generically.
UNKNOWN_RECONSIDERATION_ORGAN = "上一级行政机关"


def _d(day: date | None) -> str:
    return letters.chinese_date(day) if day is not None else "（待定）"


def _intro(request: DisclosureRequest) -> str:
    return (
        f"本机关于{_d(request.received_on)}收到您提出的政府信息公开申请（申请编号：{request.number}），"
        f"申请获取“{request.info_title}”。"
    )


def _latest_consultation(request: DisclosureRequest) -> Consultation | None:
    return request.consultations.order_by("-sent_on", "-id").first()


def kinds_available(request: DisclosureRequest) -> list[Letter.Kind]:
    """The letters the record has the facts for, in the order a request meets them."""
    available: list[Letter.Kind] = []
    if request.correction_requested_on is not None:
        available.append(Letter.Kind.CORRECTION)
    if request.consultations.filter(party_kind=Consultation.PartyKind.THIRD_PARTY).exists():
        available.append(Letter.Kind.CONSULTATION)
    if request.extended_on is not None:
        available.append(Letter.Kind.EXTENSION)
    if request.fees.exists():
        available.append(Letter.Kind.FEE)
    if request.outcome and request.status != Status.WITHDRAWN and request.withdrawn_on is None:
        available.append(Letter.Kind.REPLY)
    return available


def _reply(request: DisclosureRequest) -> tuple[str, str, str]:
    info = outcomes.BY_KEY[request.outcome]
    lines = [_intro(request) + "经审查，现答复如下："]
    text = request.reply_text.strip()
    if text != info.reply_hint:
        lines.append(info.reply_hint)
    if text:
        lines.append(text)
    agency = request.agency
    organ = agency.parent.name if agency.parent is not None else UNKNOWN_RECONSIDERATION_ORGAN
    remedies = letters.default_remedies(agency_name=agency.name, reconsideration_organ=organ)
    return "\n".join(lines), info.basis, remedies


def _correction(request: DisclosureRequest) -> tuple[str, str, str]:
    body = "\n".join(
        [
            _intro(request) + "经审查，您的申请内容不明确，请按以下事项一次性补正：",
            request.correction_items,
            f"请于{_d(request.correction_due_on)}前补正。答复期限自本机关收到补正申请之日起计算；"
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    )
    return body, f"{REGULATION}第三十条", ""


def _extension(request: DisclosureRequest) -> tuple[str, str, str]:
    body = "\n".join(
        [
            _intro(request),
            f"因{request.extension_reason.strip().rstrip('。')}，不能在规定期限内答复。"
            f"经本机关政府信息公开工作机构负责人同意，答复期限延长{request.extension_days}个工作日，"
            f"至{_d(request.due_on)}。",
        ]
    )
    return body, f"{REGULATION}第三十三条第二款", ""


def _consultation(request: DisclosureRequest) -> tuple[str, str, str]:
    consultation = _latest_consultation(request)
    if consultation is None:
        raise IllegalTransition(request.status, "letter_draft", "本申请没有征求意见记录，不能制作意见征询函")
    body = "\n".join(
        [
            f"本机关收到政府信息公开申请（申请编号：{request.number}），申请获取“{request.info_title}”。"
            "该信息公开后可能损害贵方合法权益，现书面征求贵方意见。",
            f"请自收到本函之日起{deadlines.CONSULTATION_REPLY_WORKING_DAYS}个工作日内"
            f"（{_d(consultation.reply_due_on)}前）提出书面意见。逾期未提出意见的，"
            "由本机关依照条例的规定决定是否公开。",
        ]
    )
    article = "第三十二条" if consultation.party_kind == Consultation.PartyKind.THIRD_PARTY else "第三十四条"
    return body, f"{REGULATION}{article}", ""


def _fee(request: DisclosureRequest) -> tuple[str, str, str]:
    notice = request.fees.order_by("-sent_on", "-id").first()
    if notice is None:
        raise IllegalTransition(request.status, "letter_draft", "本申请没有收费通知记录，不能制作收费通知")
    body = "\n".join(
        [
            _intro(request),
            f"根据{FEE_MEASURES}，您的申请需缴纳信息处理费人民币{notice.amount}元。计算依据：{notice.basis}。",
            f"请于{_d(notice.payment_due_on)}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            "缴费期间不计入答复期限。",
        ]
    )
    return body, FEE_MEASURES, ""


_PREFILL = {
    Letter.Kind.REPLY: _reply,
    Letter.Kind.CORRECTION: _correction,
    Letter.Kind.EXTENSION: _extension,
    Letter.Kind.CONSULTATION: _consultation,
    Letter.Kind.FEE: _fee,
}


@transaction.atomic
def letter_draft(*, actor: User, request: DisclosureRequest, kind: str) -> Letter:
    """A new draft prefilled from the record; refused when the record lacks the facts the letter states."""
    # Drafted from the record as it is now, not from whatever copy the caller holds.
    request = (
        DisclosureRequest.objects.select_for_update(of=("self",))
        .select_related("agency__parent")
        .get(pk=request.pk)
    )
    permissions.require(actor, Perm.HANDLE_REQUESTS, request.agency)
    if kind not in Letter.Kind.values:
        raise InvalidInput(f"未知的文书类型：{kind}", fields={"kind": "未知类型"})
    letter_kind = Letter.Kind(kind)
    if letter_kind not in kinds_available(request):
        raise IllegalTransition(
            request.status, "letter_draft", f"申请当前的办理情况不需要“{letter_kind.label}”，不能制作"
        )
    body, legal_basis, remedies = _PREFILL[letter_kind](request)
    letter = Letter.objects.create(
        request=request,
        kind=letter_kind,
        title=letters.LETTER_KINDS[letter_kind],
        body=body,
        legal_basis=legal_basis,
        remedies=remedies,
    )
    audit.record(
        actor=actor,
        action="letter.drafted",
        target=letter,
        summary=f"{request.number}：起草{letter_kind.label}",
        changes={"request": request.number, "kind": letter_kind.value},
    )
    return letter


def _locked_draft(letter: Letter, attempted: str) -> Letter:
    locked = Letter.objects.select_for_update().select_related("request__agency").get(pk=letter.pk)
    if locked.issued_on is not None:
        raise IllegalTransition(
            "issued", attempted, f"该文书已于{locked.issued_on.isoformat()}印发，不能再修改或重复印发"
        )
    return locked


@transaction.atomic
def letter_update(
    *,
    actor: User,
    letter: Letter,
    title: str,
    document_number: str,
    body: str,
    legal_basis: str,
    remedies: str,
) -> Letter:
    locked = _locked_draft(letter, "letter_update")
    permissions.require(actor, Perm.HANDLE_REQUESTS, locked.request.agency)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "请填写标题"
    if not body.strip():
        errors["body"] = "请填写正文"
    if errors:
        raise InvalidInput("文书内容不完整", fields=errors)
    before = {f: getattr(locked, f) for f in ("title", "document_number", "body", "legal_basis", "remedies")}
    after = {
        "title": title.strip(),
        "document_number": document_number.strip(),
        "body": body.strip(),
        "legal_basis": legal_basis.strip(),
        "remedies": remedies.strip(),
    }
    for field, value in after.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(after))
    audit.record(
        actor=actor,
        action="letter.updated",
        target=locked,
        summary=f"{locked.request.number}：修改{locked.get_kind_display()}",
        changes=audit.diff(before, after),
    )
    return locked


@transaction.atomic
def letter_issue(*, actor: User, letter: Letter, issued_on: date) -> Letter:
    """Freeze the letter as sent; from now on it is only rendered, never edited."""
    locked = _locked_draft(letter, "letter_issue")
    request = locked.request
    permissions.require(actor, Perm.HANDLE_REQUESTS, request.agency)
    today = timezone.localdate()
    if issued_on > today:
        raise InvalidInput(
            f"印发日期不能晚于今天（{today.isoformat()}）", fields={"issued_on": "日期不能晚于今天"}
        )
    if issued_on < request.received_on:
        raise InvalidInput(
            f"印发日期不能早于收到申请之日（{request.received_on.isoformat()}）",
            fields={"issued_on": "日期早于收到申请之日"},
        )
    locked.issued_on = issued_on
    locked.issued_by = actor
    locked.save(update_fields=["issued_on", "issued_by"])
    audit.record(
        actor=actor,
        action="letter.issued",
        target=locked,
        summary=f"{request.number}：印发{locked.get_kind_display()}",
        changes={"issued_on": issued_on.isoformat(), "document_number": locked.document_number},
    )
    return locked


def letter_data(letter: Letter) -> letters.LetterData:
    """The printable form of a letter; a draft is printed with today's date as a preview."""
    request = letter.request
    agency = request.agency
    addressee = ""
    if letter.kind == Letter.Kind.CONSULTATION:
        consultation = _latest_consultation(request)
        addressee = consultation.party if consultation is not None else ""
    contact = "　".join(
        part
        for part in (
            agency.office_name,
            f"地址：{agency.office_address}" if agency.office_address else "",
            f"电话：{agency.office_phone}" if agency.office_phone else "",
        )
        if part
    )
    return letters.LetterData(
        kind=letter.kind,
        agency_name=agency.name,
        document_number=letter.document_number,
        request_number=request.number,
        applicant_name=request.applicant_name,
        received_on=request.received_on,
        issued_on=letter.issued_on or timezone.localdate(),
        title=letter.title,
        body=letter.body,
        legal_basis=letter.legal_basis,
        remedies=letter.remedies,
        office_contact=contact,
        addressee=addressee,
    )
