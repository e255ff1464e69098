"""The office's journey through the pages: create a scheme, change its settings and indicators, enter
manual scores, read the sorted results and their breakdown, publish."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from gongkai.assessments.models import Scheme, Status
from gongkai.assessments.tests.conftest import inspection, make_scheme

pytestmark = pytest.mark.django_db


def _rows(page: str) -> list[str]:
    """The agency names of the ranked table, in the order shown."""
    body = page.split('class="list assessment-table"', 1)[1].split("</table>", 1)[0]
    return [
        part.split("</a>", 1)[0].split(">")[-1] for part in body.split('<th scope="row" class="agency">')[1:]
    ]


def test_create_edit_score_and_publish(world: Any, records: None, client: Client) -> None:
    client.force_login(world.city_supervisor)
    index = client.get("/staff/assessments/")
    assert "新建考评方案" in index.content.decode()
    response = client.post(
        "/staff/assessments/new", {"root": world.city.pk, "year": 2025, "copy_previous": "on"}
    )
    scheme = Scheme.objects.get(root=world.city, year=2025)
    assert response["Location"] == f"/staff/assessments/{scheme.pk}/scheme/"
    editor = client.get(response["Location"]).content.decode()
    assert "按时答复率" in editor
    assert "分值合计100分" in editor

    # Settings.
    client.post(
        f"/staff/assessments/{scheme.pk}/scheme/save",
        {
            "title": "",
            "direct_only": "on",
            "threshold": "75",
            "issuer": "明湖市人民政府办公室",
            "notice_text": "请各单位对照整改。",
        },
    )
    scheme.refresh_from_db()
    assert scheme.threshold == Decimal(75)
    assert scheme.issuer == "明湖市人民政府办公室"

    # A bad indicator shows its errors on the page and changes nothing.
    bad = client.post(
        f"/staff/assessments/{scheme.pk}/indicators/add",
        {
            "new-name": "平均答复用时",
            "new-kind": "linear",
            "new-weight": "5",
            "new-figure": "average_reply_days",
            "new-full_at": "5",
            "new-zero_at": "5",
        },
    )
    assert bad.status_code == 400
    assert "满分值与零分值不能相同" in bad.content.decode()
    assert not scheme.indicators.filter(name="平均答复用时").exists()

    # Change an indicator's rule.
    rate = scheme.indicators.get(name="按时答复率")
    client.post(
        f"/staff/assessments/{scheme.pk}/indicators/{rate.pk}/save",
        {
            f"i{rate.pk}-name": "按时答复率",
            f"i{rate.pk}-kind": "linear",
            f"i{rate.pk}-weight": "20",
            f"i{rate.pk}-figure": "on_time_rate",
            f"i{rate.pk}-full_at": "100",
            f"i{rate.pk}-zero_at": "0",
            f"i{rate.pk}-when_none": "full",
            f"i{rate.pk}-position": "1",
        },
    )
    rate.refresh_from_db()
    assert rate.params == {"figure": "on_time_rate", "full_at": 100, "zero_at": 0, "when_none": "full"}

    # Publishing is refused while 社会评议 has no scores.
    refused = client.post(f"/staff/assessments/{scheme.pk}/publish", follow=True)
    assert "社会评议" in refused.content.decode()
    assert "未录入" in refused.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).status == Status.DRAFT

    social = scheme.indicators.get(name="社会评议")
    url = f"/staff/assessments/{scheme.pk}/indicators/{social.pk}/scores/"
    form = client.get(url).content.decode()
    assert "明湖市教育局" in form
    assert "东湖区教育局" not in form
    wrong = client.post(url, {f"score_{world.agency_a.pk}": "11"})
    assert wrong.status_code == 400
    assert not social.manual_scores.exists()
    client.post(
        url,
        {
            f"score_{world.agency_a.pk}": "8",
            f"note_{world.agency_a.pk}": "群众满意度调查",
            f"score_{world.agency_b.pk}": "9.5",
            f"score_{world.district.pk}": "7",
        },
    )
    assert social.manual_scores.count() == 3

    results = client.get(f"/staff/assessments/{scheme.pk}/").content.decode()
    assert "群众满意度调查" in results
    assert len(_rows(results)) == 3
    published = client.post(f"/staff/assessments/{scheme.pk}/publish", follow=True)
    assert "考评结果已发布" in published.content.decode()
    scheme.refresh_from_db()
    assert scheme.status == Status.PUBLISHED
    assert scheme.published_by == world.city_supervisor
    # Once published the editor shows the scheme read-only, and writes are refused.
    editor = client.get(f"/staff/assessments/{scheme.pk}/scheme/").content.decode()
    assert "方案已固定" in editor
    assert "保存指标" not in editor
    refused = client.post(f"/staff/assessments/{scheme.pk}/scheme/save", {"threshold": "10"})
    assert refused.status_code == 409
    assert Scheme.objects.get(pk=scheme.pk).threshold == Decimal(75)


def test_results_sort_by_any_column(world: Any, scheme: Scheme, client: Client) -> None:
    client.force_login(world.city_supervisor)
    base = f"/staff/assessments/{scheme.pk}/"
    assert _rows(client.get(base).content.decode()) == [
        "明湖市公安局",
        "明湖市东湖区人民政府",
        "明湖市教育局",
    ]
    assert _rows(client.get(f"{base}?sort=-rank").content.decode())[0] == "明湖市教育局"
    assert _rows(client.get(f"{base}?sort=name").content.decode()) == [
        "明湖市教育局",
        "明湖市公安局",
        "明湖市东湖区人民政府",
    ]
    inspection_key = inspection(scheme).pk
    by_inspection = _rows(client.get(f"{base}?sort=-i{inspection_key}").content.decode())
    assert by_inspection[0] == "明湖市教育局"  # 15, the lowest, first when reversed
    assert client.get(f"{base}?sort=bogus").status_code == 200


def test_results_show_missing_manual_scores(world: Any, records: None, client: Client) -> None:
    scheme = make_scheme(world)
    client.force_login(world.city_supervisor)
    page = client.get(f"/staff/assessments/{scheme.pk}/").content.decode()
    assert "尚有3个人工评分未录入" in page
    assert "录入“现场检查”得分" in page
