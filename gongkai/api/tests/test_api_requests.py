"""/api/v1/requests (interfaces.md §3): online and counter intake, the staff record with history and the
actions this person may take, every workflow action with the 条例's due dates, refusals that change
nothing, agency isolation, and the applicant's lookup that never shows identity or contact data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.services import api_token_create
from gongkai.api import requests as requests_api
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests import letters_service
from gongkai.disclosure_requests.models import (
    Consultation,
    DisclosureRequest,
    FeeNotice,
    RequestEvent,
)
from gongkai.disclosure_requests.tests.request_factories import on, resident_id

pytestmark = pytest.mark.django_db

BASE = "/api/v1/requests"
RESEARCH_USCC = fictional_uscc(4321)
PERSON_ID = resident_id(7)
DESCRIPTION = "2025年明湖市义务教育学校招生计划\n包括各区学位数和划片范围"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    # The throttle counts in the cache, which outlives a test's database.
    cache.clear()


@pytest.fixture
def tokens(world: Any) -> dict[str, str]:
    names = ("clerk_a", "clerk_b", "head_a", "reviewer_a", "city_supervisor", "admin")
    return {name: api_token_create(actor=None, user=getattr(world, name))[1] for name in names}


class Api:
    """The test client speaking JSON, with a persona's bearer token or none."""

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

    def act(self, number: str, action: str, body: dict[str, Any], as_: str = "clerk_a") -> Any:
        return self.post(f"{BASE}/{number}/{action}", body, as_)

    def record(self, number: str, as_: str = "clerk_a") -> dict[str, Any]:
        response = self.get(f"{BASE}/{number}", as_)
        assert response.status_code == 200, response.content.decode()
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def api(client: Any, tokens: dict[str, str]) -> Api:
    return Api(client, tokens)


def research_body(world: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency": world.agency_a.code,
        "applicant": {
            "type": "research",
            "name": "明湖教育科学研究院",
            "id_type": "uscc",
            "id_number": RESEARCH_USCC,
            "phone": "0591-87654321",
            "email": "office@research.example.cn",
            "address": "明湖市湖东路1号",
        },
        "description": DESCRIPTION,
        "form": "electronic",
        "delivery": "email",
    }
    body.update(overrides)
    return body


def person_body(world: Any, **overrides: Any) -> dict[str, Any]:
    body = research_body(world, **overrides)
    body["applicant"] = {
        "type": "natural_person",
        "name": "王小明",
        "id_type": "resident_id",
        "id_number": PERSON_ID,
        "phone": "13912345678",
        "email": "wang@example.cn",
        "address": "明湖市西湖路8号",
    }
    return body


def apply_online(api: Api, world: Any, day: str = "2026-02-10", **overrides: Any) -> dict[str, Any]:
    with on(day):
        response = api.post(BASE, person_body(world, **overrides))
    assert response.status_code == 201, response.content.decode()
    body: dict[str, Any] = response.json()
    return body


def accepted(api: Api, world: Any, day: str = "2026-02-10") -> str:
    number: str = apply_online(api, world, day)["number"]
    with on(day):
        assert api.act(number, "accept", {}).status_code == 200
    return number


def snapshot(number: str) -> tuple[Any, ...]:
    row = DisclosureRequest.objects.filter(number=number).values().get()
    return (
        row,
        RequestEvent.objects.count(),
        AuditEntry.objects.count(),
        Consultation.objects.count(),
        FeeNotice.objects.count(),
    )


# --- intake -----------------------------------------------------------------------------------------


def test_an_online_application_by_a_research_institute_is_received_on_submission(api, world):
    with on("2026-02-10"):
        response = api.post(BASE, research_body(world))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"number", "query_code", "status", "received_on", "due_on"}
    assert body["number"] == "2026000001"
    assert len(body["query_code"]) == 8
    assert (body["status"], body["received_on"], body["due_on"]) == ("received", "2026-02-10", "2026-03-16")
    row = DisclosureRequest.objects.get(number="2026000001")
    assert (row.channel, row.entered_by, row.applicant_type, row.id_type, row.id_number) == (
        "online",
        None,
        "research",
        "uscc",
        RESEARCH_USCC,
    )
    assert row.info_title == "2025年明湖市义务教育学校招生计划"
    assert row.description == DESCRIPTION
    assert row.agency == world.agency_a


def test_the_title_comes_from_info_title_when_given_and_is_cut_at_255_characters(api, world):
    with on("2026-02-10"):
        titled = api.post(
            BASE, research_body(world, info_title="招生计划", document_number="明教〔2025〕3号")
        )
        long = api.post(BASE, research_body(world, description="学" * 300))
    assert (titled.status_code, long.status_code) == (201, 201)
    row = DisclosureRequest.objects.get(number=titled.json()["number"])
    assert (row.info_title, row.info_document_number, row.description) == (
        "招生计划",
        "明教〔2025〕3号",
        DESCRIPTION,
    )
    assert DisclosureRequest.objects.get(number=long.json()["number"]).info_title == "学" * 255


def test_without_a_token_channel_and_receipt_date_are_ignored(api, world):
    with on("2026-02-10"):
        response = api.post(BASE, research_body(world, channel="letter", received_on="2026-01-05"))
    assert response.json()["received_on"] == "2026-02-10"
    assert DisclosureRequest.objects.get().channel == "online"


def test_the_same_submission_key_returns_the_same_request_without_a_new_row(api, world):
    with on("2026-02-10"):
        first = api.post(BASE, research_body(world, submission_key="k-20260210-0001"))
        again = api.post(BASE, research_body(world, submission_key="k-20260210-0001"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    # The code is shown once; only its hash is kept.
    assert again.json()["query_code"] is None
    assert DisclosureRequest.objects.count() == 1
    assert RequestEvent.objects.count() == 1


def test_a_clerk_enters_a_letter_with_its_receipt_date(api, world):
    with on("2026-02-10"):
        response = api.post(BASE, person_body(world, channel="letter", received_on="2026-02-09"), "clerk_a")
    assert response.status_code == 201
    assert (response.json()["received_on"], response.json()["due_on"]) == ("2026-02-09", "2026-03-13")
    row = DisclosureRequest.objects.get()
    assert (row.channel, row.entered_by, row.oral) == ("letter", world.clerk_a, False)


def test_a_clerk_records_an_oral_application_at_the_counter(api, world):
    with on("2026-02-10"):
        response = api.post(
            BASE, person_body(world, channel="in_person", received_on="2026-02-10", oral=True), "clerk_a"
        )
    assert response.status_code == 201
    assert DisclosureRequest.objects.get().oral is True


def test_a_clerk_must_give_the_receipt_date(api, world):
    with on("2026-02-10"):
        response = api.post(BASE, person_body(world, channel="letter"), "clerk_a")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "message": "请填写收到申请之日（条例第三十一条）",
        "fields": {"received_on": "必填"},
    }
    assert DisclosureRequest.objects.count() == 0


def test_a_clerk_of_another_agency_may_not_enter_requests_for_it(api, world):
    with on("2026-02-10"):
        response = api.post(BASE, person_body(world, channel="letter", received_on="2026-02-10"), "clerk_b")
    assert response.status_code == 403
    assert response.json()["message"] == "您没有执行此操作的权限"
    assert DisclosureRequest.objects.count() == 0


def test_an_unknown_agency_answers_404_json(api, world):
    with on("2026-02-10"):
        response = api.post(BASE, person_body(world, agency="91350100NOTANAGENCY"))
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "没有找到该机关", "fields": {}}


def test_a_bad_identity_number_answers_400_with_the_field(api, world):
    body = person_body(world)
    body["applicant"]["id_number"] = PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")
    with on("2026-02-10"):
        response = api.post(BASE, body)
    assert response.status_code == 400
    payload = response.json()
    assert payload["message"] == "申请人信息有误，请检查标出的项目"
    assert set(payload["fields"]) == {"applicant.id_number"}
    assert DisclosureRequest.objects.count() == 0


def test_an_organisation_must_identify_itself_by_its_credit_code(api, world):
    body = research_body(world)
    body["applicant"]["id_type"] = "resident_id"
    body["applicant"]["id_number"] = PERSON_ID
    with on("2026-02-10"):
        response = api.post(BASE, body)
    assert response.status_code == 400
    assert response.json()["fields"] == {"applicant.id_type": "法人或其他组织请提供统一社会信用代码"}


def test_an_empty_description_answers_400_on_the_description(api, world):
    with on("2026-02-10"):
        response = api.post(BASE, research_body(world, description="  \n "))
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "description": "请填写所需政府信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条）"
    }


def test_a_body_missing_the_applicant_answers_422_json(api, world):
    body = research_body(world)
    del body["applicant"]
    with on("2026-02-10"):
        response = api.post(BASE, body)
    assert response.status_code == 422
    payload = response.json()
    assert (payload["error"], payload["message"]) == ("invalid", "提交的数据不符合要求，请检查标出的字段")
    assert list(payload["fields"]) == ["payload.applicant"]
    assert DisclosureRequest.objects.count() == 0


def test_anonymous_submissions_and_lookups_are_throttled_per_address_but_staff_are_not(
    api, world, monkeypatch
):
    monkeypatch.setattr(requests_api.public_throttle, "num_requests", 2)
    with on("2026-02-10"):
        codes = [api.post(BASE, research_body(world)).status_code for _ in range(3)]
        lookup = api.get(f"{BASE}/2026000001", query_code="WRONG")
        staff = api.post(BASE, person_body(world, channel="letter", received_on="2026-02-10"), "clerk_a")
    assert codes == [201, 201, 429]
    assert lookup.status_code == 429
    assert lookup.json()["error"] == "throttled"
    assert staff.status_code == 201
    assert DisclosureRequest.objects.count() == 3


# --- the staff record and the full journey --------------------------------------------------------------


def test_the_full_journey_through_the_api_follows_the_due_dates_of_the_regulation(api, world):
    submitted = apply_online(api, world)
    number = submitted["number"]
    assert submitted["due_on"] == "2026-03-16"

    with on("2026-02-10"):
        record = api.record(number)
        assert record["allowed_actions"] == ["accept", "request_correction", "reply", "withdraw"]
        response = api.act(number, "accept", {})
    assert response.status_code == 200
    record = response.json()
    assert (record["status"], record["status_label"], record["due_on"]) == (
        "accepted",
        "办理中",
        "2026-03-16",
    )
    assert record["allowed_actions"] == [
        "request_correction",
        "start_consultation",
        "quote_fee",
        "reply",
        "withdraw",
    ]

    with on("2026-02-12"):
        record = api.act(
            number,
            "request_correction",
            {"items": "请说明所需文件的年份", "sent_on": "2026-02-12", "period_days": 10},
        ).json()
    assert (record["status"], record["correction_requested_on"], record["correction_due_on"]) == (
        "awaiting_correction",
        "2026-02-12",
        "2026-03-04",
    )
    assert (record["correction_items"], record["due_on"]) == ("请说明所需文件的年份", None)

    with on("2026-03-02"):
        record = api.act(number, "receive_correction", {"received_on": "2026-03-02"}).json()
    # 第三十条: the period runs again from the day the corrected application arrives.
    assert (record["status"], record["restarted_on"], record["due_on"]) == (
        "accepted",
        "2026-03-02",
        "2026-03-30",
    )

    with on("2026-03-20"):
        assert "extend" in api.record(number, "head_a")["allowed_actions"]
        record = api.act(
            number, "extend", {"reason": "需调取多个科室档案", "on": "2026-03-20"}, "head_a"
        ).json()
    assert (record["extension_days"], record["extended_on"], record["due_on"]) == (
        20,
        "2026-03-20",
        "2026-04-28",
    )
    assert record["extension_reason"] == "需调取多个科室档案"
    assert record["deadline_explanation"] == [
        "收到申请之日：2026-02-10（第三十一条），起算日不计入",
        "收到补正申请之日：2026-03-02，答复期限自此重新计算（第三十条）",
        "答复期限：20个工作日（第三十三条第一款）",
        "经政府信息公开工作机构负责人同意延长：20个工作日（第三十三条第二款）",
        "答复到期日：2026-04-28",
    ]

    with on("2026-04-10"):
        response = api.act(
            number,
            "reply",
            {"outcome": "r2_partial", "replied_on": "2026-04-10", "text": "现提供可以公开的部分。"},
        )
    assert response.status_code == 200
    record = response.json()
    assert (record["status"], record["outcome"], record["replied_on"], record["reply_text"]) == (
        "replied",
        "r2_partial",
        "2026-04-10",
        "现提供可以公开的部分。",
    )
    assert record["outcome_label"] == "（二）部分公开 区分处理的，只计这一情形，不计其他情形"
    assert record["outcome_basis"] == "《中华人民共和国政府信息公开条例》第三十七条"
    assert record["allowed_actions"] == ["archive"]
    assert [
        (e["on"], e["action"], e["from_status"], e["to_status"], e["actor"]) for e in record["history"]
    ] == [
        ("2026-02-10", "submit", "", "received", "申请人"),
        ("2026-02-10", "accept", "received", "accepted", "clerk_a"),
        ("2026-02-12", "request_correction", "accepted", "awaiting_correction", "clerk_a"),
        ("2026-03-02", "receive_correction", "awaiting_correction", "accepted", "clerk_a"),
        ("2026-03-20", "extend", "accepted", "accepted", "head_a"),
        ("2026-04-10", "reply", "accepted", "replied", "clerk_a"),
    ]
    assert record["history"][4]["note"] == "延长20个工作日：需调取多个科室档案"
    assert RequestEvent.objects.count() == 6


def test_the_staff_record_shows_the_applicant_and_the_letters(api, world):
    number = apply_online(api, world)["number"]
    with on("2026-02-10"):
        api.act(number, "reply", {"outcome": "r4_1", "replied_on": "2026-02-10"})
        letter = letters_service.letter_draft(
            actor=world.clerk_a, request=DisclosureRequest.objects.get(number=number), kind="reply"
        )
        record = api.record(number)
    assert record["applicant"] == {
        "type": "natural_person",
        "type_label": "自然人",
        "name": "王小明",
        "id_type": "resident_id",
        "id_number": PERSON_ID,
        "phone": "13912345678",
        "email": "wang@example.cn",
        "address": "明湖市西湖路8号",
        "postcode": "",
        "contact_person": "",
    }
    assert (record["agency"], record["agency_name"], record["channel"], record["entered_by"]) == (
        world.agency_a.code,
        "明湖市教育局",
        "online",
        None,
    )
    assert record["reply_text"] == (
        "经检索，本机关未制作或获取您申请的政府信息，该政府信息不存在（或不属于本机关负责公开）。"
    )
    assert record["letters"] == [
        {
            "id": letter.pk,
            "kind": "reply",
            "title": letter.title,
            "document_number": "",
            "issued_on": None,
            "issued_by": None,
        }
    ]


def test_a_consultation_stops_the_clock_and_its_end_resumes_it(api, world):
    with on("2026-02-10"):
        number = api.post(
            BASE, person_body(world, channel="letter", received_on="2026-02-10"), "clerk_a"
        ).json()["number"]
        api.act(number, "accept", {})
    with on("2026-02-24"):
        record = api.act(
            number, "start_consultation", {"party": "明湖市启明教育科技有限公司", "sent_on": "2026-02-24"}
        ).json()
    assert (record["status"], record["due_on"], record["paused_remaining_days"]) == ("consulting", None, 15)
    assert record["consultations"] == [
        {
            "party": "明湖市启明教育科技有限公司",
            "party_kind": "third_party",
            "sent_on": "2026-02-24",
            "reply_due_on": "2026-03-16",
            "received_on": None,
            "opinion": "",
        }
    ]
    with on("2026-03-10"):
        record = api.act(
            number, "end_consultation", {"received_on": "2026-03-10", "opinion": "不同意公开合同附件"}
        ).json()
    # 11 working days in (02-24, 03-10] are not counted: 03-16 + 11 working days.
    assert (record["status"], record["due_on"], record["paused_remaining_days"]) == (
        "accepted",
        "2026-03-31",
        None,
    )
    assert (record["consultations"][0]["received_on"], record["consultations"][0]["opinion"]) == (
        "2026-03-10",
        "不同意公开合同附件",
    )


def test_a_fee_notice_by_pages_stops_the_clock_until_payment(api, world):
    number = accepted(api, world)
    with on("2026-02-24"):
        record = api.act(
            number, "quote_fee", {"mode": "per_page", "pages": 250, "sent_on": "2026-02-24"}
        ).json()
    assert (record["status"], record["due_on"], record["paused_remaining_days"]) == (
        "awaiting_payment",
        None,
        15,
    )
    fee = record["fees"][0]
    # 31–100 at 10, 101–200 at 20, 201–250 at 40 yuan per page (办法第五条).
    assert (fee["mode"], fee["pages"], fee["amount"]) == ("per_page", 250, 4700)
    assert (fee["sent_on"], fee["payment_due_on"], fee["paid_on"]) == ("2026-02-24", "2026-03-23", None)
    assert record["allowed_actions"] == ["record_payment", "close_unpaid", "withdraw"]
    with on("2026-03-03"):
        record = api.act(number, "record_payment", {"paid_on": "2026-03-03"}).json()
    assert (record["status"], record["due_on"], record["fees"][0]["paid_on"]) == (
        "accepted",
        "2026-03-24",
        "2026-03-03",
    )


def test_withdrawal_closes_the_request_as_other_and_it_can_then_be_archived(api, world):
    number = accepted(api, world)
    with on("2026-02-12"):
        record = api.act(number, "withdraw", {"on": "2026-02-12", "reason": "申请人电话告知不再需要"}).json()
    assert (record["status"], record["outcome"], record["withdrawn_on"], record["finalized_on"]) == (
        "withdrawn",
        "r6_3",
        "2026-02-12",
        "2026-02-12",
    )
    assert record["history"][-1]["note"] == "申请人电话告知不再需要"
    with on("2026-02-13"):
        record = api.act(number, "archive", {}).json()
    assert (record["status"], record["allowed_actions"]) == ("archived", [])
    assert record["archived_at"].startswith("2026-02-13T")


def test_no_correction_within_the_period_closes_the_request_as_row_six_one(api, world):
    number = accepted(api, world)
    with on("2026-02-12"):
        api.act(
            number,
            "request_correction",
            {"items": "请补充身份证明", "sent_on": "2026-02-12", "period_days": 10},
        )
    with on("2026-03-05"):
        record = api.act(number, "close_uncorrected", {"on": "2026-03-05"}).json()
    assert (record["status"], record["outcome"], record["replied_on"]) == ("replied", "r6_1", "2026-03-05")


def test_no_payment_within_the_period_closes_the_request_as_row_six_two(api, world):
    number = accepted(api, world)
    with on("2026-02-24"):
        api.act(number, "quote_fee", {"mode": "per_page", "pages": 40, "sent_on": "2026-02-24"})
    with on("2026-03-24"):
        record = api.act(number, "close_unpaid", {"on": "2026-03-24"}).json()
    assert (record["status"], record["outcome"], record["replied_on"]) == ("replied", "r6_2", "2026-03-24")


def test_the_office_head_sets_a_later_period_for_mass_requests(api, world):
    number = accepted(api, world)
    with on("2026-02-12"):
        response = api.act(
            number,
            "delay",
            {"until": "2026-05-29", "reason": "同一申请人本月提出60件申请", "on": "2026-02-12"},
            "head_a",
        )
    assert response.status_code == 200
    assert (response.json()["delayed_until"], response.json()["due_on"]) == ("2026-05-29", "2026-05-29")


# --- refusals change nothing ---------------------------------------------------------------------------


def refused(api: Api, number: str, action: str, body: dict[str, Any], as_: str = "clerk_a") -> dict[str, Any]:
    before = snapshot(number)
    response = api.act(number, action, body, as_)
    assert snapshot(number) == before
    return {"status": response.status_code, **response.json()}


def test_a_second_reply_is_an_illegal_transition(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        api.act(number, "reply", {"outcome": "r1_open", "replied_on": "2026-02-20"})
        answer = refused(api, number, "reply", {"outcome": "r3_5", "replied_on": "2026-02-20"})
    assert answer == {
        "status": 409,
        "error": "illegal_transition",
        "message": "申请当前状态为“已答复”，不能执行“答复”",
        "fields": {},
    }


def test_a_clerk_may_not_extend(api, world):
    number = accepted(api, world)
    with on("2026-03-10"):
        answer = refused(api, number, "extend", {"reason": "需调取档案", "on": "2026-03-10"})
    assert answer == {
        "status": 403,
        "error": "not_allowed",
        "message": "只有政府信息公开工作机构负责人可以批准延期答复",
        "fields": {},
    }


def test_a_date_after_today_is_refused(api, world):
    number = accepted(api, world)
    with on("2026-02-12"):
        answer = refused(
            api, number, "request_correction", {"items": "请补充", "sent_on": "2026-02-13", "period_days": 10}
        )
    assert answer == {
        "status": 400,
        "error": "invalid",
        "message": "告知补正日期不能晚于今天（2026-02-12）",
        "fields": {"on": "日期不能晚于今天"},
    }


def test_an_unknown_outcome_is_refused(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        answer = refused(api, number, "reply", {"outcome": "r9_9", "replied_on": "2026-02-20"})
    assert answer == {
        "status": 400,
        "error": "invalid",
        "message": "未知的办理结果：r9_9",
        "fields": {"outcome": "未知的办理结果"},
    }


def test_row_six_one_cannot_be_chosen_in_a_reply(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        answer = refused(api, number, "reply", {"outcome": "r6_1", "replied_on": "2026-02-20"})
    assert answer["status"] == 400
    assert answer["message"] == (
        "“（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”须通过补正或收费程序办结，不能直接选择"
    )
    assert answer["fields"] == {"outcome": "不能直接选择"}


def test_a_malformed_date_answers_422_and_changes_nothing(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        answer = refused(api, number, "reply", {"outcome": "r1_open", "replied_on": "2026-02-30"})
    assert (answer["status"], answer["error"], list(answer["fields"])) == (
        422,
        "invalid",
        ["payload.replied_on"],
    )


def test_an_unknown_action_answers_404_json(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        answer = refused(api, number, "approve", {})
    assert answer == {"status": 404, "error": "not_found", "message": "没有该办理事项：approve", "fields": {}}


def test_an_action_needs_a_token(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        before = snapshot(number)
        response = api.post(f"{BASE}/{number}/reply", {"outcome": "r1_open", "replied_on": "2026-02-20"})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"
    assert snapshot(number) == before


# --- who sees what ---------------------------------------------------------------------------------------


def test_a_clerk_of_another_agency_gets_404_and_does_not_see_the_request_in_the_list(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        detail = api.get(f"{BASE}/{number}", "clerk_b")
        unknown = api.get(f"{BASE}/2026999999", "clerk_b")
        action = refused(api, number, "reply", {"outcome": "r1_open", "replied_on": "2026-02-20"}, "clerk_b")
        listed = api.get(BASE, "clerk_b")
        filtered = api.get(BASE, "clerk_b", agency=world.agency_a.code)
    assert detail.status_code == 404
    # The same answer as for a number that does not exist: numbers of other agencies do not leak.
    assert (
        detail.json()
        == unknown.json()
        == {
            "error": "not_found",
            "message": "没有找到该申请，或您无权查看",
            "fields": {},
        }
    )
    assert action["status"] == 404
    assert listed.json() == {"count": 0, "page": 1, "page_size": 50, "results": []}
    assert filtered.status_code == 404


def test_a_city_supervisor_sees_the_request_but_may_not_act_on_it(api, world):
    number = accepted(api, world)
    with on("2026-02-20"):
        record = api.record(number, "city_supervisor")
        answer = refused(
            api, number, "reply", {"outcome": "r1_open", "replied_on": "2026-02-20"}, "city_supervisor"
        )
        listed = api.get(BASE, "city_supervisor").json()
    assert (record["number"], record["applicant"]["id_number"], record["allowed_actions"]) == (
        number,
        PERSON_ID,
        [],
    )
    assert (answer["status"], answer["message"]) == (403, "您没有执行此操作的权限")
    assert [row["number"] for row in listed["results"]] == [number]


def test_public_lookup_needs_the_right_query_code(api, world):
    submitted = apply_online(api, world)
    number, code = submitted["number"], submitted["query_code"]
    with on("2026-02-10"):
        missing = api.get(f"{BASE}/{number}")
        wrong = api.get(f"{BASE}/{number}", query_code="AAAAAAAA")
        unknown = api.get(f"{BASE}/2026999999", query_code=code)
        right = api.get(f"{BASE}/{number}", query_code=code.lower())
    expected = {"error": "not_found", "message": "没有找到该申请，或查询码不正确", "fields": {}}
    assert [r.status_code for r in (missing, wrong, unknown)] == [404, 404, 404]
    assert missing.json() == wrong.json() == unknown.json() == expected
    assert right.status_code == 200
    assert right.json()["status"] == "received"


def test_public_lookup_shows_the_outcome_and_never_identity_contact_or_staff_data(api, world):
    submitted = apply_online(api, world)
    number, code = submitted["number"], submitted["query_code"]
    with on("2026-02-10"):
        api.act(number, "accept", {})
    with on("2026-02-24"):
        api.act(
            number, "start_consultation", {"party": "明湖市启明教育科技有限公司", "sent_on": "2026-02-24"}
        )
    with on("2026-03-10"):
        api.act(number, "end_consultation", {"received_on": "2026-03-10", "opinion": "不同意公开合同附件"})
        api.act(
            number, "reply", {"outcome": "r3_4", "replied_on": "2026-03-10", "text": "涉及第三方商业秘密。"}
        )
        response = api.get(f"{BASE}/{number}", query_code=code)
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "number": number,
        "agency_name": "明湖市教育局",
        "status": "replied",
        "status_label": "已答复",
        "received_on": "2026-02-10",
        "due_on": "2026-03-31",
        "info_title": "2025年明湖市义务教育学校招生计划",
        "outcome": "r3_4",
        "outcome_label": "（三）不予公开 4.保护第三方合法权益",
        "outcome_basis": "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
        "replied_on": "2026-03-10",
        "reply_text": "涉及第三方商业秘密。",
        "history": [
            {"on": "2026-02-10", "action": "submit", "action_label": "收到申请", "note": "网上申请"},
            {"on": "2026-02-10", "action": "accept", "action_label": "登记受理", "note": ""},
            {"on": "2026-02-24", "action": "start_consultation", "action_label": "征求意见", "note": ""},
            {"on": "2026-03-10", "action": "end_consultation", "action_label": "收到意见", "note": ""},
            {
                "on": "2026-03-10",
                "action": "reply",
                "action_label": "答复",
                "note": "（三）不予公开 4.保护第三方合法权益",
            },
        ],
    }
    raw = response.content.decode()
    for secret in (
        PERSON_ID,
        "13912345678",
        "wang@example.cn",
        "明湖市西湖路8号",
        "王小明",
        "clerk_a",
        "启明",
    ):
        assert secret not in raw


def test_archiving_is_not_shown_to_the_applicant(api, world):
    submitted = apply_online(api, world)
    number = submitted["number"]
    with on("2026-02-10"):
        api.act(number, "withdraw", {"on": "2026-02-10"})
        api.act(number, "archive", {})
        body = api.get(f"{BASE}/{number}", query_code=submitted["query_code"]).json()
    assert body["status"] == "archived"
    assert [e["action"] for e in body["history"]] == ["submit", "withdraw"]


def test_a_logged_in_browser_session_without_a_token_gets_only_the_public_view(api, world, client):
    number = apply_online(api, world)["number"]
    client.force_login(world.clerk_a)
    with on("2026-02-10"):
        response = api.get(f"{BASE}/{number}")
    assert response.status_code == 404


# --- the list ------------------------------------------------------------------------------------------


def test_the_list_filters_by_agency_status_and_overdue_and_pages(api, world):
    first = accepted(api, world, "2026-02-10")
    second = accepted(api, world, "2026-02-11")
    third = apply_online(api, world, "2026-02-12")["number"]
    with on("2026-02-12"):
        api.act(second, "reply", {"outcome": "r1_open", "replied_on": "2026-02-12"})
    with on("2026-03-17"):
        everything = api.get(BASE, "clerk_a").json()
        received = api.get(BASE, "clerk_a", status="received").json()
        overdue = api.get(BASE, "clerk_a", overdue="true").json()
        page_two = api.get(BASE, "clerk_a", page=2, page_size=2).json()
        by_agency = api.get(BASE, "admin", agency=world.agency_a.code).json()
        other_agency = api.get(BASE, "admin", agency=world.agency_b.code).json()
        bad_status = api.get(BASE, "clerk_a", status="lost")
    assert everything["count"] == 3
    assert [row["number"] for row in everything["results"]] == [third, second, first]
    assert everything["results"][0] == {
        "number": third,
        "agency": world.agency_a.code,
        "status": "received",
        "received_on": "2026-02-12",
        "due_on": "2026-03-18",
        "applicant_type": "natural_person",
        "info_title": "2025年明湖市义务教育学校招生计划",
        "outcome": "",
    }
    assert [row["number"] for row in received["results"]] == [third]
    # Due 2026-03-16; the replied one is closed and the third is due 03-18.
    assert [row["number"] for row in overdue["results"]] == [first]
    assert (page_two["count"], page_two["page"], page_two["page_size"]) == (3, 2, 2)
    assert [row["number"] for row in page_two["results"]] == [first]
    assert by_agency["count"] == 3
    assert other_agency["count"] == 0
    assert bad_status.status_code == 400
    assert bad_status.json()["fields"] == {"status": "未知的状态"}


def test_the_list_costs_the_same_queries_for_one_row_or_many(api, world):
    apply_online(api, world)

    def queries() -> int:
        with on("2026-02-10"), CaptureQueriesContext(connection) as ctx:
            assert api.get(BASE, "clerk_a").status_code == 200
        return len(ctx.captured_queries)

    queries()  # the token's first use of the minute also stamps last_used_at
    one = queries()
    for serial in range(4):
        with on("2026-02-10"):
            api.post(BASE, research_body(world, submission_key=f"list-cost-{serial:04d}"))
    assert queries() == one


def test_the_list_needs_a_token(api, world):
    response = api.get(BASE)
    assert response.status_code == 401


# --- the schema ------------------------------------------------------------------------------------------


def test_the_openapi_schema_lists_the_request_paths_and_marks_the_extensions(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    actions = [
        "accept",
        "request_correction",
        "receive_correction",
        "close_uncorrected",
        "start_consultation",
        "end_consultation",
        "extend",
        "delay",
        "quote_fee",
        "record_payment",
        "close_unpaid",
        "reply",
        "withdraw",
        "archive",
    ]
    assert set(paths["/api/v1/requests"]) == {"get", "post"}
    assert set(paths["/api/v1/requests/{number}"]) == {"get"}
    for action in actions:
        assert set(paths[f"/api/v1/requests/{{number}}/{action}"]) == {"post"}
    assert "/api/v1/requests/{number}/{action}" not in paths
    extensions = {
        action
        for action in actions
        if paths[f"/api/v1/requests/{{number}}/{action}"]["post"]["summary"].startswith("（扩展）")
    }
    assert extensions == {"close_uncorrected", "delay", "close_unpaid", "archive"}
