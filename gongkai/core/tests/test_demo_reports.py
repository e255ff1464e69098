"""The demo's annual reports: every finished year published for each reporting organ, the latest year
in the states a disclosure office sees (awaiting review, returned, missing), a correction, imported
history so the city's trend spans five years, and a draft for the current year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.annual_reports import selectors
from gongkai.annual_reports.models import AnnualReport, HistoricalReport
from gongkai.annual_reports.workflow import Status
from gongkai.demo import catalogue as demo_catalogue
from gongkai.demo import city
from gongkai.demo import figures as demo_figures
from gongkai.demo import reports as demo_reports
from gongkai.demo import requests as demo_requests

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SCALE = 0.1
LATEST = NOON.year - 1


class TestDemoReports:
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
            demo_catalogue.build_catalogue(stdout=StringIO(), scale=SCALE)
            demo_figures.build_figures(stdout=StringIO())
            demo_reports.build_reports(stdout=StringIO())
            yield
            transaction.set_rollback(True)

    @pytest.fixture(autouse=True)
    def _db(self, db: None) -> None:
        """Each test runs in a savepoint inside the class's build."""

    def test_every_finished_year_is_published_by_almost_everyone(self) -> None:
        organs = Agency.objects.exclude(kind="public_enterprise").count()
        for year in range(demo_reports.FIRST_YEAR, LATEST):
            published = AnnualReport.objects.filter(year=year, status=Status.PUBLISHED).count()
            assert published == organs, year
        assert AnnualReport.objects.filter(year=LATEST, status=Status.PUBLISHED).count() == organs - 3

    def test_the_latest_year_shows_the_states_an_office_follows(self) -> None:
        def state(name: str) -> str | None:
            report = AnnualReport.objects.filter(agency__name=name, year=LATEST).first()
            return report.status if report else None

        assert state(demo_reports.WAITING) == Status.SUBMITTED
        assert state(demo_reports.RETURNED) == Status.RETURNED
        assert state(demo_reports.MISSING) is None
        returned = AnnualReport.objects.get(agency__name=demo_reports.RETURNED, year=LATEST)
        assert "请补充" in returned.review_comment
        board = selectors.status_board(Agency.objects.get(name=city.ROOT_NAME), LATEST)
        late = [row for row in board if row.overdue]
        assert late
        assert any(row.published_late for row in late)

    def test_published_reports_validate_and_one_was_corrected(self) -> None:
        for report in AnnualReport.objects.filter(status__in=(Status.PUBLISHED, Status.SUPERSEDED)):
            document = report.snapshot_document()
            assert document is not None, report
            assert document.errors == [], report
        corrected = AnnualReport.objects.get(agency__name=demo_reports.CORRECTED, year=LATEST - 1, revision=1)
        assert corrected.status == Status.SUPERSEDED
        correction = AnnualReport.objects.get(corrects=corrected)
        assert correction.status == Status.PUBLISHED
        assert "更正" in correction.correction_note

    def test_the_city_trend_spans_five_years_with_imported_history(self) -> None:
        root = Agency.objects.get(name=city.ROOT_NAME)
        assert HistoricalReport.objects.filter(agency=root).count() == 4
        report = AnnualReport.objects.get(agency=root, year=LATEST, scope="aggregate")
        years = [year for year, _ in selectors.snapshot_trend(report)]
        assert years == list(range(LATEST - 4, LATEST + 1))
        # The imported 2022 report hands over exactly what the records carry into 2023 (V6 holds).
        first = AnnualReport.objects.get(agency=root, year=demo_reports.FIRST_YEAR, scope="aggregate")
        assert not [i for i in first.snapshot_document().issues if i.rule == "V6"]  # type: ignore[union-attr]

    def test_this_year_has_a_draft_in_progress(self) -> None:
        draft = AnnualReport.objects.get(agency__name=demo_reports.DRAFTING, year=NOON.year)
        assert draft.status == Status.DRAFT
        assert draft.overview

    def test_the_city_dashboard_matches_counts_taken_independently(self) -> None:
        """Issue 7: on the demo city, every organ of the subtree is listed and its numbers equal plain
        counts over the records, and the annual report's own selectors."""
        from gongkai.annual_reports.compile import compile_document
        from gongkai.catalogue.models import Item
        from gongkai.disclosure_requests.models import DisclosureRequest
        from gongkai.disclosure_requests.workflow import OPEN, PAUSED
        from gongkai.supervision.indicators import board

        today, year = NOON.date(), LATEST
        root = Agency.objects.get(name=city.ROOT_NAME)
        result = board(root, year, today=today)
        organs = Agency.objects.filter(active=True).exclude(kind="public_enterprise")
        assert {row.agency.pk for row in result.rows} == set(organs.values_list("pk", flat=True))
        requests = list(DisclosureRequest.objects.all())
        assert any(row.overdue for row in result.rows) or not any(
            r.status in OPEN and r.due_on and r.due_on < today for r in requests
        )
        for row in result.rows:
            mine = [r for r in requests if r.agency_id == row.agency.pk]
            assert row.received == sum(1 for r in mine if r.received_on.year == year), row.agency
            assert row.open == sum(1 for r in mine if r.status in OPEN), row.agency
            running = [r for r in mine if r.status in OPEN and r.status not in PAUSED]
            assert row.overdue == sum(1 for r in running if r.due_on is not None and r.due_on < today)
            finalized = [
                r for r in mine if r.finalized_on is not None and r.finalized_on.year == year and r.outcome
            ]
            assert row.replied == len(finalized), row.agency
            items = Item.objects.public().filter(agency=row.agency, published_on__year=year)
            assert row.published == items.count(), row.agency
            assert row.published_late == items.filter(publish_late=True).count(), row.agency
        busiest = sorted(result.rows, key=lambda row: -row.received)[:5]
        for row in busiest:
            figures = compile_document(agency=row.agency, year=year, scope="agency").figures
            assert row.received == figures["requests.new"]
            assert row.replied == figures["outcomes.total"]
            assert row.appeals == figures["reconsideration.total"] + figures["litigation.total"]

    def test_a_district_supervisor_sees_only_the_district(self, client: Any) -> None:
        from django.contrib.auth.models import User

        client.force_login(User.objects.get(username="donghu_supervisor"))
        page = client.get(f"/staff/supervision/?year={LATEST}").content.decode()
        district = Agency.objects.get(name="明湖市东湖区人民政府")
        inside = set(Agency.objects.filter(path__startswith=district.path).values_list("name", flat=True))
        outside = set(Agency.objects.exclude(path__startswith=district.path).values_list("name", flat=True))
        import re

        table = page.split('class="list supervision-table"', 1)[1].split("</table>", 1)[0]
        cells = re.findall(r'<th scope="row">(.*?)</th>', table)
        listed = {re.sub(r"<[^>]+>", "", cell).strip() for cell in cells}
        assert listed
        assert listed <= inside
        assert not listed & outside
