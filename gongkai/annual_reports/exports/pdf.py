"""The annual report as PDF: the portal's report body (annual_reports/_report_body.html) with its charts as
inline SVG, printed by WeasyPrint on A4 with 公文 margins (GB/T 9704-2012, as the request letters) and
"第 N 页" in the footer. Noto Serif CJK SC (body, for 仿宋) and Noto Sans CJK SC (headings and tables, for
黑体) are embedded as subsets, so the file reads the same on a machine without Chinese fonts.

A long report takes seconds to print (about 0.15 s a page): run it in a background job, not in a request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import escape

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.presentation import report_context

_STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "annual_reports" / "report.css"

# After report.css: the page box, and faces that exist on the server rather than the first of the
# portal's list (FangSong is rarely installed there, and fontconfig's stand-in for it is arbitrary).
_PRINT_CSS = """
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {
    content: "第 " counter(page) " 页";
    font-family: "Noto Sans CJK SC", sans-serif;
    font-size: 9pt;
    color: #333;
    vertical-align: top;
    padding-top: 6mm;
  }
}
html { font-size: 12pt; color: #000; }
body { margin: 0; }
.report-body { font-family: "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.75; }
.report-title { font-family: "Noto Serif CJK SC", serif; font-size: 20pt; line-height: 1.4; margin: 0 0 18pt; }
.report-body h2 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 14pt 0 6pt; }
.report-body h3 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 12pt; margin: 12pt 0 6pt; }
.report-table, .report-chart figcaption { font-family: "Noto Sans CJK SC", sans-serif; }
.report-table { font-size: 8.5pt; line-height: 1.35; }
.report-table-appeals { font-size: 8pt; }
.report-table caption { font-size: 10pt; }
.report-chart-image svg { width: 150mm; max-width: 100%; }
"""


def render_html(
    document: ReportDocument, *, trend: Sequence[tuple[int, Mapping[str, int | Decimal]]] = ()
) -> str:
    """The full page WeasyPrint prints; also a faithful preview of the PDF in a browser."""
    context = report_context(document, trend=trend, interactive=False)
    body = render_to_string("annual_reports/_report_body.html", context)
    css = _STYLESHEET.read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(context['title'])}</title>\n"
        f'<meta name="author" content="{escape(document.agency_name)}">\n'
        f"<style>\n{css}\n{_PRINT_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def render_pdf(
    document: ReportDocument, *, trend: Sequence[tuple[int, Mapping[str, int | Decimal]]] = ()
) -> bytes:
    # Imported here: WeasyPrint loads pango through cffi, which costs ~0.5 s that only printing should pay.
    from weasyprint import HTML

    pdf = HTML(string=render_html(document, trend=trend)).write_pdf()
    assert pdf is not None  # noqa: S101 — write_pdf returns bytes when no target is given
    return bytes(pdf)
