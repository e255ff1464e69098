"""政府信息公开目录: browsing by agency (subtree), 主题, 第二十条 category, year and channel with counts
per facet, pagination, 法定主动公开内容 and 年度报告 lists; the page costs a fixed number of queries
however many agencies and items there are."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.catalogue import services
from gongkai.catalogue.categories import PublishChannel
from gongkai.catalogue.models import Topic
from gongkai.catalogue.selectors import PAGE_SIZE
from gongkai.portal.tests.catalogue_factories import draft, publish

pytestmark = pytest.mark.django_db

# The 目录 page: site root, facets (agency 2, category 1, topic 2, year 1, channel 1), count, page rows,
# breadcrumb; a few more for a chosen topic and the agency in the path.
CATALOGUE_QUERY_BOUND = 14


def html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def facet_count(body: str, label: str) -> int:
    """The count printed next to a facet link."""
    match = re.search(">" + re.escape(label) + r"</a> <span class=\"facet-count\"[^>]*>(\d+)</span>", body)
    assert match, f"no facet value {label}"
    return int(match.group(1))


def results_total(body: str) -> int:
    match = re.search(r'<h2 id="results-heading">共 (\d+) 条</h2>', body)
    assert match
    return int(match.group(1))


@pytest.fixture
def catalogue(world: Any) -> dict[str, Any]:
    education = Topic.objects.create(name="科技、教育")
    schools = Topic.objects.create(name="教育", parent=education)
    science = Topic.objects.create(name="科技", parent=education)
    finance = Topic.objects.create(name="财政、金融、审计")
    items = {
        "a1": publish(world.agency_a, title="教育局招生通知", topic_id=schools.pk, category=11),
        "a2": publish(
            world.agency_a,
            title="教育局科普活动",
            topic_id=science.pk,
            category=11,
            channels=[PublishChannel.WEBSITE, PublishChannel.WECHAT],
            published_on=date(2024, 6, 3),
            created_on=date(2024, 6, 1),
        ),
        "b1": publish(world.agency_b, title="公安局行政处罚决定", category=6),
        "city": publish(world.city, title="市政府预算公开", topic_id=finance.pk, category=7),
        "dept": publish(world.district_dept, title="东湖区教育局招生通知", topic_id=schools.pk, category=11),
        "town": publish(
            world.town,
            title="湖滨街道低保名单",
            category=11,
            channels=[PublishChannel.READING_ROOM],
        ),
    }
    draft(world.agency_a, title="草稿不会出现")
    withdrawn = publish(world.agency_a, title="已撤回的信息")
    services.item_withdraw(actor=None, item=withdrawn, reason="错误发布")
    return {"items": items, "education": education, "schools": schools, "finance": finance}


def test_the_whole_catalogue_lists_published_items_with_facets(
    world: Any, client: Client, catalogue: Any
) -> None:
    body = html(client, "/catalogue/")
    assert results_total(body) == 6
    for item in catalogue["items"].values():
        assert f'href="/catalogue/{item.index_number}/"' in body
    assert "草稿不会出现" not in body
    assert "已撤回的信息" not in body  # the page stays reachable by its 索引号, not listed
    # Agency facet: the root's direct subordinates, each counted with its whole subtree.
    assert facet_count(body, "明湖市教育局") == 2
    assert facet_count(body, "明湖市公安局") == 1
    assert facet_count(body, "明湖市东湖区人民政府") == 2
    assert "本机关发布 1 条" in body  # the city government's own item
    assert facet_count(body, "第二十条第（十一）项 民生政策") == 4
    assert facet_count(body, "第二十条第（六）项 行政处罚和强制") == 1
    assert facet_count(body, "科技、教育") == 3
    assert facet_count(body, "财政、金融、审计") == 1
    assert facet_count(body, "2025年") == 5
    assert facet_count(body, "2024年") == 1
    assert facet_count(body, "政府网站") == 5
    assert facet_count(body, "政务微信") == 1
    assert facet_count(body, "查阅场所") == 1


def test_an_agency_catalogue_covers_its_subtree(world: Any, client: Client, catalogue: Any) -> None:
    body = html(client, f"/agencies/{world.district.code}/catalogue/")
    assert results_total(body) == 2
    assert "东湖区教育局招生通知" in body
    assert "湖滨街道低保名单" in body
    assert "教育局招生通知</a>" in body
    assert "市政府预算公开" not in body
    assert facet_count(body, "东湖区教育局") == 1
    assert facet_count(body, "东湖区湖滨街道办事处") == 1
    assert f'href="/agencies/{world.district.code}/feed/"' in body  # the agency's feed in the head
    assert f'<a href="/agencies/{world.city.code}/catalogue/">明湖市人民政府</a>' in body  # breadcrumb


def test_facets_narrow_each_other_but_not_themselves(world: Any, client: Client, catalogue: Any) -> None:
    body = html(client, "/catalogue/?category=11")
    assert results_total(body) == 4
    # other facets count within category 11 ...
    assert facet_count(body, "明湖市教育局") == 2
    assert facet_count(body, "2024年") == 1
    assert facet_count(body, "2025年") == 3
    # ... while the category facet still offers the others with their full counts
    assert facet_count(body, "第二十条第（六）项 行政处罚和强制") == 1
    assert facet_count(body, "第二十条第（十一）项 民生政策") == 4
    assert "公开类别：第二十条第（十一）项 民生政策" in body  # shown as a chosen filter
    narrower = html(client, "/catalogue/?category=11&year=2025&channel=reading_room")
    assert results_total(narrower) == 1
    assert "湖滨街道低保名单" in narrower


def test_a_top_level_topic_includes_its_sub_topics(world: Any, client: Client, catalogue: Any) -> None:
    body = html(client, f"/catalogue/?topic={catalogue['education'].pk}")
    assert results_total(body) == 3
    assert facet_count(body, "教育") == 2  # the chosen branch opens its sub-topics
    assert facet_count(body, "科技") == 1
    only_schools = html(client, f"/catalogue/?topic={catalogue['schools'].pk}")
    assert results_total(only_schools) == 2
    assert "教育局科普活动" not in only_schools


def test_facet_links_keep_the_other_filters(world: Any, client: Client, catalogue: Any) -> None:
    body = html(client, "/catalogue/?category=11&year=2025")
    assert f'href="/agencies/{world.agency_a.code}/catalogue/?category=11&amp;year=2025"' in body
    assert 'href="/catalogue/?year=2025&amp;channel=wechat"' not in body  # wechat has no 2025 items
    assert 'href="/catalogue/?category=11&amp;year=2025&amp;channel=website"' in body
    assert 'href="/catalogue/?year=2025"' in body  # removing the category


def test_nonsense_filters_are_ignored(world: Any, client: Client, catalogue: Any) -> None:
    for query in ("category=99", "year=abc", "channel=pigeon", "topic=999999", "topic=1e9", "page=x"):
        assert results_total(html(client, f"/catalogue/?{query}")) == 6, query
    assert client.get("/agencies/NO-SUCH/catalogue/").status_code == 404


def test_the_catalogue_paginates(world: Any, client: Client) -> None:
    for n in range(PAGE_SIZE + 3):
        publish(world.agency_a, title=f"第{n:02d}号通知", published_on=date(2025, 3, 10))
    first = html(client, "/catalogue/")
    assert results_total(first) == PAGE_SIZE + 3
    assert first.count('class="public-title"') == PAGE_SIZE
    assert "第 1 / 2 页" in first
    assert 'href="?page=2" rel="next"' in first
    second = html(client, "/catalogue/?category=11&page=2")
    assert second.count('class="public-title"') == 3
    assert 'href="?category=11&amp;page=1" rel="prev"' in second
    assert "第00号通知" in second  # newest first, ties by newest record


def _more_agencies_and_items(world: Any, n: int) -> None:
    for i in range(n):
        agency = agency_services.agency_create(
            actor=None,
            name=f"明湖市第{i}局",
            kind="department",
            level="city",
            code=fictional_uscc(100 + i),
            parent=world.city,
        )
        topic = Topic.objects.create(name=f"主题{i}")
        publish(agency, title=f"第{i}局的通知", topic_id=topic.pk, category=1 + i % 15)


@pytest.mark.parametrize(
    "url", ["/catalogue/", "/catalogue/?category=11&year=2025&channel=website", "agency", "topic"]
)
def test_the_catalogue_costs_a_fixed_number_of_queries(
    world: Any, client: Client, catalogue: Any, url: str
) -> None:
    if url == "agency":
        url = f"/agencies/{world.district.code}/catalogue/?category=11"
    elif url == "topic":
        url = f"/catalogue/?topic={catalogue['schools'].pk}"
    client.get(url)  # warm up anything cached per process (content types, translations)
    with CaptureQueriesContext(connection) as small:
        html(client, url)
    _more_agencies_and_items(world, 12)
    with CaptureQueriesContext(connection) as large:
        html(client, url)
    assert len(small) <= CATALOGUE_QUERY_BOUND, [q["sql"] for q in small.captured_queries]
    assert len(large) == len(small)


def test_statutory_content_lists_every_category_with_counts(
    world: Any, client: Client, catalogue: Any
) -> None:
    body = html(client, "/statutory/")
    assert body.count('class="category-article"') == 16
    assert re.search(
        r"第二十条第（十一）项</span> <span class=\"category-short\">民生政策</span></a>\s*"
        r"<span class=\"facet-count\">4 条</span>",
        body,
    )
    assert "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况" in body
    listing = html(client, "/statutory/11/")
    assert "共 4 条" in listing
    assert "第二十条第（十一）项" in listing
    assert "公安局行政处罚决定" not in listing
    scoped = html(client, f"/agencies/{world.district.code}/statutory/11/")
    assert "共 2 条" in scoped
    assert client.get("/statutory/16/").status_code == 404
    assert client.get(f"/agencies/{world.agency_a.code}/statutory/").status_code == 200


def test_the_home_page_shows_recent_items_and_the_statutory_categories(
    world: Any, client: Client, catalogue: Any
) -> None:
    body = html(client, "/")
    assert "最新主动公开信息" in body
    assert f'href="/catalogue/{catalogue["items"]["a1"].index_number}/"' in body
    assert 'href="/statutory/11/"' in body
    assert 'href="/apply/"' in body
    assert 'href="/reports/"' in body
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert 'action="/search/"' in body
    assert 'name="q"' in body
