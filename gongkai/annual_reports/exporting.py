"""One entry point for every export of a report document (JSON, HTML, DOCX, PDF, XLSX), shared by the
command line, the back office, the portal and the API, so each channel hands out the same bytes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import report_title
from gongkai.annual_reports.selectors import TrendPoint

# The HTML export is one self-contained file: the portal's stylesheet goes inline.
_STYLESHEET = Path(__file__).resolve().parent / "static" / "annual_reports" / "report.css"


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    extension: str

    def filename(self, document: ReportDocument) -> str:
        title = document.title or report_title(document.agency_name, document.year, document.scope)
        suffix = f"（第{document.revision}版）" if document.revision > 1 else ""
        return f"{title}{suffix}.{self.extension}"


KINDS: dict[str, str] = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export(document: ReportDocument, kind: str, *, trend: Sequence[TrendPoint] = ()) -> Export:
    if kind not in KINDS:
        raise ValueError(f"unknown export format {kind!r}")
    content: bytes
    if kind == "json":
        content = json.dumps(document.to_json(), ensure_ascii=False, indent=2).encode()
    elif kind == "html":
        from gongkai.annual_reports.presentation import report_context

        context = report_context(document, trend=trend, interactive=False)
        context["inline_css"] = _STYLESHEET.read_text(encoding="utf-8") if _STYLESHEET.exists() else ""
        content = render_to_string("annual_reports/standalone.html", context).encode()
    elif kind == "docx":
        from gongkai.annual_reports.chart_images import render_png
        from gongkai.annual_reports.charts import build_charts
        from gongkai.annual_reports.exports.docx import render_docx

        charts = [(spec.title, render_png(spec)) for spec in build_charts(document, trend)]
        content = render_docx(document, charts=charts)
    elif kind == "pdf":
        from gongkai.annual_reports.exports.pdf import render_pdf

        content = render_pdf(document, trend=trend)
    else:
        from gongkai.annual_reports.exports.xlsx import render_xlsx

        content = render_xlsx(document)
    return Export(content, KINDS[kind], kind)
