"""The 通报 of an assessment's results as DOCX, in the same 公文 layout and fonts as the annual report
(A4, GB/T 9704 margins, 二号 title, 三号 body on a 28pt grid, Noto faces with 仿宋/黑体 fallbacks):
title, a short introduction, the ranked table (名次/机关/各指标得分/总分), the agencies below the
整改 line, the office's own requirements, the issuing office and date, and the indicators with their
scoring standards as an annex."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from gongkai.annual_reports.exports.docx import (
    _STYLE_HEADING,
    _STYLE_TABLE,
    _STYLE_TITLE,
    _TEXT_WIDTH_MM,
    _font_table,
    _page_setup,
    _styles,
)
from gongkai.assessments.models import Scheme
from gongkai.assessments.scoring import Kind, Outcome, total_weight
from gongkai.disclosure_requests.letters import (
    _BODY_PT,
    _first_line_indent_two_chars,
    chinese_date,
    paragraphs,
)

_TABLE_PT = 10.5
_WIDE_TABLE_PT = 9  # more than five indicators: 小五 keeps the table inside portrait A4
_RANK_MM = 11
_NAME_MM = 40


def _points(value: Any) -> str:
    """Scores as printed: no trailing zeros (18.5, not 18.50), a dash where nothing was scored."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def notice_date(scheme: Scheme) -> date:
    if scheme.published_at is not None:
        return timezone.localtime(scheme.published_at).date()
    return timezone.localdate()


def render_notice(scheme: Scheme, result: Outcome) -> bytes:
    doc: Any = Document()
    _page_setup(doc)
    _styles(doc)
    _font_table(doc)
    title = scheme.notice_title
    doc.add_paragraph(title, style=_STYLE_TITLE)
    if not scheme.published:
        draft = doc.add_paragraph("（草稿，考评结果尚未发布，仅供核对）")
        draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("各有关单位：")
    _indent(doc, _intro(scheme, result))

    doc.add_paragraph("一、考评结果", style=_STYLE_HEADING)
    _ranked_table(doc, result)

    doc.add_paragraph("二、需要整改的单位", style=_STYLE_HEADING)
    below = result.below_threshold
    if below:
        names = "、".join(f"{row.name}（{_points(row.total)}分）" for row in below)
        _indent(
            doc,
            f"考评总分低于{_points(result.threshold)}分的单位：{names}。"
            "请上述单位认真查找问题、分析原因，制定整改措施，切实加以整改，并将整改情况报送"
            f"{scheme.issuer or scheme.root.name}。",
        )
    else:
        _indent(doc, f"本次考评没有总分低于{_points(result.threshold)}分的单位。")

    extra = paragraphs(scheme.notice_text)
    if extra:
        doc.add_paragraph("三、有关要求", style=_STYLE_HEADING)
        for text in extra:
            _indent(doc, text)

    _indent(doc, "附件：考评指标及评分标准")
    _signature(doc, scheme.issuer or scheme.root.name, chinese_date(notice_date(scheme)))

    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    annex = doc.add_paragraph("附件", style=_STYLE_HEADING)
    annex.paragraph_format.first_line_indent = Pt(0)  # the annex label sits at the margin (GB/T 9704)
    _standards_table(doc, result)

    props = doc.core_properties
    props.title = title
    props.author = scheme.issuer or scheme.root.name
    props.subject = scheme.display_title
    props.language = "zh-CN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _intro(scheme: Scheme, result: Outcome) -> str:
    manual = [spec.name for spec in result.indicators if spec.kind == Kind.MANUAL]
    method = f"平台统计数据与{'、'.join(manual)}相结合" if manual else "政府信息公开工作平台统计数据"
    return (
        f"根据《中华人民共和国政府信息公开条例》第四十六条规定，按照{scheme.display_title}方案，"
        f"{scheme.issuer or scheme.root.name}对{len(result.rows)}个单位{scheme.year}年度政府信息公开工作进行了考评。"
        f"考评采用{method}的方式，共设{len(result.indicators)}项指标，满分{_points(total_weight(result.indicators))}分，"
        f"统计数据截至{chinese_date(date.fromisoformat(result.computed_on))}。现将考评结果通报如下："
    )


def _indent(doc: Any, text: str) -> Any:
    paragraph = doc.add_paragraph(text)
    _first_line_indent_two_chars(paragraph)
    return paragraph


def _signature(doc: Any, issuer: str, day: str) -> None:
    """Issuing office and date right-aligned, the date four characters in from the margin (GB/T 9704)."""
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.keep_with_next = True
    for text in (issuer, day):
        paragraph = doc.add_paragraph(text)
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(4 * _BODY_PT)
        paragraph.paragraph_format.keep_with_next = True


def _table(doc: Any, rows: Sequence[Sequence[str]], widths_mm: Sequence[float], size: float) -> Any:
    table = doc.add_table(rows=len(rows), cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(width) for width in widths_mm]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated on every page the table runs onto
        for c, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            # Word lays out by the cell widths, LibreOffice by the grid; set both.
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = _STYLE_TABLE
            left = r > 0 and len(text) > 8
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            run.bold = r == 0
    doc.add_paragraph(style=_STYLE_TABLE)
    return table


def _ranked_table(doc: Any, result: Outcome) -> Any:
    header = [
        "名次",
        "机关",
        *(f"{spec.name}（{_points(spec.weight)}分）" for spec in result.indicators),
        "总分",
    ]
    body = [
        [
            str(row.rank),
            row.name,
            *(_points(row.scores.get(spec.key)) for spec in result.indicators),
            _points(row.total),
        ]
        for row in result.rows
    ]
    columns = len(result.indicators) + 1
    share = (_TEXT_WIDTH_MM - _RANK_MM - _NAME_MM) / columns
    size = _WIDE_TABLE_PT if len(result.indicators) > 5 else _TABLE_PT
    return _table(doc, [header, *body], [_RANK_MM, _NAME_MM, *([share] * columns)], size)


def _standards_table(doc: Any, result: Outcome) -> Any:
    doc.add_paragraph("考评指标及评分标准", style=_STYLE_TITLE)
    rows = [["序号", "指标", "分值", "评分标准"]]
    rows += [
        [str(n), spec.name, _points(spec.weight), spec.standard]
        for n, spec in enumerate(result.indicators, start=1)
    ]
    rows.append(["", "合计", _points(total_weight(result.indicators)), ""])
    return _table(doc, rows, [12, 34, 16, _TEXT_WIDTH_MM - 62], _TABLE_PT)


__all__ = ["render_notice"]
