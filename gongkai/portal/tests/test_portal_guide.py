"""政府信息公开指南 (条例 第十二条): the office's own text when it wrote one (sanitised), otherwise a
default drawn from the 条例; the office's contact block from the agency record; the whole
government's guide is the root government's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.agencies import services as agency_services
from gongkai.catalogue import services
from gongkai.catalogue.models import Guide

pytestmark = pytest.mark.django_db


def guide_page(client: Client, agency: Any) -> str:
    response = client.get(f"/agencies/{agency.code}/guide/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_written_guide_is_shown(world: Any, client: Client) -> None:
    services.guide_save(
        actor=None, agency=world.agency_a, body="<h2>一、主动公开</h2><p>本局主动公开的信息包括……</p>"
    )
    body = guide_page(client, world.agency_a)
    assert "<h2>一、主动公开</h2><p>本局主动公开的信息包括……</p>" in body
    assert "尚未发布自行编写的指南正文" not in body


def test_the_guide_body_is_sanitised_again_when_shown(world: Any, client: Client) -> None:
    services.guide_save(actor=None, agency=world.agency_a, body="<p>指南</p>")
    Guide.objects.filter(agency=world.agency_a).update(body="<p>指南</p><script>alert(1)</script>")
    body = guide_page(client, world.agency_a)
    assert "<p>指南</p>" in body
    assert "<script>alert(1)" not in body


def test_without_a_written_guide_the_default_text_is_shown(world: Any, client: Client) -> None:
    body = guide_page(client, world.agency_a)
    assert "尚未发布自行编写的指南正文" in body
    assert "20个工作日内予以公开（《条例》第二十六条）" in body
    assert "《条例》第三十三条" in body
    assert "《条例》第五十一条" in body
    assert f'href="/agencies/{world.agency_a.code}/apply/"' in body
    assert f'href="/agencies/{world.agency_a.code}/catalogue/"' in body


def test_the_contact_block_has_every_field_of_article_12(world: Any, client: Client) -> None:
    agency_services.agency_update(
        actor=None,
        agency=world.agency_a,
        office_name="明湖市教育局办公室",
        office_hours="工作日 9:00–17:00",
        office_fax="0591-87654321",
        office_email="gk@jyj.example.gov.cn",
        office_postcode="350001",
        website="https://jyj.example.gov.cn/",
    )
    body = guide_page(client, world.agency_a)
    for text in (
        "明湖市教育局办公室",
        "明湖市教育局一楼政务公开窗口（邮编 350001）",
        "工作日 9:00–17:00",
        '<a href="tel:0591-12345678">0591-12345678</a>',
        "0591-87654321",
        '<a href="mailto:gk@jyj.example.gov.cn">gk@jyj.example.gov.cn</a>',
        '<a href="https://jyj.example.gov.cn/" rel="noopener noreferrer">https://jyj.example.gov.cn/</a>',
    ):
        assert text in body, text


def test_a_unit_that_takes_no_applications_points_elsewhere(world: Any, client: Client) -> None:
    utility = agency_services.agency_create(
        actor=None,
        name="明湖市自来水公司",
        kind="public_enterprise",
        level="city",
        code="MH-WATER",
        parent=world.city,
    )
    body = guide_page(client, utility)
    assert "本单位不直接受理" in body
    assert f"/agencies/{utility.code}/apply/" not in body


def test_the_whole_government_guide_is_the_root_governments(world: Any, client: Client) -> None:
    response = client.get("/guide/")
    assert response.status_code == 302
    assert response["Location"] == f"/agencies/{world.city.code}/guide/"


def test_there_is_no_whole_government_guide_before_any_agency(db: Any, client: Client) -> None:
    assert client.get("/guide/").status_code == 404
