"""Text normalisation for legacy reports: the forms later stages match on, applied line by line by the
readers so every stage (and the review page) sees the same text. Pure: no Django imports.

What `normalise_line` changes, and what it deliberately keeps:

- Full-width digits and Latin letters become ASCII (`２０１５` → `2015`, `ＰＤＦ` → `PDF`), and so do the
  full-width signs that belong to numbers and codes: `％ ． ＋ ／ ｜ ＠ ＝ ＜ ＞ ＃ ＆ ＊ ＿`. `．` becomes `.`
  (a decimal point in `7．44万元`, an enumerator in `1．当面申请`; both read as `.` in the formats'
  labels). A full-width minus `－` becomes `-` only as the sign of a number (before a digit, not after
  one: the signed change `－3` in the 2019 table 二); elsewhere (`2016－2017`, `报告－全文`) it is a dash
  and stays.
- Chinese punctuation that carries meaning stays full-width: `，。；：、“”‘’（）《》〔〕【】` — the
  formats' printed labels (`（一）予以公开`, `其中：`) are full-width and later stages match them
  verbatim. The one exception is a Chinese enumerator in ASCII brackets, `(三)` → `（三）`, so a label
  matches whichever brackets the page used.
- A thousands separator inside a number goes (`10,623` and `10，623` → `10623`), only when the groups
  are real thousands groups: one to three leading digits, then groups of exactly three, not preceded by
  a digit or by another digit-and-comma (so the list `1，2，345` is left alone) and not followed by
  another digit.
- Chinese-numeral years in dates become digits (`二○一五年` → `2015年`, with 〇/○/零/Ｏ as zero), and so do
  the month after a year and the day after a month (`二○一六年三月十五日` → `2016年3月15日`). Chinese
  numerals anywhere else are left alone: section numbers (`一、`, `（三）`), words (`一事一申请`,
  `三安全一稳定`) and counts (`三件`; see `chinese_number` for callers that want them).
- Whitespace: ideographic space (U+3000), no-break and other Unicode spaces become an ordinary space;
  zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and the soft hyphen are removed outright, since
  they are invisible and would otherwise split a number (`10\u200b623`); runs of spaces collapse to
  one; the line is stripped. A tab is kept as one cell separator each (pasted tables separate cells
  with tabs, and two tabs in a row mean a blank cell), with the spaces around it dropped.

`normalise_line` is idempotent: normalising a normalised line changes nothing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# --- characters -----------------------------------------------------------------------------------------

_FULLWIDTH: dict[int, str] = {
    **{0xFF10 + n: str(n) for n in range(10)},
    **{0xFF21 + n: chr(ord("A") + n) for n in range(26)},
    **{0xFF41 + n: chr(ord("a") + n) for n in range(26)},
    **{ord(full): ascii_ for full, ascii_ in zip("％．＋／｜＠＝＜＞＃＆＊＿", "%.+/|@=<>#&*_", strict=True)},
}
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_TRANSLATION: dict[int, str | None] = {
    **_FULLWIDTH,
    **{ord(c): " " for c in _SPACES},
    **{ord(c): None for c in _INVISIBLE},
    # Line and paragraph separators and stray control characters inside a line read as a space.
    **dict.fromkeys((0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029), " "),
    **dict.fromkeys((*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F)),
}

_SPACE_RUN = re.compile(r" {2,}")
_SPACE_AROUND_TAB = re.compile(r" *\t *")
_MINUS_BEFORE_DIGIT = re.compile(r"(?<![\d－-])－(?=\d)")  # a sign, not a range (2016－2017)
_ASCII_BRACKETED_ENUMERATOR = re.compile(r"\(([一二三四五六七八九十]{1,3})\)")

# --- numbers --------------------------------------------------------------------------------------------

# 1–3 digits, then groups of three separated by "," or "，"; not part of a longer number or list.
_GROUPED = re.compile(r"(?<![\d.])(?<!\d[,，])\d{1,3}(?:[,，]\d{3})+(?![\d])(?![,，]\d)")

_CHINESE_DIGITS: dict[str, int] = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DIGIT_CHARS = "〇○零Ｏ一二三四五六七八九"
_YEAR = re.compile(rf"(?<![{_DIGIT_CHARS}O\d十百千万])([{_DIGIT_CHARS}O0-9]{{4}})(?=年)")
_SMALL = "一二三四五六七八九十"  # numerals for months and days: 一 … 三十一
_MONTH_AFTER_YEAR = re.compile(rf"(?<=\d年)([{_SMALL}]{{1,3}})(?=月)")
_DAY_AFTER_MONTH = re.compile(rf"(?<=\d月)([{_SMALL}]{{1,4}})(?=日|号)")


def chinese_year(text: str) -> int | None:
    """The year written digit by digit in Chinese numerals: 二○一五年, 二〇一五, 二零一五 → 2015 (a trailing
    年 is allowed); None for anything else, including years outside 1900–2100 and positional numbers
    such as 二千零一十五, which is not how years are written."""
    core = text.strip().translate(_FULLWIDTH)
    if core.endswith("年"):
        core = core[:-1]
    if len(core) != 4 or not all(c in _CHINESE_DIGITS or c.isdigit() for c in core):
        return None
    if not core.isdigit() and not any(c in _DIGIT_CHARS for c in core):
        return None  # O015 is not a year
    value = int("".join(str(_CHINESE_DIGITS[c]) if c in _CHINESE_DIGITS else c for c in core))
    return value if 1900 <= value <= 2100 else None


def _spellings(value: int) -> list[str]:
    """How 1–9999 is written in Chinese numerals: the standard form (一千零五十), 十二 beside 一十二, and
    两 for a leading 二 before 百 or 千 (两千)."""
    places = [(value // 1000) % 10, (value // 100) % 10, (value // 10) % 10, value % 10]
    text = ""
    for index, digit in enumerate(places):
        if digit:
            text += "〇一二三四五六七八九"[digit] + ("千", "百", "十", "")[index]
        elif text and any(places[index + 1 :]) and not text.endswith("零"):
            text += "零"
    forms = [text]
    if text.startswith("一十"):
        forms.append(text[1:])
    if text.startswith(("二百", "二千")):
        forms.append("两" + text[1:])
    return forms


_BELOW_10K: dict[str, int] = {form: value for value in range(1, 10000) for form in _spellings(value)}


def chinese_number(text: str) -> int | None:
    """A Chinese numeral written in positional form, below 100 000 000: 三 → 3, 十二 → 12, 二十三 → 23,
    一百零五 → 105, 两千 → 2000, 一万二千零八 → 12008, 零 → 0; None when the text is anything else (二三,
    一百二 — colloquially 120, but not certain —, words). Not applied by `normalise_line` (counts in
    words are left as written); for callers that read 收到申请三件."""
    core = text.strip().replace("〇", "零").replace("○", "零")
    if core == "零":
        return 0
    high, sep, low = core.partition("万")
    if not sep:
        return _BELOW_10K.get(core)
    high_value = _BELOW_10K.get("二" if high == "两" else high)
    if high_value is None:
        return None
    if not low:
        return high_value * 10000
    # Below the 万 the thousands are written, or a 零 stands for them: 一万二千, 一万零五; 一万二 is
    # colloquially 12000 and not accepted.
    low_value = _BELOW_10K.get(low[1:]) if low.startswith("零") else _BELOW_10K.get(low)
    if (
        low_value is None
        or (low.startswith("零") and low_value >= 1000)
        or (not low.startswith("零") and low_value < 1000)
    ):
        return None
    return high_value * 10000 + low_value


def _small_number(text: str) -> int | None:
    """一 … 三十一, as months and days are written."""
    value = chinese_number(text)
    return value if value is not None and 1 <= value <= 31 else None


def _replace_year(match: re.Match[str]) -> str:
    raw = match.group(1)
    if raw.isdigit():
        return raw
    value = chinese_year(raw)
    return str(value) if value is not None else raw


def _replace_month(match: re.Match[str]) -> str:
    value = _small_number(match.group(1))
    return str(value) if value is not None and value <= 12 else match.group(1)


def _replace_day(match: re.Match[str]) -> str:
    value = _small_number(match.group(1))
    return str(value) if value is not None else match.group(1)


def _drop_separators(match: re.Match[str]) -> str:
    return re.sub(r"[,，]", "", match.group(0))


def normalise_line(text: str) -> str:
    """One line as later stages read it (see the module docstring for what changes and what stays)."""
    line = text.translate(_TRANSLATION)
    line = _MINUS_BEFORE_DIGIT.sub("-", line)
    line = _ASCII_BRACKETED_ENUMERATOR.sub(r"（\1）", line)
    line = _YEAR.sub(_replace_year, line)
    line = _MONTH_AFTER_YEAR.sub(_replace_month, line)
    line = _DAY_AFTER_MONTH.sub(_replace_day, line)
    line = _GROUPED.sub(_drop_separators, line)
    line = _SPACE_AROUND_TAB.sub("\t", line)
    line = _SPACE_RUN.sub(" ", line)
    return line.strip(" \t\r\n")


def normalise_lines(text: str) -> list[str]:
    """A whole text as normalised lines: split on \\r\\n, \\r and \\n only (what an editor counts as a
    line), nothing dropped, so line numbers match what a person sees; a final line break does not start
    an extra line."""
    parts = re.split(r"\r\n|\r|\n", text)
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return [normalise_line(part) for part in parts]


# --- amounts --------------------------------------------------------------------------------------------

_AMOUNT = re.compile(
    r"(?P<number>\d+(?:\.\d+)?) ?(?P<unit>亿元|万元|千元|元|亿(?![条件人次个篇份页户名项家所台套余多])|"
    r"万(?![条件人次个篇份页户名项家所台套余多]))"
)
_MULTIPLIERS: dict[str, int] = {"亿元": 10**8, "亿": 10**8, "万元": 10**4, "万": 10**4, "千元": 1000, "元": 1}
_APPROXIMATE_BEFORE = ("约", "近", "逾", "超过", "不足", "不到")
_APPROXIMATE_AFTER = ("余", "多", "左右", "以上", "以下", "上下")


def find_amounts(text: str) -> list[tuple[Decimal, tuple[int, int]]]:
    """Every money amount with a unit in `text`, in yuan, with its span in `text`. Pass a normalised
    line (full-width digits and thousands separators already gone) so the spans match it. Approximate
    amounts (约3万元, 7万余元, 3000元左右) are left out: they do not state a figure."""
    found: list[tuple[Decimal, tuple[int, int]]] = []
    for match in _AMOUNT.finditer(text):
        start, end = match.span()
        before = text[max(0, start - 2) : start]
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".,，"):
            continue  # the tail of a longer or malformed number
        if before.endswith(_APPROXIMATE_BEFORE) or text[end:].startswith(_APPROXIMATE_AFTER):
            continue
        value = _to_yuan(match.group("number"), match.group("unit"))
        if value is not None:
            found.append((value, (start, end)))
    return found


def parse_amount(text: str) -> Decimal | None:
    """The money amount `text` states, in yuan: 7.44万元 → 74400, 74400元 → 74400, 0.5万 → 5000,
    1,200元 → 1200. None when no amount with a unit is stated, when it is approximate (7万余元), or
    when the text states several different amounts (which one is meant is not certain)."""
    amounts = {value for value, _ in find_amounts(normalise_line(text))}
    if len(amounts) != 1:
        return None
    return amounts.pop()


def _to_yuan(number: str, unit: str) -> Decimal | None:
    try:
        value = Decimal(number) * _MULTIPLIERS[unit]
    except (InvalidOperation, KeyError):
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
