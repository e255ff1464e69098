"""Validators for Chinese identity and organisation codes.

* 统一社会信用代码 — GB 32100-2015
* 组织机构代码 — GB 11714-1997
* 居民身份证号码 — GB 11643-1999 (also 港澳台居民居住证, which share its format)

Every validator normalises its input (full-width characters as typed by Chinese
input methods, whitespace anywhere, lowercase letters) and either returns the
canonical form or raises :class:`InvalidIdentifier` whose message tells a clerk
exactly what is wrong: the length, the illegal character and its position, or
the expected and actual check character.

Pure Python (no Django) so it can be used in forms, the API and data imports alike.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

__all__ = [
    "USCC_ALPHABET",
    "InvalidIdentifier",
    "classify_agency_code",
    "org_code_check_char",
    "resident_id_check_char",
    "uscc_check_char",
    "validate_agency_code",
    "validate_org_code",
    "validate_resident_id",
    "validate_uscc",
]


class InvalidIdentifier(ValueError):
    """An identifier failed validation; the message is meant for the person who typed it."""


# GB 32100-2015 §4: the 31-character code set omits I, O, Z, S and V because they
# are easily confused with 1, 0, 2, 5 and U.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
# GB 32100-2015 §5: weight of position i (0-based) is 3^i mod 31.
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# GB 32100-2015 Annex A: 登记管理部门代码 — 1 机构编制, 2 外交, 3 司法行政, 4 文化,
# 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商（市场监管）, A 中央军委改革和编制办公室, N 农业, Y 其他.
_USCC_AUTHORITIES = frozenset("123456789ANY")
_USCC_FORBIDDEN = frozenset("IOZSV")

# GB 11714-1997: weights of the eight body characters; letters count as A=10 … Z=35.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# GB 11643-1999 / ISO 7064 MOD 11-2: weight of position i (0-based) is 2^(17-i) mod 11.
_RIC_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_RIC_CHECK = "10X98765432"  # index: weighted sum mod 11
_RIC_EARLIEST_BIRTH = date(1900, 1, 1)
# GB/T 2260 province-level codes. 71 is 台湾省 in GB/T 2260; 81/82/83 are the
# 港澳台居民居住证 codes 810000/820000/830000 (国办发〔2018〕81号).
_RIC_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)

_ORG_FORM = re.compile(r"[0-9A-Z]{8}-?[0-9A-Z]")
# Classified by shape only: a USCC mistyped with a forbidden letter (I, O, Z, S, V)
# is still a USCC and must get the USCC error, not pass as a local short code.
_USCC_FORM = re.compile(r"[0-9A-Z]{18}")
_LOCAL_AGENCY_CODE = re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?")


def _normalise(code: str) -> str:
    checked: object = code
    if not isinstance(checked, str):
        raise InvalidIdentifier(f"代码必须是文本，实为 {type(checked).__name__}")
    # NFKC folds full-width digits, letters, hyphens and the ideographic space that
    # Chinese input methods produce into their ASCII forms.
    folded = unicodedata.normalize("NFKC", code)
    return "".join(folded.split()).upper()


def _first_illegal(code: str, allowed: frozenset[str] | str) -> tuple[int, str] | None:
    for position, char in enumerate(code, start=1):
        if char not in allowed:
            return position, char
    return None


def _org_check_char(body: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def _uscc_check_char(body: str) -> str:
    total = sum(_USCC_VALUE[c] * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _ric_check_char(body: str) -> str:
    total = sum(int(c) * w for c, w in zip(body, _RIC_WEIGHTS, strict=True))
    return _RIC_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a USCC."""
    body = _normalise(first17)
    if len(body) != 17 or _first_illegal(body, USCC_ALPHABET) is not None:
        raise InvalidIdentifier("计算校验位需要17位统一社会信用代码本体字符")
    return _uscc_check_char(body)


def org_code_check_char(body: str) -> str:
    """The GB 11714 check character for an 8-character organisation code body."""
    body = _normalise(body)
    if len(body) != 8 or _first_illegal(body, _ORG_BODY_CHARS) is not None:
        raise InvalidIdentifier("计算校验位需要8位组织机构代码本体（数字或大写字母）")
    return _org_check_char(body)


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    body = _normalise(first17)
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise InvalidIdentifier("计算校验码需要身份证号码前17位数字")
    return _ric_check_char(body)


def validate_org_code(code: str) -> str:
    """Validate a 组织机构代码; returns the 9-character form without hyphen."""
    name = "组织机构代码"
    value = _normalise(code)
    if len(value) == 10 and value[8] == "-":
        value = value[:8] + value[9:]
    elif "-" in value:
        raise InvalidIdentifier(f"{name}格式应为“12345678-9”或“123456789”，连字符只能在第8位之后")
    if len(value) != 9:
        raise InvalidIdentifier(f"{name}应为9位（8位本体代码+1位校验码），实为{len(value)}位")
    body, given = value[:8], value[8]
    illegal = _first_illegal(body, _ORG_BODY_CHARS)
    if illegal is not None:
        position, char = illegal
        raise InvalidIdentifier(f"{name}第{position}位“{char}”不合法：本体代码只能是数字或大写英文字母")
    expected = _org_check_char(body)
    if given != expected:
        raise InvalidIdentifier(f"{name}校验码错误：应为{expected}，实为{given}")
    return value


def validate_uscc(code: str) -> str:
    """Validate a 统一社会信用代码; returns the normalised 18-character code."""
    name = "统一社会信用代码"
    value = _normalise(code)
    if len(value) != 18:
        raise InvalidIdentifier(f"{name}应为18位，实为{len(value)}位")
    illegal = _first_illegal(value, USCC_ALPHABET)
    if illegal is not None:
        position, char = illegal
        if char in _USCC_FORBIDDEN:
            reason = "代码中不使用字母 I、O、Z、S、V"
        else:
            reason = "只能是数字或大写英文字母（不含 I、O、Z、S、V）"
        raise InvalidIdentifier(f"{name}第{position}位“{char}”不合法：{reason}")
    if value[0] not in _USCC_AUTHORITIES:
        raise InvalidIdentifier(f"{name}第1位“{value[0]}”不是有效的登记管理部门代码（应为1–9、A、N或Y）")
    if value[1] not in "123456789":
        raise InvalidIdentifier(f"{name}第2位“{value[1]}”不是有效的机构类别代码（应为数字1–9）")
    division = value[2:8]
    illegal = _first_illegal(division, "0123456789")
    if illegal is not None:
        position, char = illegal
        raise InvalidIdentifier(
            f"{name}第{position + 2}位“{char}”不合法：第3–8位是登记管理机关行政区划码，只能是数字"
        )
    expected = _uscc_check_char(value[:17])
    if value[17] != expected:
        raise InvalidIdentifier(f"{name}校验位错误：应为{expected}，实为{value[17]}")
    # GB 32100 §4.3: positions 9–17 are the subject's 组织机构代码 (GB 11714),
    # including its own check character at position 17.
    org_body, org_given = value[8:16], value[16]
    org_expected = _org_check_char(org_body)
    if org_given != org_expected:
        raise InvalidIdentifier(
            f"{name}第9–17位应为有效的组织机构代码，其校验码（第17位）应为{org_expected}，实为{org_given}"
        )
    return value


def validate_resident_id(number: str, *, today: date) -> str:
    """Validate an 18-digit 居民身份证号码 (or 港澳台居民居住证号码); returns it normalised."""
    name = "身份证号码"
    value = _normalise(number)
    if len(value) == 15 and value.isascii() and value.isdigit():
        raise InvalidIdentifier(f"{name}为旧版15位号码，请提供18位号码（15位号码已停止使用）")
    if len(value) != 18:
        raise InvalidIdentifier(f"{name}应为18位，实为{len(value)}位")
    illegal = _first_illegal(value[:17], "0123456789")
    if illegal is not None:
        position, char = illegal
        raise InvalidIdentifier(f"{name}第{position}位“{char}”不合法：前17位只能是数字")
    if value[17] not in "0123456789X":
        raise InvalidIdentifier(f"{name}第18位“{value[17]}”不合法：校验码只能是数字或X")
    province = int(value[:2])
    if province not in _RIC_PROVINCES:
        raise InvalidIdentifier(f"{name}前6位地址码“{value[:6]}”无效：前2位“{value[:2]}”不是省级行政区代码")
    birth_text = value[6:14]
    try:
        birth = date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        raise InvalidIdentifier(f"{name}第7–14位出生日期“{birth_text}”不是真实存在的日期") from None
    if birth < _RIC_EARLIEST_BIRTH:
        raise InvalidIdentifier(f"{name}中的出生日期{birth.isoformat()}早于1900年1月1日")
    if birth > today:
        raise InvalidIdentifier(f"{name}中的出生日期{birth.isoformat()}晚于今天（{today.isoformat()}）")
    expected = _ric_check_char(value[:17])
    if value[17] != expected:
        raise InvalidIdentifier(f"{name}校验码错误：应为{expected}，实为{value[17]}")
    return value


def classify_agency_code(code: str) -> Literal["uscc", "org_code", "other"]:
    """Which kind of code a value looks like (by form only, not checked)."""
    value = _normalise(code)
    if _USCC_FORM.fullmatch(value):
        return "uscc"
    if _ORG_FORM.fullmatch(value):
        return "org_code"
    return "other"


def validate_agency_code(code: str) -> str:
    """Validate the agency prefix of a 索引号; returns it normalised.

    National practice builds 索引号 on the agency's 统一社会信用代码 (formerly its
    组织机构代码), so anything shaped like one must really be one. Some local
    schemes use short codes instead, which can only be checked for their form.
    """
    value = _normalise(code)
    kind = classify_agency_code(value)
    if kind == "uscc":
        return validate_uscc(value)
    if kind == "org_code":
        return validate_org_code(value)
    name = "机关代码"
    if not 2 <= len(value) <= 20:
        raise InvalidIdentifier(
            f"{name}应为统一社会信用代码（18位）、组织机构代码（9位）或2–20位的本地代码，实为{len(value)}位"
        )
    illegal = _first_illegal(value, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
    if illegal is not None:
        position, char = illegal
        raise InvalidIdentifier(f"{name}第{position}位“{char}”不合法：只能使用大写英文字母、数字和连字符“-”")
    if not _LOCAL_AGENCY_CODE.fullmatch(value):
        raise InvalidIdentifier(f"{name}不能以连字符“-”开头或结尾")
    return value
