"""Writes of assessments: create a scheme, change its settings and indicators, enter manual scores,
publish. Each owns its transaction, checks that the actor supervises the scheme's root, and writes one
audit row. Every write locks the scheme row first, so a score saved while a colleague publishes either
lands before the freeze or is refused after it — never lost between the two."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.assessments import scoring, selectors
from gongkai.assessments.models import Indicator, ManualScore, Scheme, Status
from gongkai.core import audit
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.supervision.views import may_supervise

Actor = User | AbstractBaseUser | AnonymousUser | None

FIRST_YEAR = 2008  # the 条例 took effect on 1 May 2008
MAX_TITLE = 120
MAX_NOTICE_TEXT = 5000
MAX_NOTE = 255


def _require(actor: Actor, root: Agency) -> None:
    if actor is None:
        return  # the command line and the demo act as the platform
    if not may_supervise(actor, root):
        raise NotAllowed("只有本级政府信息公开工作主管部门或上级监督人员可以管理考评")


def _lock(scheme: Scheme) -> Scheme:
    return Scheme.objects.select_for_update(of=("self",)).select_related("root").get(pk=scheme.pk)


def _editable(actor: Actor, scheme: Scheme) -> Scheme:
    """The locked scheme, refused once published: the published scheme is what the 通报 applied."""
    locked = _lock(scheme)
    _require(actor, locked.root)
    if locked.published:
        raise IllegalTransition(locked.status, "edit", "考评结果已发布，方案和评分不能再修改")
    return locked


def _invalid(exc: scoring.RuleError) -> InvalidInput:
    return InvalidInput(exc.message, fields={exc.field: exc.message} if exc.field else None)


@transaction.atomic
def scheme_create(*, actor: Actor, root: Agency, year: int, copy_previous: bool = True) -> Scheme:
    """A draft scheme for `root`'s subtree and `year`, its indicators copied from the latest earlier
    scheme of the same root, or the recommended ones (scoring.DEFAULT_INDICATORS)."""
    _require(actor, root)
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise InvalidInput(f"考评年度应在{FIRST_YEAR}年至{this_year}年之间", fields={"year": "年度不正确"})
    if Scheme.objects.filter(root=root, year=year).exists():
        raise InvalidInput(f"{root.name}{year}年度的考评方案已存在", fields={"year": "已存在"})
    scheme = Scheme(root=root, year=year, issuer=selectors.issuing_office(root))
    previous = (
        Scheme.objects.filter(root=root, year__lt=year).order_by("-year").first() if copy_previous else None
    )
    try:
        with transaction.atomic():
            if previous is not None:
                scheme.direct_only = previous.direct_only
                scheme.threshold = previous.threshold
                scheme.issuer = previous.issuer or scheme.issuer
            scheme.save()
    except IntegrityError as exc:  # a colleague created it a moment ago
        raise InvalidInput(
            f"{root.name}{year}年度的考评方案已存在，请刷新后打开", fields={"year": "已存在"}
        ) from exc
    if previous is not None:
        indicators = [
            Indicator(
                scheme=scheme,
                position=old.position,
                name=old.name,
                kind=old.kind,
                weight=old.weight,
                params=old.params,
                description=old.description,
            )
            for old in selectors.indicators_of(previous)
        ]
    else:
        indicators = [
            Indicator(
                scheme=scheme,
                position=position,
                name=name,
                kind=kind.value,
                weight=Decimal(weight),
                params=scoring.validate(kind, weight, params),
            )
            for position, (name, kind, weight, params) in enumerate(scoring.DEFAULT_INDICATORS, start=1)
        ]
    Indicator.objects.bulk_create(indicators)
    audit.record(
        actor=actor,
        action="assessment.create",
        target=scheme,
        summary=f"新建考评方案（{len(indicators)}项指标，"
        + (f"复制{previous.year}年度方案）" if previous else "使用推荐指标）"),
        to_state=scheme.status,
    )
    return scheme


@transaction.atomic
def scheme_update(
    *,
    actor: Actor,
    scheme: Scheme,
    title: str,
    direct_only: bool,
    threshold: Decimal,
    issuer: str,
    notice_text: str,
) -> Scheme:
    scheme = _editable(actor, scheme)
    title, issuer = title.strip(), issuer.strip()
    notice_text = notice_text.replace("\r\n", "\n").strip()
    if len(title) > MAX_TITLE or len(issuer) > MAX_TITLE:
        raise InvalidInput(f"名称不能超过{MAX_TITLE}字", fields={"title": "过长"})
    if len(notice_text) > MAX_NOTICE_TEXT:
        raise InvalidInput(f"通报补充内容不能超过{MAX_NOTICE_TEXT}字", fields={"notice_text": "过长"})
    if threshold < 0 or threshold > scoring.MAX_WEIGHT:
        raise InvalidInput("整改分数线应在0到100分之间", fields={"threshold": "分数线不正确"})
    fields = ("title", "direct_only", "threshold", "issuer", "notice_text")
    before = {name: getattr(scheme, name) for name in fields}
    scheme.title, scheme.direct_only, scheme.threshold = title, direct_only, threshold
    scheme.issuer, scheme.notice_text = issuer, notice_text
    after = {name: getattr(scheme, name) for name in fields}
    if after == before:
        return scheme
    scheme.save(update_fields=list(fields))
    audit.record(
        actor=actor,
        action="assessment.update",
        target=scheme,
        summary="修改考评方案设置",
        changes=audit.diff(before, after),
    )
    return scheme


def _clean_indicator(
    scheme: Scheme, *, name: str, kind: str, weight: Any, params: Mapping[str, Any], exclude: int | None
) -> tuple[str, Decimal, dict[str, Any]]:
    name = name.strip()
    if not name:
        raise InvalidInput("请填写指标名称", fields={"name": "必填"})
    if len(name) > 60:
        raise InvalidInput("指标名称不能超过60字", fields={"name": "过长"})
    same = scheme.indicators.filter(name=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise InvalidInput(f"已有名为“{name}”的指标", fields={"name": "重名"})
    try:
        clean = scoring.validate(kind, weight, params)
        value = scoring.validate_weight(weight)
    except scoring.RuleError as exc:
        raise _invalid(exc) from exc
    return name, value, clean


@transaction.atomic
def indicator_add(
    *,
    actor: Actor,
    scheme: Scheme,
    name: str,
    kind: str,
    weight: Decimal,
    params: Mapping[str, Any],
    description: str = "",
) -> Indicator:
    scheme = _editable(actor, scheme)
    name, value, clean = _clean_indicator(
        scheme, name=name, kind=kind, weight=weight, params=params, exclude=None
    )
    last = scheme.indicators.order_by("-position").values_list("position", flat=True).first() or 0
    indicator = Indicator.objects.create(
        scheme=scheme,
        position=last + 1,
        name=name,
        kind=kind,
        weight=value,
        params=clean,
        description=description.strip()[:255],
    )
    audit.record(
        actor=actor,
        action="assessment.indicator_add",
        target=scheme,
        summary=f"增加指标“{name}”（{value}分）",
        changes={"indicator": [None, {"name": name, "kind": kind, "weight": str(value), "params": clean}]},
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: Actor,
    indicator: Indicator,
    name: str,
    kind: str,
    weight: Decimal,
    params: Mapping[str, Any],
    description: str = "",
    position: int | None = None,
) -> Indicator:
    scheme = _editable(actor, indicator.scheme)
    indicator = Indicator.objects.get(pk=indicator.pk, scheme=scheme)
    name, value, clean = _clean_indicator(
        scheme, name=name, kind=kind, weight=weight, params=params, exclude=indicator.pk
    )
    fields = ("name", "kind", "weight", "params", "description", "position")
    before = {f: getattr(indicator, f) for f in fields}
    indicator.name, indicator.kind, indicator.weight, indicator.params = name, kind, value, clean
    indicator.description = description.strip()[:255]
    if position is not None:
        indicator.position = max(position, 0)
    after = {f: getattr(indicator, f) for f in fields}
    if after == before:
        return indicator
    indicator.save(update_fields=list(fields))
    if before["kind"] == scoring.Kind.MANUAL and kind != scoring.Kind.MANUAL:
        # Scores entered for a manual indicator mean nothing under a computed rule.
        indicator.manual_scores.all().delete()
    audit.record(
        actor=actor,
        action="assessment.indicator_update",
        target=scheme,
        summary=f"修改指标“{name}”",
        changes=audit.diff(before, after),
    )
    return indicator


@transaction.atomic
def indicator_remove(*, actor: Actor, indicator: Indicator) -> None:
    scheme = _editable(actor, indicator.scheme)
    indicator = Indicator.objects.get(pk=indicator.pk, scheme=scheme)
    entered = indicator.manual_scores.count()
    summary = f"删除指标“{indicator.name}”（{indicator.weight}分）"
    if entered:
        summary += f"及已录入的{entered}个得分"
    audit.record(
        actor=actor,
        action="assessment.indicator_remove",
        target=scheme,
        summary=summary,
        changes={
            "indicator": [
                {"name": indicator.name, "kind": indicator.kind, "weight": str(indicator.weight)},
                None,
            ]
        },
    )
    indicator.delete()


@dataclass(frozen=True)
class ManualEntry:
    agency_id: int
    score: Decimal | None  # None clears the entry
    note: str = ""


@transaction.atomic
def manual_scores_save(*, actor: Actor, indicator: Indicator, entries: Sequence[ManualEntry]) -> int:
    """Enter (or clear) a manual indicator's scores for several agencies at once; returns how many
    changed. One audit row lists every change."""
    scheme = _editable(actor, indicator.scheme)
    indicator = Indicator.objects.get(pk=indicator.pk, scheme=scheme)
    if indicator.kind != scoring.Kind.MANUAL:
        raise InvalidInput(f"“{indicator.name}”按统计数据计分，不需要录入得分")
    assessed = {agency.pk: agency for agency in selectors.assessed_agencies(scheme)}
    existing = selectors.manual_scores(indicator)
    errors: dict[str, str] = {}
    for entry in entries:
        if entry.agency_id not in assessed:
            raise InvalidInput("该机关不在本次考评范围内")
        if entry.score is not None and not 0 <= entry.score <= indicator.weight:
            errors[f"score_{entry.agency_id}"] = f"应在0到{indicator.weight}分之间"
        elif entry.score is not None and entry.score != scoring.points(entry.score):
            errors[f"score_{entry.agency_id}"] = "最多保留两位小数"
        elif len(entry.note) > MAX_NOTE:
            errors[f"note_{entry.agency_id}"] = f"说明不能超过{MAX_NOTE}字"
    if errors:
        raise InvalidInput(
            f"有{len(errors)}处得分不正确，请检查（“{indicator.name}”满分{indicator.weight}分）",
            fields=errors,
        )
    user = actor if isinstance(actor, User) else None
    changes: dict[str, list[Any]] = {}
    for entry in entries:
        current = existing.get(entry.agency_id)
        name = assessed[entry.agency_id].name
        note = entry.note.strip()
        if entry.score is None:
            if current is not None:
                changes[name] = [str(current.score), None]
                current.delete()
            continue
        if current is not None and current.score == entry.score and current.note == note:
            continue
        changes[name] = [None if current is None else str(current.score), str(entry.score)]
        ManualScore.objects.update_or_create(
            indicator=indicator,
            agency_id=entry.agency_id,
            defaults={"score": entry.score, "note": note, "entered_by": user, "entered_at": timezone.now()},
        )
    if changes:
        audit.record(
            actor=actor,
            action="assessment.manual_scores",
            target=scheme,
            summary=f"录入“{indicator.name}”得分（{len(changes)}个机关）",
            changes=changes,
        )
    return len(changes)


@transaction.atomic
def scheme_publish(*, actor: Actor, scheme: Scheme, today: date | None = None) -> Scheme:
    """Compute the results from today's records and freeze them with the scheme as applied; from now
    on the scheme cannot be edited and the results never change."""
    scheme = _editable(actor, scheme)
    today = today or timezone.localdate()
    if not scheme.indicators.exists():
        raise InvalidInput("考评方案还没有指标，不能发布")
    result = selectors.live_outcome(scheme, today=today)
    if not result.rows:
        raise InvalidInput("考评范围内没有机关，不能发布")
    if result.missing_manual:
        names = [
            spec.name for spec in result.indicators if any(spec.key in row.missing for row in result.rows)
        ]
        raise InvalidInput(f"“{'、'.join(names)}”尚有{result.missing_manual}个得分未录入，请录入后再发布")
    scheme.results = result.to_json()
    scheme.status = Status.PUBLISHED
    scheme.published_at = timezone.now()
    scheme.published_by = actor if isinstance(actor, User) else None
    scheme.save(update_fields=["results", "status", "published_at", "published_by"])
    audit.record(
        actor=actor,
        action="assessment.publish",
        target=scheme,
        summary=f"发布考评结果：{len(result.rows)}个机关，{len(result.below_threshold)}个低于整改分数线",
        from_state=Status.DRAFT,
        to_state=scheme.status,
    )
    return scheme
