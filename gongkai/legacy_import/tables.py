"""Tables 二 (主动公开政府信息情况), 三 (收到和处理政府信息公开申请情况) and 四 (行政复议、行政诉讼) of the
2019 and 2021 formats, read back from a report's text however the web page flattened them: one row
per line with `|` or tabs between cells, one cell per line, cells separated by single spaces, or cells
glued together with no separator at all ("一、本年新收政府信息公开申请数量5230001065"). Pure: no Django
imports.

How a table is read: the lines of its section become a stream of text and number tokens (line breaks,
spaces, `|` and tabs only separate cells); the text before each run of numbers is that row's label,
matched against the printed labels of the format (formats.py, figures/layouts.py) in print order, so
labels split over lines or cells, repeated merged cells and 〃 ditto marks do not matter. A row whose
numbers are one digit string is split by glued.py with the table's own identities.

Precision over recall: a cell is certain only when it was printed on its own or every split that
satisfies the identities gives it the same value. The other cells are returned uncertain (for review)
with the candidate splits named in a finding (rule G); a row whose numbers cannot be assigned is not
read at all (rule R). Printed inconsistencies are kept exactly as printed: the importer's validation
reports them (V2, V3, V4, V7 …)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.annual_reports.formats import APPEALS_TABLE, FORMATS, RequestRow, RequestsTable
from gongkai.annual_reports.vocabulary import known
from gongkai.figures.layouts import TABLES, RowDef, SectionDef
from gongkai.legacy_import import glued
from gongkai.legacy_import.source import Extraction, Finding, Source

# statistics-vocabulary.md §2: the flat key of each table 三 row's 总计 (the same mapping as
# disclosure_requests.statistics.OUTCOME_FIGURES, which cannot be imported here: it needs the ORM).
ROW_FIGURES: dict[str, str] = {
    "new": "requests.new",
    "carried_in": "requests.carried_in",
    "r1_open": "outcomes.disclosed",
    "r2_partial": "outcomes.partially_disclosed",
    "r3_1": "outcomes.refused.state_secret",
    "r3_2": "outcomes.refused.law_prohibited",
    "r3_3": "outcomes.refused.three_securities",
    "r3_4": "outcomes.refused.third_party",
    "r3_5": "outcomes.refused.internal_affairs",
    "r3_6": "outcomes.refused.process_info",
    "r3_7": "outcomes.refused.enforcement_file",
    "r3_8": "outcomes.refused.query_matter",
    "r4_1": "outcomes.unable.not_held",
    "r4_2": "outcomes.unable.needs_creation",
    "r4_3": "outcomes.unable.unclear_after_correction",
    "r5_1": "outcomes.not_processed.petition_complaint",
    "r5_2": "outcomes.not_processed.repeated",
    "r5_3": "outcomes.not_processed.publication",
    "r5_4": "outcomes.not_processed.mass_repeated",
    "r5_5": "outcomes.not_processed.confirm_existing",
    "r6_1": "outcomes.other.no_correction",
    "r6_2": "outcomes.other.no_fee_paid",
    "r6_3": "outcomes.other.other",
    "r6": "outcomes.other",  # 2019: （六）其他处理 is one row
    "r7_total": "outcomes.total",
    "carried_out": "requests.carried_out",
}
# The result groups printed without a subtotal row of their own; their figure is the sum of the rows.
GROUP_FIGURES: dict[str, str] = {
    "r3_": "outcomes.refused",
    "r4_": "outcomes.unable",
    "r5_": "outcomes.not_processed",
    "r6_": "outcomes.other",
}
APPLICANT_FIGURE = "requests.applicant.{column}"  # row 一's six applicant columns
TOTAL = "total"
AMOUNT_COLUMN = "amount_10k_yuan"
NEW = "new"
LAST_ROW = "carried_out"
SPLIT_NOTE = "由表格勾稽关系拆分"
AMBIGUOUS_NOTE = "拆分有歧义："
TRUNCATED_NOTE = "来源文本在此处中断，该数可能不完整"

# Table 四 printed one row per group: the group label that ends the text before its five cells.
APPEAL_GROUP_CUES = (
    ("litigation_after_reconsideration", "复议后起诉"),
    ("litigation_direct", "直接起诉"),
    ("reconsideration", "行政复议"),
)

# Table 三's column header (printed without numbers, so it ends up in the text before row 一).
HEADER_WORDS = ("自然人", "商业企业", "科研机构")

PROSE_CHUNK = 120  # a label longer than this (normalised) is prose: the table has ended
MAX_SHOWN = 6  # candidate splits named in one finding


@dataclass(frozen=True)
class TablesResult:
    extractions: list[Extraction]
    tables: dict[str, Any]
    findings: list[Finding]


# --- tokens -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # text | num | blank (an empty cell) | gap (an empty line: maybe an empty cell)
    text: str
    line: int  # 1-based
    start: int
    end: int


@dataclass
class Pair:
    """The text printed before a run of cells, and the cells."""

    label: list[Token] = field(default_factory=list)
    cells: list[Token] = field(default_factory=list)

    @property
    def label_text(self) -> str:
        return "".join(token.text for token in self.label)

    @property
    def numbers(self) -> list[Token]:
        return [cell for cell in self.cells if cell.kind == "num"]


_DELIMITERS = "|｜\t"
_LIST_MARKS = frozenset(".．、")
_BLANK_MARKS = frozenset("-—–－/／")
_SIGNS = frozenset("+-－")
_UNITS = frozenset({"件", "个", "条", "项", "元", "万元", "人", "次", "人次"})
_SEPARATORS = frozenset({",", "，", "、", ";", "；"})
_NOT_CELL_AFTER = frozenset("年月日号页")
_OPENING, _CLOSING = frozenset("（("), frozenset("）)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])")


def _is_space(char: str) -> bool:
    return char.isspace()


def tokenize(lines: Sequence[str], first: int, last: int, *, amounts: bool = False) -> list[Token]:
    """The tokens of lines[first:last] (0-based slice; Token.line is 1-based). `amounts`: table 二,
    where cells may be decimals (万元) or signed (本年增/减)."""
    tokens: list[Token] = []
    region = range(first, min(last, len(lines)))
    # An empty line is a blank cell when a page prints one cell per line (a "gap"), unless the whole
    # region is double-spaced, where empty lines are only spacing.
    empty = sum(1 for index in region if not lines[index].strip())
    gaps = bool(region) and empty < 0.4 * len(region)
    for index in region:
        if not lines[index].strip():
            if gaps:
                tokens.append(Token("gap", "", index + 1, 0, 0))
            continue
        tokens += _tokenize_line(index + 1, lines[index], amounts=amounts)
    return tokens


def _tokenize_line(number: int, line: str, *, amounts: bool) -> list[Token]:
    if not any(d in line for d in _DELIMITERS):
        return _scan(number, line, 0, len(line), amounts=amounts)
    bounds: list[tuple[int, int]] = []
    start = 0
    for position, char in enumerate(line):
        if char in _DELIMITERS:
            bounds.append((start, position))
            start = position + 1
    bounds.append((start, len(line)))
    # "| a | b |" (a table typed with a pipe at each end): the empty cells outside the first and the
    # last pipe are not cells. A reader's "a | b | " keeps its empty last cell.
    if len(bounds) > 2 and not line[slice(*bounds[0])].strip() and not line[slice(*bounds[-1])].strip():
        bounds = bounds[1:-1]
    tokens: list[Token] = []
    for cell_start, cell_end in bounds:
        if not line[cell_start:cell_end].strip():
            tokens.append(Token("blank", "", number, cell_start, cell_end))
        else:
            tokens += _scan(number, line, cell_start, cell_end, amounts=amounts)
    return tokens


def _scan(number: int, line: str, start: int, end: int, *, amounts: bool) -> list[Token]:
    tokens: list[Token] = []
    i = start
    while i < end:
        char = line[i]
        if _is_space(char):
            i += 1
            continue
        signed = (
            amounts
            and char in _SIGNS
            and i + 1 < end
            and line[i + 1].isdigit()
            and (i == start or _is_space(line[i - 1]))
        )
        if char.isdigit() or signed:
            j = i + 1
            while j < end and line[j].isdigit():
                j += 1
            digits_start = i + 1 if signed else i
            thousands = _THOUSANDS.match(line, digits_start, end)
            if thousands and not signed:
                j = max(j, thousands.end())
            if amounts and j + 1 < end and line[j] == "." and line[j + 1].isdigit():
                j += 1
                while j < end and line[j].isdigit():
                    j += 1
            tokens += _number_or_label(number, line, i, j, end)
            i = j
            continue
        j = i + 1
        while j < end and not _is_space(line[j]) and not line[j].isdigit():
            if (
                amounts
                and line[j] in _SIGNS
                and j + 1 < end
                and line[j + 1].isdigit()
                and _is_space(line[j - 1])
            ):
                break
            j += 1
        text = line[i:j]
        standalone = (i == start or _is_space(line[i - 1])) and (j == end or _is_space(line[j]))
        if standalone and set(text) <= _BLANK_MARKS:
            tokens.append(Token("blank", text, number, i, j))
        else:
            tokens.append(Token("text", text, number, i, j))
        i = j
    return tokens


def _number_or_label(number: int, line: str, i: int, j: int, end: int) -> list[Token]:
    """Digits i..j are a cell, unless they number a label ("1.属于国家秘密", "（1）", "第3页"), in which
    case only their last digit is the label's number and any digits before it are a glued cell."""
    text = line[i:j]
    after = line[j] if j < end else ""
    before = line[i - 1] if i > 0 else ""
    if after in _LIST_MARKS and text.isdigit():
        k = j + 1
        while k < end and _is_space(line[k]):
            k += 1
        if k < end and not line[k].isdigit():
            tokens = [Token("num", text[:-1], number, i, j - 1)] if len(text) > 1 else []
            return [*tokens, Token("text", text[-1], number, j - 1, j)]
    if (before in _OPENING and after in _CLOSING) or after in _NOT_CELL_AFTER or before == "第":
        return [Token("text", text, number, i, j)]
    return [Token("num", text, number, i, j)]


def pairs(tokens: Sequence[Token]) -> list[Pair]:
    """Group the stream into (label, cells). Units after a number (52件), separators between numbers
    and blank cells that only fill merged label columns do not start a new label."""
    result: list[Pair] = []
    current = Pair()
    for token in tokens:
        if token.kind == "text":
            if current.cells:
                last = current.cells[-1]
                adjacent = last.kind == "num" and last.line == token.line
                if adjacent and (token.text in _UNITS or token.text in _SEPARATORS):
                    continue
                if not current.numbers:
                    # Blank cells between label cells (merged columns read as empty): part of the label.
                    current.cells = []
                    current.label.append(token)
                    continue
                result.append(_trim(current))
                current = Pair()
            current.label.append(token)
        else:
            current.cells.append(token)
    if current.label or current.cells:
        result.append(_trim(current))
    return result


def _trim(pair: Pair) -> Pair:
    """Blank cells after a row's last number on a later line belong to the next row's label columns."""
    numbers = pair.numbers
    if numbers:
        last_line = numbers[-1].line
        cells = list(pair.cells)
        while cells and cells[-1].kind in ("blank", "gap") and cells[-1].line != last_line:
            cells.pop()
        pair.cells = cells
    return pair


# --- labels -------------------------------------------------------------------------------------------

_BRACKETED = re.compile(r"\([^()]*\)")
_NUMBERING = re.compile(r"[一二三四五六七八九十]+、")
_HEADING_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+\s*[、.．])"
)


def norm(text: str) -> str:
    """Only the Chinese characters of a label, without bracketed notes and numbering: “三安全一稳定”,
    （）/(), 、 and 〃 variants all compare equal."""
    text = unicodedata.normalize("NFKC", text)
    previous = None
    while previous != text:
        previous, text = text, _BRACKETED.sub("", text)
    text = _NUMBERING.sub("", text)
    return "".join(char for char in text if "\u4e00" <= char <= "\u9fff")


def _matches(chunk: str, cue: str, *, fuzzy: bool) -> bool:
    if chunk.endswith(cue):
        return True
    if not fuzzy or len(cue) < 6 or len(chunk) < len(cue) - 1:
        return False
    return difflib.SequenceMatcher(None, chunk[-len(cue) :], cue).ratio() >= 0.8


def _match_row(chunk: str, cues: Sequence[str], current: int) -> int | None:
    """The row (index into `cues`, from `current` on) whose label ends this text: the first exact match,
    else a close match for the row expected next."""
    for index in range(current, len(cues)):
        if _matches(chunk, cues[index], fuzzy=False):
            return index
    if current < len(cues) and _matches(chunk, cues[current], fuzzy=True):
        return current
    return None


_HEADINGS: dict[str, tuple[str, ...]] = {
    "proactive": ("主动公开政府信息情况",),
    "requests": ("收到和处理政府信息公开申请情况",),
    "appeals": ("政府信息公开行政复议行政诉讼情况", "行政复议行政诉讼情况"),
    "problems": ("存在的主要问题",),
    "other": ("其他需要报告的事项",),
}


def _heading_of(line: str) -> str | None:
    compact = norm(_HEADING_NUMBER.sub("", line))
    for key, phrases in _HEADINGS.items():
        for phrase in phrases:
            position = compact.find(phrase)
            if 0 <= position <= 8 and len(compact) <= len(phrase) + 16:
                return key
    return None


def sections(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Where each table's section is: 0-based [start, end) line ranges, from its heading to the next."""
    found: dict[str, int] = {}
    order = list(_HEADINGS)
    for index, line in enumerate(lines):
        key = _heading_of(line)
        if key is None or key in found:
            continue
        # Once a later section's heading is seen, an earlier section's title is a mention, not a heading.
        if any(earlier in found for earlier in order[order.index(key) + 1 :]):
            continue
        found[key] = index
    ranges: dict[str, tuple[int, int]] = {}
    positions = sorted(found.values())
    for key, start in found.items():
        end = next((p for p in positions if p > start), len(lines))
        ranges[key] = (start, end)
    return ranges


# --- cells --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    value: int | Decimal | None  # None: blank
    certain: bool
    line: int
    span: tuple[int, int]
    note: str = ""


@dataclass
class ReadRow:
    key: str
    label: str  # as printed in the format
    pair: Pair
    run: Token | None = None  # the glued digit string, when the cells were glued
    candidates: list[glued.Vector] = field(default_factory=list)
    direct: list[Cell] | None = None  # cells printed one by one
    cut: bool = False  # runs to the end of the source: its last number may be cut off

    @property
    def first_line(self) -> int:
        tokens = self.pair.label or self.pair.cells
        return tokens[0].line if tokens else 0


def fit(cells: Sequence[Token], expected: int) -> list[Token] | None:
    """The cells of a row printed cell by cell: `expected` of them, counting empty lines as blank cells
    only when that makes the count right; None when the count is wrong either way."""
    if len(cells) == expected:
        return list(cells)
    printed = [cell for cell in cells if cell.kind != "gap"]
    return printed if len(printed) == expected else None


def single_run(cells: Sequence[Token]) -> Token | None:
    """The one digit string a glued row's cells are printed as, if that is what the cells are."""
    printed = [cell for cell in cells if cell.kind != "gap"]
    if len(printed) == 1 and printed[0].kind == "num" and printed[0].text.isdigit():
        return printed[0]
    return None


def _int(token: Token) -> int | None:
    text = token.text.replace(",", "")
    return int(text) if text.isdigit() else None


def _direct(tokens: Sequence[Token]) -> list[Cell] | None:
    cells: list[Cell] = []
    for token in tokens:
        if token.kind in ("blank", "gap"):
            cells.append(Cell(None, True, token.line, (token.start, token.end)))
            continue
        value = _int(token)
        if value is None:
            return None
        cells.append(Cell(value, True, token.line, (token.start, token.end)))
    return cells


def _split_cells(run: Token, candidates: Sequence[glued.Reading], note: str) -> list[Cell]:
    """The cells of a glued run from its surviving splits: certain where all agree (a cell blank in
    some reading is never certain)."""
    agreed = glued.agreed(candidates)
    first = candidates[0]
    offsets = glued.cell_offsets(first)
    cells: list[Cell] = []
    shown = " 或 ".join(glued.show(c) for c in candidates[:MAX_SHOWN])
    same_place = [
        all(glued.cell_offsets(c)[index] == offsets[index] for c in candidates) for index in range(len(first))
    ]
    for index, value in enumerate(first):
        start, end = offsets[index] if same_place[index] else (0, len(run.text))
        if agreed[index] is not None:
            cells.append(Cell(value, True, run.line, (run.start + start, run.start + end), note))
        else:
            # Offered for review with the first reading's value (or the first reading that has one).
            shown_value = next((c[index] for c in candidates if c[index] is not None), None)
            cells.append(Cell(shown_value, False, run.line, (run.start, run.end), f"{AMBIGUOUS_NOTE}{shown}"))
    return cells


def _quote(pair: Pair) -> str:
    return "".join(token.text for token in pair.numbers) or "（空）"


# --- table 三 -----------------------------------------------------------------------------------------


@dataclass
class _Reader:
    source: Source
    fmt: str
    extractions: list[Extraction] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    tables: dict[str, Any] = field(default_factory=dict)

    end: tuple[int, int] = (0, 0)  # where the source's text ends (line, column)

    def __post_init__(self) -> None:
        for number in range(len(self.source.lines), 0, -1):
            text = self.source.lines[number - 1].rstrip()
            if text:
                self.end = (number, len(text))
                break

    def cut(self, token: Token) -> bool:
        line, column = self.end
        return token.line == line and token.end >= column

    def distrust_cut(self, cells: list[Cell], tokens: Sequence[Token], *, run: Token | None = None) -> bool:
        """A row that runs to the very end of the source (a page saved half-way) may have lost digits
        of its last number; with a glued run, every cell is in doubt. Returns whether it did."""
        last = run or next((token for token in reversed(tokens) if token.kind == "num"), None)
        if last is None or not self.cut(last):
            return False
        doubtful = cells if run is not None else [cells[-1]] if cells else []
        for cell in doubtful:
            if cell.value is not None:
                cell.certain = False
                cell.note = TRUNCATED_NOTE
        return True

    def finding(self, rule: str, where: str, message: str, lines: Sequence[int] = ()) -> None:
        self.findings.append(Finding(rule, "warning", where, message, tuple(sorted(set(lines)))))

    def extract(self, key: str, cell: Cell, text: str, note: str = "") -> None:
        if cell.value is None or not known(key):
            return
        self.extractions.append(
            Extraction(key, cell.value, cell.line, cell.span, text, cell.certain, note or cell.note)
        )

    # table 三 ---------------------------------------------------------------------------------------

    def requests(self, table: RequestsTable, first: int, last: int) -> int | None:
        """Read table 三 from lines[first:last]. Returns the 1-based line of its last cell (which is the
        0-based index of the line after it) when the table ended with its last row, else None."""
        rows = table.rows
        cues = [norm(row.level3 or row.level2 or row.level1) for row in rows]
        current = 0
        started = False
        header_seen = False
        read: dict[str, ReadRow] = {}
        stray: list[Pair] = []
        end_line: int | None = None
        for pair in pairs(tokenize(self.source.lines, first, last)):
            chunk = norm(pair.label_text)
            if started and (
                len(chunk) > PROSE_CHUNK or _heading_of(pair.label_text) in ("appeals", "problems")
            ):
                break
            header_seen = header_seen or all(word in chunk for word in HEADER_WORDS)
            index = _match_row(chunk, cues, current)
            if index is None or not (started or header_seen or index == 0):
                if started and pair.numbers:
                    stray.append(pair)
                continue
            if not pair.cells:
                continue  # a label printed without cells: the row stays unread
            if not started and not header_seen and not self.looks_like_row(pair, len(table.columns)):
                continue  # "本年新收政府信息公开申请数量52件" in the prose before the table
            started = True
            row = rows[index]
            read[row.key] = self.request_row(row, pair)
            current = index + 1
            if row.key == LAST_ROW:
                end_line = pair.cells[-1].line
                break
        if not started:
            return None
        for pair in stray:
            lines = [t.line for t in pair.numbers]
            self.finding(
                "R",
                "requests",
                f"表三第{lines[0]}行的数字“{_quote(pair)}”（前文“{pair.label_text.strip()[:30]}”）"
                "无法对应到表中的任何一行，未导入",
                lines,
            )
        self.collapse_counts()
        self.resolve_requests(table, read)
        usable = {key for key, row in read.items() if row.direct is not None or row.candidates}
        missing = [row for row in rows if row.key not in usable]
        if missing:
            names = "、".join(f"“{row.label}”" for row in missing[:8]) + ("等" if len(missing) > 8 else "")
            self.finding(
                "R",
                "requests",
                f"表三有{len(missing)}行未能读取（{names}）；表三不完整，只导入已读到的各行",
                [r.first_line for r in read.values()][:1],
            )
        return end_line

    @staticmethod
    def looks_like_row(pair: Pair, width: int) -> bool:
        run = single_run(pair.cells)
        return fit(pair.cells, width) is not None or (run is not None and len(run.text) >= width)

    def request_row(self, row: RequestRow, pair: Pair) -> ReadRow:
        result = ReadRow(row.key, row.label, pair)
        cells = pair.cells
        width = len(FORMATS[self.fmt].requests.columns)  # type: ignore[union-attr]
        fitted = fit(cells, width)
        run = single_run(cells)
        if fitted is not None:
            result.direct = _direct(fitted)
            if result.direct is not None:
                result.cut = self.distrust_cut(result.direct, fitted)
        elif run is not None:
            cells = [run]
            result.run = run
            result.cut = self.cut(run)
            try:
                result.candidates = glued.row_splits(run.text, width)
            except glued.SearchTooLarge:
                self.finding(
                    "G",
                    f"requests.{row.key}",
                    f"表三“{row.label}”行（第{cells[0].line}行）的数字“{cells[0].text}”可能的拆分过多，无法判断，该行未导入",
                    [cells[0].line],
                )
                return result
            if not result.candidates:
                self.finding(
                    "G",
                    f"requests.{row.key}",
                    f"表三“{row.label}”行（第{cells[0].line}行）的数字“{cells[0].text}”无法拆分为{width}个数"
                    f"（六类申请人之和等于总计），该行未导入",
                    [cells[0].line],
                )
        if result.direct is None and result.run is None:
            lines = [cell.line for cell in cells]
            self.finding(
                "R",
                f"requests.{row.key}",
                f"表三“{row.label}”行（第{lines[0]}行）读到{len(cells)}个数“{_quote(pair)}”，应为{width}个，该行未导入",
                lines,
            )
        return result

    def collapse_counts(self) -> None:
        """Many rows with the same wrong number of cells (a table printed with an extra column, such as a
        法人或其他组织小计 some tools add) make one finding, not one per row."""
        counts = [
            f
            for f in self.findings
            if f.rule == "R" and f.where.startswith("requests.") and "读到" in f.message
        ]
        by_count: dict[str, list[Finding]] = {}
        for finding in counts:
            by_count.setdefault(finding.message.split("读到", 1)[1].split("个数", 1)[0], []).append(finding)
        for count, group in by_count.items():
            if len(group) <= 3:
                continue
            self.findings = [f for f in self.findings if f not in group]
            lines = sorted({line for f in group for line in f.lines})
            self.finding(
                "R",
                "requests",
                f"表三有{len(group)}行各读到{count}个数（第{lines[0]}行起），应为7个（六类申请人和总计）；"
                "表格的列与格式不符，这些行未导入",
                lines,
            )

    def resolve_requests(self, table: RequestsTable, read: dict[str, ReadRow]) -> None:
        vectors: dict[str, list[glued.Vector]] = {}
        for key, row in read.items():
            if row.cut:
                continue  # possibly cut off: never a basis for choosing other rows' splits
            if row.direct is not None:
                values = [cell.value for cell in row.direct]
                if all(isinstance(v, int) for v in values):
                    vectors[key] = [tuple(int(v) for v in values if v is not None)]
            elif row.candidates:
                vectors[key] = row.candidates
        resolution = glued.resolve_requests(vectors, outcome_keys=table.outcome_keys)
        columns = table.columns
        rows_cells: dict[str, list[Cell]] = {}
        for key, row in read.items():
            if row.direct is not None:
                rows_cells[key] = row.direct
                continue
            if row.run is None or not row.candidates:
                continue
            kept = resolution.candidates.get(key, row.candidates) or row.candidates
            note = SPLIT_NOTE
            if len(kept) > 1:
                reason = self._why_ambiguous(resolution)
                self.finding(
                    "G",
                    f"requests.{key}",
                    f"表三“{row.label}”行（第{row.run.line}行）的数字“{row.run.text}”有{len(kept)}种拆分"
                    f"{reason}："
                    + "；".join(self._describe(columns, c) for c in kept[:MAX_SHOWN])
                    + ("……" if len(kept) > MAX_SHOWN else "")
                    + "。各拆分不一致的数已标记待核对",
                    [row.run.line],
                )
            elif len(row.candidates) > 1:
                note = (
                    f"{SPLIT_NOTE}（按{'、'.join(resolution.used)}在{len(row.candidates)}种拆分中唯一确定）"
                )
            rows_cells[key] = _split_cells(row.run, kept, note)
            if row.cut:
                self.distrust_cut(rows_cells[key], [row.run], run=row.run)
        self.request_figures(table, rows_cells)

    @staticmethod
    def _why_ambiguous(resolution: glued.Resolution) -> str:
        if resolution.gave_up:
            return "，组合过多，无法用表内勾稽关系判断"
        if not resolution.used:
            return "都符合“六类申请人之和等于总计”，且表格不完整，无法用各列勾稽关系判断"
        if not resolution.satisfiable:
            return "都符合“六类申请人之和等于总计”，但表内各列勾稽关系在任何拆分下都不成立，无法判断"
        return "都符合表内全部勾稽关系"

    @staticmethod
    def _describe(columns: Sequence[Any], values: glued.Vector) -> str:
        return "、".join(f"{column.label}{value}" for column, value in zip(columns, values, strict=True))

    def request_figures(self, table: RequestsTable, rows_cells: dict[str, list[Cell]]) -> None:
        columns = table.columns
        total_index = [column.key for column in columns].index(TOTAL)
        for row in table.rows:
            cells = rows_cells.get(row.key)
            if cells is None:
                continue
            total = cells[total_index]
            figure = ROW_FIGURES.get(row.key)
            if figure:
                self.extract(
                    figure, total, f"表三“{row.label}”行“{columns[total_index].label}”列：{total.value}"
                )
            if row.key == NEW:
                for column, cell in zip(columns, cells, strict=True):
                    if column.key != TOTAL:
                        self.extract(
                            APPLICANT_FIGURE.format(column=column.key),
                            cell,
                            f"表三“{row.label}”行“{column.label}”列：{cell.value}",
                        )
        for prefix, figure in GROUP_FIGURES.items():
            members = [row for row in table.rows if row.key.startswith(prefix)]
            if not members:
                continue
            totals = [rows_cells.get(row.key, [None] * len(columns))[total_index] for row in members]
            if any(cell is None or cell.value is None for cell in totals):
                continue
            parts = [cell for cell in totals if cell is not None]
            value = sum(int(cell.value or 0) for cell in parts)
            certain = all(cell.certain for cell in parts)
            terms = "＋".join(str(cell.value) for cell in parts)
            group = members[0].level2
            first = parts[0]
            self.extract(
                figure,
                Cell(value, certain, first.line, self._label_span(members[0], rows_cells, first)),
                f"表三“{group}”各行“总计”列之和：{terms}＝{value}",
                note=f"表三“{group}”各行之和" + ("" if certain else "（含待核对的拆分）"),
            )
        complete = all(
            row.key in rows_cells
            and all(cell.certain and isinstance(cell.value, int) for cell in rows_cells[row.key])
            for row in table.rows
        )
        if complete:
            self.tables["requests"] = {
                "columns": list(table.column_keys),
                "rows": {
                    row.key: [int(cell.value or 0) for cell in rows_cells[row.key]] for row in table.rows
                },
            }

    def _label_span(self, row: RequestRow, rows_cells: dict[str, list[Cell]], first: Cell) -> tuple[int, int]:
        """A group sum is highlighted on its group's printed label when that is on the first row's line,
        so it does not overlap the row's own cells."""
        line = self.source.line(first.line) if 0 < first.line <= len(self.source.lines) else ""
        for label in (row.level2, row.level3):
            position = line.find(label)
            if position >= 0 and label:
                return (position, position + len(label))
        return first.span

    # table 四 ---------------------------------------------------------------------------------------

    def appeals(self, first: int, last: int) -> None:
        """Table 四: one data row of 15 cells under the three-row header, or (as some pages print it)
        one row of 5 cells per group, labelled 行政复议 / 未经复议直接起诉 / 复议后起诉."""
        header = False
        values: dict[str, list[Cell]] = {}
        for pair in pairs(tokenize(self.source.lines, first, last)):
            chunk = norm(pair.label_text)
            header = header or ("结果维持" in chunk and "尚未审结" in chunk)
            if not header or not pair.numbers:
                continue
            target = next((key for key, cue in APPEAL_GROUP_CUES if chunk.endswith(cue)), None)
            if not values and (target is None or fit(pair.cells, 15) is not None):
                values = self.appeal_cells(pair, None) or {}
                break
            if target is None or target in values:
                break  # the group rows have ended
            group = self.appeal_cells(pair, target)
            if group is None:
                break
            values |= group
            if len(values) == len(APPEALS_TABLE.groups):
                break
        if values:
            self.appeal_figures(values)

    def appeal_cells(self, pair: Pair, target: str | None) -> dict[str, list[Cell]] | None:
        """The cells of the whole data row (target None) or of one group's row, printed or glued."""
        keys = [target] if target is not None else [group.key for group in APPEALS_TABLE.groups]
        width = 5 * len(keys)
        printed = fit(pair.cells, width)
        run = single_run(pair.cells)
        cells: list[Cell] | None = None
        if printed is not None:
            cells = _direct(printed)
            if cells is not None:
                self.distrust_cut(cells, printed)
        elif run is not None:
            cells = self.split_appeals(run, len(keys), target)
        else:
            self.appeals_count(pair, width)
        if cells is None:
            return None
        return {key: cells[index * 5 : index * 5 + 5] for index, key in enumerate(keys)}

    def appeals_count(self, pair: Pair, expected: int) -> None:
        lines = [cell.line for cell in pair.cells]
        self.finding(
            "R",
            "appeals",
            f"表四（第{lines[0]}行）读到{len(pair.cells)}个数“{_quote(pair)}”，应为{expected}个，未导入",
            lines,
        )

    def split_appeals(self, run: Token, groups: int, target: str | None = None) -> list[Cell] | None:
        table = APPEALS_TABLE
        groups_named = [g.label for g in table.groups if target is None or g.key == target]
        try:
            candidates = glued.appeal_splits(run.text, groups=groups)
        except glued.SearchTooLarge:
            candidates = []
        if not candidates:
            self.finding(
                "G",
                "appeals",
                f"表四（第{run.line}行）的数字“{run.text}”无法拆分为{groups * 5}个数"
                "（每组结果维持、结果纠正、其他结果、尚未审结之和等于总计），表四未导入",
                [run.line],
            )
            return None
        if len(candidates) > 1:
            self.finding(
                "G",
                "appeals",
                f"表四（第{run.line}行）的数字“{run.text}”有{len(candidates)}种拆分都符合各组“总计”等于"
                f"结果维持、结果纠正、其他结果、尚未审结之和（{'｜'.join(groups_named)}）："
                + "；".join(glued.show(c, 5) for c in candidates[:MAX_SHOWN])
                + ("……" if len(candidates) > MAX_SHOWN else "")
                + "。各拆分不一致的数已标记待核对",
                [run.line],
            )
        cells = _split_cells(run, candidates, SPLIT_NOTE)
        self.distrust_cut(cells, [run], run=run)
        return cells

    def appeal_figures(self, values: dict[str, list[Cell]]) -> None:
        table = APPEALS_TABLE
        for group in table.groups:
            cells = values.get(group.key)
            if cells is None:
                continue
            for column, cell in zip(table.columns, cells, strict=True):
                self.extract(
                    f"{group.figure_prefix}.{column.key}",
                    cell,
                    f"表四“{group.label}”“{column.label}”：{cell.value}",
                )
        direct, after = values.get("litigation_direct"), values.get("litigation_after_reconsideration")
        if direct is not None and after is not None:
            for index, column in enumerate(table.columns):
                a, b = direct[index], after[index]
                if a.value is None or b.value is None:
                    continue
                total = int(a.value) + int(b.value)
                certain = a.certain and b.certain
                self.extract(
                    f"litigation.{column.key}",
                    Cell(total, certain, a.line, a.span),
                    f"表四行政诉讼“{column.label}”：未经复议直接起诉{a.value}＋复议后起诉{b.value}＝{total}",
                    note="表四行政诉讼两栏之和" + ("" if certain else "（含待核对的拆分）"),
                )
        complete = len(values) == len(table.groups) and all(
            cell.certain and isinstance(cell.value, int) for cells in values.values() for cell in cells
        )
        if complete:
            self.tables["appeals"] = {
                group.key: {
                    column.key: int(cell.value or 0)
                    for column, cell in zip(table.columns, values[group.key], strict=True)
                }
                for group in table.groups
            }

    # table 二 ---------------------------------------------------------------------------------------

    def proactive(self, layout: str, first: int, last: int) -> None:
        sections_def = TABLES[layout]  # type: ignore[index]
        rows: list[tuple[SectionDef, RowDef]] = [(s, r) for s in sections_def for r in s.rows]
        cues = [norm(row.label) for _, row in rows]
        other = "2019" if layout == "2021" else "2021"
        current = 0
        seen = ""
        read: dict[str, dict[str, Cell]] = {}
        checked: dict[str, bool] = {}
        for pair in pairs(tokenize(self.source.lines, first, last, amounts=True)):
            chunk = norm(pair.label_text)
            seen += chunk
            if len(chunk) > PROSE_CHUNK and read:
                break
            index = _match_row(chunk, cues, current)
            if index is None or not pair.cells:
                continue
            section, row = rows[index]
            if section.caption not in checked:
                checked[section.caption] = self.proactive_header(section, seen, layout, other)
            current = index + 1
            if not checked[section.caption]:
                continue
            seen = ""
            cells = self.proactive_row(section, row, pair)
            if cells:
                read[row.key] = cells
            if index == len(rows) - 1:
                break
        self.proactive_figures(layout, rows, read)

    def proactive_header(self, section: SectionDef, seen: str, layout: str, other: str) -> bool:
        """A section's cells are read only under its own column headers (the 2019 and 2021 formats print
        different columns under the same row labels)."""
        headers = [norm(label) for _, label in section.columns]
        if all(header in seen for header in headers):
            return True
        for alternative in TABLES[other]:  # type: ignore[index]
            if alternative.caption == section.caption and all(
                norm(label) in seen for _, label in alternative.columns
            ):
                self.finding(
                    "R",
                    "proactive",
                    f"表二“{section.caption}”的栏目是{other}年格式的（"
                    + "、".join(label for _, label in alternative.columns)
                    + f"），与本报告的{layout}年格式不符，该部分未导入",
                )
        return False

    def proactive_row(self, section: SectionDef, row: RowDef, pair: Pair) -> dict[str, Cell]:
        columns = [cell.column for cell in row.cells]
        cells = pair.cells
        where = f"proactive.{row.key}"
        printed = [cell for cell in cells if cell.kind != "gap"]
        numbers = [cell for cell in printed if cell.kind == "num"]
        if (
            len(columns) == 1
            and len(printed) > 1
            and len(numbers) >= 1
            and len({c.text for c in numbers}) == 1
        ):
            printed = numbers[:1]  # a cell spanning the columns, repeated or left empty by the reader
        fitted = fit(cells, len(columns)) or fit(printed, len(columns))
        if fitted is not None:
            result: dict[str, Cell] = {}
            for column, token in zip(columns, fitted, strict=True):
                cell = self.proactive_cell(column, token)
                if cell is not None:
                    if self.cut(token):
                        cell.certain, cell.note = False, TRUNCATED_NOTE
                    result[column] = cell
            return result
        run = single_run(cells)
        if run is not None:
            try:
                candidates = glued.free_splits_with_blanks(run.text, len(columns))
            except glued.SearchTooLarge:
                candidates = []
            if candidates:
                if len(candidates) > 1:
                    self.finding(
                        "G",
                        where,
                        f"表二“{row.label}”行（第{run.line}行）的数字“{run.text}”可读作{len(candidates)}种"
                        f"（{'、'.join(label for _, label in section.columns)}，可能有空栏）："
                        + "；".join(glued.show(c) for c in candidates[:MAX_SHOWN])
                        + ("……" if len(candidates) > MAX_SHOWN else "")
                        + "。表二各栏之间没有勾稽关系，无法判断，已标记待核对",
                        [run.line],
                    )
                split = _split_cells(run, candidates, "按位数拆分" if len(candidates) == 1 else "")
                self.distrust_cut(split, [run], run=run)
                return {
                    column: cell
                    for column, cell in zip(columns, split, strict=True)
                    if cell.value is not None
                }
        lines = [cell.line for cell in cells]
        self.finding(
            "R",
            where,
            f"表二“{row.label}”行（第{lines[0]}行）读到{len(cells)}个数“{_quote(pair)}”，应为{len(columns)}个，该行未导入",
            lines,
        )
        return {}

    @staticmethod
    def proactive_cell(column: str, token: Token) -> Cell | None:
        span = (token.start, token.end)
        if token.kind != "num":
            return None
        text = token.text.replace(",", "").replace("－", "-")
        value: int | Decimal
        if column == AMOUNT_COLUMN:
            try:
                value = Decimal(text)
            except InvalidOperation:
                return None
            value = int(value) if "." not in text else value
        elif (column == "change" and re.fullmatch(r"[+-]?\d+", text)) or text.isdigit():
            value = int(text)
        else:
            return None
        return Cell(value, True, token.line, span)

    def proactive_figures(
        self, layout: str, rows: Sequence[tuple[SectionDef, RowDef]], read: dict[str, dict[str, Cell]]
    ) -> None:
        table_rows: dict[str, dict[str, int | Decimal]] = {}
        for section, row in rows:
            cells = read.get(row.key)
            if not cells:
                continue
            headers = dict(section.columns)
            for definition in row.cells:
                cell = cells.get(definition.column)
                if cell is None or cell.value is None:
                    continue
                if layout == "2019" and definition.column == AMOUNT_COLUMN:
                    continue  # 2019's 采购总金额 prints no unit (元? 万元?) and has no vocabulary key
                if cell.certain:
                    table_rows.setdefault(row.key, {})[definition.column] = cell.value
                if definition.figure:
                    self.extract(
                        definition.figure,
                        cell,
                        f"表二“{row.label}”行“{headers.get(definition.column, definition.column)}”：{cell.value}",
                    )
        if table_rows:
            self.tables["proactive"] = {"format": layout, "rows": table_rows}


def extract(source: Source, fmt: str) -> TablesResult:
    """Tables 二, 三 and 四 of a 2019 or 2021 format report (empty for other formats)."""
    report_format = FORMATS.get(fmt)
    if report_format is None or report_format.requests is None or fmt not in ("2019", "2021"):
        return TablesResult([], {}, [])
    reader = _Reader(source, fmt)
    lines = source.lines
    ranges = sections(lines)
    requests_start, requests_end = ranges.get("requests", (0, len(lines)))
    if "requests" not in ranges:
        requests_end = min(
            (start for key, (start, _) in ranges.items() if key in ("appeals", "problems")),
            default=len(lines),
        )
    table_end = reader.requests(report_format.requests, requests_start, requests_end)
    if "appeals" in ranges:
        reader.appeals(*ranges["appeals"])
    elif table_end is not None:
        stop = ranges.get("problems", (len(lines), len(lines)))[0]
        reader.appeals(table_end, stop if stop > table_end else len(lines))
    if report_format.proactive_layout is not None:
        start, end = ranges.get("proactive", (0, requests_start if "requests" in ranges else len(lines)))
        if "proactive" not in ranges and "requests" not in ranges:
            end = 0
        reader.proactive(report_format.proactive_layout, start, end)
    return TablesResult(reader.extractions, reader.tables, reader.findings)
