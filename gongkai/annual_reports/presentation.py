"""The template context of a report's body (annual_reports/_report_body.html), shared by the portal page
(interactive ECharts charts) and the PDF (inline SVG charts): title, sections in the format's order,
each narrative split into paragraphs or its table as a grid, and the charts."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from gongkai.annual_reports.charts import ChartSpec, build_charts, echarts_option
from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMATS, ReportFormat, report_title
from gongkai.annual_reports.grid import format_value, grids
from gongkai.disclosure_requests.letters import paragraphs

EMPTY_NARRATIVE = "无。"
Trend = Sequence[tuple[int, Mapping[str, int | Decimal]]]

# As django.utils.html.json_script: inside <script> nothing is entity-decoded, so the characters that
# could close the element or open a comment are escaped in the JSON itself.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def report_context(document: ReportDocument, *, trend: Trend = (), interactive: bool) -> dict[str, Any]:
    fmt = FORMATS[document.format]
    tables = grids(fmt, document)
    sections = []
    for section in fmt.sections:
        if section.kind == "narrative":
            texts = paragraphs(document.sections.get(section.key, ""))
            sections.append({"section": section, "paragraphs": texts or [EMPTY_NARRATIVE], "grid": None})
        else:
            sections.append({"section": section, "paragraphs": [], "grid": tables.get(section.key)})
    return {
        "report": document,
        "fmt": fmt,
        "grids": tables,
        "sections": sections,
        "charts": [_chart(spec, interactive=interactive) for spec in build_charts(document, trend)],
        "title": document.title or report_title(document.agency_name, document.year, document.scope),
        "correction_paragraphs": paragraphs(document.correction_note),
        "interactive": interactive,
        "charts_after": _charts_after(fmt),
    }


def _charts_after(fmt: ReportFormat) -> str:
    """The section the charts follow: the last table (table 四, where the DOCX puts them too), or the last
    section of a report without tables."""
    tables = [section.key for section in fmt.sections if section.kind == "table"]
    return tables[-1] if tables else fmt.sections[-1].key


def _chart(spec: ChartSpec, *, interactive: bool) -> dict[str, Any]:
    chart: dict[str, Any] = {
        "spec": spec,
        "element_id": f"report-chart-{spec.key}",
        "columns": [series.name for series in spec.series],
        "rows": [(category, [_cell(value) for value in values]) for category, values in spec.rows()],
        "summary": chart_summary(spec),
    }
    if interactive:
        chart["option_json"] = option_json(echarts_option(spec))
    else:
        # Imported here: matplotlib costs ~0.5 s to load, which only static renderings (PDF) should pay.
        from gongkai.annual_reports.chart_images import render_svg

        # The SVG is our own rendering of numbers and format labels; matplotlib escapes text it writes.
        chart["svg"] = mark_safe(render_svg(spec))  # noqa: S308
    return chart


def option_json(option: dict[str, Any]) -> SafeString:
    """The option as JSON safe to place inside `<script type="application/json">`."""
    text = json.dumps(option, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 — escaped for a script element above


def chart_summary(spec: ChartSpec) -> str:
    """The chart in one sentence for assistive technology: 政府信息公开申请渠道分布。当面12件；网上65件；…"""
    parts = []
    for category, values in spec.rows():
        if len(spec.series) == 1:
            parts.append(f"{category}{_amount(values[0], spec.unit)}")
        else:
            shown = "，".join(
                f"{series.name}{_amount(value, series.unit or spec.unit)}"
                for series, value in zip(spec.series, values, strict=True)
            )
            parts.append(f"{category}：{shown}")
    return f"{spec.title}。" + "；".join(parts) + "。"


def _amount(value: float | int | None, unit: str) -> str:
    return "未载明" if value is None else f"{_cell(value)}{unit}"


def _cell(value: float | int | None) -> str:
    return format_value(value)
