"""Atom feeds (the whole portal and per agency, latest 50 published items) and sitemap.xml (an index
of paginated sections: every published item page, each agency's 指南 and 目录)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.catalogue import selectors, services
from gongkai.catalogue.sitemaps import ItemSitemap
from gongkai.portal.tests.catalogue_factories import draft, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(client: Client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # noqa: S314  (our own output)


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {
            "title": e.findtext(f"{ATOM}title", ""),
            "link": e.find(f"{ATOM}link").get("href", ""),  # type: ignore[union-attr]
            "id": e.findtext(f"{ATOM}id", ""),
            "published": e.findtext(f"{ATOM}published", ""),
            "summary": e.findtext(f"{ATOM}summary", ""),
            "author": e.findtext(f"{ATOM}author/{ATOM}name", ""),
        }
        for e in feed.findall(f"{ATOM}entry")
    ]


def test_the_agency_feed_is_atom_with_the_published_item(world: Any, client: Client) -> None:
    item = publish(world.agency_a, title="明湖市教育局招生通知", summary="招生范围和时间。")
    draft(world.agency_a, title="草稿")
    withdrawn = publish(world.agency_a, title="已撤回")
    services.item_withdraw(actor=None, item=withdrawn, reason="错误")
    publish(world.agency_b, title="公安局的通知")
    response = client.get(f"/agencies/{world.agency_a.code}/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    assert feed.tag == f"{ATOM}feed"
    assert "明湖市教育局" in feed.findtext(f"{ATOM}title", "")
    [entry] = entries(feed)
    assert entry["title"] == "明湖市教育局招生通知"
    assert entry["link"] == f"http://testserver/catalogue/{item.index_number}/"
    assert entry["id"] == entry["link"]
    assert entry["published"].startswith("2025-03-10T00:00:00+08:00")
    assert entry["summary"] == "招生范围和时间。"
    assert entry["author"] == "明湖市教育局"


def test_a_government_feed_includes_its_subordinates(world: Any, client: Client) -> None:
    publish(world.district_dept, title="东湖区教育局的通知")
    publish(world.agency_a, title="市教育局的通知")
    titles = [e["title"] for e in entries(parse(client, f"/agencies/{world.district.code}/feed/"))]
    assert titles == ["东湖区教育局的通知"]
    everything = [e["title"] for e in entries(parse(client, "/feed/"))]
    assert sorted(everything) == ["东湖区教育局的通知", "市教育局的通知"]


def test_feeds_carry_the_latest_fifty_newest_first(world: Any, client: Client) -> None:
    for n in range(selectors.FEED_SIZE + 2):
        publish(world.agency_a, title=f"通知{n:02d}", published_on=date(2025, 3, 10 + n % 10))
    found = entries(parse(client, "/feed/"))
    assert len(found) == selectors.FEED_SIZE
    dates = [e["published"] for e in found]
    assert dates == sorted(dates, reverse=True)


def test_an_unknown_agency_has_no_feed(world: Any, client: Client) -> None:
    assert client.get("/agencies/NO-SUCH/feed/").status_code == 404


def test_the_sitemap_lists_item_and_agency_pages(world: Any, client: Client) -> None:
    item = publish(world.agency_a)
    hidden = draft(world.agency_a, title="草稿")
    index = parse(client, "/sitemap.xml")
    sections = [loc.text or "" for loc in index.iter(f"{SITEMAP}loc")]
    assert sorted(sections) == [
        "http://testserver/sitemap-agencies.xml",
        "http://testserver/sitemap-items.xml",
    ]
    items = parse(client, "/sitemap-items.xml")
    urls = [loc.text for loc in items.iter(f"{SITEMAP}loc")]
    assert urls == [f"http://testserver/catalogue/{item.index_number}/"]
    assert [m.text for m in items.iter(f"{SITEMAP}lastmod")] == ["2025-03-10"]
    assert hidden.title not in client.get("/sitemap-items.xml").content.decode()
    agencies = [loc.text for loc in parse(client, "/sitemap-agencies.xml").iter(f"{SITEMAP}loc")]
    assert f"http://testserver/agencies/{world.agency_a.code}/guide/" in agencies
    assert f"http://testserver/agencies/{world.agency_a.code}/catalogue/" in agencies


def test_the_item_sitemap_is_split_into_pages(
    world: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ItemSitemap, "limit", 2)
    made = [publish(world.agency_a, title=f"通知{n}") for n in range(5)]
    index = [loc.text for loc in parse(client, "/sitemap.xml").iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-items.xml?p=3" in index
    last = [loc.text for loc in parse(client, "/sitemap-items.xml?p=3").iter(f"{SITEMAP}loc")]
    assert last == [f"http://testserver/catalogue/{made[4].index_number}/"]
    assert client.get("/sitemap-items.xml?p=4").status_code == 404


def test_every_portal_page_links_its_feed(world: Any, client: Client) -> None:
    body = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="最新主动公开信息" href="/feed/">' in body
    guide = client.get(f"/agencies/{world.agency_a.code}/guide/").content.decode()
    assert f'href="/agencies/{world.agency_a.code}/feed/"' in guide
