"""文书 rendering: the DOCX and PDF carry the clerk's text, the legal basis and remedies, and the PDF embeds
a CJK font so it prints the same on a machine without Chinese fonts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.disclosure_requests.letters import (
    LetterData,
    chinese_date,
    default_remedies,
    paragraphs,
    render_docx,
    render_html,
    render_pdf,
)

LEGAL_BASIS = "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第三十七条"
REMEDIES = default_remedies(agency_name="明湖市教育局", reconsideration_organ="明湖市人民政府")

REPLY = LetterData(
    kind="reply",
    agency_name="明湖市教育局",
    document_number="明教公开〔2026〕12号",
    request_number="YSQ-2026-000123",
    applicant_name="张三",
    received_on=date(2026, 2, 10),
    issued_on=date(2026, 3, 16),
    title="政府信息公开申请答复书",
    body=(
        "本机关于2026年2月10日收到您提交的政府信息公开申请。\n\n"
        "经审查，您申请公开的《明湖市2025年义务教育阶段学校学位分配方案》已主动公开，"
        "您可在明湖市教育局门户网站查阅。"
    ),
    legal_basis=LEGAL_BASIS,
    remedies=REMEDIES,
    office_contact="联系人：李明　联系电话：0571-12345678",
)


def squeeze(text: str) -> str:
    # pdftotext breaks justified CJK lines wherever the layout did; compare without whitespace.
    return re.sub(r"\s+", "", text)


def docx_texts(data: bytes) -> tuple[list[str], list[str]]:
    doc = Document(io.BytesIO(data))
    body = [p.text for p in doc.paragraphs]
    footer = [p.text for p in doc.sections[0].footer.paragraphs]
    return body, footer


# --- pure helpers ---------------------------------------------------------------------------------


def test_chinese_date_has_no_zero_padding() -> None:
    assert chinese_date(date(2026, 3, 16)) == "2026年3月16日"
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"


def test_default_remedies_text() -> None:
    assert REMEDIES == (
        "如对本答复不服，可以自收到本答复之日起60日内向明湖市人民政府申请行政复议，"
        "或者在6个月内向人民法院提起行政诉讼。"
    )


def test_default_remedies_when_the_organ_reviews_itself() -> None:
    text = default_remedies(agency_name="明湖省人民政府", reconsideration_organ="明湖省人民政府")
    assert "向本机关申请行政复议" in text


def test_default_remedies_needs_an_organ() -> None:
    with pytest.raises(ValueError, match="行政复议机关"):
        default_remedies(agency_name="明湖市教育局", reconsideration_organ="  ")


def test_paragraphs_split_on_lines_and_drop_typed_indents() -> None:
    text = "\u3000\u3000第一段。\r\n\r\n第二段。\n第三段。\n\n\n"
    assert paragraphs(text) == ["第一段。", "第二段。", "第三段。"]


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="文书类型"):
        replace(REPLY, kind="memo")


def test_html_escapes_clerk_text() -> None:
    html = render_html(replace(REPLY, body="<script>alert(1)</script>"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_addressee_replaces_the_applicant_salutation() -> None:
    letter = replace(REPLY, kind="consultation", title="第三方意见征询函", addressee="明湖建设集团有限公司")
    assert "明湖建设集团有限公司：" in render_html(letter)
    assert "申请人：张三" not in render_html(letter)


# --- DOCX -----------------------------------------------------------------------------------------


def test_docx_contains_the_letter() -> None:
    body, footer = docx_texts(render_docx(REPLY))
    assert body[0] == "政府信息公开申请答复书"
    assert "明教公开〔2026〕12号" in body
    assert "申请人：张三" in body
    assert f"依据：{LEGAL_BASIS}" in body
    assert REMEDIES in body
    assert "明湖市教育局" in body
    assert "2026年3月16日" in body
    assert "（盖章）" in body
    assert any("YSQ-2026-000123" in line for line in footer)
    assert "联系人：李明　联系电话：0571-12345678" in footer


def test_docx_is_a4_with_east_asian_fonts_and_two_character_indents() -> None:
    doc = Document(io.BytesIO(render_docx(REPLY)))
    section = doc.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia"))
    body_paragraph = next(p for p in doc.paragraphs if p.text.startswith("本机关于"))
    ppr = body_paragraph._p.pPr
    assert ppr is not None
    ind = ppr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_docx_leaves_out_empty_parts() -> None:
    letter = replace(
        REPLY, kind="correction", title="补正告知书", document_number="", remedies="", legal_basis=""
    )
    body, _ = docx_texts(render_docx(letter))
    assert not any(line.startswith("依据：") for line in body)
    assert not any("行政复议" in line for line in body)
    assert "" in body  # the spacing before the signature, not a missing 文号 line
    assert body[1] == "申请人：张三"


# --- PDF ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reply_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("letters") / "reply.pdf"
    path.write_bytes(render_pdf(REPLY))
    return path


def test_pdf_is_a_pdf(reply_pdf: Path) -> None:
    assert reply_pdf.read_bytes().startswith(b"%PDF-")


def test_pdf_embeds_a_font_program(reply_pdf: Path) -> None:
    # WeasyPrint puts font descriptors in compressed object streams, so look inside the streams.
    data = reply_pdf.read_bytes()
    streams = re.findall(rb"/FlateDecode[^>]*>>\s*stream\r?\n(.*?)\r?\nendstream", data, re.S)
    decoded = b"".join(zlib.decompress(s) for s in streams if s)
    assert re.search(rb"/FontFile[23]?\b", data + decoded)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_noto_cjk(reply_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(reply_pdf)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    noto = [line for line in out.splitlines() if "Noto" in line and "CJK" in line]
    assert noto, out
    for line in noto:
        # columns: name type encoding emb sub uni object ID — every CJK face must be embedded
        assert line.split()[-5] == "yes", line


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text(reply_pdf: Path) -> None:
    out = subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(reply_pdf), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = squeeze(out)
    assert "政府信息公开申请答复书" in text
    assert "申请人：张三" in text
    assert squeeze(f"依据：{LEGAL_BASIS}") in text
    assert squeeze(REMEDIES) in text
    assert "明湖市教育局" in text
    assert "2026年3月16日" in text
    assert "YSQ-2026-000123" in text
