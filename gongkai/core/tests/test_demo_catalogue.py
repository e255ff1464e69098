"""`gongkai demo`'s 政府信息公开目录: items in every state and 第二十条 category, 索引号 per agency and year,
late publications, repealed documents, withdrawals with reasons, 回应解读, annual reports, 指南, and a
review queue with personal data for the reviewer to find — all through the catalogue services."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.db.models import Max

from gongkai.agencies.models import Agency
from gongkai.catalogue import services
from gongkai.catalogue.categories import Category, DocKind, Genre, Validity
from gongkai.catalogue.models import Guide, Item, ItemEvent
from gongkai.catalogue.workflow import Status
from gongkai.core.identifiers import validate_resident_id
from gongkai.core.workdays import WorkingDayCalendar, load_bundled_schedules
from gongkai.demo import catalogue as demo_catalogue
from gongkai.demo import city
from gongkai.demo import figures as demo_figures
from gongkai.demo import requests as demo_requests
from gongkai.figures.models import AgencyYearFigures
from gongkai.figures.selectors import table_two

TODAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SCALE = 0.1
INDEX_NUMBER = re.compile(r"^[0-9A-Z]{9}/(\d{4})-(\d{5})$")


def test_the_full_plan_is_a_few_thousand_items_and_the_same_on_every_call() -> None:
    cal = WorkingDayCalendar(load_bundled_schedules())
    agencies = [
        Agency(name=s.name, short_name=s.short_name, kind=s.kind, level=s.level, code=s.code)
        for s in city.demo_plan()
    ]
    plans = demo_catalogue.plan_catalogue(agencies=agencies, today=TODAY, cal=cal)
    again = demo_catalogue.plan_catalogue(agencies=agencies, today=TODAY, cal=cal)
    assert [(p.title, p.created_on, p.published_on, p.document_number) for p in plans] == [
        (p.title, p.created_on, p.published_on, p.document_number) for p in again
    ]
    published = [p for p in plans if p.published_on is not None]
    assert 2000 <= len(published) <= 4000
    assert all(p.created_on <= TODAY and (p.published_on or TODAY) <= TODAY for p in plans)
    assert {p.agency_index for p in plans} == set(range(len(agencies)))
    reports = {(p.agency_index, p.report_year) for p in plans if p.report_year is not None}
    assert reports == {(i, y) for i in range(len(agencies)) for y in (2023, 2024, 2025)}
    late = sum(p.late for p in published) / len(published)
    assert 0.03 < late < 0.08
    # 规章 only from the city government, which alone may make them.
    regulations = {agencies[p.agency_index].name for p in plans if p.template.kind == DocKind.REGULATION}
    assert regulations <= {city.ROOT_NAME}


class TestBuiltCatalogue:
    """One small build, shared by the read-only checks below (rolled back when the class is done)."""

    output = ""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def built(cls, django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
        with (
            time_machine.travel(NOON, tick=False),
            django_db_blocker.unblock(),
            demo_requests.mail_to_nowhere(),
            transaction.atomic(),
        ):
            city.build_city(stdout=StringIO())
            demo_requests.build_requests(stdout=StringIO(), scale=SCALE)
            out = StringIO()
            demo_catalogue.build_catalogue(stdout=out, scale=SCALE)
            demo_figures.build_figures(stdout=out)
            cls.output = out.getvalue()
            yield
            transaction.set_rollback(True)

    @pytest.fixture(autouse=True)
    def _db(self, db: None) -> None:
        """Each test runs in a savepoint inside the class's build."""

    def test_table_two_of_the_city_is_complete_for_last_year(self) -> None:
        root = Agency.objects.get(parent=None)
        last_year = NOON.year - 1
        table = table_two(root, last_year, layout="2021", scope="aggregate")
        cells = {(row.key, cell.column): cell.value for row in table.rows for cell in row.cells}
        assert all(value is not None for value in cells.values()), cells
        assert any(value for (row, _), value in cells.items() if row in ("licensing", "penalties")), cells
        # One department has not reported its latest figures: blank, never 0.
        assert (
            AgencyYearFigures.objects.filter(year=last_year).count()
            < AgencyYearFigures.objects.filter(year=last_year - 1).count()
        )
        assert "表二填报数据" in self.output

    def test_items_in_every_status_and_category(self) -> None:
        assert set(Item.objects.values_list("status", flat=True)) == set(Status.values)
        published = Item.objects.public()
        assert set(published.values_list("category", flat=True)) == set(Category.values)
        assert Item.objects.published().filter(kind=DocKind.REGULATION).exists()
        assert Item.objects.published().filter(kind=DocKind.NORMATIVE_DOCUMENT).exists()
        assert "条主动公开信息" in self.output

    def test_index_numbers_count_per_agency_and_year_in_publication_order(self) -> None:
        rows = Item.objects.public().order_by("agency_id", "published_on", "pk")
        last: dict[tuple[int, int], int] = {}
        for agency_id, number, published_on, agency_code in rows.values_list(
            "agency_id", "index_number", "published_on", "agency__code"
        ):
            assert number is not None
            assert published_on is not None
            match = INDEX_NUMBER.match(number)
            assert match is not None, number
            assert number.startswith(agency_code[8:17])
            year, serial = int(match[1]), int(match[2])
            assert year == published_on.year
            assert serial == last.get((agency_id, year), 0) + 1, number
            last[agency_id, year] = serial
        assert (
            not Item.objects.exclude(status__in=(Status.PUBLISHED, Status.WITHDRAWN))
            .exclude(index_number=None)
            .exists()
        )

    def test_nothing_is_dated_after_today(self) -> None:
        latest = Item.objects.aggregate(c=Max("created_on"), p=Max("published_on"), w=Max("withdrawn_on"))
        assert all(day <= TODAY for day in latest.values())
        assert Item.objects.aggregate(y=Max("validity_changed_on"))["y"] <= TODAY

    def test_some_are_late_some_repealed_or_expired_some_withdrawn_with_reasons(self) -> None:
        published = Item.objects.public()
        late = published.late()
        assert late.exists()
        assert all((i.publish_workdays or 0) > 20 for i in late)
        assert not published.filter(publish_late=False, publish_workdays__gt=20).exists()
        changed = published.filter(validity__in=(Validity.REPEALED, Validity.EXPIRED))
        assert changed.exists()
        assert not changed.filter(validity_changed_on=None).exists()
        withdrawn = Item.objects.filter(status=Status.WITHDRAWN)
        assert withdrawn.count() >= 3
        assert not withdrawn.filter(withdrawn_reason="").exists()

    def test_interpretations_answer_published_documents(self) -> None:
        answers = Item.objects.public().exclude(interpretation_kind="")
        assert answers.exists()
        for item in answers:
            linked = list(item.answers.all())
            assert linked, item.title
            assert all(doc.is_public and doc.kind != DocKind.OTHER for doc in linked)

    def test_annual_reports_for_each_finished_year(self) -> None:
        """The small build keeps the governments' reports (the full plan has every agency's, above)."""
        reports = Item.objects.published().filter(
            genre=Genre.REPORT, title__endswith="政府信息公开工作年度报告"
        )
        governments = Agency.objects.filter(kind="government")
        expected = {(a.pk, y) for a in governments for y in (2023, 2024, 2025)}
        found = {(r.agency_id, int(r.title[len(r.agency.name) : len(r.agency.name) + 4])) for r in reports}
        assert expected <= found
        assert len({agency for agency, _ in found}) > governments.count()
        assert all(
            r.published_on is not None and r.published_on <= date(r.published_on.year, 1, 31) for r in reports
        )

    def test_guides_for_the_governments_and_some_departments(self) -> None:
        governments = Agency.objects.filter(kind="government", level__in=("city", "county"))
        assert set(Guide.objects.values_list("agency_id", flat=True)) >= set(
            governments.values_list("pk", flat=True)
        )
        assert Guide.objects.filter(agency__kind="department").count() >= 3
        root = Guide.objects.get(agency__name=city.ROOT_NAME)
        assert root.agency.office_phone in root.body

    def test_the_reviewer_finds_a_queue_with_personal_data_to_redact(self) -> None:
        agency = Agency.objects.get(name=demo_catalogue.REVIEW_AGENCY)
        queue = Item.objects.filter(agency=agency).exclude(status__in=(Status.PUBLISHED, Status.WITHDRAWN))
        assert set(queue.values_list("status", flat=True)) >= {
            Status.DRAFT,
            Status.SUBMITTED,
            Status.APPROVED,
        }
        flagged = [item for item in queue.filter(status=Status.SUBMITTED) if services.unresolved_pii(item)]
        assert len(flagged) == 1
        (hit,) = services.unresolved_pii(flagged[0])
        assert hit.kind == "resident_id"
        number = re.search(r"\d{17}[\dX]", flagged[0].body)
        assert number is not None
        assert validate_resident_id(number[0], today=TODAY).startswith(
            "3599"
        )  # valid, and in a prefecture that does not exist
        assert queue.filter(status=Status.DRAFT).exclude(review_comment="").exists()  # a returned draft

    def test_two_replied_requests_became_drafts(self) -> None:
        drafts = Item.objects.exclude(source_request=None)
        assert drafts.count() == 2
        assert len({d.agency_id for d in drafts}) == 2
        assert all(d.status == Status.DRAFT for d in drafts)

    def test_every_published_item_went_through_review_and_publication(self) -> None:
        item = Item.objects.published().order_by("pk").first()
        assert item is not None
        assert list(ItemEvent.objects.filter(item=item).values_list("action", flat=True))[:4] == [
            "create",
            "submit",
            "approve",
            "publish",
        ]
        assert item.review_checklist == dict.fromkeys(services.REVIEW_CHECKLIST, True)
