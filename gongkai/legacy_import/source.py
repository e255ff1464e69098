"""What every stage of the legacy importer passes on: the source as numbered lines (and the tables a
DOCX or HTML reader could see as tables), and each figure found with where it came from. Pure: no
Django imports.

Line numbers are 1-based and refer to `Source.lines`, the normalised text a person sees on the review
page; `span` is the character range of the figure's evidence within that line, so the page can
highlight exactly what was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Table:
    """A table as its reader saw it: rows of cell texts (merged cells repeated or empty as read), and
    the source line where each row was printed in `Source.lines`."""

    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]


@dataclass
class Source:
    name: str  # the file name, for provenance
    kind: str  # text | html | docx
    lines: list[str]  # normalised text, one printed line each (tables flattened as "cell | cell | …")
    tables: list[Table] = field(default_factory=list)  # only when the file had real tables (HTML, DOCX)

    def line(self, number: int) -> str:
        return self.lines[number - 1]


@dataclass(frozen=True)
class Extraction:
    key: str  # statistics-vocabulary flat key, e.g. requests.new
    value: int | Decimal
    line: int  # 1-based line in Source.lines
    span: tuple[int, int]  # character range within that line
    text: str  # the evidence, e.g. "全年共收到政府信息公开申请89件"
    certain: bool = True  # False: shown for review, never saved without a person confirming it
    note: str = ""  # why uncertain, or how it was derived (e.g. "由表格勾稽关系拆分")


@dataclass(frozen=True)
class Finding:
    """A contradiction inside the source, reported and never fixed (statistics-vocabulary.md §1 issues)."""

    rule: str  # V1…V10 / S for printed sums / P for prose contradicting the table or itself
    severity: str  # error | warning
    where: str  # the figure key or table cell
    message: str  # Chinese, naming both numbers and where each was read
    lines: tuple[int, ...] = ()
