"""The public API base: the agency list, the OpenAPI schema and the browsable docs."""

from __future__ import annotations

import json

from gongkai.agencies import services


def test_the_agency_list_returns_code_name_kind_level_parent(world, client):
    response = client.get("/api/v1/agencies")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 6
    assert all(set(row) == {"code", "name", "kind", "level", "parent"} for row in body)
    by_code = {row["code"]: row for row in body}
    assert by_code[world.city.code] == {
        "code": world.city.code,
        "name": "明湖市人民政府",
        "kind": "government",
        "level": "city",
        "parent": None,
    }
    assert by_code[world.agency_a.code] == {
        "code": world.agency_a.code,
        "name": "明湖市教育局",
        "kind": "department",
        "level": "city",
        "parent": world.city.code,
    }
    assert by_code[world.town.code] == {
        "code": world.town.code,
        "name": "东湖区湖滨街道办事处",
        "kind": "dispatched",
        "level": "township",
        "parent": world.district.code,
    }


def test_the_agency_list_is_in_tree_order(world, client):
    codes = [row["code"] for row in client.get("/api/v1/agencies").json()]
    assert codes == [
        world.city.code,
        world.agency_a.code,
        world.agency_b.code,
        world.district.code,
        world.district_dept.code,
        world.town.code,
    ]


def test_the_agency_list_filters_by_parent(world, client):
    response = client.get(f"/api/v1/agencies?parent={world.district.code}")
    assert [row["code"] for row in response.json()] == [world.district_dept.code, world.town.code]


def test_the_agency_list_leaves_out_inactive_agencies_unless_asked(world, client):
    services.agency_set_active(actor=None, agency=world.town, active=False, reason="撤销")
    codes = [row["code"] for row in client.get("/api/v1/agencies").json()]
    assert world.town.code not in codes
    assert len(codes) == 5
    everything = [row["code"] for row in client.get("/api/v1/agencies?include_inactive=true").json()]
    assert world.town.code in everything


def test_the_agency_list_needs_no_token_and_costs_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/agencies").status_code == 200


def test_an_agency_detail_includes_the_office_contact(world, client):
    response = client.get(f"/api/v1/agencies/{world.agency_a.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["office_address"] == "明湖市教育局一楼政务公开窗口"
    assert body["office_phone"] == "0591-12345678"
    assert body["parent"] == world.city.code
    assert body["active"] is True


def test_an_unknown_agency_is_a_404_json_error(world, client):
    response = client.get("/api/v1/agencies/NO-SUCH")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "没有找到该机关", "fields": {}}


def test_the_openapi_schema_is_valid_json_with_the_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "gongkai API"
    for path in (
        "/api/v1/agencies",
        "/api/v1/agencies/{code}",
        "/api/v1/agencies/{code}/members",
        "/api/v1/me",
        "/api/v1/workdays/add",
        "/api/v1/workdays/between",
        "/api/v1/holidays",
    ):
        assert path in schema["paths"], path
    assert "get" in schema["paths"]["/api/v1/agencies"]


def test_the_docs_page_is_html(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "/api/v1/openapi.json" in response.content.decode()
