"""One legacy report in, one report document out (statistics-vocabulary.md §1): read, detect the layout,
extract figures from the tables and from the prose, keep the evidence of each, and report where the
source contradicts itself. Pure: no Django imports.

Precedence: a figure read from a table beats the same figure stated in prose (tables are where
reports put their statistics); when both are read and disagree, the table's value is kept and the
disagreement becomes a finding (rule P). An uncertain reading never becomes a figure: it stays in
`provenance` marked `"review": true` for a person to confirm on the review page."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from gongkai.annual_reports.document import Issue, ReportDocument
from gongkai.annual_reports.formats import FORMATS
from gongkai.annual_reports.validation import validate
from gongkai.legacy_import import detect as detection
from gongkai.legacy_import import prose, readers, stats_table, tables
from gongkai.legacy_import.source import Extraction, Finding, Source


def import_source(
    source: Source, *, agency: str | None = None, year: int | None = None, scope: str | None = None
) -> ReportDocument:
    detected = detection.detect(source)
    fmt = detected.format
    document = ReportDocument(
        agency_code="",
        agency_name=agency or detected.agency or "",
        year=year or detected.year or 0,
        scope=scope or detected.scope or "agency",
        format=fmt,
    )
    findings: list[Finding] = []
    table_extractions: list[Extraction] = []
    if fmt in ("2021", "2019"):
        parsed = tables.extract(source, fmt)
        table_extractions = list(parsed.extractions)
        document.tables = parsed.tables
        findings += parsed.findings
    elif fmt == "2008":
        parsed_stats = stats_table.extract(source)
        table_extractions = list(parsed_stats.extractions)
        findings += parsed_stats.findings
    prose_result = prose.extract(source, fmt)
    findings += prose_result.findings
    _merge(document, table_extractions, prose_result.extractions, findings)
    document.sections = prose.sections(source)
    document.issues = [_issue(f) for f in findings] + _rule_issues(document)
    return document


def import_file(data: bytes, name: str, **hints: Any) -> tuple[Source, ReportDocument]:
    source = readers.read(data, name)
    return source, import_source(source, **hints)


def _merge(
    document: ReportDocument,
    from_tables: Iterable[Extraction],
    from_prose: Iterable[Extraction],
    findings: list[Finding],
) -> None:
    chosen: dict[str, Extraction] = {}
    for extraction in from_tables:
        if extraction.certain and extraction.key not in chosen:
            chosen[extraction.key] = extraction
    for extraction in from_prose:
        if not extraction.certain:
            continue
        earlier = chosen.get(extraction.key)
        if earlier is None:
            chosen[extraction.key] = extraction
        elif earlier.value != extraction.value:
            findings.append(
                Finding(
                    "P",
                    "warning",
                    extraction.key,
                    f"正文第{extraction.line}行“{extraction.text}”为{extraction.value}，"
                    f"与第{earlier.line}行“{earlier.text}”的{earlier.value}不一致；已按第{earlier.line}行导入",
                    (earlier.line, extraction.line),
                )
            )
    for key, extraction in chosen.items():
        document.figures[key] = extraction.value
        document.provenance[key] = _evidence(extraction)
    for extraction in (*from_tables, *from_prose):
        if not extraction.certain and extraction.key not in chosen:
            document.provenance.setdefault(extraction.key, {**_evidence(extraction), "review": True})


def _evidence(extraction: Extraction) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "line": extraction.line,
        "span": list(extraction.span),
        "text": extraction.text,
        "value": float(extraction.value) if isinstance(extraction.value, Decimal) else extraction.value,
    }
    if extraction.note:
        evidence["note"] = extraction.note
    return evidence


def _issue(finding: Finding) -> Issue:
    severity = "error" if finding.severity == "error" else "warning"
    return Issue(finding.rule, severity, finding.where, finding.message)  # type: ignore[arg-type]


def _rule_issues(document: ReportDocument) -> list[Issue]:
    """V-rules for the 2019/2021 tables and the printed sums of older tables, on exactly what was read;
    missing tables are not an issue of the source (the importer may simply not have found them)."""
    if document.format not in FORMATS or document.format == "narrative":
        return []
    issues = validate(document)
    if document.format in ("2019", "2021") and not document.tables.get("requests"):
        issues = [i for i in issues if not i.where.startswith("requests.")]
    if document.format in ("2019", "2021") and not document.tables.get("appeals"):
        issues = [i for i in issues if not i.where.startswith("appeals.")]
    return [i for i in issues if "未填写" not in i.message]
