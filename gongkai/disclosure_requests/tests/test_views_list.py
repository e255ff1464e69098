"""The request list shows the requests of the agencies a person may view, starting with the agency they
work in, and filters by deadline (overdue, due within 3 working days), status, outcome, channel, year
and text, in a number of queries that does not grow with the page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.core.identifiers import resident_id_check_char
from gongkai.disclosure_requests import services

TODAY = date(2026, 3, 16)  # a Monday; 3 working days later is Thursday 2026-03-19
LIST = "/staff/requests/"
ID_17 = "11010519491231002"
RESIDENT_ID = ID_17 + resident_id_check_char(ID_17)


def submit(
    world,
    received_on,
    *,
    agency=None,
    actor=None,
    title="2025年义务教育招生计划",
    name="张三",
    channel="in_person",
):
    return services.request_submit(
        actor=actor or world.clerk_a,
        agency=agency or world.agency_a,
        applicant=services.Applicant(
            type="natural_person",
            name=name,
            id_type="resident_id",
            id_number=RESIDENT_ID,
            phone="13800000000",
        ),
        info=services.InfoRequested(title=title),
        channel=channel,
        received_on=received_on,
    ).request


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def requests_a(world, today):
    return {
        "overdue": submit(world, date(2026, 2, 9), title="逾期的申请"),  # due 2026-03-13
        "soon": submit(world, date(2026, 2, 12), title="快到期的申请"),  # due 2026-03-18
        "edge": submit(world, date(2026, 2, 13), title="第三个工作日到期"),  # due 2026-03-19
        "later": submit(world, date(2026, 2, 16), title="还有时间的申请"),  # due 2026-03-20
        "fresh": submit(world, TODAY, title="今天收到的申请", name="李四", channel="letter"),
    }


def numbers(response):
    return [r.number for r, _flag in response.context["rows"]]


def test_the_stored_due_dates_are_the_ones_the_filters_rely_on(requests_a):
    assert {k: r.due_on for k, r in requests_a.items()} == {
        "overdue": date(2026, 3, 13),
        "soon": date(2026, 3, 18),
        "edge": date(2026, 3, 19),
        "later": date(2026, 3, 20),
        "fresh": date(2026, 4, 14),
    }


def test_overdue_filter_lists_only_requests_past_their_due_date(client, world, requests_a):
    client.force_login(world.clerk_a)
    response = client.get(LIST, {"due": "overdue"})
    assert response.status_code == 200
    assert numbers(response) == [requests_a["overdue"].number]
    assert 'class="due-overdue"' in response.content.decode()


def test_soon_filter_lists_requests_due_within_three_working_days(client, world, requests_a):
    client.force_login(world.clerk_a)
    response = client.get(LIST, {"due": "soon"})
    assert numbers(response) == [requests_a["edge"].number, requests_a["soon"].number]
    rows = {r.number: flag for r, flag in response.context["rows"]}
    assert rows == {requests_a["edge"].number: "soon", requests_a["soon"].number: "soon"}


def test_the_list_defaults_to_the_agency_the_person_works_in(client, world, requests_a, today):
    submit(world, TODAY, agency=world.agency_b, actor=world.clerk_b, title="公安局的申请")
    client.force_login(world.city_supervisor)
    assert numbers(client.get(LIST)) == []  # the city government itself received none
    assert len(numbers(client.get(LIST, {"agency": ""}))) == 6  # 全部: the supervisor's whole subtree
    assert numbers(client.get(LIST, {"agency": world.agency_b.pk, "q": "公安局"})) != []
    client.force_login(world.clerk_a)
    assert len(numbers(client.get(LIST))) == 5


def test_a_clerk_of_another_agency_sees_none_of_its_requests(client, world, requests_a):
    client.force_login(world.clerk_b)
    assert numbers(client.get(LIST)) == []
    assert numbers(client.get(LIST, {"agency": world.agency_a.pk})) == []  # not even by asking
    assert numbers(client.get(LIST, {"q": requests_a["soon"].number, "agency": ""})) == []


def test_text_channel_and_status_filters(client, world, requests_a):
    client.force_login(world.clerk_a)
    assert numbers(client.get(LIST, {"q": "李四"})) == [requests_a["fresh"].number]
    assert numbers(client.get(LIST, {"q": "快到期"})) == [requests_a["soon"].number]
    assert numbers(client.get(LIST, {"q": requests_a["later"].number})) == [requests_a["later"].number]
    assert numbers(client.get(LIST, {"channel": "letter"})) == [requests_a["fresh"].number]
    assert numbers(client.get(LIST, {"status": "accepted"})) == []
    assert len(numbers(client.get(LIST, {"status": "received", "year": 2026}))) == 5
    assert numbers(client.get(LIST, {"year": 2025})) == []


def test_outcome_filter(client, world, requests_a):
    services.request_reply(actor=world.clerk_a, request=requests_a["fresh"], outcome="r4_1", replied_on=TODAY)
    client.force_login(world.clerk_a)
    assert numbers(client.get(LIST, {"outcome": "r4_1"})) == [requests_a["fresh"].number]
    assert numbers(client.get(LIST, {"due": "overdue", "outcome": "r4_1"})) == []


def test_the_list_costs_the_same_queries_for_one_or_many_requests(client, world, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submit(world, date(2026, 2, 12), title="申请0")
    client.force_login(world.clerk_a)
    client.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(LIST, {"due": "soon"})
    for i in range(1, 7):
        submit(world, date(2026, 2, 12), title=f"申请{i}")
    with CaptureQueriesContext(connection) as seven:
        response = client.get(LIST, {"due": "soon"})
    assert len(numbers(response)) == 7
    assert len(seven) == len(one)
