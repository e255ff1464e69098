"""The 通报 opens in python-docx with its title, the ranked table, the agencies to rectify, the issuing
office and date, and the standards annex; the published one is drawn from the frozen results."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from docx import Document
from docx.oxml.ns import qn

from gongkai.assessments import services
from gongkai.assessments.models import Scheme
from gongkai.assessments.tests.conftest import overdue_request

pytestmark = pytest.mark.django_db


def _open(content: bytes) -> Any:
    return Document(io.BytesIO(content))


def _cells(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_notice_has_the_ranked_table(world: Any, scheme: Scheme, client: Client) -> None:
    services.scheme_update(
        actor=None,
        scheme=scheme,
        title="",
        direct_only=True,
        threshold=Decimal(80),
        issuer="明湖市人民政府办公室",
        notice_text="各单位要对照考评指标查漏补缺。\n考评结果纳入年度绩效考核。",
    )
    services.scheme_publish(actor=world.city_supervisor, scheme=scheme)
    client.force_login(world.city_supervisor)
    response = client.get(f"/staff/assessments/{scheme.pk}/notice.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "filename*=UTF-8''" in response["Content-Disposition"]

    doc = _open(response.content)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "明湖市人民政府关于2025年度政府信息公开工作考评结果的通报"
    assert doc.core_properties.title == texts[0]
    body = "\n".join(texts)
    assert "对3个单位2025年度政府信息公开工作进行了考评" in body
    assert "平台统计数据与现场检查相结合" in body
    assert "考评总分低于80分的单位：明湖市教育局（60分）" in body
    assert "各单位要对照考评指标查漏补缺。" in body
    assert "考评结果纳入年度绩效考核。" in body
    assert "明湖市人民政府办公室" in texts
    assert "2026年2月10日" in texts
    assert "草稿" not in body

    ranked = _cells(doc.tables[0])
    assert ranked[0] == [
        "名次",
        "机关",
        "按时答复率（50分）",
        "超期未答复申请（30分）",
        "现场检查（20分）",
        "总分",
    ]
    assert ranked[1:] == [
        ["1", "明湖市公安局", "50", "30", "20", "100"],
        ["1", "明湖市东湖区人民政府", "50", "30", "20", "100"],
        ["3", "明湖市教育局", "25", "20", "15", "60"],
    ]
    standards = _cells(doc.tables[1])
    assert standards[0] == ["序号", "指标", "分值", "评分标准"]
    assert standards[2][1:3] == ["超期未答复申请", "30"]
    assert standards[-1][1:3] == ["合计", "100"]

    # East Asian fonts are set on the styles, as in the annual report's DOCX.
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "Noto Serif CJK SC"


def test_the_published_notice_ignores_later_records(world: Any, scheme: Scheme, client: Client) -> None:
    services.scheme_publish(actor=None, scheme=scheme)
    overdue_request(world, world.agency_b, 21)
    client.force_login(world.city_supervisor)
    doc = _open(client.get(f"/staff/assessments/{scheme.pk}/notice.docx").content)
    assert _cells(doc.tables[0])[1][:2] == ["1", "明湖市公安局"]
    assert _cells(doc.tables[0])[1][-1] == "100"


def test_a_draft_notice_says_it_is_a_draft(world: Any, scheme: Scheme, client: Client) -> None:
    client.force_login(world.city_supervisor)
    response = client.get(f"/staff/assessments/{scheme.pk}/notice.docx")
    doc = _open(response.content)
    assert "草稿" in doc.paragraphs[1].text
    assert "本次考评没有总分低于60分的单位。" in "\n".join(p.text for p in doc.paragraphs)
