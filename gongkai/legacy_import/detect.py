"""What kind of report a source is: its layout (2021 or 2019 tables, the pre-2019 statistics table, or
narrative only), the year it reports on, the agency and whether it covers the agency alone or a whole
government's area. Every answer carries the line it was read from; an answer the text does not support
is None, never a guess. Pure: no Django imports."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from gongkai.legacy_import.source import Source

HEAD_LINES = 15  # where titles, publishers and dates sit, after any site navigation the reader kept

_TITLE = re.compile(
    r"(?P<before>[\u4e00-\u9fff（）()]{0,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<after>[\u4e00-\u9fff（）()]{0,40}?)"
    r"政府信息公开(?:工作)?(?:年度)?报告"
)
_AGENCY_SUFFIX = re.compile(
    r"[\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府|政务公开办公室|政务公开领导小组办公室|局|委员会|委|办公室|厅|中心|"
    r"(?<!全)市|(?<!全)区|(?<!全)县|旗|街道办事处|镇|乡)"
)
_PUBLISHER = re.compile(r"(?:来源|发布机构|发布单位)[:：]\s*(?P<name>[\u4e00-\u9fff]{2,40})")


@dataclass(frozen=True)
class Detected:
    format: str  # 2021 | 2019 | 2008 | narrative
    year: int | None
    agency: str | None
    scope: str | None  # agency | aggregate
    evidence: dict[str, int]  # what -> 1-based line it was read from


def detect_format(lines: list[str]) -> tuple[str, int]:
    """The layout and the line that shows it. Labels may wrap across lines or cells, so the 2019/2021
    tests read the text with line breaks and spaces removed; table 二's column headers tell 2021 from
    the trial format even on a page cut off before table 三's （六） rows."""
    compact_lines = [re.sub(r"[\s|]+", "", line) for line in lines]
    joined = "".join(compact_lines)

    def first(*needles: str) -> int:
        for number, text in enumerate(compact_lines, start=1):
            if any(needle in text for needle in needles):
                return number
        return 0

    if re.search(r"逾期不补正.{0,12}不再处理", joined) or (
        "本年制发件数" in joined and "现行有效件数" in joined
    ):
        return "2021", first("逾期不补正", "本年制发件数")
    if "本年新收政府信息公开申请数量" in joined or (
        "本年新制作数量" in joined and "对外公开总数量" in joined
    ):
        return "2019", first("本年新收政府信息公开申请数量", "本年新制作数量")
    for number, compact in enumerate(compact_lines, start=1):
        # A table header, not prose that happens to say 统计指标 ("国民经济主要统计指标4份").
        header = len(compact) <= 30 and (
            compact.startswith("统计指标") or "单位" in compact or "统计数" in compact
        )
        if header and ("统计指标" in compact or "统计数" in compact):
            return "2008", number
        # The 累计数 / 本年发生数 column pair, in one header line or in neighbouring cells.
        if "累计数" in compact and "发生数" in compact and len(compact) <= 40:
            return "2008", number
        if compact.startswith("累计数") and len(compact) <= 40:
            nearby = "".join(compact_lines[max(0, number - 4) : number + 3])
            if "发生数" in nearby:
                return "2008", number
    return "narrative", 0


def detect_year(lines: list[str]) -> tuple[int | None, int]:
    for number, line in enumerate(lines[:HEAD_LINES], start=1):
        match = _TITLE.search(line)
        if match:
            return int(match.group("year")), number
    # A report without a title still speaks of "2017年" more than any other year near its start.
    years = Counter(
        int(y)
        for line in lines[:40]
        for y in re.findall(r"((?:19|20)\d{2})年(?!\d)", line)
        if 2007 <= int(y) <= 2100
    )
    if years:
        year, count = years.most_common(1)[0]
        if count >= 3:
            first = next(n for n, text in enumerate(lines, start=1) if f"{year}年" in text)
            return year, first
    return None, 0


def detect_agency(lines: list[str]) -> tuple[str | None, int]:
    for number, line in enumerate(lines[:HEAD_LINES], start=1):
        match = _TITLE.search(line)
        if match:
            for part in (match.group("before"), match.group("after")):
                name = part.strip("（）() 度")
                if len(name) >= 2 and _AGENCY_SUFFIX.fullmatch(name):
                    return name, number
            # A title without the agency ("2019年政府信息公开工作年度报告") is followed by it.
            for offset, following in enumerate(lines[number : number + 4], start=number + 1):
                candidate = following.strip()
                if candidate and _AGENCY_SUFFIX.fullmatch(candidate):
                    return candidate, offset
    for number, line in enumerate(lines[:HEAD_LINES], start=1):
        match = _PUBLISHER.search(line)
        if match:
            return match.group("name"), number
    return None, 0


def detect_scope(lines: list[str], agency: str | None) -> tuple[str | None, int]:
    """全市 / 全区 / 全县 reports cover a government's area; a department reports on 本机关."""
    head = lines[:60]
    for number, line in enumerate(head, start=1):
        # "汇总本机关…" is a department's own report: 本机关 on the line wins over 汇总.
        if "本机关" in line:
            return "agency", number
        if (
            re.search(r"全(?:市|区|县|旗|省)(?:各级)?(?:政府|行政机关|各级行政机关|共)", line)
            or "汇总" in line
        ):
            return "aggregate", number
    if agency and re.search(r"(市|区|县|旗)$", agency):
        return "aggregate", 0
    if agency:
        return "agency", 0
    return None, 0


def detect(source: Source) -> Detected:
    lines = source.lines
    fmt, format_line = detect_format(lines)
    year, year_line = detect_year(lines)
    agency, agency_line = detect_agency(lines)
    scope, scope_line = detect_scope(lines, agency)
    evidence = {
        key: line
        for key, line in (
            ("format", format_line),
            ("year", year_line),
            ("agency", agency_line),
            ("scope", scope_line),
        )
        if line
    }
    return Detected(format=fmt, year=year, agency=agency, scope=scope, evidence=evidence)
