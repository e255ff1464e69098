"""The arithmetic of an assessment (考评, 条例 第四十六条): scoring rules as data, scores, totals and ranks.

No Django: a rule is a kind plus a JSON object of parameters, an agency is a mapping of figure names to
values (what the supervision board counts), and everything here takes and returns plain values, so the
rules can be tested exhaustively and a published assessment can be re-read from its frozen JSON.

Points are Decimals rounded to hundredths (half up) per indicator; the total is the sum of the rounded
indicator scores, so the 通报's columns always add up to its total column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal(0)
MAX_WEIGHT = Decimal(100)
FULL_MARKS = Decimal(100)  # what the weights of a scheme normally add up to


class RuleError(ValueError):
    """A rule's parameters do not make sense; the message is for the office staff."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    higher_is_better: bool


# The numeric figures a rule may draw on, as the supervision board counts them for the year.
FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        Figure("on_time_rate", "按时答复率", "%", True),
        Figure("overdue", "超期未答复申请数", "件", False),
        Figure("replied_late", "本年超期答复数", "件", False),
        Figure("average_reply_days", "平均答复用时", "个工作日", False),
        Figure("received", "收到申请数", "件", True),
        Figure("replied", "本年答复数", "件", True),
        Figure("extended", "延期答复数", "件", False),
        Figure("published", "主动公开数量", "条", True),
        Figure("published_late", "超时发布数", "条", False),
        Figure("days_since_publication", "距上次发布天数", "天", False),
        Figure("appeals", "复议诉讼案件数", "件", False),
        Figure("appeals_corrected", "复议诉讼被纠正数", "件", False),
    )
}

# The annual report's state against its due date: the one non-numeric figure.
REPORT_FIGURE = "report"
REPORT_STATES: dict[str, str] = {
    "on_time": "按时发布",
    "late": "逾期发布",
    "missing": "逾期未发布",
    "pending": "未到截止日期",
}


class Kind(StrEnum):
    LINEAR = "linear"  # full points at a target, none at a floor, straight line between
    DEDUCT = "deduct"  # full points less so many per counted case, never below zero
    REPORT = "report"  # the annual report published by its due date
    MANUAL = "manual"  # scored by the office: on-site inspection, social evaluation


KIND_LABELS: dict[Kind, str] = {
    Kind.LINEAR: "按比例计分",
    Kind.DEDUCT: "按件扣分",
    Kind.REPORT: "年度报告按时发布",
    Kind.MANUAL: "人工评分",
}


# --- parameters -------------------------------------------------------------------------------------


def decimal(value: Any, label: str, *, field: str = "") -> Decimal:
    """A number from a form, JSON or the database; booleans and non-finite values are refused."""
    if isinstance(value, bool) or value is None or value == "":
        raise RuleError(f"请填写{label}", field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise RuleError(f"{label}应为数字", field=field) from exc
    if not number.is_finite():
        raise RuleError(f"{label}应为数字", field=field)
    return number


def json_number(value: Decimal) -> int | float:
    """How a parameter is stored: an integer when it is one, so the JSON reads naturally."""
    return int(value) if value == value.to_integral_value() else float(value)


def points(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def validate_weight(weight: Any) -> Decimal:
    value = decimal(weight, "分值", field="weight")
    if value <= 0 or value > MAX_WEIGHT:
        raise RuleError(f"分值应大于0且不超过{MAX_WEIGHT}分", field="weight")
    if value != points(value):
        raise RuleError("分值最多保留两位小数", field="weight")
    return value


def _figure(params: Mapping[str, Any]) -> str:
    key = params.get("figure")
    if key not in FIGURES:
        raise RuleError("请选择计分所依据的统计指标", field="figure")
    return str(key)


def validate(kind: str, weight: Any, params: Mapping[str, Any]) -> dict[str, Any]:
    """The rule's parameters checked and normalised (only the keys the kind uses, numbers as JSON
    numbers), or RuleError naming the parameter at fault."""
    try:
        rule = Kind(kind)
    except ValueError as exc:
        raise RuleError(f"未知的计分方式“{kind}”", field="kind") from exc
    full = validate_weight(weight)
    if rule is Kind.LINEAR:
        figure = _figure(params)
        full_at = decimal(params.get("full_at"), "满分所需的值", field="full_at")
        zero_at = decimal(params.get("zero_at"), "零分对应的值", field="zero_at")
        if full_at == zero_at:
            raise RuleError("满分值与零分值不能相同", field="zero_at")
        when_none = params.get("when_none", "full")
        if when_none not in ("full", "zero"):
            raise RuleError("无数据时的计分应为满分或零分", field="when_none")
        return {
            "figure": figure,
            "full_at": json_number(full_at),
            "zero_at": json_number(zero_at),
            "when_none": when_none,
        }
    if rule is Kind.DEDUCT:
        figure = _figure(params)
        per = decimal(params.get("per"), "每件扣分", field="per")
        if per <= 0:
            raise RuleError("每件扣分应大于0", field="per")
        free = decimal(params.get("free", 0) or 0, "免扣件数", field="free")
        if free < 0 or free != free.to_integral_value():
            raise RuleError("免扣件数应为不小于0的整数", field="free")
        return {"figure": figure, "per": json_number(per), "free": int(free)}
    if rule is Kind.REPORT:
        share = decimal(params.get("late_share", Decimal("0.5")), "逾期发布得分比例", field="late_share")
        if share < 0 or share > 1:
            raise RuleError("逾期发布得分比例应在0到1之间", field="late_share")
        return {"late_share": json_number(share)}
    default = params.get("default")
    if default is None or default == "":
        return {"default": None}
    value = decimal(default, "未录入时的得分", field="default")
    if value < 0 or value > full:
        raise RuleError(f"未录入时的得分应在0到{full}分之间", field="default")
    return {"default": json_number(value)}


def figures_used(kind: str, params: Mapping[str, Any]) -> str | None:
    if kind in (Kind.LINEAR, Kind.DEDUCT):
        return str(params.get("figure"))
    if kind == Kind.REPORT:
        return REPORT_FIGURE
    return None


# --- one indicator's score ---------------------------------------------------------------------------


def _linear(weight: Decimal, params: Mapping[str, Any], value: Any) -> Decimal:
    if value is None:
        return weight if params.get("when_none", "full") == "full" else ZERO
    v = decimal(value, "统计值")
    full_at = decimal(params["full_at"], "满分所需的值")
    zero_at = decimal(params["zero_at"], "零分对应的值")
    # The same line whichever way it runs: higher is better when full_at > zero_at, lower otherwise.
    share = (v - zero_at) / (full_at - zero_at)
    return weight * min(max(share, ZERO), Decimal(1))


def _deduct(weight: Decimal, params: Mapping[str, Any], value: Any) -> Decimal:
    count = ZERO if value is None else decimal(value, "统计值")
    counted = max(count - decimal(params.get("free", 0), "免扣件数"), ZERO)
    return max(weight - counted * decimal(params["per"], "每件扣分"), ZERO)


def _report(weight: Decimal, params: Mapping[str, Any], state: Any) -> Decimal:
    if state in ("on_time", "pending"):
        # Not yet due is nobody's fault: an assessment made before the deadline takes nothing off.
        return weight
    if state == "late":
        return weight * decimal(params.get("late_share", Decimal("0.5")), "逾期发布得分比例")
    return ZERO


def score(
    kind: str,
    weight: Decimal,
    params: Mapping[str, Any],
    figures: Mapping[str, Any],
    manual: Decimal | None = None,
) -> Decimal | None:
    """One indicator's points for one agency, rounded to hundredths; None for a manual indicator with no
    score entered and no default."""
    rule = Kind(kind)
    if rule is Kind.LINEAR:
        raw = _linear(weight, params, figures.get(str(params["figure"])))
    elif rule is Kind.DEDUCT:
        raw = _deduct(weight, params, figures.get(str(params["figure"])))
    elif rule is Kind.REPORT:
        raw = _report(weight, params, figures.get(REPORT_FIGURE))
    elif manual is not None:
        raw = min(max(manual, ZERO), weight)
    elif params.get("default") is not None:
        raw = decimal(params["default"], "未录入时的得分")
    else:
        return None
    return points(raw)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def standard(kind: str, weight: Decimal, params: Mapping[str, Any]) -> str:
    """The rule in words, as the scheme page and the 通报's annex state it."""
    rule = Kind(kind)
    w = _number(weight)
    if rule in (Kind.LINEAR, Kind.DEDUCT):
        figure = FIGURES[str(params["figure"])]
        if rule is Kind.LINEAR:
            full_at, zero_at = decimal(params["full_at"], ""), decimal(params["zero_at"], "")
            better, worse = ("达到", "不高于") if full_at > zero_at else ("不超过", "达到")
            none = "满分" if params.get("when_none", "full") == "full" else "0分"
            return (
                f"{figure.label}{better}{_number(full_at)}{figure.unit}得{w}分，{worse}{_number(zero_at)}"
                f"{figure.unit}得0分，其间按比例计分；无数据的得{none}"
            )
        free = int(params.get("free", 0) or 0)
        allowance = f"（{free}{figure.unit}以内不扣分）" if free else ""
        return f"{figure.label}每{figure.unit}扣{_number(decimal(params['per'], ''))}分{allowance}，扣完{w}分为止"
    if rule is Kind.REPORT:
        share = decimal(params.get("late_share", Decimal("0.5")), "")
        late = f"逾期发布得{_number(points(weight * share))}分" if share else "逾期发布不得分"
        return f"上一年度工作年度报告按时发布得{w}分，{late}，逾期未发布不得分"
    default = params.get("default")
    if default is None:
        return f"由考评机关评定，满分{w}分"
    return f"由考评机关评定，满分{w}分；未录入的按{_number(decimal(default, ''))}分计"


# --- a scheme over many agencies ---------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    key: int
    name: str
    kind: str
    weight: Decimal
    params: Mapping[str, Any]
    description: str = ""  # the office's own wording of the standard, replacing the generated one

    @property
    def standard(self) -> str:
        return self.description or standard(self.kind, self.weight, self.params)

    @property
    def figure(self) -> str | None:
        return figures_used(self.kind, self.params)


@dataclass(frozen=True)
class AgencyInput:
    key: int
    name: str
    code: str
    path: str
    figures: Mapping[str, Any]
    manual: Mapping[int, Decimal] = field(default_factory=dict)  # indicator key → entered score
    notes: Mapping[int, str] = field(default_factory=dict)  # indicator key → the office's remark


@dataclass(frozen=True)
class AgencyResult:
    key: int
    name: str
    code: str
    path: str
    figures: Mapping[str, Any]
    scores: Mapping[int, Decimal | None]
    notes: Mapping[int, str]
    total: Decimal
    rank: int

    @property
    def missing(self) -> list[int]:
        """Manual indicators without a score: the total counts them as 0 until they are entered."""
        return [key for key, value in self.scores.items() if value is None]


def ranks(totals: Sequence[Decimal]) -> list[int]:
    """Competition ranking (1, 2, 2, 4): equal totals share the better rank, and the next rank skips
    as many places as shared it. Returned in the order given."""
    ordered = sorted(totals, reverse=True)
    first: dict[Decimal, int] = {}
    for place, total in enumerate(ordered, start=1):
        first.setdefault(total, place)
    return [first[total] for total in totals]


def assess(indicators: Sequence[IndicatorSpec], agencies: Sequence[AgencyInput]) -> list[AgencyResult]:
    """Every agency scored on every indicator, best total first; equal totals share a rank and keep the
    order they were given in (the agency tree's)."""
    scored: list[tuple[AgencyInput, dict[int, Decimal | None], Decimal]] = []
    for agency in agencies:
        scores = {
            spec.key: score(spec.kind, spec.weight, spec.params, agency.figures, agency.manual.get(spec.key))
            for spec in indicators
        }
        total = sum((value for value in scores.values() if value is not None), ZERO)
        scored.append((agency, scores, points(total)))
    places = ranks([total for _, _, total in scored])
    order = sorted(range(len(scored)), key=lambda i: (places[i], i))
    return [
        AgencyResult(
            key=scored[i][0].key,
            name=scored[i][0].name,
            code=scored[i][0].code,
            path=scored[i][0].path,
            figures=dict(scored[i][0].figures),
            scores=scored[i][1],
            notes={k: v for k, v in scored[i][0].notes.items() if v},
            total=scored[i][2],
            rank=places[i],
        )
        for i in order
    ]


def total_weight(indicators: Sequence[IndicatorSpec]) -> Decimal:
    return sum((spec.weight for spec in indicators), ZERO)


def figure_text(key: str | None, value: Any) -> str:
    """A raw figure as the results page and the breakdown show it."""
    if key is None:
        return ""
    if key == REPORT_FIGURE:
        return REPORT_STATES.get(str(value), "—") if value else "—"
    if value is None:
        return "无数据"
    unit = FIGURES[key].unit if key in FIGURES else ""
    return f"{value}{unit}"


# --- frozen form -------------------------------------------------------------------------------------

SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class Outcome:
    """A scheme's results: live while it is a draft, read back from the frozen JSON once published."""

    computed_on: str  # ISO date the figures were counted on
    report_year: int  # the year of the annual reports the report indicator looked at
    threshold: Decimal
    indicators: list[IndicatorSpec]
    rows: list[AgencyResult]

    @property
    def weight_total(self) -> Decimal:
        return total_weight(self.indicators)

    @property
    def below_threshold(self) -> list[AgencyResult]:
        return [row for row in self.rows if row.total < self.threshold]

    @property
    def missing_manual(self) -> int:
        return sum(len(row.missing) for row in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SNAPSHOT_VERSION,
            "computed_on": self.computed_on,
            "report_year": self.report_year,
            "threshold": str(self.threshold),
            "indicators": [
                {
                    "key": spec.key,
                    "name": spec.name,
                    "kind": spec.kind,
                    "weight": str(spec.weight),
                    "params": dict(spec.params),
                    "description": spec.description,
                    "standard": spec.standard,
                }
                for spec in self.indicators
            ],
            "rows": [
                {
                    "agency": {"id": row.key, "name": row.name, "code": row.code, "path": row.path},
                    "rank": row.rank,
                    "total": str(row.total),
                    "scores": {str(k): None if v is None else str(v) for k, v in row.scores.items()},
                    "notes": {str(k): v for k, v in row.notes.items()},
                    "figures": dict(row.figures),
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Outcome:
        if data.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"unknown assessment snapshot version {data.get('version')!r}")
        indicators = [
            IndicatorSpec(
                key=int(item["key"]),
                name=item["name"],
                kind=item["kind"],
                weight=Decimal(item["weight"]),
                params=item["params"],
                description=item.get("description", ""),
            )
            for item in data["indicators"]
        ]
        rows = [
            AgencyResult(
                key=int(item["agency"]["id"]),
                name=item["agency"]["name"],
                code=item["agency"]["code"],
                path=item["agency"]["path"],
                figures=item["figures"],
                scores={int(k): None if v is None else Decimal(v) for k, v in item["scores"].items()},
                notes={int(k): v for k, v in item.get("notes", {}).items()},
                total=Decimal(item["total"]),
                rank=int(item["rank"]),
            )
            for item in data["rows"]
        ]
        return cls(
            computed_on=data["computed_on"],
            report_year=int(data["report_year"]),
            threshold=Decimal(data["threshold"]),
            indicators=indicators,
            rows=rows,
        )


# --- the recommended scheme --------------------------------------------------------------------------

# What a new scheme starts from when the office has no earlier one to copy: the indicators the seeds'
# offices assess by hand, weighted to 100 points.
DEFAULT_INDICATORS: tuple[tuple[str, Kind, int, dict[str, Any]], ...] = (
    ("按时答复率", Kind.LINEAR, 20, {"figure": "on_time_rate", "full_at": 100, "zero_at": 60}),
    ("超期未答复申请", Kind.DEDUCT, 15, {"figure": "overdue", "per": 3}),
    ("主动公开信息发布及时性", Kind.DEDUCT, 10, {"figure": "published_late", "per": 1}),
    ("主动公开数量", Kind.LINEAR, 15, {"figure": "published", "full_at": 50, "zero_at": 0}),
    ("年度报告按时发布", Kind.REPORT, 10, {"late_share": 0.5}),
    ("复议诉讼被纠正", Kind.DEDUCT, 10, {"figure": "appeals_corrected", "per": 5}),
    ("现场检查", Kind.MANUAL, 10, {"default": 10}),
    ("社会评议", Kind.MANUAL, 10, {"default": None}),
)
