"""Writes of the table 二 figures staff enter: one agency-year from the form, many from a CSV file.

Who may enter: whoever handles disclosure work for the agency (Perm.HANDLE_REQUESTS) or manages it
(Perm.MANAGE_AGENCY). actor=None is the system (the import-figures command) and is not checked."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.core import audit
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.figures.fields import (
    BY_NAME,
    HEADERS,
    FigureError,
    Value,
    normalise_header,
    parse_value,
    year_error,
)
from gongkai.figures.models import AgencyYearFigures

Actor = User | None

EDIT_PERMS = (Perm.HANDLE_REQUESTS, Perm.MANAGE_AGENCY)
CODE_HEADER = "机关代码"
YEAR_HEADER = "年度"
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000


def may_edit(actor: Actor, agency: Agency) -> bool:
    return actor is None or any(permissions.has_perm(actor, p, agency) for p in EDIT_PERMS)


def _require(actor: Actor, agency: Agency) -> None:
    if not may_edit(actor, agency):
        raise NotAllowed(f"您没有填报{agency.name}年度报告数据的权限")


def clean_values(values: Mapping[str, object]) -> dict[str, Value | None]:
    """Each given figure parsed and checked; all problems at once, keyed by field name."""
    unknown = [k for k in values if k not in BY_NAME]
    if unknown:
        raise InvalidInput(f"未知的填报项目：{'、'.join(unknown)}")
    cleaned: dict[str, Value | None] = {}
    errors: dict[str, str] = {}
    for name, raw in values.items():
        try:
            cleaned[name] = parse_value(BY_NAME[name], raw)
        except FigureError as exc:
            errors[name] = exc.message
    if errors:
        raise InvalidInput("；".join(errors.values()), fields=errors)
    return cleaned


def _check_year(year: object) -> None:
    problem = year_error(year, this_year=timezone.localdate().year)
    if problem is not None:
        raise InvalidInput(problem, fields={"year": problem})


@transaction.atomic
def figures_save(
    *, actor: Actor, agency: Agency, year: int, values: Mapping[str, object]
) -> AgencyYearFigures | None:
    """Set the given figures of `agency` for `year` (a key with None or "" clears that figure; keys
    not given keep their value). Returns the row, or None when nothing was ever entered for it."""
    _require(actor, agency)
    _check_year(year)
    cleaned = clean_values(values)
    row = AgencyYearFigures.objects.select_for_update().filter(agency=agency, year=year).first()
    if row is None:
        if all(v is None for v in cleaned.values()):
            return None  # entering nothing creates nothing
        row = AgencyYearFigures(agency=agency, year=year)
    before = row.values() if row.pk else {}
    for name, value in cleaned.items():
        setattr(row, name, value)
    changes = audit.diff(before, {name: getattr(row, name) for name in cleaned})
    if row.pk and not changes:
        return row
    row.updated_at = timezone.now()
    row.updated_by = actor
    row.save()
    audit.record(
        actor=actor,
        action="figures.save",
        target=row,
        summary=f"年度报告表二填报数据：{agency.name} {year}年度",
        changes=changes,
    )
    return row


# --- CSV import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    line: int  # the line of the file (the header is line 1)
    column: str  # the CSV column, "" for the whole row
    message: str


@dataclass
class ImportResult:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        """Whether the file was written: a real run with no error (one bad row writes nothing)."""
        return not self.dry_run and not self.errors


@dataclass(frozen=True)
class _Planned:
    line: int
    agency: Agency
    year: int
    values: dict[str, Value | None]


def _file_error(message: str) -> InvalidInput:
    """A problem with the file as a whole, shown next to the upload field."""
    return InvalidInput(message, fields={"file": message})


def _decode(file: IO[bytes]) -> str:
    data = file.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise _file_error("文件超过5MB，请分批导入")
    # Spreadsheets in Chinese Windows save CSV as GB18030 (GBK); UTF-8 with or without BOM otherwise.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _file_error("无法识别文件编码，请另存为 UTF-8 编码的 CSV 文件")


def _header(names: list[str]) -> list[str | None]:
    """Column index -> field name (CODE_HEADER / YEAR_HEADER / a figure); refuses unknown columns."""
    mapped: list[str | None] = []
    unknown: list[str] = []
    for raw in names:
        key = normalise_header(raw)
        if key in (CODE_HEADER, YEAR_HEADER):
            mapped.append(key)
        elif key in HEADERS:
            mapped.append(HEADERS[key].name)
        elif key:
            unknown.append(raw.strip())
            mapped.append(None)
        else:
            mapped.append(None)  # an empty trailing column, as spreadsheets add
    missing = [h for h in (CODE_HEADER, YEAR_HEADER) if h not in mapped]
    problems = []
    if missing:
        problems.append(f"缺少“{'”“'.join(missing)}”列")
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(unknown)}")
    duplicates = sorted({m for m in mapped if m is not None and mapped.count(m) > 1})
    if duplicates:
        labels = [BY_NAME[d].label if d in BY_NAME else d for d in duplicates]
        problems.append(f"重复的列：{'、'.join(labels)}")
    if problems:
        raise _file_error("表头有误：" + "；".join(problems))
    return mapped


def _read(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {column name: raw cell}) for every non-blank row."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise _file_error("文件是空的")
    columns = _header(header)
    records: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(records) >= MAX_CSV_ROWS:
            raise _file_error(f"一次最多导入{MAX_CSV_ROWS}行")
        record = {name: cells[i] for i, name in enumerate(columns) if name is not None and i < len(cells)}
        records.append((reader.line_num, record))
    return records


def _check_agency(actor: Actor, line: int, code: str, agencies: dict[str, Agency]) -> RowError | None:
    agency = agencies.get(code)
    if not code:
        return RowError(line, CODE_HEADER, "请填写机关代码")
    if agency is None:
        return RowError(line, CODE_HEADER, f"没有代码为 {code} 的机关")
    if not may_edit(actor, agency):
        return RowError(line, CODE_HEADER, f"您没有填报{agency.name}年度报告数据的权限")
    return None


def _check_year_cell(line: int, text: str, this_year: int) -> tuple[int | None, RowError | None]:
    year = int(text) if text.isdigit() else None
    problem = year_error(year, this_year=this_year) if year is not None else "年度应为四位数字的年份"
    return year, (RowError(line, YEAR_HEADER, problem) if problem is not None else None)


def _check_values(line: int, record: dict[str, str]) -> tuple[dict[str, Value | None], list[RowError]]:
    values: dict[str, Value | None] = {}
    errors: list[RowError] = []
    for name, raw in record.items():
        if name in (CODE_HEADER, YEAR_HEADER) or not raw.strip():
            continue  # a blank cell keeps what was entered before
        try:
            values[name] = parse_value(BY_NAME[name], raw)
        except FigureError as exc:
            errors.append(RowError(line, BY_NAME[name].label, exc.message))
    return values, errors


def _plan(actor: Actor, text: str, result: ImportResult) -> list[_Planned]:
    """Check every row; the rows without error, ready to save. Errors are appended to `result`."""
    records = _read(text)
    result.rows = len(records)
    codes = {r.get(CODE_HEADER, "").strip() for _, r in records}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    this_year = timezone.localdate().year
    planned: list[_Planned] = []
    seen: dict[tuple[str, int], int] = {}
    for line, record in records:
        code = record.get(CODE_HEADER, "").strip()
        agency_error = _check_agency(actor, line, code, agencies)
        year, year_problem = _check_year_cell(line, record.get(YEAR_HEADER, "").strip(), this_year)
        values, errors = _check_values(line, record)
        errors = [e for e in (agency_error, year_problem) if e is not None] + errors
        if agency_error is None and year_problem is None and year is not None:
            first = seen.setdefault((code, year), line)
            if first != line:
                errors.append(RowError(line, "", f"与第{first}行重复：同一机关同一年度只能有一行"))
            elif not errors:
                planned.append(_Planned(line, agencies[code], year, values))
        result.errors.extend(errors)
    return planned


def _count_changes(planned: list[_Planned], result: ImportResult) -> None:
    keys = {(p.agency.pk, p.year) for p in planned}
    existing = {
        (row.agency_id, row.year): row
        for row in AgencyYearFigures.objects.filter(
            agency__in={p.agency.pk for p in planned}, year__in={p.year for p in planned}
        )
        if (row.agency_id, row.year) in keys
    }
    for p in planned:
        row = existing.get((p.agency.pk, p.year))
        if row is None:
            if any(v is not None for v in p.values.values()):
                result.created += 1
            else:
                result.unchanged += 1
        elif any(getattr(row, name) != value for name, value in p.values.items()):
            result.updated += 1
        else:
            result.unchanged += 1


def figures_import_csv(*, actor: Actor, file: IO[bytes], dry_run: bool) -> ImportResult:
    """Read `机关代码, 年度, <figure columns…>` rows (column names as FigureField.label, e.g.
    行政许可本年处理决定数量; columns may be left out and blank cells keep the stored figure). Every row is
    checked; a dry run writes nothing, and neither does a real run with any row error, so a file is
    either imported whole or not at all. File-level problems (encoding, header) raise InvalidInput."""
    result = ImportResult(dry_run=dry_run)
    planned = _plan(actor, _decode(file), result)
    _count_changes(planned, result)
    if dry_run or result.errors:
        return result
    with transaction.atomic():
        for p in planned:
            figures_save(actor=actor, agency=p.agency, year=p.year, values=p.values)
        audit.record(
            actor=actor,
            action="figures.import",
            summary=(
                f"导入年度报告表二填报数据：{result.rows}行，新增{result.created}，"
                f"更新{result.updated}，未变{result.unchanged}"
            ),
        )
    return result


def template_csv() -> str:
    """An empty file with every column, for staff to fill in."""
    out = io.StringIO()
    csv.writer(out).writerow([CODE_HEADER, YEAR_HEADER, *(f.label for f in BY_NAME.values())])
    return out.getvalue()
