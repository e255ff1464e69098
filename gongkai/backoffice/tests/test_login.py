"""Staff log in with username and password; repeated failures lock the account out; idle sessions
end; people with several memberships switch between their agencies and only those."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.utils import timezone

from gongkai.agencies import services
from gongkai.backoffice.current import SESSION_KEY as AGENCY_KEY

LOGIN = "/staff/login/"


def login(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


def test_the_login_page_is_chinese(world, client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "工作人员登录" in body
    assert 'name="username"' in body
    assert 'name="password"' in body


def test_a_staff_member_logs_in_with_username_and_password(world, client, persona_password):
    response = login(client, "clerk_a", persona_password)
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert logged_in_as(client) == str(world.clerk_a.pk)
    home = client.get("/staff/")
    assert home.status_code == 200
    assert home.context["current_agency"] == world.agency_a


def test_login_follows_a_staff_next_url(world, client, persona_password):
    response = client.post(
        LOGIN, {"username": "clerk_a", "password": persona_password, "next": "/staff/agencies/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/agencies/"


def test_a_wrong_password_is_refused_with_a_chinese_message(world, client):
    response = login(client, "clerk_a", "wrong-password-1")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert logged_in_as(client) is None


def test_a_deactivated_account_cannot_log_in(world, client, persona_password):
    world.clerk_a.is_active = False
    world.clerk_a.save(update_fields=["is_active"])
    response = login(client, "clerk_a", persona_password)
    assert response.status_code == 200
    assert logged_in_as(client) is None


def test_after_the_failure_limit_even_the_right_password_is_refused(world, client, persona_password):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "clerk_a", "wrong-password-1").status_code == 200
    assert login(client, "clerk_a", "wrong-password-1").status_code == 429  # the fifth failure locks
    response = login(client, "clerk_a", persona_password)
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    assert logged_in_as(client) is None
    # five failures, plus the refused attempt made while locked out
    assert AccessAttempt.objects.get(username="clerk_a").failures_since_start == 6


def test_fewer_failures_than_the_limit_do_not_lock(world, client, persona_password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "clerk_a", "wrong-password-1")
    response = login(client, "clerk_a", persona_password)
    assert response.status_code == 302
    assert logged_in_as(client) == str(world.clerk_a.pk)
    assert not AccessAttempt.objects.filter(username="clerk_a").exists()  # reset on success


def test_a_lockout_is_per_username_and_address(world, client, persona_password):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "clerk_a", "wrong-password-1")
    assert login(client, "clerk_b", persona_password).status_code == 302
    client.logout()
    other = login(client, "clerk_a", persona_password, REMOTE_ADDR="10.7.7.7")
    assert other.status_code == 302


def test_the_lockout_ends_after_the_cool_off(world, client, persona_password):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "clerk_a", "wrong-password-1")
        assert login(client, "clerk_a", persona_password).status_code == 429
        traveller.shift(timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))
        assert login(client, "clerk_a", persona_password).status_code == 302


# --- sessions -------------------------------------------------------------------------------------


def test_sessions_are_configured_to_expire_when_idle():
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_a_logged_in_session_expires_no_later_than_the_cookie_age(world, client, persona_password):
    login(client, "clerk_a", persona_password)
    age = client.session.get_expiry_age()
    assert 0 < age <= settings.SESSION_COOKIE_AGE


def test_an_idle_session_ends_and_activity_keeps_it_alive(world, client, persona_password):
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        login(client, "clerk_a", persona_password)
        traveller.shift(idle - timedelta(minutes=5))
        assert client.get("/staff/").status_code == 200  # renews the session
        traveller.shift(idle - timedelta(minutes=5))
        assert client.get("/staff/").status_code == 200  # still alive: the last request renewed it
        traveller.shift(idle + timedelta(minutes=1))
        response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=/staff/"


def test_logging_out_ends_the_session(world, client, persona_password):
    login(client, "clerk_a", persona_password)
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


# --- the agency switcher -------------------------------------------------------------------------


@pytest.fixture
def two_hats(world):
    user, _ = services.staff_create(
        actor=None, username="two_hats", agency=world.agency_a, role="clerk", password="Two-hats-2026x"
    )
    services.membership_grant(actor=None, user=user, agency=world.district_dept, role="reviewer")
    return get_user_model().objects.get(pk=user.pk)


def test_a_person_with_two_memberships_sees_the_switcher(world, client, two_hats):
    client.force_login(two_hats)
    response = client.get("/staff/")
    assert response.context["home_agencies"] == [world.agency_a, world.district_dept]
    assert response.context["current_agency"] == world.agency_a
    assert 'id="agency-switch"' in response.content.decode()


def test_a_person_with_one_membership_sees_no_switcher(world, client):
    client.force_login(world.clerk_a)
    assert 'id="agency-switch"' not in client.get("/staff/").content.decode()


def test_a_person_can_switch_to_another_of_their_agencies(world, client, two_hats):
    client.force_login(two_hats)
    response = client.post(
        "/staff/switch-agency/", {"agency": world.district_dept.pk, "next": "/staff/agencies/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/agencies/"
    assert client.session[AGENCY_KEY] == world.district_dept.pk
    assert client.get("/staff/").context["current_agency"] == world.district_dept


@pytest.mark.parametrize("target", ["agency_b", "district", "town"])
def test_a_person_cannot_switch_to_an_agency_without_membership(world, client, two_hats, target):
    client.force_login(two_hats)
    client.post("/staff/switch-agency/", {"agency": world.district_dept.pk})
    response = client.post("/staff/switch-agency/", {"agency": getattr(world, target).pk})
    assert response.status_code == 302
    assert client.session[AGENCY_KEY] == world.district_dept.pk
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[-1] == "无法切换到该机关：您在该机关没有岗位。"
    assert client.get("/staff/").context["current_agency"] == world.district_dept


def test_a_supervisor_cannot_switch_into_an_agency_they_only_supervise(world, client):
    client.force_login(world.city_supervisor)
    client.post("/staff/switch-agency/", {"agency": world.agency_a.pk})
    assert AGENCY_KEY not in client.session
    assert client.get("/staff/").context["current_agency"] == world.city


def test_switching_refuses_an_unknown_agency_and_an_offsite_next(world, client, two_hats):
    client.force_login(two_hats)
    response = client.post("/staff/switch-agency/", {"agency": "999999", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert AGENCY_KEY not in client.session


def test_switching_needs_post(world, client, two_hats):
    client.force_login(two_hats)
    assert client.get("/staff/switch-agency/").status_code == 405
