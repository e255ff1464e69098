"""The back office at /staff/figures/: the list of one's agencies, the form per agency and year with
the table 二 preview, the CSV upload; other agencies answer 404 and nothing is written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.disclosure_requests.tests.request_factories import on
from gongkai.figures.models import AgencyYearFigures
from gongkai.figures.services import figures_save

pytestmark = pytest.mark.django_db


def edit_url(agency, year=2025):
    return f"/staff/figures/{agency.code}/{year}/"


def test_a_clerk_sees_her_agency_and_enters_its_figures(world, client):
    client.force_login(world.clerk_a)
    with on("2026-01-20"):
        page = client.get("/staff/figures/?year=2025").content.decode()
        assert "明湖市教育局" in page
        assert "明湖市公安局" not in page
        assert f'href="{edit_url(world.agency_a)}"' in page
        form = client.get(edit_url(world.agency_a))
        assert form.status_code == 200
        assert "第二十条第（一）项" in form.content.decode()
        response = client.post(
            edit_url(world.agency_a),
            {"licensing_decisions": "15", "admin_fees_amount": "3.25", "licensing_change": ""},
        )
    assert response.status_code == 302
    assert response["Location"] == edit_url(world.agency_a)
    row = AgencyYearFigures.objects.get(agency=world.agency_a, year=2025)
    assert (row.licensing_decisions, row.admin_fees_amount, row.penalty_decisions) == (
        15,
        Decimal("3.25"),
        None,
    )
    with on("2026-01-20"):
        page = client.get(edit_url(world.agency_a)).content.decode()
    assert 'value="3.25"' in page  # the form shows the figure as entered, not 3.2500
    assert "<td>15</td>" in page  # and the preview prints it


def test_a_bad_figure_shows_the_message_next_to_it_and_saves_nothing(world, client):
    client.force_login(world.clerk_a)
    with on("2026-01-20"):
        response = client.post(
            edit_url(world.agency_a), {"licensing_decisions": "15", "penalty_decisions": "-3"}
        )
    assert response.status_code == 400
    assert "行政处罚本年处理决定数量应为不小于0的整数" in response.content.decode()
    assert not AgencyYearFigures.objects.exists()


def test_the_2019_and_2020_reports_preview_the_trial_layout(world, client):
    client.force_login(world.head_a)
    with on("2026-01-20"):
        page = client.get(edit_url(world.agency_a, 2020)).content.decode()
    assert "本年新制作数量" in page
    assert "政府集中采购" in page


def test_clerk_b_cannot_see_or_edit_agency_as_figures(world, client):
    with on("2026-01-10"):
        figures_save(actor=None, agency=world.agency_a, year=2025, values={"licensing_decisions": 8})
    client.force_login(world.clerk_b)
    with on("2026-01-20"):
        assert client.get(edit_url(world.agency_a)).status_code == 404
        assert client.post(edit_url(world.agency_a), {"licensing_decisions": "999"}).status_code == 404
        page = client.get("/staff/figures/?year=2025").content.decode()
    assert "明湖市教育局" not in page
    assert AgencyYearFigures.objects.get(agency=world.agency_a, year=2025).licensing_decisions == 8


@pytest.mark.parametrize("persona", ["city_supervisor", "reviewer_a"])
def test_people_who_enter_no_figures_get_404(world, client, persona):
    client.force_login(getattr(world, persona))
    with on("2026-01-20"):
        assert client.get("/staff/figures/").status_code == 404
        assert client.get(edit_url(world.agency_a)).status_code == 404
        assert client.get("/staff/figures/import/").status_code == 404


def test_a_year_out_of_range_is_404(world, client):
    client.force_login(world.clerk_a)
    with on("2026-01-20"):
        assert client.get(edit_url(world.agency_a, 2007)).status_code == 404
        assert client.get(edit_url(world.agency_a, 2028)).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/staff/figures/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def upload(text):
    return SimpleUploadedFile("figures.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_csv_upload_dry_run_then_import(world, client):
    text = f"机关代码,年度,行政许可本年处理决定数量\n{world.agency_a.code},2025,30\n"
    client.force_login(world.clerk_a)
    with on("2026-01-20"):
        checked = client.post("/staff/figures/import/", {"file": upload(text), "dry_run": "on"})
        assert checked.status_code == 200
        assert "检查通过" in checked.content.decode()
        assert not AgencyYearFigures.objects.exists()
        done = client.post("/staff/figures/import/", {"file": upload(text)})
    assert done.status_code == 302
    assert AgencyYearFigures.objects.get(agency=world.agency_a, year=2025).licensing_decisions == 30


def test_csv_upload_lists_row_errors(world, client):
    text = f"机关代码,年度,行政许可本年处理决定数量\n{world.agency_b.code},2025,30\n{world.agency_a.code},2025,x\n"
    client.force_login(world.clerk_a)
    with on("2026-01-20"):
        response = client.post("/staff/figures/import/", {"file": upload(text)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "您没有填报明湖市公安局年度报告数据的权限" in page
    assert "行政许可本年处理决定数量应为不小于0的整数，不能是“x”" in page
    assert not AgencyYearFigures.objects.exists()


def test_csv_with_a_bad_header_shows_the_problem(world, client):
    client.force_login(world.clerk_a)
    with on("2026-01-20"):
        response = client.post("/staff/figures/import/", {"file": upload("机关代码,年份\n")})
    assert response.status_code == 400
    assert "表头有误：缺少“年度”列；无法识别的列：年份" in response.content.decode()


def test_the_template_downloads(world, client):
    client.force_login(world.clerk_a)
    response = client.get("/staff/figures/template.csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("机关代码,年度,")
