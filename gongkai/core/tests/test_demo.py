"""`gongkai demo`: the fictional city's shape, its accounts, and the command's idempotence."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from gongkai.agencies import services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency, ApiToken, Kind, Level, Membership, Role
from gongkai.core.identifiers import validate_uscc
from gongkai.core.models import AuditEntry, HolidaySchedule
from gongkai.demo import city


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    """Everything the demo could write, in a comparable form."""
    return {
        "agencies": list(Agency.objects.values_list("code", "name", "path", "office_phone")),
        "users": list(get_user_model().objects.order_by("username").values_list("username", "password")),
        "memberships": list(Membership.objects.values_list("user__username", "agency__code", "role")),
        "tokens": ApiToken.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.mark.django_db
def test_demo_builds_the_city():
    out = run()

    root = Agency.objects.get(parent=None)
    assert root.name == "明湖市人民政府"
    assert (root.kind, root.level) == (Kind.GOVERNMENT, Level.CITY)
    assert Agency.objects.roots().count() == 1
    city_departments = Agency.objects.filter(parent=root, kind=Kind.DEPARTMENT, level=Level.CITY)
    assert city_departments.count() >= 30
    assert Agency.objects.filter(parent=root, kind=Kind.AUTHORISED).exists()
    assert Agency.objects.filter(parent=root, kind=Kind.PUBLIC_ENTERPRISE).exists()
    office = Agency.objects.get(name="明湖市人民政府办公室")
    assert office.office_name == "明湖市人民政府办公室政务公开科"

    counties = Agency.objects.filter(parent=root, level=Level.COUNTY)
    assert sorted(c.name for c in counties) == sorted(city.COUNTY_GOVERNMENTS)
    assert len(counties) == 5
    for county in counties:
        assert county.kind == Kind.GOVERNMENT
        departments = county.children.filter(kind=Kind.DEPARTMENT, level=Level.COUNTY)
        assert 10 <= departments.count() <= 12, county.name
        townships = county.children.filter(level=Level.TOWNSHIP)
        assert 4 <= townships.count() <= 6, county.name
        for town in townships:
            expected = Kind.DISPATCHED if town.name.endswith("街道办事处") else Kind.GOVERNMENT
            assert town.kind == expected, town.name
            assert town.is_within(county)
    # Nothing below the township level, and every agency hangs from the one root.
    assert not Agency.objects.filter(parent__level=Level.TOWNSHIP).exists()
    assert Agency.objects.count() == Agency.objects.subtree_of(root).count() == len(city.demo_plan())
    assert "演示密码（所有账号）：Minghu-demo-2026" in out


@pytest.mark.django_db
def test_every_agency_has_a_valid_code_and_office_contact():
    run()
    codes = list(Agency.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)
    for agency in Agency.objects.all():
        assert validate_uscc(agency.code) == agency.code
        assert agency.short_name
        assert agency.office_name
        assert agency.office_address
        assert len(agency.office_postcode) == 6
        assert agency.office_postcode.isdigit()
        assert agency.office_hours == city.OFFICE_HOURS
        assert agency.office_phone.startswith("0599-8")
        assert len(agency.office_phone) == len("0599-8xxxxxxx")
        assert agency.office_fax.startswith("0599-8")
        # Reserved TLD: demo mail and links can never reach a real office.
        assert agency.office_email.endswith(".example")
        assert agency.website.startswith("https://")
        assert agency.website.endswith(".example/")


def test_plan_is_deterministic_and_names_are_unique():
    first, second = city.demo_plan(), city.demo_plan()
    assert first == second
    assert [s.contact for s in first] == [s.contact for s in second]
    names = [s.name for s in first]
    assert len(set(names)) == len(names)
    assert first[0].code == fictional_uscc(city.ROOT_SERIAL)
    seen: set[str] = set()
    for spec in first:
        assert spec.parent is None or spec.parent in seen, "parents must come before children"
        seen.add(spec.name)
    assert {agency for _, _, agency, _ in city.DEMO_ACCOUNTS} <= seen


@pytest.mark.django_db
def test_every_demo_account_can_log_in_with_its_roles():
    run()
    factory = RequestFactory()
    usernames = {username for username, *_ in city.DEMO_ACCOUNTS}
    for username in usernames:
        request = factory.post("/staff/login/")
        user = authenticate(request, username=username, password=city.DEMO_PASSWORD)
        assert user is not None, username
        assert user.first_name
    for username, role, agency_name, _ in city.DEMO_ACCOUNTS:
        assert Membership.objects.filter(
            user__username=username, agency__name=agency_name, role=role
        ).exists(), username
    roles = {role for _, role, _, _ in city.DEMO_ACCOUNTS}
    assert roles == set(Role.values)
    assert Membership.objects.filter(user__username="multi_clerk").count() == 2
    user_model = get_user_model()
    assert user_model.objects.get(username="admin").is_staff
    assert not user_model.objects.get(username="jyj_clerk").is_staff


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    run()
    before = snapshot()
    out = run()
    assert "已存在" in out
    assert snapshot() == before


@pytest.mark.django_db
def test_if_empty_builds_only_into_an_empty_database():
    services.agency_create(
        actor=None, name="某市人民政府", kind=Kind.GOVERNMENT, level=Level.CITY, code=fictional_uscc(7)
    )
    before = snapshot()
    out = run("--if-empty")
    assert "已有机关数据" in out
    assert snapshot() == before
    assert not city.demo_exists()


@pytest.mark.django_db
def test_if_empty_builds_the_demo_on_a_fresh_database():
    run("--if-empty")
    assert city.demo_exists()
    before = snapshot()
    run("--if-empty")
    assert snapshot() == before


@pytest.mark.django_db
def test_plain_demo_refuses_a_database_with_real_agencies():
    services.agency_create(
        actor=None, name="某市人民政府", kind=Kind.GOVERNMENT, level=Level.CITY, code=fictional_uscc(7)
    )
    with pytest.raises(CommandError):
        run()
    with pytest.raises(CommandError):
        run("--reset")
    assert Agency.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("built", [False, True])
def test_accounts_writes_nothing(built):
    if built:
        run()
    before = snapshot()
    out = run("--accounts")
    assert snapshot() == before
    if built:
        for username, *_ in city.DEMO_ACCOUNTS:
            assert username in out
        assert out.rstrip().endswith("演示密码（所有账号）：Minghu-demo-2026")
    else:
        assert "没有演示数据" in out


# Transactional: the reset flushes the database, which PostgreSQL refuses inside a test's transaction
# while deferred foreign-key checks are pending.
@pytest.mark.django_db(transaction=True)
def test_reset_rebuilds_the_same_city_and_restores_holidays():
    run()
    codes = list(Agency.objects.values_list("code", "name", "office_phone"))
    years = list(HolidaySchedule.objects.values_list("year", flat=True))
    assert years
    get_user_model().objects.create_user("stray", password="Stray-pass-2026")

    run("--reset")

    assert list(Agency.objects.values_list("code", "name", "office_phone")) == codes
    assert list(HolidaySchedule.objects.values_list("year", flat=True)) == years
    assert not get_user_model().objects.filter(username="stray").exists()
    usernames = {username for username, *_ in city.DEMO_ACCOUNTS}
    assert set(get_user_model().objects.values_list("username", flat=True)) == usernames
