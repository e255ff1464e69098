"""Service tests of the annual report's workflow: drafting with a prefilled 总体情况 that is never
regenerated over edits, submission blocked by errors and unacknowledged warnings, review by the
overseeing office only, publication freezing the figures, corrections as new revisions, audit rows."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.annual_reports import selectors, services
from gongkai.annual_reports.document import Issue
from gongkai.annual_reports.models import AnnualReport, HistoricalReport, ReportEvent, due_date
from gongkai.annual_reports.workflow import Status
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.tests.request_factories import accepted, applicant_of, counter, on

YEAR = 2025
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _february_2026() -> Any:
    """The reports of 2025 are written in early 2026."""
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def office(world: Any) -> Any:
    """明湖市人民政府办公室, the city's 政府信息公开工作主管部门, with its office head."""
    agency = agency_services.agency_create(
        actor=None,
        name="明湖市人民政府办公室",
        kind="department",
        level="city",
        code=fictional_uscc(90),
        parent=world.city,
    )
    type(agency).objects.filter(pk=agency.pk).update(oversees_disclosure=True)
    head, _ = agency_services.staff_create(
        actor=None,
        username="city_office_head",
        agency=agency,
        role="office_head",
        password="Persona-pass-2026",
    )
    return head


def _request(world: Any, on_day: date, serial: int = 10) -> Any:
    return counter(world, on_day.isoformat(), applicant=applicant_of("natural_person", serial))


@pytest.fixture
def activity(world: Any) -> list[Any]:
    """Three requests at 教育局 in 2025: two replied, one still open at the year end."""
    first = accepted(world, "2025-03-03")
    with on("2025-03-10"):
        request_services.request_reply(
            actor=world.clerk_a,
            request=first,
            outcome="r1_open",
            replied_on=date(2025, 3, 10),
            text="予以公开",
        )
    second = accepted(world, "2025-06-03", applicant=applicant_of("commercial", 2))
    with on("2025-06-09"):
        request_services.request_reply(
            actor=world.clerk_a, request=second, outcome="r4_1", replied_on=date(2025, 6, 9), text="不掌握"
        )
    third = counter(world, "2025-12-29", applicant=applicant_of("natural_person", 3))
    return [first, second, third]


def _submit(report: AnnualReport, actor: Any) -> AnnualReport:
    document = selectors.current_document(report, live=True)
    return services.report_submit(
        actor=actor, report=report, acknowledge=[services.warning_key(i) for i in document.warnings]
    )


def test_a_new_report_is_prefilled_from_the_records(world: Any, activity: Any) -> None:
    report = services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    assert report.status == Status.DRAFT
    assert report.format == "2021"
    assert "全年新收政府信息公开申请3件" in report.overview
    assert "结转下年度继续办理1件" in report.overview
    assert "未收取信息处理费" in report.other
    document = selectors.current_document(report)
    assert document.tables["requests"]["rows"]["new"] == [2, 1, 0, 0, 0, 0, 3]
    assert document.tables["requests"]["rows"]["r4_1"][6] == 1
    assert document.errors == []
    assert AuditEntry.objects.filter(action="annual_report.create", target_id=str(report.pk)).exists()


def test_creation_is_refused_clearly(world: Any) -> None:
    services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    with pytest.raises(InvalidInput, match="已存在"):
        services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    with pytest.raises(InvalidInput, match="只能导入"):
        services.report_create(actor=world.clerk_a, agency=world.agency_a, year=2017)
    with pytest.raises(InvalidInput, match="尚未开始"):
        services.report_create(actor=world.clerk_a, agency=world.agency_a, year=2027)
    with pytest.raises(NotAllowed):
        services.report_create(actor=world.clerk_b, agency=world.agency_a, year=2024)
    assert AnnualReport.objects.count() == 1


def test_the_generated_overview_follows_the_records_until_staff_edit_it(world: Any, activity: Any) -> None:
    report = services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    _request(world, date(2025, 7, 1), 11)
    document = selectors.current_document(report)
    assert services.refresh_untouched_overview(report, document)
    assert "全年新收政府信息公开申请4件" in AnnualReport.objects.get(pk=report.pk).overview

    services.report_edit(
        actor=world.clerk_a, report=report, overview="我们自己写的总体情况。", problems="", other="无。"
    )
    _request(world, date(2025, 8, 1), 12)
    report.refresh_from_db()
    assert not services.refresh_untouched_overview(report, selectors.current_document(report))
    assert AnnualReport.objects.get(pk=report.pk).overview == "我们自己写的总体情况。"
    # Only an explicit request replaces edited text.
    services.report_regenerate_overview(actor=world.clerk_a, report=report)
    assert "全年新收政府信息公开申请5件" in AnnualReport.objects.get(pk=report.pk).overview


def test_errors_block_submission_and_change_nothing(
    world: Any, activity: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    broken = [
        Issue(
            "V3",
            "error",
            "requests.total",
            "表三“总计”列：新收3＋上年结转0＝3，但办理结果总计2＋结转下年度0＝2",
        )
    ]
    monkeypatch.setattr(selectors, "validate", lambda *a, **k: broken)
    with pytest.raises(services.ValidationFailed, match="新收3") as failure:
        services.report_submit(actor=world.clerk_a, report=report)
    assert failure.value.fields == {"requests.total": broken[0].message}
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert report.snapshot is None


def test_warnings_need_an_acknowledgement(world: Any, activity: Any) -> None:
    # Last year's imported report said 2 applications were carried over; the records carry none (V6).
    HistoricalReport.objects.create(
        agency=world.agency_a,
        year=2024,
        scope="agency",
        format="2021",
        document={"year": 2024, "format": "2021", "figures": {"requests.carried_out": 2}},
    )
    report = services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    document = selectors.current_document(report)
    assert [i.rule for i in document.warnings] == ["V6"]
    with pytest.raises(services.ValidationFailed, match="尚未确认"):
        services.report_submit(actor=world.clerk_a, report=report)
    report = services.report_submit(
        actor=world.clerk_a, report=report, acknowledge=[services.warning_key(document.warnings[0])]
    )
    assert report.status == Status.SUBMITTED
    assert report.acknowledged == [services.warning_key(document.warnings[0])]


def test_a_year_that_has_not_ended_cannot_be_submitted(world: Any) -> None:
    report = services.report_create(actor=world.clerk_a, agency=world.agency_a, year=2026)
    with pytest.raises(InvalidInput, match="尚未结束"):
        services.report_submit(actor=world.clerk_a, report=report)


def test_only_the_overseeing_office_or_a_supervisor_reviews(world: Any, office: Any, activity: Any) -> None:
    report = _submit(
        services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR), world.clerk_a
    )
    for outsider in (world.clerk_a, world.head_a, world.clerk_b, world.district_supervisor):
        with pytest.raises(NotAllowed):
            services.report_accept(actor=outsider, report=report)
    with pytest.raises(InvalidInput, match="审核意见"):
        services.report_return(actor=office, report=report, comment="  ")
    report = services.report_return(actor=office, report=report, comment="请补充上年问题的整改情况。")
    assert report.status == Status.RETURNED
    assert report.snapshot is None
    assert report.review_comment == "请补充上年问题的整改情况。"
    services.report_edit(
        actor=world.clerk_a,
        report=report,
        overview=report.overview,
        problems="已补充整改情况。",
        other=report.other,
    )
    report = _submit(report, world.clerk_a)
    report = services.report_accept(actor=world.city_supervisor, report=report)
    assert report.status == Status.ACCEPTED
    with pytest.raises(IllegalTransition):
        services.report_edit(actor=world.clerk_a, report=report, overview="", problems="", other="")


def test_a_published_report_is_frozen_and_corrected_by_a_new_revision(
    world: Any, office: Any, activity: Any
) -> None:
    report = _submit(
        services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR), world.clerk_a
    )
    report = services.report_accept(actor=office, report=report)
    report = services.report_publish(actor=world.head_a, report=report)
    assert report.status == Status.PUBLISHED
    assert report.published_at is not None

    _request(world, date(2025, 9, 1), 13)  # a late-registered application
    frozen = selectors.current_document(report)
    assert frozen.figures["requests.new"] == 3
    assert selectors.current_document(report, live=True).figures["requests.new"] == 4

    correction = services.report_correct(actor=world.clerk_a, report=report, note="")
    assert correction.revision == 2
    assert correction.status == Status.DRAFT
    with pytest.raises(InvalidInput, match="已有正在办理的更正版本"):
        services.report_correct(actor=world.clerk_a, report=report, note="再次更正")
    with pytest.raises(InvalidInput, match="更正说明"):
        _submit(correction, world.clerk_a)
    correction = services.report_edit(
        actor=world.clerk_a,
        report=correction,
        overview=correction.overview,
        problems=correction.problems,
        other=correction.other,
        correction_note="补登一件9月收到的申请。",
    )
    correction = _submit(correction, world.clerk_a)
    correction = services.report_accept(actor=office, report=correction)
    services.report_publish(actor=office, report=correction)
    report.refresh_from_db()
    assert report.status == Status.SUPERSEDED
    assert selectors.published_report(world.agency_a, YEAR, "agency") == correction
    assert selectors.current_document(correction).figures["requests.new"] == 4
    assert (
        selectors.current_document(report).figures["requests.new"] == 3
    )  # the old revision stays as published
    actions = list(ReportEvent.objects.filter(report=report).values_list("action", flat=True))
    assert actions == ["create", "submit", "accept", "publish", "supersede"]
    audited = set(AuditEntry.objects.filter(target_id=str(correction.pk)).values_list("action", flat=True))
    assert {
        "annual_report.correct",
        "annual_report.edit",
        "annual_report.submit",
        "annual_report.publish",
    } <= audited


def test_due_dates_follow_article_49(world: Any) -> None:
    assert due_date(world.agency_a, 2025) == date(2026, 1, 31)
    assert due_date(world.city, 2025) == date(2026, 3, 31)


def test_the_status_board_shows_every_agency_of_the_subtree(world: Any, office: Any, activity: Any) -> None:
    report = _submit(
        services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR), world.clerk_a
    )
    rows = {row.agency.name: row for row in selectors.status_board(world.city, YEAR)}
    assert set(rows) >= {"明湖市人民政府", "明湖市教育局", "明湖市公安局", "东湖区教育局"}
    assert rows["明湖市教育局"].report == report
    assert rows["明湖市教育局"].status_label == "已报送待审核"
    assert rows["明湖市教育局"].overdue  # 10 February, due 31 January
    assert rows["明湖市公安局"].report is None
    assert rows["明湖市公安局"].overdue
    assert not rows["明湖市人民政府"].overdue  # governments have until 31 March
    district_rows = selectors.status_board(world.district, YEAR)
    assert {row.agency.name for row in district_rows} == {
        "明湖市东湖区人民政府",
        "东湖区教育局",
        "东湖区湖滨街道办事处",
    }


def test_the_api_gives_the_published_document_or_the_compiled_figures(
    world: Any, office: Any, activity: Any, client: Client
) -> None:
    code = world.agency_a.code
    draft = services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    body = client.get(f"/api/v1/annual-reports/{code}/{YEAR}").json()
    assert body["status"] == "compiled"
    assert body["sections"] == {}
    assert body["tables"]["requests"]["rows"]["new"][6] == 3
    assert body["figures"]["requests.new"] == 3
    assert body["format"] == "2021"
    assert body["agency"] == {"code": code, "name": "明湖市教育局"}

    report = _submit(draft, world.clerk_a)
    report = services.report_accept(actor=office, report=report)
    services.report_publish(actor=office, report=report)
    body = client.get(f"/api/v1/annual-reports/{code}/{YEAR}?scope=agency").json()
    assert body["status"] == "published"
    assert body["sections"]["overview"].startswith("2025年")
    assert client.get(f"/api/v1/annual-reports/{code}/{YEAR}?scope=city").status_code == 400
    missing = client.get(f"/api/v1/annual-reports/NOPE/{YEAR}")
    assert missing.status_code == 404
    assert missing.json()["message"] == "没有找到该机关"
    aggregate = client.get(f"/api/v1/annual-reports/{world.city.code}/{YEAR}?scope=aggregate").json()
    assert aggregate["scope"] == "aggregate"
    assert aggregate["figures"]["requests.new"] == 3


def test_the_command_prints_json_and_writes_files(world: Any, activity: Any, tmp_path: Any) -> None:
    out = StringIO()
    call_command("annual-report", agency=world.agency_a.code, year=YEAR, stdout=out, stderr=StringIO())
    document = json.loads(out.getvalue())
    assert document["figures"]["requests.new"] == 3
    assert document["sections"]["overview"].startswith("2025年")
    target = tmp_path / "report.xlsx"
    call_command(
        "annual-report",
        agency=world.city.code,
        year=YEAR,
        scope="aggregate",
        format="xlsx",
        output=target,
        stderr=StringIO(),
    )
    assert target.read_bytes()[:2] == b"PK"


def test_the_portal_lists_and_shows_published_reports_only(
    world: Any, office: Any, activity: Any, client: Client
) -> None:
    draft = services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR)
    assert "明湖市教育局2025年" not in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{world.agency_a.code}/{YEAR}/").status_code == 404
    report = _submit(draft, world.clerk_a)
    report = services.report_accept(actor=office, report=report)
    services.report_publish(actor=office, report=report)
    listing = client.get("/reports/").content.decode()
    assert f'href="/reports/{world.agency_a.code}/{YEAR}/?scope=agency"' in listing
    assert "明湖市教育局2025年" in client.get(f"/agencies/{world.city.code}/reports/").content.decode()
    assert (
        "明湖市教育局2025年" not in client.get(f"/agencies/{world.agency_b.code}/reports/").content.decode()
    )
    page = client.get(f"/reports/{world.agency_a.code}/{YEAR}/?scope=agency").content.decode()
    assert "三、收到和处理政府信息公开申请情况" in page
    assert "一、本年新收政府信息公开申请数量" in page
    download = client.get(f"/reports/{world.agency_a.code}/{YEAR}/download/docx/?scope=agency")
    assert download.status_code == 200
    assert download.content[:2] == b"PK"
    assert "attachment" in download["Content-Disposition"]


def test_every_json_document_conforms_to_the_vocabulary(
    world: Any, office: Any, activity: Any, client: Client
) -> None:
    from gongkai.annual_reports.compile import compile_document
    from gongkai.annual_reports.vocabulary import check_document

    compiled = compile_document(agency=world.city, year=YEAR, scope="aggregate").to_json()
    assert check_document(compiled) == []
    trial = compile_document(agency=world.agency_a, year=2020, scope="agency").to_json()
    assert trial["format"] == "2019"
    assert "r6" in trial["tables"]["requests"]["rows"]
    assert check_document(trial) == []
    report = _submit(
        services.report_create(actor=world.clerk_a, agency=world.agency_a, year=YEAR), world.clerk_a
    )
    report = services.report_accept(actor=office, report=report)
    services.report_publish(actor=office, report=report)
    assert check_document(client.get(f"/api/v1/annual-reports/{world.agency_a.code}/{YEAR}").json()) == []
    # The checker is not a rubber stamp.
    assert check_document({**compiled, "figures": {"requests.received": 3}}) == [
        "figures: requests.received is not in the vocabulary"
    ]
    broken = {**compiled, "tables": {**compiled["tables"], "appeals": {"reconsideration": {"upheld": 1}}}}
    assert len(check_document(broken)) == 2
