"""The public portal: a Chinese home page named after the root government, the directory of
agencies and each agency's 政府信息公开指南 with its contact details; inactive agencies are hidden."""

from __future__ import annotations

import re

from gongkai.agencies import services


def html(response) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_home_page_is_chinese_and_named_after_the_root_agency(world, client):
    body = html(client.get("/"))
    assert '<html lang="zh-Hans">' in body
    assert "<title>首页 · 政府信息公开</title>" in body
    assert '<span class="site-name">明湖市人民政府</span>' in body
    assert "<h1>明湖市人民政府 · 政府信息公开</h1>" in body
    assert f'href="/agencies/{world.city.code}/guide/"' in body
    assert "3 个直属机关" in body


def test_the_home_page_works_before_any_agency_exists(db, client):
    body = html(client.get("/"))
    assert "平台尚未录入机关。" in body
    assert '<span class="site-name">政府信息公开平台</span>' in body


def test_the_directory_lists_every_active_agency(world, client):
    body = html(client.get("/agencies/"))
    for agency in (
        world.city,
        world.agency_a,
        world.agency_b,
        world.district,
        world.district_dept,
        world.town,
    ):
        assert f'<a href="/agencies/{agency.code}/guide/">{agency.name}</a>' in body


def test_the_guide_shows_the_contact_details(world, client):
    services.agency_update(
        actor=None,
        agency=world.agency_a,
        office_name="明湖市教育局办公室",
        office_hours="工作日 9:00–17:00",
        office_email="gk@jyj.example.gov.cn",
        office_postcode="350001",
    )
    body = html(client.get(f"/agencies/{world.agency_a.code}/guide/"))
    assert re.search(r"<h1>[^<]*明湖市教育局[^<]*政府信息公开指南</h1>", body)
    assert "明湖市教育局办公室" in body
    assert "明湖市教育局一楼政务公开窗口（邮编 350001）" in body
    assert '<a href="tel:0591-12345678">0591-12345678</a>' in body
    assert "工作日 9:00–17:00" in body
    assert '<a href="mailto:gk@jyj.example.gov.cn">gk@jyj.example.gov.cn</a>' in body
    assert f'href="/agencies/{world.city.code}/guide/">明湖市人民政府</a>' in body  # breadcrumb to the parent


def test_the_guide_of_a_government_lists_its_active_children(world, client):
    body = html(client.get(f"/agencies/{world.district.code}/guide/"))
    assert f'<a href="/agencies/{world.district_dept.code}/guide/">东湖区教育局</a>' in body
    assert f'<a href="/agencies/{world.town.code}/guide/">东湖区湖滨街道办事处</a>' in body


def test_an_unknown_guide_is_404(world, client):
    assert client.get("/agencies/NO-SUCH/guide/").status_code == 404


def test_inactive_agencies_are_not_shown(world, client):
    services.agency_set_active(actor=None, agency=world.town, active=False, reason="机构改革撤销")
    assert world.town.name not in html(client.get("/agencies/"))
    assert world.town.name not in html(client.get(f"/agencies/{world.district.code}/guide/"))
    assert client.get(f"/agencies/{world.town.code}/guide/").status_code == 404
    assert "东湖区教育局" in html(client.get("/agencies/"))


def test_an_inactive_root_is_not_the_site_name(world, client):
    for agency in (
        world.town,
        world.district_dept,
        world.district,
        world.agency_a,
        world.agency_b,
        world.city,
    ):
        services.agency_set_active(actor=None, agency=agency, active=False, reason="撤销")
    body = html(client.get("/"))
    assert "明湖市人民政府" not in body
    assert "平台尚未录入机关。" in body


def test_english_is_chosen_through_the_set_language_view(world, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/agencies/"})
    assert response.status_code == 302
    assert response["Location"] == "/agencies/"
    body = html(client.get("/agencies/"))
    assert '<html lang="en">' in body
    assert "Home" in body
    # agency names stay as registered
    assert f'<a href="/agencies/{world.agency_a.code}/guide/">明湖市教育局</a>' in body
    assert 'value="zh-hans" lang="zh-Hans">中文</button>' in body  # the way back


def test_english_is_chosen_from_accept_language(world, client):
    body = html(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert '<html lang="en">' in body
    assert "Government Information Disclosure" in body


def test_chinese_stays_the_default_for_other_languages(world, client):
    body = html(client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR"))
    assert '<html lang="zh-Hans">' in body
    assert 'value="en" lang="en">English</button>' in body


def test_portal_pages_send_a_content_security_policy(world, client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
