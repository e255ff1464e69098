"""Every service write leaves exactly one append-only audit row naming who, what, from where and
from which state; a failed write leaves none; nothing can change or remove a row afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from gongkai.agencies import services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency, ApiToken, Membership
from gongkai.core import audit, calendar
from gongkai.core.errors import DomainError
from gongkai.core.middleware import AuditContextMiddleware
from gongkai.core.models import AuditEntry, AuditEntryImmutable, HolidaySchedule
from gongkai.core.workdays import YearSchedule

SCHEDULE_2027 = YearSchedule(
    year=2027,
    off=frozenset([date(2027, 1, 1), *(date(2027, 2, d) for d in range(6, 13))]),
    work=frozenset([date(2027, 2, 20)]),
    source="国务院办公厅关于2027年部分节假日安排的通知",
)


@dataclass
class Expected:
    action: str
    target: Any
    from_state: str = ""
    to_state: str = ""
    changes: dict[str, Any] | None = None


def _agency_create(world) -> Expected:
    agency = services.agency_create(
        actor=world.admin,
        name="明湖市审计局",
        kind="department",
        level="city",
        code=fictional_uscc(90),
        parent=world.city,
    )
    return Expected(
        "agency.created",
        agency,
        changes={
            "code": fictional_uscc(90),
            "kind": "department",
            "level": "city",
            "parent": "明湖市人民政府",
        },
    )


def _agency_update(world) -> Expected:
    agency = services.agency_update(actor=world.admin, agency=world.agency_a, office_phone="0591-99999999")
    return Expected("agency.updated", agency, changes={"office_phone": ["0591-12345678", "0591-99999999"]})


def _agency_deactivate(world) -> Expected:
    agency = services.agency_set_active(actor=world.admin, agency=world.town, active=False, reason="机构改革")
    return Expected("agency.deactivated", agency, "active", "inactive")


def _staff_create(world) -> Expected:
    user, _ = services.staff_create(
        actor=world.admin,
        username="new_clerk",
        agency=world.agency_b,
        role="clerk",
        password="New-pass-2026x",
    )
    return Expected("staff.created", user, changes={"agency": world.agency_b.code, "role": "clerk"})


def _membership_grant(world) -> Expected:
    membership = services.membership_grant(
        actor=world.admin, user=world.clerk_a, agency=world.agency_b, role="reviewer"
    )
    return Expected(
        "membership.granted",
        membership,
        changes={"user": "clerk_a", "agency": world.agency_b.code, "role": "reviewer"},
    )


def _membership_revoke(world) -> Expected:
    membership = Membership.objects.get(user=world.clerk_b)
    pk = membership.pk
    services.membership_revoke(actor=world.admin, membership=membership)
    assert not Membership.objects.filter(pk=pk).exists()
    membership.pk = pk  # the entry names the membership's id, recorded before the delete
    return Expected(
        "membership.revoked",
        membership,
        changes={"user": "clerk_b", "agency": world.agency_b.code, "role": "clerk"},
    )


def _staff_set_password(world) -> Expected:
    user = services.staff_set_password(actor=world.admin, user=world.clerk_a, password="Another-pass-2026x")
    return Expected("staff.password_set", user)


def _api_token_create(world) -> Expected:
    token, _ = services.api_token_create(actor=world.admin, user=world.clerk_a)
    return Expected("api_token.created", token)


def _api_token_revoke(world) -> Expected:
    token, _ = services.api_token_create(actor=None, user=world.clerk_a)
    before = AuditEntry.objects.count()
    token = services.api_token_revoke(actor=world.admin, token=token)
    assert AuditEntry.objects.count() == before + 1
    return Expected("api_token.revoked", token, "active", "revoked")


def _holiday_schedule_save(world) -> Expected:
    row = calendar.holiday_schedule_save(actor=world.admin, schedule=SCHEDULE_2027)
    return Expected(
        "holiday_schedule.saved",
        row,
        changes={
            "off_added": sorted(d.isoformat() for d in SCHEDULE_2027.off),
            "off_removed": [],
            "work_added": ["2027-02-20"],
            "work_removed": [],
            "source": ["", SCHEDULE_2027.source],
        },
    )


WRITES: dict[str, Callable[[Any], Expected]] = {
    "agency_create": _agency_create,
    "agency_update": _agency_update,
    "agency_set_active": _agency_deactivate,
    "staff_create": _staff_create,
    "membership_grant": _membership_grant,
    "membership_revoke": _membership_revoke,
    "staff_set_password": _staff_set_password,
    "api_token_create": _api_token_create,
    "api_token_revoke": _api_token_revoke,
    "holiday_schedule_save": _holiday_schedule_save,
}


@pytest.mark.parametrize("write", list(WRITES.values()), ids=list(WRITES))
def test_every_service_write_leaves_exactly_one_audit_row(world, write):
    setup_ids = set(AuditEntry.objects.values_list("pk", flat=True))
    expected = write(world)
    new = list(AuditEntry.objects.exclude(pk__in=setup_ids))
    if expected.action == "api_token.revoked":  # its set-up issued a token (actor None) first
        new = [e for e in new if e.action == "api_token.revoked"]
    assert len(new) == 1
    entry = new[0]
    assert entry.actor == world.admin
    assert entry.actor_name == "platform_admin"
    assert entry.action == expected.action
    assert entry.target_type == expected.target._meta.label_lower
    assert entry.target_id == str(expected.target.pk)
    assert entry.target_label
    assert entry.from_state == expected.from_state
    assert entry.to_state == expected.to_state
    assert entry.summary
    if expected.changes is not None:
        assert entry.changes == expected.changes
    assert entry.channel == "cli"  # called outside any request
    assert entry.client_address is None


def test_revoking_a_token_is_recorded_with_its_state_change(world):
    token, _ = services.api_token_create(actor=world.clerk_a, user=world.clerk_a)
    services.api_token_revoke(actor=world.clerk_a, token=token)
    entries = list(AuditEntry.objects.for_target(token).order_by("id"))
    assert [(e.action, e.from_state, e.to_state, e.actor_name) for e in entries] == [
        ("api_token.created", "", "", "clerk_a"),
        ("api_token.revoked", "active", "revoked", "clerk_a"),
    ]


def test_a_write_by_the_platform_itself_names_no_person(world):
    services.agency_update(actor=None, agency=world.agency_a, office_hours="工作日 9:00–17:00")
    entry = AuditEntry.objects.for_target(world.agency_a).filter(action="agency.updated").get()
    assert entry.actor is None
    assert entry.actor_name == "cli"


# --- failures write nothing ------------------------------------------------------------------


def _snapshot() -> tuple[Any, ...]:
    return (
        AuditEntry.objects.count(),
        list(Agency.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values_list("user_id", "agency_id", "role")),
        list(get_user_model().objects.order_by("pk").values_list("username", "password", "is_staff")),
        list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(HolidaySchedule.objects.order_by("year").values_list("year", "source", "updated_at")),
    )


def _revoked_token(world) -> ApiToken:
    token, _ = services.api_token_create(actor=None, user=world.clerk_a)
    return services.api_token_revoke(actor=None, token=token)


FAILURES: dict[str, Callable[[Any], Any]] = {
    "agency_create-bad-code": lambda w: services.agency_create(
        actor=w.admin,
        name="坏代码局",
        kind="department",
        level="city",
        code="113599000000005020",
        parent=w.city,
    ),
    "agency_create-bad-kind": lambda w: services.agency_create(
        actor=w.admin, name="坏类型局", kind="ministry", level="city", code=fictional_uscc(91), parent=w.city
    ),
    "agency_create-not-admin": lambda w: services.agency_create(
        actor=w.head_a, name="越权局", kind="department", level="city", code=fictional_uscc(92), parent=w.city
    ),
    "agency_update-bad-email": lambda w: services.agency_update(
        actor=w.admin, agency=w.agency_a, office_phone="1", office_email="not-an-email"
    ),
    "agency_update-no-change": lambda w: services.agency_update(
        actor=w.admin, agency=w.agency_a, office_phone="0591-12345678"
    ),
    "agency_update-head-renames": lambda w: services.agency_update(
        actor=w.head_a, agency=w.agency_a, name="改名局"
    ),
    "agency_set_active-no-reason": lambda w: services.agency_set_active(
        actor=w.admin, agency=w.town, active=False, reason="  "
    ),
    "agency_set_active-has-children": lambda w: services.agency_set_active(
        actor=w.admin, agency=w.district, active=False, reason="合并"
    ),
    "staff_create-weak-password": lambda w: services.staff_create(
        actor=w.admin, username="weak", agency=w.agency_a, role="clerk", password="123"
    ),
    "staff_create-duplicate": lambda w: services.staff_create(
        actor=w.admin, username="clerk_a", agency=w.agency_a, role="clerk", password="Fine-pass-2026x"
    ),
    "staff_create-bad-role": lambda w: services.staff_create(
        actor=w.admin, username="boss", agency=w.agency_a, role="boss", password="Fine-pass-2026x"
    ),
    "membership_grant-duplicate": lambda w: services.membership_grant(
        actor=w.admin, user=w.clerk_a, agency=w.agency_a, role="clerk"
    ),
    "membership_grant-not-admin": lambda w: services.membership_grant(
        actor=w.head_a, user=w.clerk_a, agency=w.agency_a, role="reviewer"
    ),
    "membership_revoke-own-admin": lambda w: services.membership_revoke(
        actor=w.admin, membership=Membership.objects.get(user=w.admin)
    ),
    "staff_set_password-weak": lambda w: services.staff_set_password(
        actor=w.admin, user=w.clerk_a, password="abc"
    ),
    "staff_set_password-other-user": lambda w: services.staff_set_password(
        actor=w.clerk_b, user=w.clerk_a, password="Hijack-pass-2026x"
    ),
    "api_token_create-for-other": lambda w: services.api_token_create(actor=w.clerk_b, user=w.clerk_a),
}


@pytest.mark.parametrize("fail", list(FAILURES.values()), ids=list(FAILURES))
def test_a_failing_service_leaves_no_audit_row_and_no_change(world, fail):
    before = _snapshot()
    with pytest.raises(DomainError):
        fail(world)
    assert _snapshot() == before


def test_revoking_an_already_revoked_token_leaves_no_row(world):
    token = _revoked_token(world)
    before = _snapshot()
    with pytest.raises(DomainError):
        services.api_token_revoke(actor=None, token=token)
    assert _snapshot() == before


def test_a_write_rolled_back_after_the_service_also_rolls_back_its_audit_row(world):
    @transaction.atomic
    def update_then_fail() -> None:
        services.agency_update(actor=world.admin, agency=world.agency_a, office_phone="0591-00000000")
        raise RuntimeError("later step failed")

    before = _snapshot()
    with pytest.raises(RuntimeError, match="later step failed"):
        update_then_fail()
    assert _snapshot() == before


def test_audit_record_refuses_to_write_outside_a_transaction(world):
    before = AuditEntry.objects.count()
    wrapper = connections[DEFAULT_DB_ALIAS]
    # pytest-django wraps each test in a transaction; pretend we are outside it.
    wrapper.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the service's transaction"):
            audit.record(actor=None, action="test.outside", target=world.agency_a)
    finally:
        wrapper.in_atomic_block = True
    assert AuditEntry.objects.count() == before


# --- rows cannot be changed ----------------------------------------------------------------


@pytest.fixture
def entry(world) -> AuditEntry:
    return AuditEntry.objects.for_target(world.agency_a).get()


def test_saving_an_existing_row_raises(entry):
    entry.summary = "篡改"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).summary != "篡改"


def test_deleting_a_row_raises(entry):
    with pytest.raises(AuditEntryImmutable):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_raise(entry):
    total = AuditEntry.objects.count()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="篡改")
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.update(summary="篡改")
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.count() == total
    assert not AuditEntry.objects.filter(summary="篡改").exists()


def test_a_raw_sql_update_is_refused_by_the_database_trigger(entry):
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET summary = %s WHERE id = %s", ["篡改", entry.pk])  # noqa: S608
    assert AuditEntry.objects.get(pk=entry.pk).summary == entry.summary


def test_a_raw_sql_update_of_every_row_is_refused(entry):
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET actor_name = %s", ["nobody"])  # noqa: S608
    assert not AuditEntry.objects.filter(actor_name="nobody").exists()


def test_a_raw_sql_delete_is_refused_on_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE possible for Django's test flush (migration 0003)")
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])  # noqa: S608
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- the Django admin ------------------------------------------------------------------------


def test_the_platform_admin_reaches_the_django_admin_but_not_audit_rows(world, entry, client):
    assert world.admin.is_staff
    assert not world.admin.is_superuser
    client.force_login(world.admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/auditentry/").status_code == 403
    assert client.get(f"/admin/core/auditentry/{entry.pk}/change/").status_code == 403


def test_the_django_admin_cannot_change_or_delete_a_row_even_for_a_superuser(world, entry, client):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "Root-pass-2026x")
    client.force_login(superuser)
    change_url = f"/admin/core/auditentry/{entry.pk}/change/"
    assert client.get("/admin/core/auditentry/").status_code == 200
    page = client.get(change_url)
    assert page.status_code == 200  # view only
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        change_url, {"summary": "篡改", "actor_name": "nobody", "action": "x", "channel": "web"}
    )
    assert response.status_code == 403
    assert client.get(f"/admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    fresh = AuditEntry.objects.get(pk=entry.pk)
    assert (fresh.summary, fresh.actor_name, fresh.action) == (entry.summary, entry.actor_name, entry.action)


def test_the_django_admin_offers_no_bulk_delete_action(world, entry, client):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "Root-pass-2026x")
    client.force_login(superuser)
    total = AuditEntry.objects.count()
    response = client.post(
        "/admin/core/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code in {200, 302}
    assert AuditEntry.objects.count() == total


# --- where a write came from ----------------------------------------------------------------


def test_a_web_request_records_channel_web_and_the_client_address(world, client):
    client.force_login(world.admin)
    response = client.post(
        "/staff/holidays/2027/",
        {
            "year": "2027",
            "source": SCHEDULE_2027.source,
            "off": "\n".join(d.isoformat() for d in sorted(SCHEDULE_2027.off)),
            "work": "2027-02-20",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="holiday_schedule.saved")
    assert entry.channel == "web"
    assert entry.client_address == "10.1.2.3"
    assert entry.actor == world.admin
    assert entry.target_label == "2027年节假日安排"
    assert HolidaySchedule.objects.filter(year=2027).exists()


def test_a_forwarded_for_header_is_ignored_when_not_behind_a_proxy(world, client):
    client.force_login(world.head_a)
    client.post(
        f"/staff/agencies/{world.agency_a.code}/edit/",
        {"office_address": "明湖路2号"},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    entry = AuditEntry.objects.for_target(world.agency_a).get(action="agency.updated")
    assert entry.client_address == "10.9.9.9"
    assert entry.actor == world.head_a


def test_a_write_during_an_api_request_records_channel_api(world):
    def view(request) -> HttpResponse:
        services.api_token_create(actor=world.clerk_a, user=world.clerk_a)
        return HttpResponse("ok")

    request = RequestFactory().post("/api/v1/anything", REMOTE_ADDR="10.4.5.6")
    with transaction.atomic():
        AuditContextMiddleware(view)(request)
    entry = AuditEntry.objects.get(action="api_token.created", actor=world.clerk_a)
    assert (entry.channel, entry.client_address) == ("api", "10.4.5.6")


def test_a_management_command_records_channel_cli(world):
    call_command(
        "create-staff",
        "cli_made",
        "--agency",
        world.agency_a.code,
        "--role",
        "clerk",
        "--password",
        "Cli-pass-2026x",
        stdout=StringIO(),
    )
    entry = AuditEntry.objects.get(action="staff.created", target_label="cli_made")
    assert (entry.channel, entry.client_address, entry.actor, entry.actor_name) == ("cli", None, None, "cli")


# --- the audit search page ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["clerk_a", "head_a", "reviewer_a", "city_supervisor"])
def test_the_audit_page_is_404_for_everyone_but_admins(world, client, persona):
    client.force_login(getattr(world, persona))
    assert client.get("/staff/audit/").status_code == 404


def test_the_audit_page_lists_every_row_for_an_admin(world, client):
    client.force_login(world.admin)
    response = client.get("/staff/audit/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == AuditEntry.objects.count() == 14


def _listed(client, query: str) -> list[AuditEntry]:
    response = client.get(f"/staff/audit/?{query}")
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_the_audit_page_filters_by_text_action_and_actor(world, client):
    services.agency_update(actor=world.head_a, agency=world.agency_a, office_phone="0591-11112222")
    services.agency_update(actor=world.admin, agency=world.agency_b, office_phone="0591-33334444")
    client.force_login(world.admin)

    by_text = _listed(client, "q=公安局")
    assert sorted((e.action, e.target_label) for e in by_text) == [
        ("agency.created", "明湖市公安局"),
        ("agency.updated", "明湖市公安局"),
        ("staff.created", "clerk_b"),  # its summary names the agency
    ]

    by_action = _listed(client, "action=agency.updated")
    assert [(e.target_label, e.actor_name) for e in by_action] == [
        ("明湖市公安局", "platform_admin"),
        ("明湖市教育局", "head_a"),
    ]

    by_actor = _listed(client, "actor=head_a")
    assert [(e.action, e.target_label) for e in by_actor] == [("agency.updated", "明湖市教育局")]

    combined = _listed(client, "action=agency.updated&actor=platform_admin")
    assert [e.target_label for e in combined] == ["明湖市公安局"]

    assert _listed(client, "q=没有这样的机关") == []
