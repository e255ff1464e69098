"""/api/v1/catalogue (interfaces.md §3): drafting with attachments, every workflow step with its own body,
the 保密审查 that an API reviewer must state explicitly and that personal data blocks, agency isolation,
refusals that write nothing, the public search and the 索引号 path with its slash."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache import cache

from gongkai.agencies.services import api_token_create
from gongkai.catalogue import services
from gongkai.catalogue.models import Attachment, Item, ItemEvent, Topic
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.catalogue.workflow import Status
from gongkai.core.identifiers import resident_id_check_char

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_media")]

BASE = "/api/v1/catalogue"
TODAY = date(2026, 3, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A fictional 居民身份证号码: unallocated prefecture 3599, valid check character.
PERSON_ID = "359901198807150031"[:17] + resident_id_check_char("359901198807150031"[:17])


@pytest.fixture
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def tokens(world: Any) -> dict[str, str]:
    names = ("clerk_a", "clerk_b", "head_a", "reviewer_a", "city_supervisor", "admin")
    return {name: api_token_create(actor=None, user=getattr(world, name))[1] for name in names}


class Api:
    def __init__(self, client: Any, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def _headers(self, as_: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[as_]}"} if as_ else {}

    def post(self, path: str, body: dict[str, Any], as_: str | None = None) -> Any:
        return self.client.post(
            path, data=json.dumps(body), content_type="application/json", headers=self._headers(as_)
        )

    def get(self, path: str, as_: str | None = None, **params: Any) -> Any:
        return self.client.get(path, params, headers=self._headers(as_))

    def act(self, item_id: int, action: str, body: dict[str, Any], as_: str) -> Any:
        return self.post(f"{BASE}/{item_id}/{action}", body, as_)

    def ok(self, response: Any, status: int = 200) -> dict[str, Any]:
        assert response.status_code == status, response.content.decode()
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def api(client: Any, tokens: dict[str, str]) -> Api:
    return Api(client, tokens)


def draft_body(world: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency": world.agency_a.code,
        "title": "明湖市教育局关于2026年义务教育招生工作的通知",
        "summary": "公布2026年城区义务教育学校招生划片范围和报名时间。",
        "body": "<p>各区教育局：现将2026年招生工作通知如下。</p><script>alert(1)</script>",
        "document_number": "明教〔2026〕3号",
        "created_on": "2026-03-02",
        "category": 11,
        "topic": "科技、教育\\教育",
        "genre": "notice",
        "channels": ["website", "wechat"],
        "attachments": [{"name": "招生划片范围.pdf", "content_base64": base64.b64encode(PDF).decode()}],
    }
    body.update(overrides)
    return body


def publish(api: Api, item_id: int, **approve: Any) -> dict[str, Any]:
    api.ok(api.act(item_id, "submit", {}, "clerk_a"))
    api.ok(api.act(item_id, "approve", {"confirmed": True, **approve}, "reviewer_a"))
    return api.ok(api.act(item_id, "publish", {}, "clerk_a"))


def published_item(world: Any, title: str, *, agency: Any = None, on: date = TODAY, **fields: Any) -> Item:
    """An item published through the services, for the read endpoints."""
    agency = agency or world.agency_a
    item = services.item_create(
        actor=None,
        agency=agency,
        data=ItemInput(
            title=title,
            created_on=fields.pop("created_on", on),
            category=fields.pop("category", 11),
            **fields,
        ),
    )
    services.item_submit(actor=None, item=item)
    services.item_approve(actor=None, item=item, checklist=dict.fromkeys(REVIEW_CHECKLIST, True))
    return services.item_publish(actor=None, item=item, published_on=on)


# --- create -------------------------------------------------------------------------------------------


def test_clerk_creates_a_draft_with_every_field_and_an_attachment(api: Api, world: Any) -> None:
    body = api.ok(api.post(BASE, draft_body(world), "clerk_a"), 201)

    assert body["status"] == "draft"
    assert body["index_number"] is None
    assert body["agency"] == world.agency_a.code
    assert body["document_number"] == "明教〔2026〕3号"
    assert body["category"] == 11
    assert body["category_label"].startswith("（十一）")
    assert body["topic"] == "科技、教育\\教育"
    assert body["topic_id"] == Topic.objects.get(name="教育").pk
    assert body["genre"] == "notice"
    assert body["channels"] == ["website", "wechat"]
    assert "<script>" not in body["body"]
    assert body["allowed_actions"] == ["submit"]
    (attachment,) = body["attachments"]
    assert attachment["name"] == "招生划片范围.pdf"
    assert attachment["content_type"] == "application/pdf"
    assert attachment["size"] == len(PDF)
    # The draft's attachment: its own agency may download it, nobody else.
    assert api.get(attachment["download_url"], "clerk_a").status_code == 200
    assert api.get(attachment["download_url"]).status_code == 404
    assert api.get(attachment["download_url"], "clerk_b").status_code == 404
    item = Item.objects.get(pk=body["id"])
    assert item.created_by == world.clerk_a
    assert [e.action for e in ItemEvent.objects.filter(item=item)] == ["create"]


def test_topic_may_be_given_by_id_or_with_a_slash(api: Api, world: Any) -> None:
    topic = Topic.objects.get(name="政务公开")
    by_id = api.ok(api.post(BASE, draft_body(world, topic=topic.pk, attachments=[]), "clerk_a"), 201)
    by_slash = api.ok(
        api.post(BASE, draft_body(world, topic="综合政务/政务公开", attachments=[]), "clerk_a"), 201
    )
    assert by_id["topic"] == by_slash["topic"] == "综合政务\\政务公开"


def test_anonymous_cannot_create_and_nothing_is_written(api: Api, world: Any) -> None:
    response = api.post(BASE, draft_body(world))
    assert response.status_code == 401
    assert "令牌" in response.json()["message"]
    assert not Item.objects.exists()


def test_clerk_of_another_agency_cannot_create_for_agency_a(api: Api, world: Any) -> None:
    assert api.post(BASE, draft_body(world), "clerk_b").status_code == 404
    # A supervisor sees the agency but does not draft for it.
    response = api.post(BASE, draft_body(world), "city_supervisor")
    assert response.status_code == 403
    assert not Item.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"category": 16}, "category", "公开类别"),
        ({"title": "   "}, "title", "请填写信息名称"),
        ({"created_on": "2026-12-01"}, "created_on", "生成日期不能晚于今天"),
        ({"channels": ["fax"]}, "channels", "未知的公开渠道"),
        ({"kind": "law"}, "kind", "文件类型无效"),
        ({"topic": "综合政务\\不存在"}, "topic", "主题分类"),
        ({"answers": ["000000002/2026-09999"]}, "answers", "所解读或回应的信息不存在"),
        (
            {"attachments": [{"name": "a.pdf", "content_base64": "不是base64"}]},
            "attachments.0",
            "Base64",
        ),
        (
            {
                "attachments": [
                    {"name": "a.pdf", "content_base64": base64.b64encode(b"\x89PNG\r\n\x1a\nxx").decode()}
                ]
            },
            "attachments",
            "不是有效的PDF",
        ),
    ],
)
def test_bad_input_answers_400_in_chinese_and_writes_nothing(
    api: Api, world: Any, override: dict[str, Any], field: str, message: str
) -> None:
    response = api.post(BASE, draft_body(world, **override), "clerk_a")
    assert response.status_code == 400, response.content.decode()
    body = response.json()
    assert message in body["message"]
    assert field in body["fields"]
    assert not Item.objects.exists()
    assert not Attachment.objects.exists()


# --- workflow ----------------------------------------------------------------------------------------


def test_the_whole_journey_through_the_api(api: Api, world: Any) -> None:
    created = api.ok(api.post(BASE, draft_body(world), "clerk_a"), 201)
    item_id = created["id"]

    submitted = api.ok(api.act(item_id, "submit", {}, "clerk_a"))
    assert submitted["status"] == "submitted"
    assert api.act(item_id, "approve", {"confirmed": True}, "clerk_a").status_code == 403

    approved = api.ok(api.act(item_id, "approve", {"confirmed": True, "comment": "同意"}, "reviewer_a"))
    assert approved["status"] == "approved"
    assert approved["reviewed_by"] == "reviewer_a"
    assert approved["review_checklist"] == dict.fromkeys(REVIEW_CHECKLIST, True)

    published = api.ok(api.act(item_id, "publish", {"published_on": "2026-03-19"}, "clerk_a"))
    prefix = services.index_prefix(world.agency_a)
    assert published["index_number"] == f"{prefix}/2026-00001"
    assert "/" in published["index_number"]
    assert published["published_on"] == "2026-03-19"
    assert published["publish_workdays"] == 13
    assert published["publish_late"] is False
    assert [h["action"] for h in published["history"]] == ["create", "submit", "approve", "publish"]

    # The public reads it by 索引号 (slash and all) and downloads the attachment.
    public = api.ok(api.get(f"{BASE}/{published['index_number']}"))
    assert public["id"] == item_id
    assert public["status"] == "published"
    assert public["body"].startswith("<p>各区教育局")
    assert "allowed_actions" not in public
    response = api.get(public["attachments"][0]["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_approval_needs_an_explicit_confirmation(api: Api, world: Any) -> None:
    item_id = api.ok(api.post(BASE, draft_body(world, attachments=[]), "clerk_a"), 201)["id"]
    api.ok(api.act(item_id, "submit", {}, "clerk_a"))

    response = api.act(item_id, "approve", {}, "reviewer_a")
    assert response.status_code == 400
    assert "请确认保密审查" in response.json()["message"]
    response = api.act(item_id, "approve", {"checklist": {"state_secrets": True}}, "reviewer_a")
    assert response.status_code == 400
    assert "保密审查未完成" in response.json()["message"]
    response = api.act(item_id, "approve", {"checklist": {"secrets": True}}, "reviewer_a")
    assert response.status_code == 400
    assert "没有这些事项" in response.json()["message"]
    assert Item.objects.get(pk=item_id).status == Status.SUBMITTED

    approved = api.ok(
        api.act(item_id, "approve", {"checklist": dict.fromkeys(REVIEW_CHECKLIST, True)}, "reviewer_a")
    )
    assert approved["status"] == "approved"


def test_personal_data_blocks_approval_until_redacted_or_kept_with_a_reason(api: Api, world: Any) -> None:
    body = f"<p>联系人：张某，身份证号{PERSON_ID}，举报电话13800138000。</p>"
    item_id = api.ok(api.post(BASE, draft_body(world, body=body, attachments=[]), "clerk_a"), 201)["id"]
    submitted = api.ok(api.act(item_id, "submit", {}, "clerk_a"))
    assert [h["kind"] for h in submitted["pii"]] == ["resident_id", "mobile"]

    response = api.act(item_id, "approve", {"confirmed": True}, "reviewer_a")
    assert response.status_code == 400
    error = response.json()
    assert "2处个人信息" in error["message"]
    listed = {k: v for k, v in error["fields"].items() if k.startswith("exemptions.")}
    assert len(listed) == 2
    assert all(PERSON_ID not in v and "13800138000" not in v for v in listed.values())
    assert any("身份证" in v for v in listed.values())
    assert PERSON_ID not in response.content.decode()
    assert Item.objects.get(pk=item_id).status == Status.SUBMITTED

    # Keep the hotline with a reason; the identity number still blocks.
    phone = next(h for h in submitted["pii"] if h["kind"] == "mobile")
    response = api.act(
        item_id,
        "approve",
        {"confirmed": True, "exemptions": {phone["fingerprint"]: "公开的举报电话"}},
        "reviewer_a",
    )
    assert response.status_code == 400
    assert len([k for k in response.json()["fields"] if k.startswith("exemptions.")]) == 1
    assert f"exemptions.{phone['fingerprint']}" not in response.json()["fields"]

    assert api.act(item_id, "redact", {}, "clerk_a").status_code == 403
    redacted = api.ok(api.act(item_id, "redact", {"sources": ["body"]}, "reviewer_a"))
    assert PERSON_ID not in redacted["body"]
    approved = api.ok(api.act(item_id, "approve", {"confirmed": True}, "reviewer_a"))
    assert approved["status"] == "approved"


def test_reviewer_keeps_personal_data_with_a_reason(api: Api, world: Any) -> None:
    item_id = api.ok(
        api.post(BASE, draft_body(world, body="<p>举报电话：13800138000</p>", attachments=[]), "clerk_a"), 201
    )["id"]
    (hit,) = api.ok(api.act(item_id, "submit", {}, "clerk_a"))["pii"]
    approved = api.ok(
        api.act(
            item_id,
            "approve",
            {"confirmed": True, "exemptions": {hit["fingerprint"]: "公开的举报电话"}},
            "reviewer_a",
        )
    )
    assert approved["pii"][0]["exempted"] is True
    assert Item.objects.get(pk=item_id).pii_exemptions[0]["reason"] == "公开的举报电话"


def test_return_needs_a_comment_and_sends_the_item_back(api: Api, world: Any) -> None:
    item_id = api.ok(api.post(BASE, draft_body(world, attachments=[]), "clerk_a"), 201)["id"]
    api.ok(api.act(item_id, "submit", {}, "clerk_a"))
    response = api.act(item_id, "return", {"comment": " "}, "reviewer_a")
    assert response.status_code == 400
    assert "审核意见" in response.json()["message"]
    returned = api.ok(api.act(item_id, "return", {"comment": "请补充文号"}, "reviewer_a"))
    assert returned["status"] == "draft"
    assert returned["review_comment"] == "请补充文号"


def test_a_step_the_status_does_not_allow_answers_409(api: Api, world: Any) -> None:
    item_id = api.ok(api.post(BASE, draft_body(world, attachments=[]), "clerk_a"), 201)["id"]
    response = api.act(item_id, "publish", {}, "clerk_a")
    assert response.status_code == 409
    assert "草稿" in response.json()["message"]
    assert Item.objects.get(pk=item_id).index_number is None


def test_clerk_b_cannot_see_or_act_on_agency_a_items(api: Api, world: Any) -> None:
    item_id = api.ok(api.post(BASE, draft_body(world, attachments=[]), "clerk_a"), 201)["id"]
    for action, body in (("submit", {}), ("approve", {"confirmed": True}), ("publish", {})):
        response = api.act(item_id, action, body, "clerk_b")
        assert response.status_code == 404, action
        assert "没有找到" in response.json()["message"]
    assert api.get(f"{BASE}/{item_id}", "clerk_b").status_code == 404
    item = Item.objects.get(pk=item_id)
    assert item.status == Status.DRAFT
    assert ItemEvent.objects.filter(item=item).count() == 1


def test_actions_need_a_token(api: Api, world: Any) -> None:
    item_id = api.ok(api.post(BASE, draft_body(world, attachments=[]), "clerk_a"), 201)["id"]
    assert api.act(item_id, "submit", {}, None).status_code == 401  # type: ignore[arg-type]
    assert Item.objects.get(pk=item_id).status == Status.DRAFT


def test_withdrawn_item_keeps_its_index_number_and_says_why_without_the_body(api: Api, world: Any) -> None:
    item_id = api.ok(api.post(BASE, draft_body(world), "clerk_a"), 201)["id"]
    published = publish(api, item_id)
    download = published["attachments"][0]["download_url"]
    assert api.act(item_id, "withdraw", {"reason": "已被新文件替代"}, "clerk_a").status_code == 403
    response = api.act(item_id, "withdraw", {"reason": ""}, "reviewer_a")
    assert response.status_code == 400
    assert "撤回理由" in response.json()["message"]

    withdrawn = api.ok(
        api.act(item_id, "withdraw", {"reason": "已被新文件替代", "on": "2026-03-20"}, "reviewer_a")
    )
    assert withdrawn["index_number"] == published["index_number"]

    public = api.ok(api.get(f"{BASE}/{published['index_number']}"))
    assert public["status"] == "withdrawn"
    assert public["status_label"] == "已撤回"
    assert public["withdrawn_on"] == "2026-03-20"
    assert public["withdrawn_reason"] == "已被新文件替代"
    assert public["body"] is None
    assert public["attachments"] == []
    assert public["title"] == published["title"]
    assert api.get(download).status_code == 404


def test_validity_of_a_normative_document_changes(api: Api, world: Any) -> None:
    item_id = api.ok(
        api.post(BASE, draft_body(world, kind="normative_document", attachments=[]), "clerk_a"), 201
    )["id"]
    assert publish(api, item_id)["validity"] == "valid"
    repealed = api.ok(
        api.act(item_id, "set_validity", {"validity": "repealed", "on": "2026-03-20"}, "clerk_a")
    )
    assert repealed["validity"] == "repealed"
    assert repealed["validity_changed_on"] == "2026-03-20"


def test_interpretation_links_the_item_it_answers(api: Api, world: Any) -> None:
    policy = published_item(world, "明湖市义务教育招生入学实施办法", kind="normative_document")
    body = draft_body(
        world,
        title="《明湖市义务教育招生入学实施办法》政策解读",
        genre="interpretation",
        interpretation_kind="policy_interpretation",
        answers=[policy.index_number],
        attachments=[],
    )
    created = api.ok(api.post(BASE, body, "clerk_a"), 201)
    assert created["answers"] == [policy.index_number]
    assert created["interpretation_kind"] == "policy_interpretation"


# --- reads -------------------------------------------------------------------------------------------


def test_drafts_are_hidden_from_the_public_and_shown_to_their_agency_by_id(api: Api, world: Any) -> None:
    item_id = api.ok(api.post(BASE, draft_body(world, attachments=[]), "clerk_a"), 201)["id"]
    assert api.get(f"{BASE}/{item_id}").status_code == 404
    staff = api.ok(api.get(f"{BASE}/{item_id}", "reviewer_a"))
    assert staff["status"] == "draft"
    assert staff["allowed_actions"] == []  # a reviewer neither submits nor drafts
    assert api.ok(api.get(f"{BASE}/{item_id}", "city_supervisor"))["allowed_actions"] == []
    assert api.get(f"{BASE}/{item_id}", "clerk_b").status_code == 404
    assert api.get(f"{BASE}/000000002/2026-00077").status_code == 404


def test_index_number_path_and_action_routes_do_not_clash(api: Api, world: Any) -> None:
    """The fictional codes' 前段码 is all digits (000000002), the shape an item id also has."""
    item = published_item(world, "明湖市教育局2026年部门预算", category=7)
    assert item.index_number is not None
    prefix, _serial = item.index_number.split("/")
    assert prefix.isdigit()
    assert api.ok(api.get(f"{BASE}/{item.index_number}"))["id"] == item.pk
    assert api.ok(api.get(f"{BASE}/{item.pk}"))["index_number"] == item.index_number
    # An action on the same id still reaches the action route.
    withdrawn = api.ok(api.act(item.pk, "withdraw", {"reason": "数据有误，更正后重新发布"}, "reviewer_a"))
    assert withdrawn["status"] == "withdrawn"
    # Unknown actions and unknown numbers are refused, not mistaken for each other.
    assert api.act(item.pk, "destroy", {}, "reviewer_a").status_code in (404, 405)
    assert api.get(f"{BASE}/{prefix}/2026-99999").status_code == 404


def test_list_without_query_shows_published_items_newest_first_with_filters(api: Api, world: Any) -> None:
    a1 = published_item(
        world, "2025年部门决算", category=7, on=date(2025, 8, 1), document_number="明教〔2025〕8号"
    )
    a2 = published_item(world, "2026年招生工作通知", category=11, on=date(2026, 3, 2))
    b1 = published_item(world, "交通违法处罚统计", agency=world.agency_b, category=6, on=date(2026, 3, 10))
    d1 = published_item(world, "东湖区教育局招生简章", agency=world.district_dept, on=date(2026, 1, 5))
    services.item_create(
        actor=None, agency=world.agency_a, data=ItemInput(title="草稿", created_on=TODAY, category=11)
    )

    everything = api.ok(api.get(BASE))
    assert everything["count"] == 4
    assert [r["id"] for r in everything["results"]] == [b1.pk, a2.pk, d1.pk, a1.pk]
    assert everything["results"][0]["index_number"] == b1.index_number

    assert [r["id"] for r in api.ok(api.get(BASE, agency=world.agency_a.code))["results"]] == [a2.pk, a1.pk]
    subtree = api.ok(api.get(BASE, agency=world.district.code))
    assert [r["id"] for r in subtree["results"]] == [d1.pk]
    assert [r["id"] for r in api.ok(api.get(BASE, category=7))["results"]] == [a1.pk]
    assert [r["id"] for r in api.ok(api.get(BASE, year=2025))["results"]] == [a1.pk]
    assert [r["id"] for r in api.ok(api.get(BASE, document_number="〔2025〕8"))["results"]] == [a1.pk]

    page = api.ok(api.get(BASE, per_page=3, page=2))
    assert (page["count"], page["page"], page["per_page"]) == (4, 2, 3)
    assert [r["id"] for r in page["results"]] == [a1.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"category": 16}, "category"), ({"order": "random"}, "order"), ({"agency": "NOPE"}, "agency")],
)
def test_list_rejects_bad_filters_in_chinese(
    api: Api, world: Any, params: dict[str, Any], field: str
) -> None:
    response = api.get(BASE, **params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_search_finds_a_two_character_query_with_a_snippet(api: Api, world: Any) -> None:
    hit = published_item(
        world, "2026年城乡居民医保缴费标准", summary="城乡居民基本医疗保险个人缴费标准调整。"
    )
    published_item(world, "2026年中小学招生工作通知", summary="义务教育招生。")
    found = api.ok(api.get(BASE, q="医保"))
    assert found["count"] == 1
    (row,) = found["results"]
    assert row["id"] == hit.pk
    assert "<mark>" in row["snippet_html"]
    assert api.ok(api.get(BASE, q="医保", agency=world.agency_b.code))["count"] == 0


def test_openapi_documents_one_body_per_action(api: Api) -> None:
    schema = api.ok(api.get("/api/v1/openapi.json"))
    paths = schema["paths"]
    for action, body in (
        ("submit", "SubmitIn"),
        ("return", "ReturnIn"),
        ("redact", "RedactIn"),
        ("approve", "ApproveIn"),
        ("publish", "PublishIn"),
        ("withdraw", "WithdrawIn"),
    ):
        operation = paths[f"/api/v1/catalogue/{{item_id}}/{action}"]["post"]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith(f"/{body}"), action
    assert "/api/v1/catalogue/{index_number}" in paths
