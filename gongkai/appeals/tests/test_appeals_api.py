"""/api/v1/appeals and /api/v1/complaints: staff token journeys, 4xx answers with a Chinese message,
and nothing written when refused."""

from __future__ import annotations

import json

from gongkai.agencies import services as agency_services
from gongkai.appeals.models import Appeal, Complaint
from gongkai.appeals.tests.factories import appeal, complaint, written
from gongkai.disclosure_requests.tests.request_factories import counter, d, on


def bearer(user) -> dict[str, str]:
    _, raw = agency_services.api_token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, body, auth):
    return client.post(url, data=json.dumps(body), content_type="application/json", **auth)


def test_a_clerk_registers_and_decides_a_case(world, client):
    request = counter(world, "2025-03-03")
    auth = bearer(world.clerk_a)
    with on("2025-05-06"):
        created = post(
            client,
            "/api/v1/appeals",
            {
                "kind": "litigation_after_reconsideration",
                "agency": world.agency_a.code,
                "request": request.number,
                "filed_on": "2025-05-06",
                "case_number": "（2025）明01行初12号",
                "organ": "明湖市中级人民法院",
            },
            auth,
        )
    assert created.status_code == 201
    case = Appeal.objects.get()
    assert created.json() == {
        "id": case.pk,
        "kind": "litigation_after_reconsideration",
        "agency": world.agency_a.code,
        "request": request.number,
        "filed_on": "2025-05-06",
        "result": "pending",
        "decided_on": None,
    }
    assert (case.case_number, case.organ) == ("（2025）明01行初12号", "明湖市中级人民法院")
    with on("2025-09-01"):
        decided = post(
            client, f"/api/v1/appeals/{case.pk}/decide", {"result": "other", "decided_on": "2025-08-30"}, auth
        )
        assert decided.status_code == 200
        assert decided.json() == {**created.json(), "result": "other", "decided_on": "2025-08-30"}
        before = written()
        again = post(
            client,
            f"/api/v1/appeals/{case.pk}/decide",
            {"result": "upheld", "decided_on": "2025-09-01"},
            auth,
        )
    assert again.status_code == 409
    assert again.json() == {
        "error": "illegal_transition",
        "message": "该案件已于2025-08-30审结（其他结果），不能再次登记结果",
        "fields": {},
    }
    assert written() == before


def test_refusals_answer_4xx_in_chinese_and_write_nothing(world, client):
    other = counter(world, "2025-03-03", agency=world.agency_b)
    auth = bearer(world.clerk_a)
    base = {"kind": "reconsideration", "agency": world.agency_a.code, "filed_on": "2025-05-06"}
    before = written()
    with on("2025-05-06"):
        unknown_kind = post(client, "/api/v1/appeals", {**base, "kind": "petition"}, auth)
        future = post(client, "/api/v1/appeals", {**base, "filed_on": "2025-05-07"}, auth)
        foreign_request = post(client, "/api/v1/appeals", {**base, "request": other.number}, auth)
        bad_date = post(client, "/api/v1/appeals", {**base, "filed_on": "2025-13-01"}, auth)
        no_token = post(client, "/api/v1/appeals", base, {})
    assert (unknown_kind.status_code, unknown_kind.json()["message"]) == (
        400,
        "请选择案件类型（行政复议、直接起诉或复议后起诉）",
    )
    assert unknown_kind.json()["fields"] == {"kind": "未知的案件类型"}
    assert (future.status_code, future.json()["message"]) == (400, "立案日期不能晚于今天（2025-05-06）")
    assert (foreign_request.status_code, foreign_request.json()) == (
        400,
        {
            "error": "invalid",
            "message": f"明湖市教育局没有编号为 {other.number} 的申请，请核对编号",
            "fields": {"request": "没有找到该申请"},
        },
    )
    assert (bad_date.status_code, bad_date.json()["message"]) == (
        422,
        "提交的数据不符合要求，请检查标出的字段",
    )
    assert (no_token.status_code, no_token.json()["error"]) == (401, "unauthenticated")
    assert written() == before


def test_a_clerk_of_another_agency_gets_404(world, client):
    case = appeal(world.agency_a, "reconsideration", "2025-05-06")
    filed = complaint(world.agency_a, "2025-05-06")
    auth = bearer(world.clerk_b)
    before = written()
    with on("2025-08-01"):
        register = post(
            client,
            "/api/v1/appeals",
            {"kind": "reconsideration", "agency": world.agency_a.code, "filed_on": "2025-08-01"},
            auth,
        )
        decide = post(
            client,
            f"/api/v1/appeals/{case.pk}/decide",
            {"result": "upheld", "decided_on": "2025-08-01"},
            auth,
        )
        complain = post(
            client,
            "/api/v1/complaints",
            {"agency": world.agency_a.code, "received_on": "2025-08-01", "summary": "投诉"},
            auth,
        )
        close = post(
            client, f"/api/v1/complaints/{filed.pk}/close", {"handled_on": "2025-08-01", "note": "办结"}, auth
        )
        listing = client.get(f"/api/v1/appeals?agency={world.agency_a.code}", **auth)
    assert [r.status_code for r in (register, decide, complain, close, listing)] == [404, 404, 404, 404, 404]
    assert decide.json() == {"error": "not_found", "message": "没有找到该案件，或您无权访问", "fields": {}}
    assert register.json()["message"] == "没有找到该机关，或您无权访问"
    assert written() == before
    assert Appeal.objects.get(pk=case.pk).result == "pending"
    assert client.get("/api/v1/appeals", **auth).json() == []


def test_a_supervisor_sees_but_may_not_register(world, client):
    auth = bearer(world.city_supervisor)
    before = written()
    with on("2025-05-06"):
        response = post(
            client,
            "/api/v1/appeals",
            {"kind": "reconsideration", "agency": world.agency_a.code, "filed_on": "2025-05-06"},
            auth,
        )
    assert (response.status_code, response.json()["message"]) == (403, "您没有执行此操作的权限")
    assert written() == before


def test_the_list_filters_by_agency_and_year(world, client):
    carried = appeal(world.agency_a, "reconsideration", "2024-11-10", decided="2025-02-01", result="upheld")
    current = appeal(world.agency_a, "litigation_direct", "2025-06-01")
    later = appeal(world.agency_a, "reconsideration", "2026-01-05")
    in_b = appeal(world.agency_b, "reconsideration", "2025-06-01")

    def ids(user, query=""):
        response = client.get(f"/api/v1/appeals{query}", **bearer(user))
        assert response.status_code == 200
        return {row["id"] for row in response.json()}

    assert ids(world.clerk_a) == {carried.pk, current.pk, later.pk}
    assert ids(world.clerk_a, "?year=2025") == {carried.pk, current.pk}
    assert ids(world.clerk_a, "?year=2026") == {current.pk, later.pk}
    assert ids(world.city_supervisor, "?year=2025") == {carried.pk, current.pk, in_b.pk}
    assert ids(world.city_supervisor, f"?year=2025&agency={world.agency_b.code}") == {in_b.pk}
    row = next(
        r for r in client.get("/api/v1/appeals", **bearer(world.clerk_a)).json() if r["id"] == carried.pk
    )
    assert row == {
        "id": carried.pk,
        "kind": "reconsideration",
        "agency": world.agency_a.code,
        "request": None,
        "filed_on": "2024-11-10",
        "result": "upheld",
        "decided_on": "2025-02-01",
    }


def test_a_complaint_is_registered_and_closed(world, client):
    request = counter(world, "2025-03-03")
    auth = bearer(world.clerk_a)
    with on("2025-04-10"):
        created = post(
            client,
            "/api/v1/complaints",
            {
                "agency": world.agency_a.code,
                "received_on": "2025-04-09",
                "summary": "逾期未答复",
                "request": request.number,
            },
            auth,
        )
        filed = Complaint.objects.get()
        assert created.status_code == 201
        assert created.json() == {
            "id": filed.pk,
            "agency": world.agency_a.code,
            "request": request.number,
            "received_on": "2025-04-09",
            "complainant": "",
            "summary": "逾期未答复",
            "handled_on": None,
        }
        before = written()
        empty = post(
            client,
            "/api/v1/complaints",
            {"agency": world.agency_a.code, "received_on": "2025-04-09", "summary": " "},
            auth,
        )
        assert (empty.status_code, empty.json()["message"]) == (400, "请填写投诉内容")
        assert written() == before
        closed = post(
            client,
            f"/api/v1/complaints/{filed.pk}/close",
            {"handled_on": "2025-04-10", "note": "已答复"},
            auth,
        )
    assert closed.status_code == 200
    assert closed.json()["handled_on"] == "2025-04-10"
    assert Complaint.objects.get().handled_on == d("2025-04-10")
