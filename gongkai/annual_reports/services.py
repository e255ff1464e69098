"""Writes of the annual report: create, edit the narrative, submit to the overseeing office, return or
accept, publish, correct. Each owns its transaction, checks the transition table and permissions, and
writes a ReportEvent and one audit row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.annual_reports import narrative, workflow
from gongkai.annual_reports.compile import compilable
from gongkai.annual_reports.document import Issue, ReportDocument
from gongkai.annual_reports.formats import SCOPES, Scope
from gongkai.annual_reports.models import AnnualReport, ReportEvent
from gongkai.annual_reports.selectors import current_document, trend, trend_json
from gongkai.annual_reports.workflow import Action, Status
from gongkai.core import audit
from gongkai.core.errors import DomainError, InvalidInput, NotAllowed

Actor = User | AbstractBaseUser | AnonymousUser | None

MAX_TEXT = 20000  # characters per narrative section; a real report's section is a few thousand


class ValidationFailed(DomainError):
    """Submission blocked: errors in the tables, or warnings nobody acknowledged."""

    code = "validation_failed"

    def __init__(self, message: str, issues: list[Issue]) -> None:
        super().__init__(message, fields={issue.where: issue.message for issue in issues})
        self.issues = issues


def _require(actor: Actor, action: Action, agency: Agency) -> None:
    rule = workflow.TRANSITIONS[action]
    if actor is None:
        return  # the command line and the demo act as the platform
    if not any(permissions.has_perm(actor, perm, agency) for perm in rule.perms):
        if rule.perms == {Perm.REVIEW_REPORTS}:
            raise NotAllowed("只有本级政府信息公开工作主管部门的负责人或上级监督人员可以审核年度报告")
        raise NotAllowed("您无权编制或发布该机关的年度报告")


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("agency").get(pk=report.pk)


def _actor_name(actor: Actor) -> str:
    return actor.get_username() if isinstance(actor, User) else "system"


def _record(
    report: AnnualReport,
    action: Action,
    actor: Actor,
    before: str,
    *,
    comment: str = "",
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    ReportEvent.objects.create(
        report=report,
        actor=actor if isinstance(actor, User) else None,
        actor_name=_actor_name(actor),
        action=str(action),
        from_status=before,
        to_status=report.status,
        comment=comment,
        data=data or {},
    )
    audit.record(
        actor=actor,
        action=f"annual_report.{action}",
        target=report,
        summary=comment[:200] or str(action.label),
        changes=changes,
        from_state=before,
        to_state=report.status,
    )


def _clean(text: str, label: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            f"“{label}”过长（{len(text)}字），请控制在{MAX_TEXT}字以内", fields={label: "过长"}
        )
    return text


@transaction.atomic
def report_create(*, actor: Actor, agency: Agency, year: int, scope: Scope = "agency") -> AnnualReport:
    """A new report in draft, its 总体情况 prefilled from the figures."""
    if scope not in SCOPES:
        raise InvalidInput(f"未知的统计范围“{scope}”", fields={"scope": "应为本机关或汇总"})
    fmt = compilable(year)
    if year > timezone.localdate().year:
        raise InvalidInput(f"{year}年尚未开始，不能编制该年度的年度报告", fields={"year": "年度不正确"})
    _require(actor, Action.EDIT, agency)
    if AnnualReport.objects.filter(agency=agency, year=year, scope=scope).exists():
        raise InvalidInput(
            f"{agency.name}{year}年度报告（{dict(_scope_labels())[scope]}）已存在，请打开已有的报告",
            fields={"year": "已存在"},
        )
    report = AnnualReport(agency=agency, year=year, scope=scope, format=fmt.id)
    document = current_document(report)
    text = narrative.overview_draft(document)
    report.overview = report.overview_generated = text
    report.other = narrative.other_draft(document)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # a colleague created it a moment ago
        raise InvalidInput(
            f"{agency.name}{year}年度报告已存在，请刷新后打开", fields={"year": "已存在"}
        ) from exc
    _record(report, Action.CREATE, actor, "", data={"scope": scope, "format": fmt.id})
    return report


def _scope_labels() -> list[tuple[str, str]]:
    from gongkai.annual_reports.models import ScopeChoice

    return [(value, str(label)) for value, label in ScopeChoice.choices]


@transaction.atomic
def report_edit(
    *,
    actor: Actor,
    report: AnnualReport,
    overview: str,
    problems: str,
    other: str,
    correction_note: str | None = None,
) -> AnnualReport:
    report = _lock(report)
    workflow.require_allowed(report.status, Action.EDIT)
    _require(actor, Action.EDIT, report.agency)
    before = {"overview": report.overview, "problems": report.problems, "other": report.other}
    report.overview = _clean(overview, "总体情况")
    report.problems = _clean(problems, "存在的主要问题及改进情况")
    report.other = _clean(other, "其他需要报告的事项")
    if correction_note is not None and report.corrects_id is not None:
        note = _clean(correction_note, "更正说明")
        before["correction_note"] = report.correction_note
        report.correction_note = note
    after = {key: getattr(report, key) for key in before}
    if after == before:
        return report
    report.save()
    _record(report, Action.EDIT, actor, report.status, changes=audit.diff(before, after))
    return report


@transaction.atomic
def report_regenerate_overview(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    """Replace 总体情况 with a fresh draft from the current figures: only ever on an explicit request,
    since it discards what staff wrote there."""
    report = _lock(report)
    workflow.require_allowed(report.status, Action.REFRESH)
    _require(actor, Action.REFRESH, report.agency)
    before = report.overview
    text = narrative.overview_draft(current_document(report))
    report.overview = report.overview_generated = text
    report.save()
    _record(
        report,
        Action.REFRESH,
        actor,
        report.status,
        changes=audit.diff({"overview": before}, {"overview": text}),
    )
    return report


def refresh_untouched_overview(report: AnnualReport, document: ReportDocument) -> bool:
    """Keep an untouched generated 总体情况 in step with the figures (records change while a report is
    drafted); never replace text staff edited. Returns whether it changed."""
    if report.status not in workflow.EDITABLE or report.overview != report.overview_generated:
        return False
    text = narrative.overview_draft(document)
    if text == report.overview:
        return False
    AnnualReport.objects.filter(pk=report.pk, overview=report.overview_generated).update(
        overview=text, overview_generated=text
    )
    report.overview = report.overview_generated = text
    return True


def warning_key(issue: Issue) -> str:
    return f"{issue.rule}:{issue.where}"


@transaction.atomic
def report_submit(
    *, actor: Actor, report: AnnualReport, acknowledge: list[str] | tuple[str, ...] = ()
) -> AnnualReport:
    """Freeze the compiled document and send it to the overseeing office. Errors block; each warning
    must be acknowledged by its key (rule:where)."""
    report = _lock(report)
    workflow.require_allowed(report.status, Action.SUBMIT)
    _require(actor, Action.SUBMIT, report.agency)
    if report.year >= timezone.localdate().year:
        raise InvalidInput(
            f"{report.year}年度尚未结束，年度报告须在次年报送（统计期为1月1日至12月31日）",
            fields={"year": "年度尚未结束"},
        )
    if report.corrects_id is not None and not report.correction_note.strip():
        raise InvalidInput("更正版本必须填写更正说明", fields={"correction_note": "请填写更正说明"})
    document = current_document(report, live=True)
    if document.errors:
        raise ValidationFailed(
            f"年度报告有{len(document.errors)}处错误，改正后才能报送："
            + "；".join(i.message for i in document.errors[:3]),
            document.errors,
        )
    missing = [issue for issue in document.warnings if warning_key(issue) not in set(acknowledge)]
    if missing:
        raise ValidationFailed(
            f"有{len(missing)}条提示尚未确认：" + "；".join(i.message for i in missing[:3]), missing
        )
    before = report.status
    points = trend(report.agency, report.year, report.scope, current=document)
    report.snapshot = {**document.to_json(), "trend": trend_json(points)}
    report.acknowledged = sorted(warning_key(issue) for issue in document.warnings)
    report.status = Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.review_comment = ""
    report.save()
    _record(report, Action.SUBMIT, actor, before, data={"acknowledged": report.acknowledged})
    return report


@transaction.atomic
def report_return(*, actor: Actor, report: AnnualReport, comment: str) -> AnnualReport:
    report = _lock(report)
    workflow.require_allowed(report.status, Action.RETURN)
    _require(actor, Action.RETURN, report.agency)
    comment = _clean(comment, "审核意见")
    if not comment:
        raise InvalidInput(
            "退回修改时必须填写审核意见，说明需要修改的内容", fields={"comment": "请填写审核意见"}
        )
    before = report.status
    report.status = Status.RETURNED
    report.snapshot = None  # back to live figures: the agency may have records to fix
    report.review_comment = comment
    report.save()
    _record(report, Action.RETURN, actor, before, comment=comment)
    return report


@transaction.atomic
def report_accept(*, actor: Actor, report: AnnualReport, comment: str = "") -> AnnualReport:
    report = _lock(report)
    workflow.require_allowed(report.status, Action.ACCEPT)
    _require(actor, Action.ACCEPT, report.agency)
    before = report.status
    report.status = Status.ACCEPTED
    report.accepted_at = timezone.now()
    report.review_comment = _clean(comment, "审核意见")
    report.save()
    _record(report, Action.ACCEPT, actor, before, comment=report.review_comment)
    return report


@transaction.atomic
def report_publish(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    report = _lock(report)
    workflow.require_allowed(report.status, Action.PUBLISH)
    _require(actor, Action.PUBLISH, report.agency)
    before = report.status
    report.status = Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = actor if isinstance(actor, User) else None
    report.save()
    _record(report, Action.PUBLISH, actor, before)
    if report.corrects_id is not None:
        earlier = _lock(report.corrects)  # type: ignore[arg-type]
        earlier_before = earlier.status
        earlier.status = Status.SUPERSEDED
        earlier.save(update_fields=["status", "updated_at"])
        _record(earlier, Action.SUPERSEDE, actor, earlier_before, comment=f"已由第{report.revision}版更正")
    return report


@transaction.atomic
def report_correct(*, actor: Actor, report: AnnualReport, note: str = "") -> AnnualReport:
    """Open a correction of a published report: a new revision in draft, with the narrative copied and the
    tables compiled afresh; the published revision stays public until the correction is published."""
    report = _lock(report)
    workflow.require_allowed(report.status, Action.CORRECT)
    _require(actor, Action.CORRECT, report.agency)
    if AnnualReport.objects.filter(corrects=report).exists():
        raise InvalidInput(
            "该报告已有正在办理的更正版本，请打开该版本继续", fields={"revision": "已有更正版本"}
        )
    correction = AnnualReport.objects.create(
        agency=report.agency,
        year=report.year,
        scope=report.scope,
        revision=report.revision + 1,
        format=report.format,
        overview=report.overview,
        overview_generated="",  # whatever was published counts as written by staff
        problems=report.problems,
        other=report.other,
        correction_note=_clean(note, "更正说明"),
        corrects=report,
    )
    _record(
        correction,
        Action.CORRECT,
        actor,
        "",
        comment=correction.correction_note,
        data={"corrects": report.pk},
    )
    return correction
