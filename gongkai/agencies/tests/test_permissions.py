"""Who sees and does what: clerks their own agency, supervisors their subtree, administrators
everything; another agency's pages answer 404 so their existence does not leak."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies import permissions, services
from gongkai.agencies.permissions import Perm


def bearer(world, user) -> dict[str, str]:
    _, raw = services.api_token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def fresh(user):
    """The user as a new request would load it (no cached grants)."""
    return get_user_model().objects.get(pk=user.pk)


def visible_codes(user) -> set[str]:
    return {a.code for a in permissions.visible_agencies(fresh(user))}


def all_codes(world) -> set[str]:
    return {
        a.code
        for a in (world.city, world.agency_a, world.agency_b, world.district, world.district_dept, world.town)
    }


def district_codes(world) -> set[str]:
    return {world.district.code, world.district_dept.code, world.town.code}


# --- back office: another agency answers 404 -----------------------------------------------------


def test_a_clerk_sees_their_own_agency_detail_page(world, client):
    client.force_login(world.clerk_a)
    response = client.get(f"/staff/agencies/{world.agency_a.code}/")
    assert response.status_code == 200
    assert response.context["agency"] == world.agency_a
    assert response.context["can_edit"] is False


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_a_clerk_of_a_gets_404_for_agency_b_pages(world, client, suffix):
    client.force_login(world.clerk_a)
    response = client.get(f"/staff/agencies/{world.agency_b.code}/{suffix}")
    assert response.status_code == 404


def test_an_unknown_agency_code_is_also_404(world, client):
    client.force_login(world.clerk_a)
    assert client.get("/staff/agencies/NO-SUCH-CODE/").status_code == 404


def test_a_clerk_sees_only_their_own_agency(world):
    assert visible_codes(world.clerk_a) == {world.agency_a.code}
    assert visible_codes(world.clerk_b) == {world.agency_b.code}


# --- supervisors see their subtree ---------------------------------------------------------------


def test_a_city_supervisor_sees_every_agency_under_the_root(world):
    assert visible_codes(world.city_supervisor) == all_codes(world)


def test_a_district_supervisor_sees_only_the_district_subtree(world):
    assert visible_codes(world.district_supervisor) == district_codes(world)


def test_the_agency_list_page_shows_the_city_supervisor_the_whole_tree(world, client):
    client.force_login(world.city_supervisor)
    response = client.get("/staff/agencies/")
    assert response.status_code == 200
    assert {a.code for a in response.context["agencies"]} == all_codes(world)
    body = response.content.decode()
    for code in all_codes(world):
        assert f'href="/staff/agencies/{code}/"' in body


def test_the_agency_list_page_shows_the_district_supervisor_only_the_district(world, client):
    client.force_login(world.district_supervisor)
    response = client.get("/staff/agencies/")
    assert response.status_code == 200
    assert {a.code for a in response.context["agencies"]} == district_codes(world)
    body = response.content.decode()
    for agency in (world.city, world.agency_a, world.agency_b):
        assert f'href="/staff/agencies/{agency.code}/"' not in body
        assert agency.code not in body
    assert "明湖市教育局" not in body
    assert "明湖市公安局" not in body


def test_a_district_supervisor_opens_district_pages_but_not_city_departments(world, client):
    client.force_login(world.district_supervisor)
    for agency in (world.district, world.district_dept, world.town):
        assert client.get(f"/staff/agencies/{agency.code}/").status_code == 200
    for agency in (world.city, world.agency_a, world.agency_b):
        assert client.get(f"/staff/agencies/{agency.code}/").status_code == 404


def test_the_api_lets_the_city_supervisor_read_members_of_every_agency(world, client):
    headers = bearer(world, world.city_supervisor)
    for code in all_codes(world):
        assert client.get(f"/api/v1/agencies/{code}/members", **headers).status_code == 200


def test_the_api_lets_the_district_supervisor_read_only_the_district_subtree(world, client):
    headers = bearer(world, world.district_supervisor)
    for agency in (world.district, world.district_dept, world.town):
        assert client.get(f"/api/v1/agencies/{agency.code}/members", **headers).status_code == 200
    for agency in (world.city, world.agency_a, world.agency_b):
        response = client.get(f"/api/v1/agencies/{agency.code}/members", **headers)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"


def test_the_api_answers_404_json_when_clerk_a_asks_for_agency_b_members(world, client):
    response = client.get(f"/api/v1/agencies/{world.agency_b.code}/members", **bearer(world, world.clerk_a))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message", "fields"}
    assert body["error"] == "not_found"
    assert body["fields"] == {}
    assert "clerk_b" not in response.content.decode()


def test_the_api_lists_the_members_of_the_clerks_own_agency(world, client):
    response = client.get(f"/api/v1/agencies/{world.agency_a.code}/members", **bearer(world, world.clerk_a))
    assert response.status_code == 200
    assert sorted((m["username"], m["role"]) for m in response.json()) == [
        ("clerk_a", "clerk"),
        ("head_a", "office_head"),
        ("reviewer_a", "reviewer"),
    ]


# --- editing contact details ------------------------------------------------------------------


def test_the_office_head_can_edit_contact_details(world, client):
    client.force_login(world.head_a)
    assert client.get(f"/staff/agencies/{world.agency_a.code}/edit/").status_code == 200
    response = client.post(
        f"/staff/agencies/{world.agency_a.code}/edit/",
        {"office_name": "办公室", "office_address": "明湖路1号", "office_phone": "0591-87654321"},
    )
    assert response.status_code == 302
    world.agency_a.refresh_from_db()
    assert world.agency_a.office_phone == "0591-87654321"
    assert world.agency_a.office_address == "明湖路1号"


@pytest.mark.parametrize("persona", ["clerk_a", "reviewer_a", "clerk_b", "district_supervisor"])
def test_others_get_404_on_the_edit_page_and_cannot_post(world, client, persona):
    client.force_login(getattr(world, persona))
    url = f"/staff/agencies/{world.agency_a.code}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"office_address": "篡改", "office_phone": "110"}).status_code == 404
    world.agency_a.refresh_from_db()
    assert world.agency_a.office_address == "明湖市教育局一楼政务公开窗口"


def test_the_office_head_cannot_edit_another_agency(world, client):
    client.force_login(world.head_a)
    assert client.get(f"/staff/agencies/{world.agency_b.code}/edit/").status_code == 404


def test_only_the_office_head_and_admin_hold_manage_agency(world):
    a = world.agency_a
    assert permissions.has_perm(fresh(world.head_a), Perm.MANAGE_AGENCY, a)
    assert permissions.has_perm(fresh(world.admin), Perm.MANAGE_AGENCY, a)
    for persona in ("clerk_a", "reviewer_a", "city_supervisor", "clerk_b"):
        assert not permissions.has_perm(fresh(getattr(world, persona)), Perm.MANAGE_AGENCY, a), persona


# --- role capabilities ------------------------------------------------------------------------


def test_reviewers_review_but_do_not_approve_extensions(world):
    reviewer = fresh(world.reviewer_a)
    assert permissions.has_perm(reviewer, Perm.REVIEW, world.agency_a)
    assert not permissions.has_perm(reviewer, Perm.APPROVE_EXTENSION, world.agency_a)
    assert not permissions.has_perm(reviewer, Perm.HANDLE_REQUESTS, world.agency_a)
    assert not permissions.has_perm(reviewer, Perm.REVIEW, world.agency_b)


def test_the_office_head_approves_extensions_and_clerks_do_not(world):
    assert permissions.has_perm(fresh(world.head_a), Perm.APPROVE_EXTENSION, world.agency_a)
    assert not permissions.has_perm(fresh(world.clerk_a), Perm.APPROVE_EXTENSION, world.agency_a)
    assert not permissions.has_perm(fresh(world.clerk_a), Perm.REVIEW, world.agency_a)


def test_supervisors_do_not_get_global_powers_over_their_subtree(world):
    supervisor = fresh(world.city_supervisor)
    for perm in (Perm.VIEW_AUDIT, Perm.MANAGE_STAFF, Perm.MANAGE_REFERENCE_DATA, Perm.HANDLE_REQUESTS):
        assert not permissions.has_perm(supervisor, perm, world.agency_a), perm
    assert permissions.has_perm(supervisor, Perm.SUPERVISE, world.town)


def test_an_admin_sees_everything(world, client):
    assert visible_codes(world.admin) == all_codes(world)
    client.force_login(world.admin)
    for code in all_codes(world):
        assert client.get(f"/staff/agencies/{code}/").status_code == 200
    assert client.get(f"/staff/agencies/{world.agency_b.code}/edit/").status_code == 200


def test_a_deactivated_agency_no_longer_grants_its_members_anything(world):
    services.agency_set_active(actor=None, agency=world.town, active=False, reason="机构改革撤销")
    services.staff_create(
        actor=None, username="town_clerk", agency=world.town, role="clerk", password="Town-pass-2026x"
    )
    user = get_user_model().objects.get(username="town_clerk")
    assert list(permissions.visible_agencies(user)) == []


# --- anonymous visitors and tokens -------------------------------------------------------------


@pytest.mark.parametrize("url", ["/staff/", "/staff/agencies/", "/staff/audit/", "/staff/holidays/"])
def test_anonymous_visitors_are_redirected_to_login(world, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/login/?next={url}"


def test_anonymous_visitors_are_redirected_from_an_agency_page(world, client):
    response = client.get(f"/staff/agencies/{world.agency_a.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer gk_not-a-real-token"}, {"HTTP_AUTHORIZATION": "Basic Zm9vOmJhcg=="}],
    ids=["no-token", "unknown-token", "wrong-scheme"],
)
def test_the_api_without_a_valid_token_answers_401_json(world, client, headers):
    response = client.get("/api/v1/me", **headers)
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "unauthenticated"
    assert "令牌" in body["message"]
    assert body["fields"] == {}


def test_a_revoked_token_answers_401(world, client):
    token, raw = services.api_token_create(actor=None, user=world.clerk_a)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/me", **headers).status_code == 200
    services.api_token_revoke(actor=world.clerk_a, token=token)
    response = client.get("/api/v1/me", **headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_a_token_of_a_deactivated_account_answers_401(world, client):
    _, raw = services.api_token_create(actor=None, user=world.clerk_a)
    world.clerk_a.is_active = False
    world.clerk_a.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
