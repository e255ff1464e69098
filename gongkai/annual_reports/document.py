"""The report document of statistics-vocabulary.md §1: what the compiler produces, the importer reads
into, the validator checks, the exporters print and the API returns. Pure: no Django imports.

`tables` hold the printed tables (§3): `requests` {"columns": [...], "rows": {key: [7 ints]}},
`appeals` {group: {column: int}}, `proactive` {"format": "2021", "rows": {row: {column: value}}}.
`figures` are the flat keys; those a table states are derived from it, so both always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Severity = Literal["error", "warning"]
Number = int | Decimal


@dataclass(frozen=True)
class Issue:
    rule: str  # V1 … V10, or T2 for table 二's plausibility check
    severity: Severity
    where: str  # the cell, e.g. "requests.new.natural_person" or "appeals.reconsideration.total"
    message: str  # Chinese, naming the printed row/column and the numbers

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "where": self.where, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Issue:
        severity: Severity = "error" if data.get("severity") == "error" else "warning"
        return cls(str(data["rule"]), severity, str(data.get("where", "")), str(data.get("message", "")))


@dataclass
class ReportDocument:
    agency_code: str
    agency_name: str
    year: int
    scope: str  # agency | aggregate
    format: str  # 2021 | 2019 | 2008 | narrative
    figures: dict[str, Number] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    # Not part of the vocabulary's JSON, but printed: the title and, for a correction, its 更正说明.
    title: str = ""
    correction_note: str = ""
    revision: int = 1

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    def figure(self, key: str) -> Number | None:
        return self.figures.get(key)

    def to_json(self) -> dict[str, Any]:
        """The JSON document of statistics-vocabulary.md §1. Amounts in 万元 become JSON numbers with the
        decimals they were entered with; no figure is rounded."""
        data: dict[str, Any] = {
            "agency": {"code": self.agency_code, "name": self.agency_name},
            "year": self.year,
            "scope": self.scope,
            "format": self.format,
            "figures": {key: _json_number(value) for key, value in sorted(self.figures.items())},
            "tables": _json_value(self.tables),
            "sections": dict(self.sections),
            "issues": [issue.to_dict() for issue in self.issues],
        }
        if self.provenance:
            data["provenance"] = self.provenance
        if self.title:
            data["title"] = self.title
        if self.revision > 1 or self.correction_note:
            data["revision"] = self.revision
            data["correction_note"] = self.correction_note
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        agency = data.get("agency") or {}
        return cls(
            agency_code=str(agency.get("code", "")),
            agency_name=str(agency.get("name", "")),
            year=int(data["year"]),
            scope=str(data.get("scope", "agency")),
            format=str(data.get("format", "2021")),
            figures={key: _read_number(value) for key, value in (data.get("figures") or {}).items()},
            tables=_read_tables(data.get("tables") or {}),
            sections={key: str(value) for key, value in (data.get("sections") or {}).items()},
            issues=[Issue.from_dict(issue) for issue in data.get("issues") or []],
            provenance=dict(data.get("provenance") or {}),
            title=str(data.get("title", "")),
            correction_note=str(data.get("correction_note", "")),
            revision=int(data.get("revision", 1)),
        )


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        # A JSON number, exactly as entered: 12.35 stays 12.35, 3 stays 3.
        return (
            int(value)
            if value == value.to_integral_value() and isinstance(exponent, int) and exponent >= 0
            else float(value)
        )
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return _json_number(value)


def _read_number(value: Any) -> Number:
    if isinstance(value, bool):
        raise ValueError("a figure cannot be true/false")
    if isinstance(value, int):
        return value
    if isinstance(value, float | str):
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() and "." not in str(value) else number
    if isinstance(value, Decimal):
        return value
    raise ValueError(f"not a number: {value!r}")


def _read_tables(tables: dict[str, Any]) -> dict[str, Any]:
    """Amounts in table 二 come back as Decimal so sums and comparisons stay exact."""
    result = dict(tables)
    proactive = tables.get("proactive")
    if isinstance(proactive, dict) and isinstance(proactive.get("rows"), dict):
        rows = {
            row: {
                column: (Decimal(str(value)) if isinstance(value, float) else value)
                for column, value in cells.items()
            }
            for row, cells in proactive["rows"].items()
        }
        result["proactive"] = {**proactive, "rows": rows}
    return result
