"""The catalogue back office: drafting, the 第十七条 review with personal data highlighted, publishing,
withdrawal, 依申请转主动 and the 指南 — each page limited to the people who may use it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gongkai.catalogue import services
from gongkai.catalogue.models import Guide, Item
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.catalogue.workflow import Status
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.tests.request_factories import accepted

pytestmark = pytest.mark.django_db
VALID_ID = "11010519491231002X"
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(TODAY, tick=False):
        yield


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "明湖市教育局关于做好2026年中小学招生工作的通知",
        "document_number": "明教〔2026〕5号",
        "created_on": "2026-03-16",
        "category": "11",
        "genre": "notice",
        "kind": "other",
        "channels": ["website", "wechat"],
        "scope": "public",
        "summary": "部署2026年义务教育阶段招生工作。",
        "body": f"<p>咨询人：李四，身份证号{VALID_ID}。</p>",
    }
    data.update(overrides)
    return data


def test_clerk_drafts_reviewer_blocks_redacts_approves_clerk_publishes(client: Any, world: Any) -> None:
    client.force_login(world.clerk_a)
    response = client.post(reverse("catalogue:new"), _form(agency=world.agency_a.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get()
    assert item.channel_list == ["website", "wechat"]
    assert client.post(reverse("catalogue:action", args=[item.pk, "submit"])).status_code == 302

    client.force_login(world.reviewer_a)
    page = client.get(reverse("catalogue:detail", args=[item.pk])).content.decode()
    assert f"<mark>{VALID_ID}</mark>" in page
    ticked = {f"check_{k}": "on" for k in REVIEW_CHECKLIST}
    refused = client.post(reverse("catalogue:action", args=[item.pk, "approve"]), ticked)
    assert refused.status_code == 400
    assert "个人信息尚未遮盖" in refused.content.decode()
    assert Item.objects.get(pk=item.pk).status == Status.SUBMITTED
    client.post(reverse("catalogue:action", args=[item.pk, "redact"]))
    assert VALID_ID not in Item.objects.get(pk=item.pk).body
    assert client.post(reverse("catalogue:action", args=[item.pk, "approve"]), ticked).status_code == 302
    # Reviewers approve; publishing is the clerk's (or the reviewer's) next step.
    client.force_login(world.clerk_a)
    assert client.post(reverse("catalogue:action", args=[item.pk, "publish"]), {}).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.index_number is not None
    assert item.index_number.endswith("/2026-00001")


def test_a_reason_lets_personal_data_stay(client: Any, world: Any) -> None:
    item = services.item_create(
        actor=None,
        agency=world.agency_a,
        data=ItemInput(title="监督电话", created_on=TODAY, category=2, body="<p>监督电话：13800138000</p>"),
    )
    services.item_submit(actor=None, item=item)
    (hit,) = services.unresolved_pii(item)
    client.force_login(world.reviewer_a)
    data = {f"check_{k}": "on" for k in REVIEW_CHECKLIST} | {f"keep_{hit.fingerprint}": "对外公布的监督电话"}
    assert client.post(reverse("catalogue:action", args=[item.pk, "approve"]), data).status_code == 302
    assert Item.objects.get(pk=item.pk).status == Status.APPROVED


def test_other_agencies_see_nothing(client: Any, world: Any) -> None:
    item = services.item_create(
        actor=None, agency=world.agency_a, data=ItemInput(title="内部草稿", created_on=TODAY, category=1)
    )
    client.force_login(world.clerk_b)
    assert client.get(reverse("catalogue:detail", args=[item.pk])).status_code == 404
    assert client.post(reverse("catalogue:action", args=[item.pk, "submit"])).status_code == 404
    assert "内部草稿" not in client.get(reverse("catalogue:list") + "?agency=").content.decode()
    client.force_login(world.city_supervisor)
    assert client.get(reverse("catalogue:detail", args=[item.pk])).status_code == 200


def test_bad_form_keeps_input_and_writes_nothing(client: Any, world: Any) -> None:
    client.force_login(world.clerk_a)
    response = client.post(reverse("catalogue:new"), _form(agency=world.agency_a.pk, created_on="2026-04-01"))
    assert response.status_code == 400
    assert "生成日期不能晚于今天" in response.content.decode()
    assert "明教〔2026〕5号" in response.content.decode()
    assert not Item.objects.exists()


def test_list_flags_late_publications(client: Any, world: Any) -> None:
    item = services.item_create(
        actor=None,
        agency=world.agency_a,
        data=ItemInput(title="迟发的通知", created_on=date(2026, 1, 5), category=1),
    )
    services.item_submit(actor=None, item=item)
    services.item_approve(actor=None, item=item, checklist=dict.fromkeys(REVIEW_CHECKLIST, True))
    services.item_publish(actor=None, item=item)
    client.force_login(world.clerk_a)
    page = client.get(reverse("catalogue:list") + "?late=on").content.decode()
    assert "迟发的通知" in page
    assert "超时发布" in page


def test_replied_request_becomes_a_catalogue_draft(client: Any, world: Any) -> None:
    req = accepted(world, "2026-03-02")
    request_services.request_reply(
        actor=world.clerk_a, request=req, outcome="r1_open", replied_on=date(2026, 3, 10)
    )
    client.force_login(world.clerk_a)
    page = client.get(reverse("requests:detail", args=[req.number])).content.decode()
    assert "生成主动公开草稿" in page
    response = client.post(reverse("catalogue:from_request", args=[req.number]))
    item = Item.objects.get()
    assert response.url == reverse("catalogue:detail", args=[item.pk])
    assert item.source_request_id == req.pk
    assert item.status == Status.DRAFT
    assert req.applicant_name not in item.summary + item.title
    again = client.post(reverse("catalogue:from_request", args=[req.number]))
    assert again.status_code == 302
    assert Item.objects.count() == 1


def test_guide_is_edited_by_the_office_head_only(client: Any, world: Any) -> None:
    url = reverse("catalogue:guide", args=[world.agency_a.code])
    client.force_login(world.clerk_a)
    assert client.get(url).status_code == 404
    client.force_login(world.head_a)
    assert client.post(url, {"body": "<p>一、主动公开</p><script>x</script>"}).status_code == 302
    assert Guide.objects.get(agency=world.agency_a).body == "<p>一、主动公开</p>"
