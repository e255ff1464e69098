"""Identity and organisation code validators, cross-checked against python-stdnum."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.core.identifiers import (
    USCC_ALPHABET,
    InvalidIdentifier,
    classify_agency_code,
    org_code_check_char,
    resident_id_check_char,
    uscc_check_char,
    validate_agency_code,
    validate_org_code,
    validate_resident_id,
    validate_uscc,
)

TODAY = date(2026, 3, 1)
DIGITS = "0123456789"
ALNUM = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Independent re-statements of the standards' tables, so the tests do not just
# re-run the implementation's own arithmetic.
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # GB 32100 表2
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643


def ref_uscc_check(body: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    c = 31 - total % 31
    return "0" if c == 31 else USCC_ALPHABET[c]


def ref_org_check(body: str) -> str:
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body]
    c = 11 - sum(v * w for v, w in zip(values, ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def ref_ric_check(body: str) -> str:
    s = sum(int(c) * w for c, w in zip(body, RIC_WEIGHTS, strict=True)) % 11
    return "10X98765432"[s]


def make_uscc(prefix8: str, org_body: str) -> str:
    org = org_body + ref_org_check(org_body)
    return prefix8 + org + ref_uscc_check(prefix8 + org)


def make_ric(first17: str) -> str:
    return first17 + ref_ric_check(first17)


# --- strategies ------------------------------------------------------------------------

uscc_org_bodies = st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8)
divisions = st.text(alphabet=DIGITS, min_size=6, max_size=6)


@st.composite
def valid_usccs(draw: st.DrawFn, authorities: str = "123456789ANY") -> str:
    prefix = draw(st.sampled_from(authorities)) + draw(st.sampled_from("123456789")) + draw(divisions)
    return make_uscc(prefix, draw(uscc_org_bodies))


@st.composite
def valid_org_codes(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet=ALNUM, min_size=8, max_size=8))
    return body + ref_org_check(body)


PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
PROVINCES += [50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]


@st.composite
def valid_rics(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(PROVINCES))
    rest = draw(st.text(alphabet=DIGITS, min_size=4, max_size=4))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    seq = draw(st.text(alphabet=DIGITS, min_size=3, max_size=3))
    return make_ric(f"{province}{rest}{birth:%Y%m%d}{seq}")


# --- 统一社会信用代码 ------------------------------------------------------------------------

# Public codes of well-known companies (printed on their business licences).
REAL_USCCS = ["91110000600037341L", "914403001922038216", "91440300708461136T", "91330100716105852F"]


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_uscc(code: str) -> None:
    assert validate_uscc(code) == code


def test_uscc_normalisation() -> None:
    assert validate_uscc(" 9111 0000 6000 3734 1l ") == "91110000600037341L"
    # full-width characters and ideographic space from Chinese input methods
    assert validate_uscc("９１１１００００６０００３７３４１Ｌ\u3000") == "91110000600037341L"


def test_uscc_messages() -> None:
    with pytest.raises(InvalidIdentifier) as info:
        validate_uscc("91110000600037341M")
    assert str(info.value) == "统一社会信用代码校验位错误：应为L，实为M"
    with pytest.raises(InvalidIdentifier) as info:
        validate_uscc("9111000060003734")
    assert str(info.value) == "统一社会信用代码应为18位，实为16位"
    with pytest.raises(InvalidIdentifier) as info:
        validate_uscc("91110000600O37341L")
    assert "第12位“O”" in str(info.value)
    assert "不使用字母" in str(info.value)
    with pytest.raises(InvalidIdentifier) as info:
        validate_uscc("91110000600#37341L")
    assert "第12位“#”" in str(info.value)
    with pytest.raises(InvalidIdentifier, match="登记管理部门"):
        validate_uscc(make_uscc("B1110000", "60003734"))
    with pytest.raises(InvalidIdentifier, match="机构类别"):
        validate_uscc(make_uscc("90110000", "60003734"))
    with pytest.raises(InvalidIdentifier, match=r"第5位“A”.*行政区划"):
        validate_uscc(make_uscc("9111A000", "60003734"))


def test_uscc_embedded_org_code_must_be_valid() -> None:
    prefix, org = "11100000", "00001312"
    wrong = "X" if ref_org_check(org) != "X" else "0"
    body = prefix + org + wrong
    code = body + ref_uscc_check(body)
    with pytest.raises(InvalidIdentifier) as info:
        validate_uscc(code)
    assert f"应为{ref_org_check(org)}，实为{wrong}" in str(info.value)
    assert "组织机构代码" in str(info.value)
    assert validate_uscc(make_uscc(prefix, org)) == make_uscc(prefix, org)


@pytest.mark.parametrize("authority", list("123456789ANY"))
def test_every_registration_authority_accepted(authority: str) -> None:
    code = make_uscc(authority + "1110000", "MA01ABCD")
    assert validate_uscc(code) == code


@given(valid_usccs())
def test_generated_uscc_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code
    assert classify_agency_code(code) == "uscc"
    assert validate_agency_code(code) == code


@given(valid_usccs(), st.integers(0, 17), st.sampled_from(ALNUM))
def test_uscc_single_substitution_fails(code: str, position: int, char: str) -> None:
    assume(code[position] != char)
    changed = code[:position] + char + code[position + 1 :]
    with pytest.raises(InvalidIdentifier):
        validate_uscc(changed)


@given(valid_usccs(), st.integers(0, 16))
def test_uscc_adjacent_transposition_fails(code: str, position: int) -> None:
    assume(code[position] != code[position + 1])
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    with pytest.raises(InvalidIdentifier):
        validate_uscc(swapped)


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_check_char_matches_stdnum(body: str) -> None:
    uscc = pytest.importorskip("stdnum.cn.uscc")
    assert uscc_check_char(body) == uscc.calc_check_digit(body) == ref_uscc_check(body)


@given(valid_usccs(authorities="123456789"))
def test_digit_first_uscc_agrees_with_stdnum(code: str) -> None:
    uscc = pytest.importorskip("stdnum.cn.uscc")
    assert uscc.validate(code) == validate_uscc(code)
    for wrong in USCC_ALPHABET.replace(code[-1], "")[:5]:
        assert not uscc.is_valid(code[:-1] + wrong)
        with pytest.raises(InvalidIdentifier):
            validate_uscc(code[:-1] + wrong)


@given(valid_usccs(authorities="ANY"))
def test_letter_first_uscc_accepted_where_stdnum_refuses(code: str) -> None:
    uscc = pytest.importorskip("stdnum.cn.uscc")
    # stdnum requires the first 8 characters to be digits, but GB 32100 assigns
    # A (军队), N (农业) and Y (其他) as registration authority codes.
    assert not uscc.is_valid(code)
    assert validate_uscc(code) == code


# --- 组织机构代码 ------------------------------------------------------------------------


def test_org_code_forms() -> None:
    code = "00001312" + ref_org_check("00001312")
    assert validate_org_code(code) == code
    assert validate_org_code(f"{code[:8]}-{code[8]}") == code
    assert validate_org_code(f" {code[:8].lower()}－{code[8]} ") == code


def test_org_code_check_x_and_zero() -> None:
    bodies_x = [b for b in (f"{i:08d}" for i in range(200)) if ref_org_check(b) == "X"]
    bodies_0 = [b for b in (f"{i:08d}" for i in range(200)) if ref_org_check(b) == "0"]
    assert bodies_x
    assert bodies_0
    assert validate_org_code(bodies_x[0] + "x") == bodies_x[0] + "X"
    assert validate_org_code(bodies_0[0] + "0") == bodies_0[0] + "0"


def test_org_code_messages() -> None:
    body = "D2143569"
    right = ref_org_check(body)
    wrong = "1" if right != "1" else "2"
    with pytest.raises(InvalidIdentifier) as info:
        validate_org_code(body + wrong)
    assert str(info.value) == f"组织机构代码校验码错误：应为{right}，实为{wrong}"
    with pytest.raises(InvalidIdentifier, match=r"应为9位.*实为8位"):
        validate_org_code("D2143569")
    with pytest.raises(InvalidIdentifier, match="第3位“#”"):
        validate_org_code("D2#435691")
    with pytest.raises(InvalidIdentifier, match="连字符"):
        validate_org_code("D214-35691")


@given(valid_org_codes())
def test_generated_org_code_valid(code: str) -> None:
    assert validate_org_code(code) == code
    assert validate_org_code(f"{code[:8]}-{code[8]}") == code
    assert org_code_check_char(code[:8]) == code[8]
    assert classify_agency_code(code) == "org_code"
    assert validate_agency_code(f"{code[:8]}-{code[8]}") == code


@given(valid_org_codes(), st.integers(0, 8), st.sampled_from(ALNUM))
def test_org_code_single_substitution(code: str, position: int, char: str) -> None:
    assume(code[position] != char)
    changed = code[:position] + char + code[position + 1 :]
    if position == 8:
        with pytest.raises(InvalidIdentifier):
            validate_org_code(changed)
        return
    # GB 11714's MOD 11 cannot see a substitution whose values differ by a
    # multiple of 11 (0↔B↔M, 1↔C↔N, A↔L↔W …); every other one is caught.
    if (int(code[position], 36) - int(char, 36)) % 11 == 0:
        assert validate_org_code(changed) == changed
    else:
        with pytest.raises(InvalidIdentifier):
            validate_org_code(changed)


# --- 居民身份证号码 ------------------------------------------------------------------------


def test_gb11643_example() -> None:
    assert validate_resident_id("11010519491231002X", today=TODAY) == "11010519491231002X"
    assert validate_resident_id("11010519491231002x", today=TODAY) == "11010519491231002X"
    assert validate_resident_id("110105 19491231 002X", today=TODAY) == "11010519491231002X"


def test_gb11643_second_example_is_before_1900() -> None:
    # The standard's own example 440524188001010014 has a valid check digit but an
    # 1880 birth date, which the project rules reject.
    assert ref_ric_check("44052418800101001") == "4"
    with pytest.raises(InvalidIdentifier, match="早于1900年1月1日"):
        validate_resident_id("440524188001010014", today=TODAY)


def test_resident_id_messages() -> None:
    with pytest.raises(InvalidIdentifier) as info:
        validate_resident_id("110105194912310021", today=TODAY)
    assert str(info.value) == "身份证号码校验码错误：应为X，实为1"
    with pytest.raises(InvalidIdentifier, match="应为18位，实为17位"):
        validate_resident_id("11010519491231002", today=TODAY)
    with pytest.raises(InvalidIdentifier, match="15位"):
        validate_resident_id("110105491231002", today=TODAY)
    with pytest.raises(InvalidIdentifier, match="第5位“A”"):
        validate_resident_id("1101A519491231002X", today=TODAY)
    with pytest.raises(InvalidIdentifier, match="第18位“Y”"):
        validate_resident_id("11010519491231002Y", today=TODAY)


def test_resident_id_birth_date_rules() -> None:
    with pytest.raises(InvalidIdentifier, match="不是真实存在的日期"):
        validate_resident_id(make_ric("11010520230229001"), today=TODAY)
    assert validate_resident_id(make_ric("11010520240229001"), today=TODAY)
    with pytest.raises(InvalidIdentifier, match="晚于今天"):
        validate_resident_id(make_ric("11010520260302001"), today=TODAY)
    assert validate_resident_id(make_ric("11010520260301001"), today=TODAY)
    assert validate_resident_id(make_ric("11010519000101001"), today=TODAY)
    with pytest.raises(InvalidIdentifier, match="早于1900"):
        validate_resident_id(make_ric("11010518991231001"), today=TODAY)


@pytest.mark.parametrize("division", ["810000", "820000", "830000"])
def test_residence_permits_for_hk_macao_taiwan(division: str) -> None:
    number = make_ric(f"{division}19900101001")
    assert validate_resident_id(number, today=TODAY) == number


@pytest.mark.parametrize("division", ["000000", "100000", "990000", "720000"])
def test_resident_id_bad_province(division: str) -> None:
    with pytest.raises(InvalidIdentifier, match="地址码"):
        validate_resident_id(make_ric(f"{division}19900101001"), today=TODAY)


@given(valid_rics())
def test_generated_resident_id_valid(number: str) -> None:
    assert validate_resident_id(number, today=TODAY) == number
    assert resident_id_check_char(number[:17]) == number[17]


@given(valid_rics(), st.integers(0, 17), st.sampled_from(DIGITS + "X"))
def test_resident_id_single_substitution_fails(number: str, position: int, char: str) -> None:
    assume(number[position] != char)
    changed = number[:position] + char + number[position + 1 :]
    with pytest.raises(InvalidIdentifier):
        validate_resident_id(changed, today=TODAY)


@given(st.text(alphabet=DIGITS, min_size=17, max_size=17))
def test_resident_id_check_matches_stdnum(body: str) -> None:
    ric = pytest.importorskip("stdnum.cn.ric")
    assert resident_id_check_char(body) == ric.calc_check_digit(body + "0") == ref_ric_check(body)


@pytest.mark.parametrize(
    "first17", ["11010519491231002", "11010119800515123", "44030420011231456", "33010619991231000"]
)
def test_resident_id_agrees_with_stdnum_validate(first17: str) -> None:
    ric = pytest.importorskip("stdnum.cn.ric")
    number = make_ric(first17)
    assert ric.validate(number) == validate_resident_id(number, today=TODAY)
    wrong = "0" if number[-1] != "0" else "1"
    assert not ric.is_valid(number[:-1] + wrong)


# --- agency codes (索引号 prefix) --------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("91110000600037341L", "uscc"),
        ("91110000600037341M", "uscc"),  # form only; not checked
        ("9111000060003734IL", "uscc"),  # forbidden letter, still USCC-shaped
        ("000013128", "org_code"),
        ("00001312-8", "org_code"),
        ("00001312－8", "org_code"),
        ("QC-001", "other"),
        ("QC-001-ABC", "other"),
        ("0000131-28", "other"),
        ("9111000060003734", "other"),
        ("", "other"),
    ],
)
def test_classify_agency_code(code: str, kind: str) -> None:
    assert classify_agency_code(code) == kind


@pytest.mark.parametrize(
    ("code", "normalised"),
    [
        ("QC-001", "QC-001"),
        ("qc-001", "QC-001"),
        (" QC - 001 ", "QC-001"),
        ("AB", "AB"),
        ("A" * 20, "A" * 20),
        ("A-1-B-2", "A-1-B-2"),
    ],
)
def test_local_agency_codes(code: str, normalised: str) -> None:
    assert validate_agency_code(code) == normalised


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("A", "实为1位"),
        ("A" * 21, "实为21位"),
        ("", "实为0位"),
        ("QC_001", "第3位“_”"),
        ("局-001", "第1位“局”"),
        ("-QC1", "连字符"),
        ("QC1-", "连字符"),
        ("91110000600037341M", "校验位错误：应为L，实为M"),
        ("9111000060003734IL", "第17位“I”"),
        ("000013120", "组织机构代码校验码错误"),
    ],
)
def test_invalid_agency_codes(code: str, fragment: str) -> None:
    with pytest.raises(InvalidIdentifier, match=fragment):
        validate_agency_code(code)


def test_check_char_helpers_reject_bad_input() -> None:
    with pytest.raises(InvalidIdentifier):
        uscc_check_char("123")
    with pytest.raises(InvalidIdentifier):
        org_code_check_char("1234567")
    with pytest.raises(InvalidIdentifier):
        resident_id_check_char("1234567890123456X")


def test_non_string_input() -> None:
    with pytest.raises(InvalidIdentifier, match="文本"):
        validate_uscc(None)  # type: ignore[arg-type]


def test_invalid_identifier_is_value_error() -> None:
    assert issubclass(InvalidIdentifier, ValueError)
