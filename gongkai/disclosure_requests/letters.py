"""The formal documents (文书) of a disclosure request as DOCX and PDF.

Built from plain data so that the clerk-edited text, not the request model, is what gets printed, and so
that an issued letter can be re-rendered identically from its frozen fields. Layout follows the
proportions of GB/T 9704-2012 (党政机关公文格式): A4, 37/26/35/28 mm margins, a 22pt title, 16pt body on a
28pt grid, paragraphs indented two characters, the signature with the date four characters from the
right and the seal pressed over both.

The PDF comes from WeasyPrint (Noto Serif CJK SC, embedded); the template is rendered by a private
Django template Engine so this module needs no settings and works in scripts and background jobs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.template import Context, Engine

LETTER_KINDS = {
    "reply": "政府信息公开申请答复书",
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "consultation": "第三方意见征询函",
    "fee": "收费通知",
}

# 行政复议法（2023年修订）第二十条: 60 days from knowing of the act; 行政诉讼法 第四十六条: 6 months.
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6

_TEMPLATE_NAME = "disclosure_requests/letter.html"
_ENGINE = Engine(dirs=[str(Path(__file__).resolve().parent / "templates")], autoescape=True)

# 公文 type sizes: 二号 = 22pt (title), 三号 = 16pt (body), 五号 = 10.5pt (footer).
_TITLE_PT = 22
_BODY_PT = 16
_FOOTER_PT = 9
_LINE_PT = 28
# Proprietary 公文 faces (方正小标宋、仿宋_GB2312) cannot be shipped; these ship with every Chinese Windows/WPS.
_DOCX_TITLE_FONT = "宋体"
_DOCX_BODY_FONT = "仿宋"
_DOCX_LATIN_FONT = "Times New Roman"


@dataclass(frozen=True)
class LetterData:
    kind: str  # one of LETTER_KINDS
    agency_name: str  # issuing organ, e.g. 明湖市教育局
    document_number: str  # 文号, e.g. 明教公开〔2026〕12号; "" when the organ does not number these letters
    request_number: str  # 申请编号
    applicant_name: str
    received_on: date
    issued_on: date
    title: str
    body: str  # clerk-edited text; one paragraph per line (blank lines between paragraphs are fine)
    legal_basis: str  # e.g. 《中华人民共和国政府信息公开条例》第三十七条
    remedies: str  # 行政复议 / 行政诉讼 rights; "" for letters that decide nothing
    office_contact: str  # 联系人/电话 line
    # A 第三方意见征询函 is addressed to the third party, not the applicant; "" means "申请人：{applicant_name}".
    addressee: str = ""

    def __post_init__(self) -> None:
        if self.kind not in LETTER_KINDS:
            raise ValueError(f"未知的文书类型：{self.kind!r}，应为{'、'.join(LETTER_KINDS)}之一")
        if not self.title.strip():
            raise ValueError("文书标题不能为空")
        if not self.agency_name.strip():
            raise ValueError("发文机关不能为空")


def chinese_date(d: date) -> str:
    """公文 dates use Arabic numerals without zero padding (GB/T 9704-2012 7.3.5.1)."""
    return f"{d.year}年{d.month}月{d.day}日"


def paragraphs(text: str) -> list[str]:
    """Split clerk text into paragraphs.

    Chinese 公文 separates paragraphs by indentation, not blank lines, so clerks press Enter once as
    often as twice: every line is a paragraph. Leading full-width spaces typed to imitate the indent are
    dropped, otherwise they would double the first-line indent the layout already applies."""
    result = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip().lstrip("\u3000").strip()
        if stripped:
            result.append(stripped)
    return result


def salutation(letter: LetterData) -> str:
    return f"{letter.addressee}：" if letter.addressee.strip() else f"申请人：{letter.applicant_name}"


def default_remedies(*, agency_name: str, reconsideration_organ: str) -> str:
    """The standard remedies paragraph of a reply.

    Where the organ reviews its own decisions (国务院部门, 省级人民政府: 行政复议法 第二十四、二十五条) the
    reconsideration organ is the agency itself, and the letter says 本机关 instead of repeating its name."""
    organ = reconsideration_organ.strip()
    if not organ:
        raise ValueError("请填写行政复议机关")
    where = "本机关" if organ == agency_name.strip() else organ
    return (
        f"如对本答复不服，可以自收到本答复之日起{RECONSIDERATION_DAYS}日内向{where}申请行政复议，"
        f"或者在{LITIGATION_MONTHS}个月内向人民法院提起行政诉讼。"
    )


def _context(letter: LetterData) -> dict[str, Any]:
    return {
        "title": letter.title.strip(),
        "agency_name": letter.agency_name.strip(),
        "document_number": letter.document_number.strip(),
        "request_number": letter.request_number,
        "salutation": salutation(letter),
        "paragraphs": paragraphs(letter.body),
        "legal_basis": letter.legal_basis.strip(),
        "remedies": " ".join(paragraphs(letter.remedies)),
        "office_contact": letter.office_contact.strip(),
        "received_on": chinese_date(letter.received_on),
        "issued_on": chinese_date(letter.issued_on),
    }


def render_html(letter: LetterData) -> str:
    """The HTML the PDF is printed from; also usable as an on-screen preview."""
    template = _ENGINE.get_template(_TEMPLATE_NAME)
    return template.render(Context(_context(letter)))


def render_pdf(letter: LetterData) -> bytes:
    # Imported here: WeasyPrint loads pango through cffi, which costs ~0.5 s that the web process
    # should only pay when a letter is actually printed.
    from weasyprint import HTML

    pdf = HTML(string=render_html(letter)).write_pdf()
    assert pdf is not None  # noqa: S101 — write_pdf returns bytes when no target is given
    return bytes(pdf)


# --- DOCX -----------------------------------------------------------------------------------------


def _set_fonts(rpr_owner: Any, *, east_asian: str, size_pt: float, bold: bool = False) -> None:
    """Latin and East Asian fonts on a style or run; python-docx's font.name sets only ascii/hAnsi,
    and Word then renders the Chinese in whatever its East Asian default is."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = rpr_owner.font
    font.name = _DOCX_LATIN_FONT
    font.size = Pt(size_pt)
    font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _first_line_indent_two_chars(paragraph: Any) -> None:
    """Word measures a 'character' indent in hundredths (w:firstLineChars=200) and keeps it right when
    the font size changes; w:firstLine is the fallback for readers that ignore the Chars form."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.paragraph_format.first_line_indent = Pt(2 * _BODY_PT)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "200")


def _docx_page_and_styles(doc: Any) -> tuple[Any, Any]:
    """A4 with 公文 margins; Normal is the 16pt body on an exact 28pt grid. Returns (title, footer) styles."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    # python-docx's default template is US Letter.
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)

    normal = doc.styles["Normal"]
    _set_fonts(normal, east_asian=_DOCX_BODY_FONT, size_pt=_BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(_LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = doc.styles.add_style("Letter Title", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    _set_fonts(title, east_asian=_DOCX_TITLE_FONT, size_pt=_TITLE_PT, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(34)
    title.paragraph_format.space_after = Pt(14)

    footer = doc.styles.add_style("Letter Footer", WD_STYLE_TYPE.PARAGRAPH)
    footer.base_style = normal
    _set_fonts(footer, east_asian="宋体", size_pt=_FOOTER_PT)
    footer.paragraph_format.line_spacing = Pt(13)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return title, footer


def _docx_signature(doc: Any, ctx: dict[str, Any]) -> None:
    """A grid line of space, the seal placeholder where the seal will be pressed, then organ and date
    right-aligned with the date four characters in from the right margin (GB/T 9704-2012 7.3.5.1)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    # 公文 must not leave the signature alone on a page ("此页无正文"): chain it to the last text line.
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.keep_with_next = True
    seal = doc.add_paragraph()
    seal.add_run("（盖章）").font.color.rgb = RGBColor(0xCC, 0x00, 0x00)
    for p in (seal, doc.add_paragraph(ctx["agency_name"]), doc.add_paragraph(ctx["issued_on"])):
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(4 * _BODY_PT)
        p.paragraph_format.keep_with_next = True


def render_docx(letter: LetterData) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    ctx = _context(letter)
    doc = Document()
    title_style, footer_style = _docx_page_and_styles(doc)

    doc.add_paragraph(ctx["title"], style=title_style)
    if ctx["document_number"]:
        number = doc.add_paragraph(ctx["document_number"])
        number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.paragraph_format.space_after = Pt(_LINE_PT)
    doc.add_paragraph(ctx["salutation"])
    indented = list(ctx["paragraphs"])
    if ctx["legal_basis"]:
        indented.append(f"依据：{ctx['legal_basis']}")
    if ctx["remedies"]:
        indented.append(ctx["remedies"])
    for text in indented:
        _first_line_indent_two_chars(doc.add_paragraph(text))
    _docx_signature(doc, ctx)

    footer = doc.sections[0].footer
    footer_paragraph = footer.paragraphs[0]
    footer_paragraph.style = footer_style
    footer_paragraph.text = f"申请编号：{ctx['request_number']}　收到申请日期：{ctx['received_on']}"
    if ctx["office_contact"]:
        footer.add_paragraph(ctx["office_contact"], style=footer_style)

    props = doc.core_properties
    props.title = ctx["title"]
    props.author = ctx["agency_name"]
    props.subject = ctx["request_number"]
    props.language = "zh-CN"

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


__all__ = [
    "LETTER_KINDS",
    "LetterData",
    "chinese_date",
    "default_remedies",
    "paragraphs",
    "render_docx",
    "render_html",
    "render_pdf",
]
