"""An agency's code must be a real 统一社会信用代码 or 组织机构代码 when it looks like one; a bad code
is refused in Chinese, naming the problem, and nothing is written."""

from __future__ import annotations

import pytest

from gongkai.agencies import services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.core.errors import InvalidInput
from gongkai.core.identifiers import org_code_check_char
from gongkai.core.models import AuditEntry

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def with_wrong_check_char(code: str) -> tuple[str, str]:
    wrong = next(c for c in USCC_ALPHABET if c != code[-1])
    return code[:-1] + wrong, wrong


def create(world, code: str, name: str = "明湖市审计局") -> Agency:
    return services.agency_create(
        actor=world.admin, name=name, kind="department", level="city", code=code, parent=world.city
    )


def test_a_wrong_uscc_check_character_is_refused_in_chinese_and_nothing_is_written(world):
    good = fictional_uscc(77)
    bad, wrong = with_wrong_check_char(good)
    agencies, entries = Agency.objects.count(), AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as excinfo:
        create(world, bad)
    expected = f"统一社会信用代码校验位错误：应为{good[-1]}，实为{wrong}"
    assert excinfo.value.message == expected
    assert excinfo.value.fields == {"code": expected}
    assert Agency.objects.count() == agencies
    assert AuditEntry.objects.count() == entries
    assert not Agency.objects.filter(name="明湖市审计局").exists()


def test_a_code_too_long_for_any_scheme_is_refused_naming_the_length(world):
    with pytest.raises(InvalidInput) as excinfo:
        create(world, fictional_uscc(78) + "000")
    assert excinfo.value.message == (
        "机关代码应为统一社会信用代码（18位）、组织机构代码（9位）或2–20位的本地代码，实为21位"
    )
    assert not Agency.objects.filter(name="明湖市审计局").exists()


def test_a_valid_uscc_is_accepted_and_stored(world):
    code = fictional_uscc(79)
    agency = create(world, code)
    assert Agency.objects.get(pk=agency.pk).code == code
    assert agency.parent == world.city


def test_a_valid_organisation_code_is_accepted_with_or_without_hyphen(world):
    body = "12345678"
    check = org_code_check_char(body)
    plain = create(world, body + check, name="明湖市统计局")
    assert plain.code == body + check
    hyphenated = create(world, f"87654321-{org_code_check_char('87654321')}", name="明湖市档案局")
    assert hyphenated.code == "87654321" + org_code_check_char("87654321")


def test_a_wrong_organisation_code_check_character_is_refused(world):
    body = "12345678"
    right = org_code_check_char(body)
    wrong = "0" if right != "0" else "1"
    with pytest.raises(InvalidInput) as excinfo:
        create(world, body + wrong)
    assert excinfo.value.message == f"组织机构代码校验码错误：应为{right}，实为{wrong}"


def test_a_short_local_code_is_accepted_and_normalised_to_upper_case(world):
    agency = create(world, "mhs-sjj", name="明湖市审计局")
    assert agency.code == "MHS-SJJ"


def test_a_local_code_with_illegal_characters_is_refused(world):
    with pytest.raises(InvalidInput) as excinfo:
        create(world, "MH_01")
    assert excinfo.value.message == "机关代码第3位“_”不合法：只能使用大写英文字母、数字和连字符“-”"


def test_a_duplicate_code_is_refused_and_nothing_is_written(world):
    entries = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as excinfo:
        create(world, world.agency_a.code)
    assert excinfo.value.message == f"机关代码 {world.agency_a.code} 已被使用"
    assert excinfo.value.fields == {"code": "机关代码已被使用"}
    assert Agency.objects.filter(code=world.agency_a.code).count() == 1
    assert AuditEntry.objects.count() == entries


def test_changing_an_agency_to_a_bad_code_is_refused(world):
    bad, _ = with_wrong_check_char(fictional_uscc(80))
    with pytest.raises(InvalidInput):
        services.agency_update(actor=world.admin, agency=world.agency_a, code=bad)
    world.agency_a.refresh_from_db()
    assert world.agency_a.code == fictional_uscc(2)


def test_the_backoffice_create_form_shows_the_chinese_error(world, client):
    good = fictional_uscc(81)
    bad, wrong = with_wrong_check_char(good)
    client.force_login(world.admin)
    agencies = Agency.objects.count()
    response = client.post(
        "/staff/agencies/new/",
        {"name": "明湖市审计局", "kind": "department", "level": "city", "code": bad, "parent": world.city.pk},
    )
    assert response.status_code == 200
    assert f"统一社会信用代码校验位错误：应为{good[-1]}，实为{wrong}" in response.content.decode()
    assert Agency.objects.count() == agencies


def test_the_backoffice_create_form_creates_an_agency_with_a_valid_code(world, client):
    client.force_login(world.admin)
    code = fictional_uscc(82)
    response = client.post(
        "/staff/agencies/new/",
        {
            "name": "明湖市审计局",
            "kind": "department",
            "level": "city",
            "code": code,
            "parent": world.city.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/agencies/{code}/"
    created = Agency.objects.get(code=code)
    assert created.parent == world.city
    assert AuditEntry.objects.for_target(created).get().actor == world.admin
