"""`gongkai create-staff` and `gongkai create-token`: accounts and API tokens from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.agencies.models import ApiToken, Membership, hash_token
from gongkai.core.models import AuditEntry

STRONG = "Cli-strong-pass-2026"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        get_user_model().objects.count(),
        Membership.objects.count(),
        ApiToken.objects.count(),
        AuditEntry.objects.count(),
    )


def test_create_staff_creates_a_user_with_that_membership(world):
    out = run(
        "create-staff",
        "new_reviewer",
        "--agency",
        world.agency_b.code,
        "--role",
        "reviewer",
        "--password",
        STRONG,
    )
    assert out == "已创建 new_reviewer（明湖市公安局 · 审核人员）\n"
    user = get_user_model().objects.get(username="new_reviewer")
    assert user.check_password(STRONG)
    assert user.is_active
    assert not user.is_staff
    assert list(Membership.objects.filter(user=user).values_list("agency__code", "role")) == [
        (world.agency_b.code, "reviewer")
    ]


def test_create_staff_without_a_password_prints_a_generated_one_that_works(world):
    out = run("create-staff", "gen_clerk", "--agency", world.agency_a.code, "--role", "clerk")
    lines = out.splitlines()
    assert lines[0] == "已创建 gen_clerk（明湖市教育局 · 经办人员）"
    assert lines[1].startswith("初始密码：")
    password = lines[1].removeprefix("初始密码：")
    assert len(password) >= 12
    assert get_user_model().objects.get(username="gen_clerk").check_password(password)


def test_create_staff_with_the_admin_role_grants_the_django_admin(world):
    run("create-staff", "admin2", "--agency", world.city.code, "--role", "admin", "--password", STRONG)
    assert get_user_model().objects.get(username="admin2").is_staff


def test_create_staff_refuses_an_unknown_agency_and_writes_nothing(world):
    before = counts()
    with pytest.raises(CommandError) as excinfo:
        run("create-staff", "ghost", "--agency", "NO-SUCH", "--role", "clerk", "--password", STRONG)
    assert str(excinfo.value) == "没有代码为 NO-SUCH 的机关"
    assert counts() == before
    assert not get_user_model().objects.filter(username="ghost").exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [("123", "密码不符合要求"), ("password123", "密码不符合要求"), ("1234567890123", "密码不符合要求")],
    ids=["too-short", "too-common", "all-digits"],
)
def test_create_staff_refuses_a_weak_password_and_writes_nothing(world, password, reason):
    before = counts()
    with pytest.raises(CommandError) as excinfo:
        run(
            "create-staff",
            "weakling",
            "--agency",
            world.agency_a.code,
            "--role",
            "clerk",
            "--password",
            password,
        )
    assert str(excinfo.value).startswith(reason)
    assert counts() == before
    assert not get_user_model().objects.filter(username="weakling").exists()


def test_create_staff_refuses_an_existing_username(world):
    before = counts()
    with pytest.raises(CommandError, match="用户名 clerk_a 已存在"):
        run(
            "create-staff",
            "clerk_a",
            "--agency",
            world.agency_b.code,
            "--role",
            "clerk",
            "--password",
            STRONG,
        )
    assert counts() == before


def test_create_staff_refuses_an_unknown_role(world):
    before = counts()
    with pytest.raises(CommandError):
        run("create-staff", "boss", "--agency", world.agency_a.code, "--role", "boss", "--password", STRONG)
    assert counts() == before


def test_create_token_prints_a_token_that_works_on_me(world, client):
    out = run("create-token", "clerk_a")
    raw = out.strip()
    assert out == raw + "\n"
    assert raw.startswith("gk_")
    token = ApiToken.objects.get(user=world.clerk_a)
    assert token.key_hash == hash_token(raw)
    assert raw not in {token.key_hash, token.prefix}  # only the hash is stored
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json() == {
        "username": "clerk_a",
        "memberships": [{"agency": world.agency_a.code, "agency_name": "明湖市教育局", "role": "clerk"}],
    }


def test_create_token_for_a_freshly_created_user(world, client):
    run("create-staff", "api_user", "--agency", world.town.code, "--role", "clerk", "--password", STRONG)
    raw = run("create-token", "api_user", "--label", "接口测试").strip()
    assert ApiToken.objects.get(user__username="api_user").label == "接口测试"
    response = client.get(f"/api/v1/agencies/{world.town.code}/members", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [m["username"] for m in response.json()] == ["api_user"]


def test_create_token_refuses_an_unknown_user(world):
    before = counts()
    with pytest.raises(CommandError, match="没有用户名为 nobody 的账号"):
        run("create-token", "nobody")
    assert counts() == before


def test_create_token_refuses_a_deactivated_account(world):
    world.clerk_a.is_active = False
    world.clerk_a.save(update_fields=["is_active"])
    before = counts()
    with pytest.raises(CommandError, match="已停用"):
        run("create-token", "clerk_a")
    assert counts() == before
