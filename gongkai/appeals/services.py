"""Writes for 复议 / 诉讼 cases and 举报投诉: register, decide, close. Each service owns its transaction
and its one audit row; the annual-report table 四 is read from what these services store, so a case's
result and decision date are set here and nowhere else."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.appeals.models import Appeal, AppealKind, AppealResult, Complaint
from gongkai.core import audit
from gongkai.core.errors import IllegalTransition, InvalidInput
from gongkai.disclosure_requests.models import DisclosureRequest

Actor = User | None  # None: the platform itself (CLI, imports, demo data)

# The results a decision can record; 尚未审结 is the state before one.
DECIDED_RESULTS = (AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER)


class AuditAction:
    APPEAL_REGISTERED = "appeal.registered"
    APPEAL_DECIDED = "appeal.decided"
    COMPLAINT_REGISTERED = "complaint.registered"
    COMPLAINT_CLOSED = "complaint.closed"


def _check_permission(actor: Actor, agency: Agency) -> None:
    if actor is not None:
        permissions.require(actor, Perm.HANDLE_REQUESTS, agency)


def _check_day(on: date, *, field: str, label: str, floor: date | None = None, floor_label: str = "") -> None:
    today = timezone.localdate()
    if on > today:
        raise InvalidInput(f"{label}不能晚于今天（{today.isoformat()}）", fields={field: "日期不能晚于今天"})
    if floor is not None and on < floor:
        raise InvalidInput(
            f"{label}不能早于{floor_label}（{floor.isoformat()}）",
            fields={field: f"日期不能早于{floor.isoformat()}"},
        )


def _check_request(request: DisclosureRequest | None, agency: Agency) -> None:
    if request is not None and request.agency_id != agency.pk:
        raise InvalidInput(
            f"申请 {request.number} 不是向{agency.name}提出的，不能关联",
            fields={"request": "只能关联本机关的申请"},
        )


def _text(value: str, *, field: str, label: str, max_length: int) -> str:
    value = value.strip()
    if len(value) > max_length:
        raise InvalidInput(f"{label}不能超过{max_length}个字", fields={field: f"最多{max_length}个字"})
    return value


def _created_by(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


@transaction.atomic
def appeal_register(
    *,
    actor: Actor,
    agency: Agency,
    kind: str,
    filed_on: date,
    request: DisclosureRequest | None = None,
    case_number: str = "",
    organ: str = "",
    appellant: str = "",
    summary: str = "",
) -> Appeal:
    """Record a 行政复议 or 行政诉讼 case in which `agency` is the 被申请人/被告 because of its disclosure
    work (条例 第五十条(三)); it is 尚未审结 until decided."""
    _check_permission(actor, agency)
    if kind not in AppealKind.values:
        raise InvalidInput(
            "请选择案件类型（行政复议、直接起诉或复议后起诉）", fields={"kind": "未知的案件类型"}
        )
    _check_request(request, agency)
    _check_day(
        filed_on,
        field="filed_on",
        label="立案日期",
        floor=request.received_on if request is not None else None,
        floor_label="相关申请的收到日期",
    )
    appeal = Appeal.objects.create(
        agency=agency,
        request=request,
        kind=kind,
        filed_on=filed_on,
        case_number=_text(case_number, field="case_number", label="案号", max_length=100),
        organ=_text(organ, field="organ", label="复议机关或人民法院", max_length=120),
        appellant=_text(appellant, field="appellant", label="申请人/原告", max_length=120),
        summary=summary.strip(),
        result=AppealResult.PENDING,
        created_by=_created_by(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.APPEAL_REGISTERED,
        target=appeal,
        to_state=AppealResult.PENDING,
        summary=f"{agency.name}：登记{AppealKind(kind).label}，立案日期{filed_on.isoformat()}"
        + (f"，相关申请{request.number}" if request is not None else ""),
        changes={
            "kind": kind,
            "filed_on": filed_on.isoformat(),
            "request": request.number if request is not None else None,
            "case_number": appeal.case_number,
        },
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Actor, appeal: Appeal, result: str, decided_on: date) -> Appeal:
    """Record the 复议决定 or 判决/裁定 of a pending case: 结果维持, 结果纠正 or 其他结果. A case is decided
    once; a later instance (e.g. 复议后起诉) is a case of its own."""
    # The row lock makes two clerks recording a decision at once see each other: the second gets 409.
    locked = Appeal.objects.select_for_update().select_related("agency").get(pk=appeal.pk)
    _check_permission(actor, locked.agency)
    if result not in DECIDED_RESULTS:
        raise InvalidInput(
            "请选择审结结果：结果维持、结果纠正或其他结果", fields={"result": "未知的审结结果"}
        )
    if locked.result != AppealResult.PENDING:
        raise IllegalTransition(
            locked.result,
            result,
            f"该案件已于{locked.decided_on.isoformat() if locked.decided_on else '此前'}审结"
            f"（{locked.get_result_display()}），不能再次登记结果",
        )
    _check_day(
        decided_on, field="decided_on", label="审结日期", floor=locked.filed_on, floor_label="立案日期"
    )
    locked.result = result
    locked.decided_on = decided_on
    locked.save(update_fields=["result", "decided_on"])
    audit.record(
        actor=actor,
        action=AuditAction.APPEAL_DECIDED,
        target=locked,
        from_state=AppealResult.PENDING,
        to_state=result,
        summary=f"{locked.agency.name}：{locked.get_kind_display()}审结，{AppealResult(result).label}",
        changes={"result": [AppealResult.PENDING, result], "decided_on": [None, decided_on.isoformat()]},
    )
    return locked


@transaction.atomic
def complaint_register(
    *,
    actor: Actor,
    agency: Agency,
    received_on: date,
    summary: str,
    complainant: str = "",
    request: DisclosureRequest | None = None,
) -> Complaint:
    """Record a 举报投诉 about the agency's disclosure work (条例 第四十七条)."""
    _check_permission(actor, agency)
    summary = summary.strip()
    if not summary:
        raise InvalidInput("请填写投诉内容", fields={"summary": "必填"})
    _check_request(request, agency)
    _check_day(
        received_on,
        field="received_on",
        label="收到日期",
        floor=request.received_on if request is not None else None,
        floor_label="相关申请的收到日期",
    )
    complaint = Complaint.objects.create(
        agency=agency,
        request=request,
        received_on=received_on,
        complainant=_text(complainant, field="complainant", label="投诉人", max_length=120),
        summary=summary,
        created_by=_created_by(actor),
    )
    audit.record(
        actor=actor,
        action=AuditAction.COMPLAINT_REGISTERED,
        target=complaint,
        to_state="open",
        summary=f"{agency.name}：收到举报投诉，收到日期{received_on.isoformat()}"
        + (f"，相关申请{request.number}" if request is not None else ""),
        changes={
            "received_on": received_on.isoformat(),
            "request": request.number if request is not None else None,
        },
    )
    return complaint


@transaction.atomic
def complaint_close(*, actor: Actor, complaint: Complaint, handled_on: date, note: str) -> Complaint:
    """Record how a complaint was handled (办结); a closed complaint stays closed."""
    locked = Complaint.objects.select_for_update().select_related("agency").get(pk=complaint.pk)
    _check_permission(actor, locked.agency)
    if locked.handled_on is not None:
        raise IllegalTransition(
            "closed", "close", f"该投诉已于{locked.handled_on.isoformat()}办结，不能再次办结"
        )
    note = note.strip()
    if not note:
        raise InvalidInput("请填写处理情况", fields={"note": "必填"})
    _check_day(
        handled_on, field="handled_on", label="办结日期", floor=locked.received_on, floor_label="收到日期"
    )
    locked.handled_on = handled_on
    locked.handling_note = note
    locked.save(update_fields=["handled_on", "handling_note"])
    audit.record(
        actor=actor,
        action=AuditAction.COMPLAINT_CLOSED,
        target=locked,
        from_state="open",
        to_state="closed",
        summary=f"{locked.agency.name}：举报投诉办结（{handled_on.isoformat()}）",
        changes={"handled_on": [None, handled_on.isoformat()]},
    )
    return locked
