"""The scoring rules as plain arithmetic: every kind, both directions of the linear rule, the edges,
missing data, validation of parameters, ranking with ties, and the frozen JSON round trip."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.assessments import scoring
from gongkai.assessments.scoring import (
    AgencyInput,
    IndicatorSpec,
    Kind,
    Outcome,
    RuleError,
    assess,
    ranks,
    score,
    standard,
    validate,
)

D = Decimal


def linear(value: Any, *, full_at: Any = 100, zero_at: Any = 60, when_none: str = "full") -> Decimal | None:
    params = {"figure": "on_time_rate", "full_at": full_at, "zero_at": zero_at, "when_none": when_none}
    return score(Kind.LINEAR, D(20), params, {"on_time_rate": value})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, "20.00"),
        (100.0, "20.00"),
        (120, "20.00"),  # above the target is still full marks
        (80, "10.00"),  # half way
        (90, "15.00"),
        (66.7, "3.35"),  # 20 × 6.7/40 = 3.35 exactly
        (60, "0.00"),
        (10, "0.00"),  # below the floor is never negative
        (0, "0.00"),
    ],
)
def test_linear_higher_is_better(value: Any, expected: str) -> None:
    assert linear(value) == D(expected)


@pytest.mark.parametrize(
    ("days", "expected"),
    [(3, "10.00"), (5, "10.00"), (10, "5.00"), (15, "0.00"), (40, "0.00"), (7.5, "7.50")],
)
def test_linear_lower_is_better(days: Any, expected: str) -> None:
    params = {"figure": "average_reply_days", "full_at": 5, "zero_at": 15}
    assert score(Kind.LINEAR, D(10), params, {"average_reply_days": days}) == D(expected)


def test_linear_rounds_half_up_to_hundredths() -> None:
    # 20 × 1/3 = 6.666… → 6.67; 15 × 0.0345/… checked via a value landing on .xx5
    assert linear(200 / 3, full_at=100, zero_at=0) == D("13.33")
    params = {"figure": "published", "full_at": 8, "zero_at": 0}
    assert score(Kind.LINEAR, D(1), params, {"published": 1}) == D("0.13")  # 0.125 → 0.13


def test_linear_without_data_scores_as_configured() -> None:
    assert linear(None) == D(20)
    assert linear(None, when_none="zero") == D(0)
    # A figure missing from the mapping altogether is "no data" too.
    assert score(Kind.LINEAR, D(20), {"figure": "on_time_rate", "full_at": 100, "zero_at": 60}, {}) == D(20)


@pytest.mark.parametrize(
    ("count", "per", "free", "expected"),
    [
        (0, 2, 0, "15.00"),
        (1, 2, 0, "13.00"),
        (7, 2, 0, "1.00"),
        (8, 2, 0, "0.00"),  # exactly exhausted
        (50, 2, 0, "0.00"),  # never below zero
        (2, 2, 2, "15.00"),  # within the allowance
        (3, 2, 2, "13.00"),
        (3, "0.5", 0, "13.50"),
        (None, 2, 0, "15.00"),  # nothing counted
    ],
)
def test_deduct(count: Any, per: Any, free: int, expected: str) -> None:
    params = {"figure": "overdue", "per": per, "free": free}
    assert score(Kind.DEDUCT, D(15), params, {"overdue": count}) == D(expected)


@pytest.mark.parametrize(
    ("state", "share", "expected"),
    [
        ("on_time", 0.5, "10.00"),
        ("pending", 0.5, "10.00"),  # not yet due: nothing to deduct
        ("late", 0.5, "5.00"),
        ("late", 0, "0.00"),
        ("late", 1, "10.00"),
        ("late", 0.25, "2.50"),
        ("missing", 0.5, "0.00"),
        (None, 0.5, "0.00"),
    ],
)
def test_report(state: str | None, share: Any, expected: str) -> None:
    assert score(Kind.REPORT, D(10), {"late_share": share}, {"report": state}) == D(expected)


def test_manual() -> None:
    assert score(Kind.MANUAL, D(10), {"default": None}, {}, D("7.5")) == D("7.50")
    assert score(Kind.MANUAL, D(10), {"default": None}, {}, D(12)) == D(10)  # clamped to the weight
    assert score(Kind.MANUAL, D(10), {"default": None}, {}, D(-1)) == D(0)
    assert score(Kind.MANUAL, D(10), {"default": None}, {}) is None
    assert score(Kind.MANUAL, D(10), {"default": 10}, {}) == D(10)
    assert score(Kind.MANUAL, D(10), {"default": 10}, {}, D(4)) == D(4)  # an entry beats the default
    assert score(Kind.MANUAL, D(10), {}, {}) is None


def test_manual_entry_is_ignored_by_computed_rules() -> None:
    params = {"figure": "overdue", "per": 2}
    assert score(Kind.DEDUCT, D(10), params, {"overdue": 1}, D(0)) == D(8)


# --- validation --------------------------------------------------------------------------------------


def test_validate_normalises_and_keeps_only_the_kinds_keys() -> None:
    assert validate(
        "linear",
        20,
        {"figure": "on_time_rate", "full_at": "95", "zero_at": D(60), "per": 3, "junk": 1},
    ) == {"figure": "on_time_rate", "full_at": 95, "zero_at": 60, "when_none": "full"}
    assert validate("deduct", "15", {"figure": "overdue", "per": "2.5"}) == {
        "figure": "overdue",
        "per": 2.5,
        "free": 0,
    }
    assert validate("report", 10, {}) == {"late_share": 0.5}
    assert validate("report", 10, {"late_share": "0"}) == {"late_share": 0}
    assert validate("manual", 10, {}) == {"default": None}
    assert validate("manual", 10, {"default": ""}) == {"default": None}
    assert validate("manual", 10, {"default": "8"}) == {"default": 8}


@pytest.mark.parametrize(
    ("kind", "weight", "params", "field"),
    [
        ("bonus", 10, {}, "kind"),
        ("manual", 0, {}, "weight"),
        ("manual", -5, {}, "weight"),
        ("manual", 101, {}, "weight"),
        ("manual", "abc", {}, "weight"),
        ("manual", "1.005", {}, "weight"),
        ("manual", True, {}, "weight"),
        ("manual", "NaN", {}, "weight"),
        ("linear", 10, {"full_at": 1, "zero_at": 0}, "figure"),
        ("linear", 10, {"figure": "report", "full_at": 1, "zero_at": 0}, "figure"),
        ("linear", 10, {"figure": "published", "zero_at": 0}, "full_at"),
        ("linear", 10, {"figure": "published", "full_at": 5, "zero_at": 5}, "zero_at"),
        ("linear", 10, {"figure": "published", "full_at": 5, "zero_at": "x"}, "zero_at"),
        ("linear", 10, {"figure": "published", "full_at": 5, "zero_at": 0, "when_none": "half"}, "when_none"),
        ("deduct", 10, {"figure": "overdue"}, "per"),
        ("deduct", 10, {"figure": "overdue", "per": 0}, "per"),
        ("deduct", 10, {"figure": "overdue", "per": 1, "free": -1}, "free"),
        ("deduct", 10, {"figure": "overdue", "per": 1, "free": 1.5}, "free"),
        ("report", 10, {"late_share": 1.5}, "late_share"),
        ("report", 10, {"late_share": -0.1}, "late_share"),
        ("manual", 10, {"default": 11}, "default"),
        ("manual", 10, {"default": -1}, "default"),
    ],
)
def test_validate_refuses_nonsense(kind: str, weight: Any, params: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleError) as caught:
        validate(kind, weight, params)
    assert caught.value.field == field
    assert caught.value.message  # a sentence for the office staff


# --- the standard in words -----------------------------------------------------------------------------


def test_standard_describes_each_rule() -> None:
    assert standard("linear", D(20), {"figure": "on_time_rate", "full_at": 100, "zero_at": 60}) == (
        "按时答复率达到100%得20分，不高于60%得0分，其间按比例计分；无数据的得满分"
    )
    assert "不超过5个工作日得10分" in standard(
        "linear", D(10), {"figure": "average_reply_days", "full_at": 5, "zero_at": 15, "when_none": "zero"}
    )
    assert standard("deduct", D(15), {"figure": "overdue", "per": 3, "free": 0}) == (
        "超期未答复申请数每件扣3分，扣完15分为止"
    )
    assert "（1件以内不扣分）" in standard("deduct", D(15), {"figure": "overdue", "per": 3, "free": 1})
    assert standard("report", D(10), {"late_share": 0.5}) == (
        "上一年度工作年度报告按时发布得10分，逾期发布得5分，逾期未发布不得分"
    )
    assert "逾期发布不得分" in standard("report", D(10), {"late_share": 0})
    assert standard("manual", D(10), {"default": None}) == "由考评机关评定，满分10分"
    assert standard("manual", D("7.5"), {"default": 7.5}).endswith("未录入的按7.5分计")
    spec = IndicatorSpec(1, "自定义", "manual", D(10), {"default": None}, description="按检查记录评定")
    assert spec.standard == "按检查记录评定"


def test_every_default_indicator_is_valid_and_they_add_up_to_100() -> None:
    total = D(0)
    for _, kind, weight, params in scoring.DEFAULT_INDICATORS:
        assert validate(kind, weight, params)
        total += weight
    assert total == scoring.FULL_MARKS


# --- ranking and totals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ([], []),
        (["90"], [1]),
        (["90", "80", "70"], [1, 2, 3]),
        (["70", "90", "80"], [3, 1, 2]),
        (["90", "90", "80"], [1, 1, 3]),
        (["80", "90", "90", "90", "70"], [4, 1, 1, 1, 5]),
        (["50", "50"], [1, 1]),
        (["90.01", "90.00"], [1, 2]),
    ],
)
def test_ranks_share_places_on_ties(totals: list[str], expected: list[int]) -> None:
    assert ranks([D(t) for t in totals]) == expected


def _spec(key: int, kind: str, weight: int, **params: Any) -> IndicatorSpec:
    return IndicatorSpec(key, f"指标{key}", kind, D(weight), validate(kind, weight, params))


def _agency(key: int, name: str, **figures: Any) -> AgencyInput:
    manual = figures.pop("manual", {})
    return AgencyInput(key, name, f"code{key}", f"{key:08d}.", figures, manual=manual)


SPECS = [
    _spec(1, "linear", 50, figure="on_time_rate", full_at=100, zero_at=0),
    _spec(2, "deduct", 30, figure="overdue", per=10),
    _spec(3, "manual", 20),
]


def test_assess_totals_ranks_and_orders() -> None:
    results = assess(
        SPECS,
        [
            _agency(1, "甲", on_time_rate=50.0, overdue=1, manual={3: D(15)}),
            _agency(2, "乙", on_time_rate=100.0, overdue=0, manual={3: D(20)}),
            _agency(3, "丙", on_time_rate=None, overdue=0, manual={3: D(20)}),
            _agency(4, "丁", on_time_rate=80.0, overdue=5),
        ],
    )
    assert [(r.name, r.total, r.rank) for r in results] == [
        ("乙", D("100.00"), 1),
        ("丙", D("100.00"), 1),  # a tie keeps the given (tree) order
        ("甲", D("60.00"), 3),
        ("丁", D("40.00"), 4),
    ]
    ding = results[-1]
    assert ding.scores == {1: D("40.00"), 2: D("0.00"), 3: None}
    assert ding.missing == [3]
    assert results[0].missing == []


def test_the_total_is_the_sum_of_the_rounded_scores() -> None:
    specs = [_spec(k, "linear", 10, figure="published", full_at=3, zero_at=0) for k in (1, 2, 3)]
    (result,) = assess(specs, [_agency(1, "甲", published=1)])
    assert result.scores == {1: D("3.33"), 2: D("3.33"), 3: D("3.33")}
    assert result.total == D("9.99")  # not 10.00: the 通报's columns add up to its total


def test_outcome_round_trips_through_json() -> None:
    rows = assess(SPECS, [_agency(1, "甲", on_time_rate=50.0, overdue=1, manual={3: D(15)}, report="late")])
    outcome = Outcome("2026-02-10", 2024, D(60), SPECS, rows)
    data = outcome.to_json()
    import json

    again = Outcome.from_json(json.loads(json.dumps(data)))
    assert again.to_json() == data
    assert again.rows[0].scores == rows[0].scores
    assert again.rows[0].figures["report"] == "late"
    assert again.indicators[0].weight == D(50)
    assert again.below_threshold == []
    assert outcome.weight_total == D(100)
    with pytest.raises(ValueError, match="version"):
        Outcome.from_json({**data, "version": 99})


def test_figure_text() -> None:
    assert scoring.figure_text("on_time_rate", 87.5) == "87.5%"
    assert scoring.figure_text("on_time_rate", None) == "无数据"
    assert scoring.figure_text("overdue", 3) == "3件"
    assert scoring.figure_text("report", "late") == "逾期发布"
    assert scoring.figure_text(None, 1) == ""
