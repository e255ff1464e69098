"""services.figures_save: who may enter, what is accepted (with Chinese messages), the audit row with
its field diff, and "not entered" kept apart from 0."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests.tests.request_factories import on
from gongkai.figures.fields import BY_NAME, FigureError, parse_value
from gongkai.figures.models import AgencyYearFigures
from gongkai.figures.services import figures_save

pytestmark = pytest.mark.django_db


def saved(world, year=2025):
    return AgencyYearFigures.objects.get(agency=world.agency_a, year=year)


def test_a_clerk_enters_figures_and_the_audit_row_lists_the_changes(world):
    with on("2026-01-10"):
        row = figures_save(
            actor=world.clerk_a,
            agency=world.agency_a,
            year=2025,
            values={"licensing_decisions": "1,200", "admin_fees_amount": "35.125", "licensing_change": "-2"},
        )
    assert row is not None
    row.refresh_from_db()
    assert (row.licensing_decisions, row.admin_fees_amount, row.licensing_change) == (
        1200,
        Decimal("35.125"),
        -2,
    )
    assert row.penalty_decisions is None
    assert row.updated_by == world.clerk_a
    entry = AuditEntry.objects.get(action="figures.save")
    assert entry.actor == world.clerk_a
    assert entry.target_id == str(row.pk)
    assert entry.changes == {
        "licensing_decisions": [None, 1200],
        "admin_fees_amount": [None, "35.1250"],
        "licensing_change": [None, -2],
    }


def test_a_second_save_records_only_what_changed_and_a_repeat_records_nothing(world):
    with on("2026-01-10"):
        figures_save(actor=world.clerk_a, agency=world.agency_a, year=2025, values={"licensing_decisions": 5})
        figures_save(
            actor=world.head_a,
            agency=world.agency_a,
            year=2025,
            values={"licensing_decisions": 5, "penalty_decisions": 0, "admin_fees_amount": None},
        )
        figures_save(
            actor=world.head_a, agency=world.agency_a, year=2025, values={"licensing_decisions": "5"}
        )
    entries = list(AuditEntry.objects.filter(action="figures.save").order_by("pk"))
    assert len(entries) == 2
    assert entries[1].changes == {"penalty_decisions": [None, 0]}
    assert entries[1].actor == world.head_a  # 政府信息公开工作机构负责人 (MANAGE_AGENCY)
    assert saved(world).penalty_decisions == 0  # 0 is a stated figure, not a blank


def test_clearing_a_figure_makes_it_blank_again(world):
    with on("2026-01-10"):
        figures_save(actor=None, agency=world.agency_a, year=2025, values={"licensing_decisions": 5})
        figures_save(actor=None, agency=world.agency_a, year=2025, values={"licensing_decisions": ""})
    assert saved(world).licensing_decisions is None
    last = AuditEntry.objects.filter(action="figures.save").order_by("-pk").first()
    assert last is not None
    assert last.changes == {"licensing_decisions": [5, None]}


def test_entering_nothing_creates_nothing(world):
    with on("2026-01-10"):
        assert (
            figures_save(
                actor=world.clerk_a, agency=world.agency_a, year=2025, values={"licensing_decisions": ""}
            )
            is None
        )
    assert not AgencyYearFigures.objects.exists()
    assert not AuditEntry.objects.filter(action="figures.save").exists()


@pytest.mark.parametrize("persona", ["clerk_b", "reviewer_a", "city_supervisor", "district_clerk"])
def test_only_the_agencys_own_staff_may_enter(world, persona):
    with on("2026-01-10"), pytest.raises(NotAllowed, match="您没有填报明湖市教育局年度报告数据的权限"):
        figures_save(
            actor=getattr(world, persona), agency=world.agency_a, year=2025, values={"licensing_decisions": 1}
        )
    assert not AgencyYearFigures.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"licensing_decisions": "-1"}, "licensing_decisions", "行政许可本年处理决定数量应为不小于0的整数"),
        (
            {"penalty_decisions": "3.5"},
            "penalty_decisions",
            "行政处罚本年处理决定数量应为不小于0的整数，不能是“3.5”",
        ),
        ({"enforcement_decisions": "十"}, "enforcement_decisions", "应为不小于0的整数"),
        ({"licensing_change": "+-2"}, "licensing_change", "行政许可本年增/减应为整数（可为负数）"),
        ({"admin_fees_amount": "1.23456"}, "admin_fees_amount", "最多保留4位小数"),
        ({"admin_fees_amount": "-0.5"}, "admin_fees_amount", "行政事业性收费本年收费金额（万元）不能为负数"),
        ({"procurement_amount": "1e20"}, "procurement_amount", "数值过大"),
        ({"admin_fees_amount": "abc"}, "admin_fees_amount", "应为以万元为单位的数字"),
        ({"procurement_items": True}, "procurement_items", "的值无效"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_change_nothing(world, values, field, message):
    with on("2026-01-10"):
        figures_save(actor=None, agency=world.agency_a, year=2025, values={"licensing_decisions": 9})
        with pytest.raises(InvalidInput) as caught:
            figures_save(
                actor=world.clerk_a,
                agency=world.agency_a,
                year=2025,
                values={"licensing_decisions": 10, **values},
            )
    assert message in caught.value.fields[field]
    assert saved(world).licensing_decisions == 9  # the valid part of the rejected input was not saved


def test_signed_changes_and_full_width_digits_are_accepted(world):
    with on("2026-01-10"):
        figures_save(
            actor=None,
            agency=world.agency_a,
            year=2025,
            values={"licensing_change": "−3", "penalty_change": "+2", "procurement_items": "１２"},
        )
    row = saved(world)
    assert (row.licensing_change, row.penalty_change, row.procurement_items) == (-3, 2, 12)


@pytest.mark.parametrize(("year", "ok"), [(2007, False), (2008, True), (2027, True), (2028, False)])
def test_the_year_runs_from_2008_to_next_year(world, year, ok):
    with on("2026-05-05"):
        if ok:
            figures_save(actor=None, agency=world.agency_a, year=year, values={"licensing_decisions": 1})
        else:
            with pytest.raises(InvalidInput, match="年度应在2008年至2027年之间"):
                figures_save(actor=None, agency=world.agency_a, year=year, values={"licensing_decisions": 1})
    assert AgencyYearFigures.objects.filter(year=year).exists() == ok


def test_unknown_figures_are_refused(world):
    with on("2026-01-10"), pytest.raises(InvalidInput, match="未知的填报项目：licensing"):
        figures_save(actor=None, agency=world.agency_a, year=2025, values={"licensing": 1})


def test_amounts_are_kept_to_the_yuan():
    field = BY_NAME["admin_fees_amount"]
    assert parse_value(field, "1234.5678") == Decimal("1234.5678")
    assert parse_value(field, "1.20000") == Decimal("1.2000")  # trailing zeros are not extra precision
    assert parse_value(field, " ") is None
    with pytest.raises(FigureError):
        parse_value(field, "10000000000")  # 10^10 万元 is beyond any agency's fees
