"""The normalisers: what a line becomes (full-width forms, spaces, thousands separators, Chinese-numeral
dates), what it keeps (Chinese punctuation, section numbers, numerals in words), Chinese numerals, and
money amounts in yuan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.legacy_import.normalise import (
    chinese_number,
    chinese_year,
    find_amounts,
    normalise_line,
    normalise_lines,
    parse_amount,
)

# --- normalise_line --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full-width digits, letters and number signs become ASCII
        ("全年共收到申请８９件", "全年共收到申请89件"),
        ("ＰＤＦ版本", "PDF版本"),
        ("ｗｗｗ．ｅｘａｍｐｌｅ．ｇｏｖ．ｃｎ", "www.example.gov.cn"),
        ("办结率１００％", "办结率100%"),
        ("收费７．４４万元", "收费7.44万元"),
        ("１．当面申请数", "1.当面申请数"),
        ("本年增/减 －３", "本年增/减 -3"),
        ("本年增／减", "本年增/减"),
        ("cczwgk＠163.com", "cczwgk@163.com"),
        ("规章｜0｜3", "规章|0|3"),
        # a full-width minus that is a dash stays
        ("2016－－2017", "2016－－2017"),
        ("2016－2017", "2016－2017"),
        ("报告－全文", "报告－全文"),
        # Chinese punctuation that carries meaning stays full-width
        ("（一）予以公开", "（一）予以公开"),
        ("其中：当面申请63件，网上申请20件。", "其中：当面申请63件，网上申请20件。"),
        ("危及“三安全一稳定”", "危及“三安全一稳定”"),
        ("《条例》〔2021〕【】、；", "《条例》〔2021〕【】、；"),
        # Chinese enumerators in ASCII brackets take the full-width ones; other brackets stay
        ("(三)不予公开", "（三）不予公开"),
        ("(十二)其他", "（十二）其他"),
        ("(一百)", "(一百)"),
        ("(1)当面申请", "(1)当面申请"),
        ("PDF(1.2MB)", "PDF(1.2MB)"),
    ],
)
def test_full_width_forms(text: str, expected: str) -> None:
    assert normalise_line(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u3000\u3000一、概述", "一、概述"),
        ("本机关\u00a0\u00a0认真落实", "本机关 认真落实"),
        ("a\u2002b\u2003c\u202fd\u205fe", "a b c d e"),
        ("  多个    空格  ", "多个 空格"),
        # zero-width characters are invisible and removed, so a number stays whole
        ("10\u200b623件", "10623件"),
        ("统计\u200c指标\u200d\ufeff", "统计指标"),
        ("软\u00ad连字符", "软连字符"),
        # tabs separate cells: each kept, spaces around them dropped, blank cells preserved
        ("统计指标 \t 单位\t统计数", "统计指标\t单位\t统计数"),
        ("政府网站公开政府信息数\t条\t\t22857", "政府网站公开政府信息数\t条\t\t22857"),
        ("\t26187\t", "26187"),
        # stray control characters
        ("a\x00b\x07c", "abc"),
        ("a\x0bb\x0cc\u2028d", "a b c d"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_whitespace(text: str, expected: str) -> None:
    assert normalise_line(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收到信息公开申请10,623件", "收到信息公开申请10623件"),
        ("收到信息公开申请10，623件", "收到信息公开申请10623件"),
        ("233,527条", "233527条"),
        ("1,234,567", "1234567"),
        ("1，234，567条", "1234567条"),
        ("1,234.56万元", "1234.56万元"),
        ("共计1,200元", "共计1200元"),
        ("(1,200)", "(1200)"),
        ("１０，６２３件", "10623件"),
    ],
)
def test_thousands_separators_go(text: str, expected: str) -> None:
    assert normalise_line(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2014,2015年",  # a list of years: the first group has four digits
        "分别为1，2，345件",  # a list: the group before 345 is not a thousands group
        "12,3456",  # the second group is not three digits
        "1,23",
        "1,2345",
        "3，4，5件",
        "第1，2项",
        "0.5,123",  # after a decimal part
        "当面申请63件，网上申请200件",  # ordinary prose commas
        "1,234,56",  # a malformed group later in the chain keeps the whole chain
        "12,345,6789",
    ],
)
def test_commas_that_are_not_thousands_separators_stay(text: str) -> None:
    assert normalise_line(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二○一五年", "2015年"),
        ("二〇一五年度", "2015年度"),
        ("二零一五年", "2015年"),
        ("二Ｏ一五年", "2015年"),
        ("一九九八年", "1998年"),
        ("二○○八年五月一日", "2008年5月1日"),
        ("二○一六年三月", "2016年3月"),
        ("二○一七年三月二十八日", "2017年3月28日"),
        ("二○一六年十二月三十一日", "2016年12月31日"),
        ("二○一六年十月十日", "2016年10月10日"),
        ("二○一六年十一月二十号", "2016年11月20号"),
        ("自二○一六年一月一日起至二○一六年十二月三十一日止", "自2016年1月1日起至2016年12月31日止"),
        # already digits: the month and day after them are converted too
        ("2016年三月十五日", "2016年3月15日"),
        ("2016年3月十五日", "2016年3月15日"),
        # a month that is not a month stays
        ("2016年十三月", "2016年十三月"),
        # a day that is not a day stays
        ("2016年3月三十二日", "2016年3月三十二日"),
    ],
)
def test_chinese_numeral_dates(text: str, expected: str) -> None:
    assert normalise_line(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一、概述",
        "二、主动公开政府信息情况",
        "（三）不予公开",
        "（十二）其他",
        "三、本年度办理结果",
        "危及“三安全一稳定”",
        "一事一申请",
        "属于四类过程性信息",
        "全年收到申请三件",  # counts in words stay as written
        "第三季度",
        "三月十五日",  # no year before it: not certainly a date
        "十三五规划",
        "一二三四",
        "二○一五",  # a year without 年 is not converted in running text
        "五一二三年",  # not a plausible year
        "第一二〇一五年",  # preceded by another numeral
        "三年",
        "二十年",
    ],
)
def test_chinese_numerals_outside_dates_stay(text: str) -> None:
    assert normalise_line(text) == text


SAMPLES = [
    "全年共收到政府信息公开申请８９件，其中当面申请６３件",
    "10，623件\u3000\u3000二○一六年三月十五日",
    "(三)  \t 1,234,567\t\t",
    "ＡＢＣ％．－５",
    "二Ｏ一五年",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_normalise_line_is_idempotent_on_samples(text: str) -> None:
    once = normalise_line(text)
    assert normalise_line(once) == once


@settings(deadline=None, max_examples=300)
@given(
    st.text(
        alphabet="0123456789０１２３４５６７８９,，.．年月日二○〇零一三十五九( )（）\u3000\t\u200b－-%％ＡａO件元万"
    )
)
def test_normalise_line_is_idempotent(text: str) -> None:
    once = normalise_line(text)
    assert normalise_line(once) == once


def test_normalise_lines_keeps_every_line_in_place() -> None:
    text = "标题\r\n\r\n一、概述\r第二行\n\n  最后一行  \n"
    assert normalise_lines(text) == ["标题", "", "一、概述", "第二行", "", "最后一行"]


def test_normalise_lines_without_final_line_break() -> None:
    assert normalise_lines("a\nb") == ["a", "b"]
    assert normalise_lines("") == [""]
    assert normalise_lines("\n") == [""]
    assert normalise_lines("a\n\n") == ["a", ""]


# --- chinese_year and chinese_number -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二○一五年", 2015),
        ("二〇一五", 2015),
        ("二零一五", 2015),
        ("二Ｏ一五", 2015),
        ("二O一五年", 2015),
        ("一九九九年", 1999),
        ("２０１５", 2015),
        ("2015年", 2015),
        (" 二○二一年 ", 2021),
        ("二○一", None),
        ("二○一五六", None),
        ("二千零一十五", None),
        ("二○一五月", None),
        ("O015", None),
        ("五一二三", None),
        ("", None),
        ("年", None),
    ],
)
def test_chinese_year(text: str, expected: int | None) -> None:
    assert chinese_year(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("零", 0),
        ("〇", 0),
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("一十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("三十一", 31),
        ("一百", 100),
        ("一百零五", 105),
        ("一百〇五", 105),
        ("一百一十", 110),
        ("两百", 200),
        ("两千", 2000),
        ("一千零一", 1001),
        ("一千零五十", 1050),
        ("九千九百九十九", 9999),
        ("一万", 10000),
        ("两万", 20000),
        ("十万", 100000),
        ("一万零五", 10005),
        ("一万二千零八", 12008),
        ("一千万", 10000000),
        # not numbers, or not certain
        ("二三", None),
        ("一百二", None),  # colloquially 120
        ("一万二", None),  # colloquially 12000
        ("一百十", None),
        ("一百零", None),
        ("两十", None),
        ("十十", None),
        ("一亿", None),
        ("三件", None),
        ("", None),
    ],
)
def test_chinese_number(text: str, expected: int | None) -> None:
    assert chinese_number(text) == expected


# --- amounts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.44万元", Decimal(74400)),
        ("7．44万元", Decimal(74400)),
        ("74400元", Decimal(74400)),
        ("0.5万", Decimal(5000)),
        ("1,200元", Decimal(1200)),
        ("1，200元", Decimal(1200)),
        ("7.44 万元", Decimal(74400)),
        ("收费0元", Decimal(0)),
        ("收取信息处理费共计400元。", Decimal(400)),
        ("全市因依申请公开政府信息收取的费用共计7．44万元。", Decimal(74400)),
        ("1.2亿元", Decimal(120000000)),
        ("3千元", Decimal(3000)),
        ("28.5万元", Decimal(285000)),
        ("0.125万元", Decimal(1250)),
        ("12.5元", Decimal("12.5")),
        ("100元和100元", Decimal(100)),  # the same amount twice is still one amount
    ],
)
def test_parse_amount(text: str, expected: Decimal) -> None:
    value = parse_amount(text)
    assert value == expected
    assert str(value) == str(expected)  # 74400, not 74400.00


@pytest.mark.parametrize(
    "text",
    [
        "无",
        "5000",  # no unit
        "3万条",  # a count, not money
        "共3万人次",
        "1.5万件",
        "约3万元",  # approximate
        "近2万元",
        "7万余元",
        "3000余元",
        "3000多元",
        "3000元左右",
        "5000元以上",
        "超过1万元",
        "收取费用400元，其中100元已退还",  # two different amounts: which one is meant is not certain
        "",
    ],
)
def test_parse_amount_none(text: str) -> None:
    assert parse_amount(text) is None


def test_find_amounts_gives_spans_in_the_line() -> None:
    line = normalise_line("预算数28,586万元，比上年减少2658万元；收费约3万元")
    found = find_amounts(line)
    assert [(value, line[start:end]) for value, (start, end) in found] == [
        (Decimal(285860000), "28586万元"),
        (Decimal(26580000), "2658万元"),
    ]
