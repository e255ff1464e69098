"""The back office at /staff/appeals/: lists, registration, a case's decision, complaints; other
agencies' cases answer 404."""

from __future__ import annotations

from gongkai.appeals.models import Appeal, Complaint
from gongkai.appeals.tests.factories import appeal, complaint, written
from gongkai.core.models import AuditEntry
from gongkai.disclosure_requests.tests.request_factories import counter, d, on


def test_a_clerk_registers_a_case_linked_to_a_request_by_its_number(world, client):
    request = counter(world, "2025-03-03")
    client.force_login(world.clerk_a)
    with on("2025-05-06"):
        assert client.get("/staff/appeals/new/").status_code == 200
        response = client.post(
            "/staff/appeals/new/",
            {
                "agency": world.agency_a.pk,
                "kind": "reconsideration",
                "filed_on": "2025-05-06",
                "case_number": "明府复〔2025〕12号",
                "request_number": request.number,
                "summary": "不服答复",
            },
        )
    case = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/appeals/{case.pk}/"
    assert (case.agency, case.request, case.kind, case.filed_on) == (
        world.agency_a,
        request,
        "reconsideration",
        d("2025-05-06"),
    )
    with on("2025-05-06"):
        page = client.get(f"/staff/appeals/{case.pk}/").content.decode()
    assert "明府复〔2025〕12号" in page
    assert f'href="/staff/requests/{request.number}/"' in page
    assert 'action="/staff/appeals/' in page  # the decide form is offered


def test_an_unknown_request_number_is_a_clear_error_and_nothing_is_written(world, client):
    counter(world, "2025-03-03", agency=world.agency_b)
    other_number = counter(world, "2025-03-04", agency=world.agency_b).number
    client.force_login(world.clerk_a)
    before = written()
    with on("2025-05-06"):
        response = client.post(
            "/staff/appeals/new/",
            {
                "agency": world.agency_a.pk,
                "kind": "reconsideration",
                "filed_on": "2025-05-06",
                "request_number": other_number,
            },
        )
    assert response.status_code == 400
    assert f"明湖市教育局没有编号为 {other_number} 的申请，请核对编号" in response.content.decode()
    assert written() == before


def test_the_service_error_is_shown_on_the_form(world, client):
    client.force_login(world.clerk_a)
    before = written()
    with on("2025-05-06"):
        response = client.post(
            "/staff/appeals/new/",
            {"agency": world.agency_a.pk, "kind": "reconsideration", "filed_on": "2025-05-07"},
        )
    assert response.status_code == 400
    assert "日期不能晚于今天" in response.content.decode()
    assert written() == before


def test_a_clerk_can_only_register_for_agencies_where_they_handle_requests(world, client):
    client.force_login(world.clerk_a)
    before = written()
    with on("2025-05-06"):
        response = client.post(
            "/staff/appeals/new/",
            {"agency": world.agency_b.pk, "kind": "reconsideration", "filed_on": "2025-05-06"},
        )
    assert response.status_code == 400
    assert written() == before
    client.force_login(world.reviewer_a)
    assert client.get("/staff/appeals/new/").status_code == 404
    assert client.get("/staff/appeals/complaints/new/").status_code == 404


def test_a_clerk_of_another_agency_gets_404_for_the_case_and_its_decision(world, client):
    case = appeal(world.agency_a, "reconsideration", "2025-05-06")
    filed = complaint(world.agency_a, "2025-05-06")
    client.force_login(world.clerk_b)
    before = written()
    with on("2025-08-01"):
        assert client.get(f"/staff/appeals/{case.pk}/").status_code == 404
        assert (
            client.post(
                f"/staff/appeals/{case.pk}/decide/", {"result": "upheld", "decided_on": "2025-08-01"}
            ).status_code
            == 404
        )
        assert client.get(f"/staff/appeals/complaints/{filed.pk}/").status_code == 404
        assert (
            client.post(
                f"/staff/appeals/complaints/{filed.pk}/close/", {"handled_on": "2025-08-01", "note": "办结"}
            ).status_code
            == 404
        )
        listing = client.get("/staff/appeals/").content.decode()
    assert written() == before
    assert Appeal.objects.get(pk=case.pk).result == "pending"
    assert f"/staff/appeals/{case.pk}/" not in listing
    assert "共 0 件" in listing


def test_the_city_supervisor_sees_the_case_but_may_not_decide_it(world, client):
    case = appeal(world.agency_a, "reconsideration", "2025-05-06")
    client.force_login(world.city_supervisor)
    page = client.get(f"/staff/appeals/{case.pk}/")
    assert page.status_code == 200
    assert f'action="/staff/appeals/{case.pk}/decide/"' not in page.content.decode()
    before = written()
    with on("2025-08-01"):
        response = client.post(
            f"/staff/appeals/{case.pk}/decide/", {"result": "upheld", "decided_on": "2025-08-01"}
        )
    assert response.status_code == 403
    assert "您没有执行此操作的权限" in response.content.decode()
    assert written() == before


def test_deciding_through_the_page_then_again_is_refused(world, client):
    case = appeal(world.agency_a, "litigation_direct", "2025-05-06")
    client.force_login(world.clerk_a)
    with on("2025-08-01"):
        response = client.post(
            f"/staff/appeals/{case.pk}/decide/", {"result": "corrected", "decided_on": "2025-07-31"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/staff/appeals/{case.pk}/"
        before = written()
        again = client.post(
            f"/staff/appeals/{case.pk}/decide/", {"result": "upheld", "decided_on": "2025-08-01"}
        )
    assert again.status_code == 409
    assert "该案件已于2025-07-31审结（结果纠正），不能再次登记结果" in again.content.decode()
    assert written() == before
    stored = Appeal.objects.get(pk=case.pk)
    assert (stored.result, stored.decided_on) == ("corrected", d("2025-07-31"))


def test_the_list_filters_by_kind_result_agency_and_year_and_shows_table_four(world, client):
    r_old = appeal(world.agency_a, "reconsideration", "2024-11-10", decided="2025-02-01", result="upheld")
    r_new = appeal(world.agency_a, "reconsideration", "2025-06-01")
    direct = appeal(world.agency_a, "litigation_direct", "2026-01-05")
    appeal(world.agency_b, "reconsideration", "2025-06-01")
    client.force_login(world.clerk_a)

    def listed(query: str) -> set[int]:
        response = client.get(f"/staff/appeals/?{query}")
        assert response.status_code == 200
        return {a.pk for a in response.context["page"]}

    assert listed("") == {r_old.pk, r_new.pk, direct.pk}
    assert listed("kind=litigation_direct") == {direct.pk}
    assert listed("result=upheld") == {r_old.pk}
    assert listed("year=2025") == {r_old.pk, r_new.pk}
    assert listed("year=2026") == {r_new.pk, direct.pk}
    response = client.get(f"/staff/appeals/?year=2025&agency={world.agency_a.pk}")
    assert response.context["table"].as_line() == [1, 0, 0, 1, 2] + [0] * 10
    assert "2025年度 政府信息公开行政复议、行政诉讼情况（年报表四）" in response.content.decode()
    # Agency B is not among clerk A's choices: filtering by it is not a valid filter.
    assert client.get(f"/staff/appeals/?agency={world.agency_b.pk}").context["form"].is_valid() is False


def test_the_city_supervisor_lists_every_case_of_the_subtree(world, client):
    cases = {
        appeal(world.agency_a, "reconsideration", "2025-06-01").pk,
        appeal(world.agency_b, "reconsideration", "2025-06-01").pk,
        appeal(world.district_dept, "litigation_direct", "2025-06-01").pk,
    }
    client.force_login(world.city_supervisor)
    response = client.get("/staff/appeals/?year=2025")
    assert {a.pk for a in response.context["page"]} == cases
    assert response.context["table"].cells["reconsideration"]["pending"] == 2
    client.force_login(world.district_supervisor)
    assert client.get("/staff/appeals/").context["page"].paginator.count == 1


def test_a_complaint_journey(world, client):
    request = counter(world, "2025-03-03")
    client.force_login(world.clerk_a)
    with on("2025-04-10"):
        assert client.get("/staff/appeals/complaints/new/").status_code == 200
        response = client.post(
            "/staff/appeals/complaints/new/",
            {
                "agency": world.agency_a.pk,
                "received_on": "2025-04-09",
                "complainant": "张1",
                "request_number": request.number,
                "summary": "逾期未答复",
            },
        )
        filed = Complaint.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/staff/appeals/complaints/{filed.pk}/"
        assert filed.request == request
        listing = client.get("/staff/appeals/complaints/?state=open").content.decode()
        assert f"/staff/appeals/complaints/{filed.pk}/" in listing
    with on("2025-04-20"):
        client.force_login(world.clerk_a)  # ten days later: the idle session has ended
        closed = client.post(
            f"/staff/appeals/complaints/{filed.pk}/close/", {"handled_on": "2025-04-18", "note": "已督促答复"}
        )
        assert closed.status_code == 302
        before = written()
        again = client.post(
            f"/staff/appeals/complaints/{filed.pk}/close/", {"handled_on": "2025-04-20", "note": "再办"}
        )
        assert client.get("/staff/appeals/complaints/?state=open").context["page"].paginator.count == 0
        assert (
            client.get("/staff/appeals/complaints/?state=closed&year=2025").context["page"].paginator.count
            == 1
        )
    assert again.status_code == 409
    assert written() == before
    stored = Complaint.objects.get(pk=filed.pk)
    assert (stored.handled_on, stored.handling_note) == (d("2025-04-18"), "已督促答复")
    assert list(
        AuditEntry.objects.filter(target_type="appeals.complaint")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "complaint.registered",
        "complaint.closed",
    ]


def test_anonymous_visitors_are_sent_to_login(world, client):
    response = client.get("/staff/appeals/")
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]
