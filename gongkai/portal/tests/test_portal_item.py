"""The public item page under its permanent 索引号: the metadata block of 第十二条 and the 目录 guidance,
the sanitised body, attachments downloaded under their Chinese names, 回应解读 links; a withdrawn
item keeps its page with the reason and nothing else; nothing unpublished is reachable."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import unquote

import pytest
from django.test import Client

from gongkai.catalogue import services
from gongkai.catalogue.categories import DocKind, Genre, InterpretationKind, PublishChannel
from gongkai.catalogue.models import Item, Topic
from gongkai.portal.tests.catalogue_factories import ALL_TICKED, draft, pdf, publish

pytestmark = pytest.mark.django_db


def page(client: Client, item: Item) -> str:
    response = client.get(f"/catalogue/{item.index_number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_item_page_shows_the_metadata_block(world: Any, client: Client) -> None:
    parent = Topic.objects.create(name="科技、教育")
    topic = Topic.objects.create(name="教育", parent=parent)
    item = publish(
        world.agency_a,
        title="明湖市教育局关于2025年义务教育招生工作的通知",
        summary="明确2025年义务教育阶段招生的范围、时间和程序。",
        document_number="明教〔2025〕3号",
        topic_id=topic.pk,
        genre=Genre.NOTICE,
        channels=[PublishChannel.WEBSITE, PublishChannel.GAZETTE],
        body="<p>各区教育局：</p><p>现将有关事项通知如下。</p>",
    )
    body = page(client, item)
    assert item.index_number is not None
    assert item.index_number in body
    for text in (
        "明湖市教育局关于2025年义务教育招生工作的通知",
        "明湖市教育局",
        "2025-03-03",  # 生成日期
        "2025-03-10",  # 发布日期
        "明教〔2025〕3号",
        "科技、教育\\教育",
        "通知",
        "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        "第二十条第（十一）项",
        "政府网站、政府公报",
        "面向社会",
        "明确2025年义务教育阶段招生的范围、时间和程序。",
        "<p>现将有关事项通知如下。</p>",
    ):
        assert text in body, text
    assert "有效性" not in body  # only 规章 and 行政规范性文件 carry one
    assert f'href="/agencies/{world.agency_a.code}/feed/"' in body  # the agency's feed in the head


def test_a_normative_document_shows_its_validity(world: Any, client: Client) -> None:
    item = publish(
        world.agency_a,
        title="明湖市中小学学籍管理办法",
        kind=DocKind.NORMATIVE_DOCUMENT,
        valid_from=date(2025, 4, 1),
        category=1,
    )
    body = page(client, item)
    assert "有效性" in body
    assert "有效" in body
    assert "2025-04-01起施行" in body
    services.item_set_validity(actor=None, item=item, validity="repealed", on=date(2025, 6, 1))
    assert "2025-06-01废止" in page(client, item)


def test_the_body_is_sanitised_again_when_shown(world: Any, client: Client) -> None:
    item = publish(world.agency_a, body="<p>正文</p>")
    # A row written around the service (a data fix, a raw import) must not reach visitors unsanitised.
    Item.objects.filter(pk=item.pk).update(
        body='<p>正文</p><script>alert(1)</script><img src=x onerror="x()">'
    )
    body = page(client, item)
    assert "<p>正文</p>" in body
    assert "<script>alert(1)" not in body
    assert "onerror" not in body


def test_attachments_download_under_their_chinese_names(
    world: Any, client: Client, attachment_storage: Any
) -> None:
    item = publish(world.agency_a, attachments=[pdf("2025年招生计划表.pdf")])
    attachment = item.attachments.get()
    url = f"/catalogue/{item.index_number}/attachments/{attachment.pk}/"
    assert f'href="{url}"' in page(client, item)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition.lower()
    assert unquote(disposition.split("''", 1)[1]) == "2025年招生计划表.pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_an_attachment_needs_the_right_index_number(
    world: Any, client: Client, attachment_storage: Any
) -> None:
    item = publish(world.agency_a, attachments=[pdf()])
    other = publish(world.agency_a, title="另一条信息")
    attachment = item.attachments.get()
    assert client.get(f"/catalogue/{other.index_number}/attachments/{attachment.pk}/").status_code == 404
    assert client.get(f"/catalogue/{item.index_number}/attachments/999999/").status_code == 404


def test_a_withdrawn_item_keeps_its_page_with_the_reason_only(
    world: Any, client: Client, attachment_storage: Any
) -> None:
    item = publish(
        world.agency_a,
        summary="概述中的内容",
        body="<p>撤回前的正文</p>",
        attachments=[pdf("附件一.pdf")],
    )
    attachment = item.attachments.get()
    services.item_withdraw(actor=None, item=item, reason="内容已被新文件替代", on=date(2025, 5, 6))
    body = page(client, item)
    assert "该信息已于2025-05-06撤回：内容已被新文件替代" in body
    assert item.index_number is not None
    assert item.index_number in body
    assert item.title in body
    assert "撤回前的正文" not in body
    assert "概述中的内容" not in body
    assert "附件一.pdf" not in body
    assert '<meta name="robots" content="noindex">' in body
    assert client.get(f"/catalogue/{item.index_number}/attachments/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize("stage", ["draft", "submitted", "approved"])
def test_unpublished_items_do_not_exist_on_the_portal(world: Any, client: Client, stage: str) -> None:
    published = publish(world.agency_a, title="已发布的信息")
    item = draft(world.agency_a, title="尚未发布的信息")
    if stage in ("submitted", "approved"):
        services.item_submit(actor=None, item=item)
    if stage == "approved":
        services.item_approve(actor=None, item=item, checklist=ALL_TICKED)
    # Nothing unpublished has a 索引号 yet; give one anyway so the lookup itself is what is tested.
    Item.objects.filter(pk=item.pk).update(index_number=published.index_number.replace("-00001", "-00099"))  # type: ignore[union-attr]
    item.refresh_from_db()
    assert client.get(f"/catalogue/{item.index_number}/").status_code == 404
    assert "尚未发布的信息" not in client.get("/catalogue/").content.decode()


def test_unknown_and_malformed_index_numbers_are_404(world: Any, client: Client) -> None:
    assert client.get("/catalogue/000000000/2025-00001/").status_code == 404
    assert client.get("/catalogue/not a number/").status_code == 404


def test_interpretations_link_both_ways(world: Any, client: Client) -> None:
    policy = publish(world.agency_a, title="明湖市学前教育三年行动计划")
    reading = publish(
        world.agency_a,
        title="《明湖市学前教育三年行动计划》政策解读",
        genre=Genre.INTERPRETATION,
        interpretation_kind=InterpretationKind.POLICY_INTERPRETATION,
        answers=[policy.pk],
    )
    unpublished = draft(world.agency_a, title="尚未发布的解读", answers=[policy.pk])
    policy_page = page(client, policy)
    assert "相关解读与回应" in policy_page
    assert f'href="/catalogue/{reading.index_number}/"' in policy_page
    assert unpublished.title not in policy_page
    reading_page = page(client, reading)
    assert "本政策解读所涉信息" in reading_page
    assert f'href="/catalogue/{policy.index_number}/"' in reading_page


def test_index_numbers_with_a_hyphenated_prefix_resolve(world: Any, client: Client) -> None:
    item = publish(world.agency_a)
    # Catalogues imported from older systems keep the check-digit hyphen (0142768-8/2022-00185).
    Item.objects.filter(pk=item.pk).update(index_number="0142768-8/2022-00185")
    assert "0142768-8/2022-00185" in client.get("/catalogue/0142768-8/2022-00185/").content.decode()
