"""The 第十七条 confidentiality scan finds personal data in a catalogue item's text — resident IDs,
mobile numbers, bank cards and e-mail addresses — and nothing that merely looks like it: landlines,
文号, 统一社会信用代码, slices of longer digit runs, numbers failing their check digits."""

from __future__ import annotations

import html
import itertools
from datetime import date
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.catalogue.pii import LABELS, Hit, Kind, highlight, redact, scan
from gongkai.core.identifiers import resident_id_check_char

TODAY = date(2026, 3, 1)


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def luhn_complete(body: str) -> str:
    """``body`` plus the digit that makes it pass the Luhn check (independent of the module)."""
    for last in "0123456789":
        doubled = [int(c) * (2 if i % 2 else 1) for i, c in enumerate(reversed(body + last))]
        total = sum(d - 9 if d > 9 else d for d in doubled)
        if total % 10 == 0:
            return body + last
    raise AssertionError("unreachable")


def luhn_broken(body: str) -> str:
    good = luhn_complete(body)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


ID_A = resident_id("35010219900101123")
ID_B = resident_id("11010519491231002")
# A body whose check character is X (weighted sum ≡ 2 mod 11).
ID_X = next(
    resident_id(f"3501021985061{n:03d}1")
    for n in range(1000)
    if resident_id_check_char(f"3501021985061{n:03d}1") == "X"
)
CARD_19 = luhn_complete("622202123456789012")
CARD_16 = luhn_complete("411111111111111")
FULL_WIDTH = str.maketrans("0123456789@", "０１２３４５６７８９＠")


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(h.kind, h.text) for h in scan(text, today=TODAY)]


# --- 居民身份证号码 -------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [ID_A, ID_B, ID_X, ID_X.lower()])
def test_valid_resident_ids_are_found_with_their_span_and_label(number):
    text = f"申请人张三，身份证号码{number}，住明湖市。"
    hits = scan(text, today=TODAY)
    assert len(hits) == 1
    hit = hits[0]
    assert hit.kind is Kind.RESIDENT_ID
    assert hit.label == "身份证号码" == LABELS[Kind.RESIDENT_ID]
    assert text[hit.start : hit.end] == hit.text == number


def test_the_x_check_digit_fixture_really_ends_in_x():
    assert ID_X.endswith("X")


def test_a_resident_id_written_six_eight_four_with_spaces_is_found():
    spaced = f"{ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}"
    assert kinds(f"身份证：{spaced}") == [(Kind.RESIDENT_ID, spaced)]


def test_a_wrong_check_digit_is_not_reported_as_a_resident_id():
    wrong = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")
    assert Kind.RESIDENT_ID not in {k for k, _ in kinds(f"身份证号码{wrong}")}


def test_a_future_birth_date_is_not_reported():
    future = resident_id("35010220300101123")
    assert kinds(f"身份证号码{future}") == []
    # The same number is a resident ID once that date has passed.
    assert [h.kind for h in scan(f"身份证号码{future}", today=date(2031, 1, 1))] == [Kind.RESIDENT_ID]


def test_an_impossible_birth_date_is_not_reported():
    assert kinds(f"号码{resident_id('35010219900230123')}") == []


def test_old_fifteen_digit_ids_are_not_reported_as_resident_ids():
    # Decision: 15-digit IDs have no check digit, so they cannot be told from any other number.
    # This one starts with 35 (no bank-card prefix), so nothing at all is reported.
    assert kinds("老身份证号350102900101123") == []


@pytest.mark.parametrize(
    "text",
    [f"{ID_A}7", f"12{ID_A}", f"流水号0{ID_A}99", f"A{ID_A}", f"{ID_A}b", f"0591-{ID_A}", f"{ID_A}-1"],
)
def test_an_id_inside_a_longer_digit_run_or_code_is_not_reported(text):
    assert Kind.RESIDENT_ID not in {k for k, _ in kinds(text)}


def test_a_resident_id_that_also_passes_luhn_is_reported_once_as_a_resident_id():
    candidates = (resident_id(f"62010219900101{n:03d}") for n in range(1000))
    number = next(c for c in candidates if luhn_complete(c[:-1]) == c)
    assert kinds(f"号码{number}") == [(Kind.RESIDENT_ID, number)]


# --- 手机号码 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "13800138000",
        "19912345678",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138-0013-8000",
        "+8613800138000",
        "0086 13800138000",
    ],
)
def test_mobile_numbers_are_found_in_their_written_forms(number):
    text = f"联系电话：{number}。"
    assert kinds(text) == [(Kind.MOBILE, number)]
    assert scan(text, today=TODAY)[0].label == "手机号码"


@pytest.mark.parametrize(
    "text",
    [
        "办公电话：0591-87654321",
        "电话（0591）87654321",
        "明政〔2026〕13800138000号",
        "明政[2026]13800138000号",
        "编号213800138000",
        "编号13800138000123",
        "12345678901",  # starts with 12: not a mobile prefix
        "138-0013-80001",
        "138 0013 800",
        "订单A13800138000",
    ],
)
def test_landlines_doc_numbers_and_longer_runs_are_not_mobiles(text):
    assert kinds(text) == []


def test_the_same_eleven_digits_standing_alone_are_a_mobile():
    assert kinds("手机13800138000号码") == [(Kind.MOBILE, "13800138000")]


# --- 银行卡号 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        CARD_19,
        CARD_16,
        luhn_complete("5" + "1" * 14),
        luhn_complete("35" + "6" * 11),  # 13 digits
        " ".join(CARD_16[i : i + 4] for i in range(0, 16, 4)),
        " ".join(CARD_19[i : i + 4] for i in range(0, 19, 4)),
        "-".join(CARD_16[i : i + 4] for i in range(0, 16, 4)),
    ],
)
def test_bank_cards_passing_luhn_are_found(number):
    assert kinds(f"收款账号：{number}，开户行明湖支行") == [(Kind.BANK_CARD, number)]


@pytest.mark.parametrize(
    "number",
    [
        luhn_broken("622202123456789012"),
        luhn_broken("411111111111111"),
        luhn_complete("9" + "1" * 15),  # passes Luhn but no card prefix
        luhn_complete("62" + "1" * 17) + "0",  # 20 digits
        "6222 0212 3456",  # 12 digits
    ],
)
def test_numbers_failing_luhn_prefix_or_length_are_not_bank_cards(number):
    assert kinds(f"账号{number}") == []


def test_a_uscc_is_not_a_bank_card():
    assert kinds("统一社会信用代码：91350100M000100Y43，法定代表人李四") == []


# --- 电子邮箱 ------------------------------------------------------------------------------------


def test_email_in_chinese_punctuation_is_found_without_the_punctuation():
    assert kinds("联系邮箱：zhang.san@minghu.gov.cn。") == [(Kind.EMAIL, "zhang.san@minghu.gov.cn")]
    assert kinds("（邮箱zhang_san+gk@mail.minghu.gov.cn，请勿回复）") == [
        (Kind.EMAIL, "zhang_san+gk@mail.minghu.gov.cn")
    ]


def test_an_email_made_of_a_mobile_number_is_one_email_hit():
    assert kinds("邮箱13800138000@163.com。") == [(Kind.EMAIL, "13800138000@163.com")]


@pytest.mark.parametrize("text", ["@minghu", "请@张三处理", "a@b", "x@y.c", "名单@2026.cn 无"])
def test_at_signs_that_are_not_addresses_are_not_reported(text):
    assert [k for k, _ in kinds(text)] == []


# --- 全角 ---------------------------------------------------------------------------------------


def test_full_width_digits_and_at_are_matched_and_spans_refer_to_the_original():
    mobile = "13800138000".translate(FULL_WIDTH)
    card = CARD_19.translate(FULL_WIDTH)
    number = ID_A.translate(FULL_WIDTH)
    mail = "zhang@minghu.gov.cn".translate(FULL_WIDTH)
    text = f"电话{mobile}，身份证{number}，卡号{card}，邮箱{mail}。"
    hits = scan(text, today=TODAY)
    assert [(h.kind, h.text) for h in hits] == [
        (Kind.MOBILE, mobile),
        (Kind.RESIDENT_ID, number),
        (Kind.BANK_CARD, card),
        (Kind.EMAIL, mail),
    ]
    assert all(text[h.start : h.end] == h.text for h in hits)


def test_hits_are_sorted_and_do_not_overlap():
    text = f"{ID_B}、13800138000、{CARD_16}、li@minghu.gov.cn、{ID_A}"
    hits = scan(text, today=TODAY)
    assert [h.kind for h in hits] == [
        Kind.RESIDENT_ID,
        Kind.MOBILE,
        Kind.BANK_CARD,
        Kind.EMAIL,
        Kind.RESIDENT_ID,
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))


def test_text_without_personal_data_has_no_hits():
    text = "根据《中华人民共和国政府信息公开条例》第十七条，行政机关应当建立健全政府信息公开审查机制。"
    assert scan(text, today=TODAY) == []


# --- highlight ----------------------------------------------------------------------------------


def test_highlight_marks_hits_and_escapes_the_surrounding_text():
    text = '<script>alert("x")</script> 电话 13800138000 & 邮箱 a.b@minghu.gov.cn'
    out = highlight(text, scan(text, today=TODAY))
    assert out == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 电话 <mark>13800138000</mark> &amp; "
        "邮箱 <mark>a.b@minghu.gov.cn</mark>"
    )


def test_highlight_with_custom_markers_and_escape():
    text = "电话13800138000"
    out = highlight(
        text, scan(text, today=TODAY), before="[", after="]", escape=lambda s: s.replace("电", "dian")
    )
    assert out == "dian话[13800138000]"


def test_highlight_without_hits_only_escapes():
    assert highlight("a<b", []) == html.escape("a<b")


def test_highlight_refuses_hits_that_do_not_belong_to_the_text():
    with pytest.raises(ValueError, match="不一致"):
        highlight("电话13800138000", [Hit(Kind.MOBILE, 0, 11, "13800138000", "手机号码")])


def test_overlapping_hits_are_refused():
    text = "13800138000"
    hit = Hit(Kind.MOBILE, 0, 11, text, "手机号码")
    with pytest.raises(ValueError, match="重叠"):
        redact(text, [hit, hit])


# --- redact -------------------------------------------------------------------------------------


def test_redact_masks_each_kind_keeping_the_specified_hint():
    text = f"张三，身份证{ID_A}；手机13800138000；卡号{CARD_19}；邮箱zhang.san@example.gov.cn。其余内容不变。"
    out = redact(text, scan(text, today=TODAY))
    assert out == (
        f"张三，身份证{ID_A[:6]}********{ID_A[-4:]}；手机138****8000；卡号{'*' * 15}{CARD_19[-4:]}；"
        "邮箱z***@example.gov.cn。其余内容不变。"
    )


def test_redact_example_from_the_spec():
    number = resident_id("35010219900101123")
    assert redact(number, scan(number, today=TODAY)) == f"350102********{number[-4:]}"


def test_redact_keeps_separators_and_country_code_and_x():
    grouped = " ".join(CARD_16[i : i + 4] for i in range(0, 16, 4))
    text = f"+86 138-0013-8000 / {grouped} / {ID_X}"
    out = redact(text, scan(text, today=TODAY))
    assert out == f"+86 138-****-8000 / **** **** **** {CARD_16[-4:]} / {ID_X[:6]}********{ID_X[-4:]}"


def test_redact_full_width_keeps_the_original_characters_of_the_hint():
    text = "电话" + "13800138000".translate(FULL_WIDTH)
    assert redact(text, scan(text, today=TODAY)) == "电话１３８****８０００"


def test_redact_leaves_hits_the_reviewer_chose_to_keep():
    text = "经办人电话13800138000，申请人电话13900139000。"
    hits = scan(text, today=TODAY)
    assert redact(text, hits[1:]) == "经办人电话13800138000，申请人电话139****9000。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The address "8000-li@a.cn" overlaps the mobile and lost to it; masking the mobile uncovers it.
        ("138 0013 8000－li@a.cn", "138 **** 8***@a.cn"),
        # The card lost to the mobile it overlaps; masking the mobile detaches it from the digits.
        ("１３８00004111 1111 1111 1111", "１３８******** **** **** 1111"),
        # The address was blocked by ".4" after it; masking the card unblocks it.
        (f"zhang@minghu.gov.cn.{CARD_16}", f"z***@minghu.gov.cn.{'*' * 12}{CARD_16[-4:]}"),
    ],
)
def test_redact_also_masks_what_masking_uncovers_next_to_a_hit(text, expected):
    redacted = redact(text, scan(text, today=TODAY))
    assert redacted == expected
    assert scan(redacted, today=TODAY) == []


def test_redact_without_hits_returns_the_text_unchanged():
    text = "〔2026〕13800138000号 0591-87654321"
    assert redact(text, scan(text, today=TODAY)) == text


# --- properties ---------------------------------------------------------------------------------


NO_DIGITS: list[Literal["Nd"]] = ["Nd"]


@given(st.text(alphabet=st.characters(exclude_categories=NO_DIGITS, exclude_characters="@＠")))
def test_text_without_digits_or_at_has_no_hits(text):
    assert scan(text, today=TODAY) == []


FRAGMENTS = st.sampled_from(
    [
        ID_A,
        ID_B,
        ID_X,
        ID_X.lower(),
        CARD_16,
        CARD_19,
        " ".join(CARD_16[i : i + 4] for i in range(0, 16, 4)),
        "13800138000",
        "+86 138-0013-8000",
        "138 0013 8000",
        "86",
        "zhang.san@minghu.gov.cn",
        "li@a.cn",
        "13800138000@163.com",
        "-li@a.cn",
        f"{ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}",
        "138",
        "0013",
        "8000",
        "6222",
        "(2026)",
        "〔2026〕",
        "0591-",
        "－",
        "@",
        "＠",
        ".",
        "-",
        " ",
        "号",
        "，",
        "。",
        "x",
        "A",
        "１３８",
    ]
)
PIECES = st.one_of(FRAGMENTS, st.text(alphabet="0123456789 -@.a", max_size=6), st.text(max_size=4))


@given(st.lists(PIECES, max_size=12).map("".join))
def test_redacted_text_has_no_hits_left(text):
    hits = scan(text, today=TODAY)
    redacted = redact(text, hits)
    assert scan(redacted, today=TODAY) == []
