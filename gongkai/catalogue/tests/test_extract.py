"""Attachment text extraction: every supported format is built in memory with Chinese text, and every
unreadable file ends in an empty text with a note, never an exception."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from gongkai.catalogue import extract
from gongkai.catalogue.extract import extract_text

TITLE = "明湖市教育局关于2026年义务教育招生工作的通知"


# --- builders -------------------------------------------------------------------------------------


def _stream(body: str) -> str:
    return f"<< /Length {len(body.encode('latin-1'))} >>\nstream\n{body}\nendstream"


def make_pdf(lines: list[str]) -> bytes:
    """A minimal PDF with a Type0 font whose ToUnicode map turns glyph ids back into Chinese, as
    PDFs from word processors do; no font program is needed to extract the text."""
    chars = list(dict.fromkeys("".join(lines)))
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    mapping = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{mapping}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    shown = " ".join(f"<{''.join(f'{cid[ch]:04X}' for ch in line)}> Tj 0 -20 Td" for line in lines)
    content = f"BT /F1 12 Tf 72 760 Td {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        _stream(content),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor 8 0 R /DW 1000 >>",
        _stream(cmap),
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] "
        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("各区教育局：现将招生工作通知如下。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "学校"
    table.cell(0, 1).text = "招生人数"
    table.cell(0, 2).text = "备注"
    table.cell(1, 0).text = "明湖实验小学"
    table.cell(1, 1).text = "360"
    merged = table.cell(1, 1).merge(table.cell(1, 2))
    merged.text = "三百六十人"
    document.add_paragraph("明湖市教育局　2026年3月2日")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "招生计划"
    sheet.append(["学校", "人数", "类别"])
    sheet.append(["明湖实验小学", 360, "公办"])
    sheet.append(["东湖区第一中学", 420.0, None])
    other = workbook.create_sheet("收费标准")
    other["A1"] = "住宿费每学期八百元"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _ofd_content(lines: list[tuple[float, str]]) -> str:
    objects = "".join(
        f'<ofd:TextObject ID="{i + 10}" Boundary="20 {y} 170 8" Font="3" Size="5">'
        f'<ofd:TextCode X="0" Y="6">{text}</ofd:TextCode></ofd:TextObject>'
        for i, (y, text) in enumerate(lines)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {OFD_NS}><ofd:Content>'
        f'<ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def make_ofd(*, with_index: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if with_index:
            archive.writestr(
                "OFD.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {OFD_NS} Version="1.0" DocType="OFD">'
                "<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>"
                "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
            )
            archive.writestr(
                "Doc_0/Document.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {OFD_NS}><ofd:CommonData>'
                "<ofd:MaxUnitID>50</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                "</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>"
                '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
                '<ofd:Page ID="5" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/>'
                "</ofd:Pages></ofd:Document>",
            )
        archive.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            _ofd_content([(20, "明湖市教育局"), (20, "关于招生工作的通知"), (40, "各区教育局：")]),
        )
        archive.writestr("Doc_0/Pages/Page_1/Content.xml", _ofd_content([(20, "第二页的内容")]))
    return buffer.getvalue()


# --- formats ----------------------------------------------------------------------------------------


def test_pdf_text_comes_out_in_chinese() -> None:
    result = extract_text("通知.pdf", make_pdf([TITLE, "各区教育局：现将招生工作通知如下。"]))
    assert result.note == ""
    assert TITLE in result.text.replace(" ", "")
    assert "现将招生工作通知如下" in result.text


def test_docx_reads_paragraphs_and_tables_in_order_and_merged_cells_once() -> None:
    result = extract_text("通知.docx", make_docx())
    assert result.note == ""
    text = result.text
    assert text.index(TITLE) < text.index("学校\t招生人数\t备注") < text.index("2026年3月2日")
    assert "明湖实验小学\t三百六十人" in text
    assert text.count("三百六十人") == 1


def test_xlsx_reads_sheet_names_and_cells() -> None:
    result = extract_text("计划.xlsx", make_xlsx())
    assert result.note == ""
    lines = result.text.splitlines()
    assert lines[0] == "招生计划"
    assert "明湖实验小学\t360\t公办" in lines
    assert "东湖区第一中学\t420" in lines
    assert "收费标准" in lines
    assert "住宿费每学期八百元" in lines


def test_ofd_follows_the_document_structure() -> None:
    result = extract_text("通知.ofd", make_ofd())
    assert result.note == ""
    assert result.text.splitlines() == ["明湖市教育局关于招生工作的通知", "各区教育局：", "第二页的内容"]


def test_ofd_without_index_still_reads_page_contents() -> None:
    result = extract_text("通知.ofd", make_ofd(with_index=False))
    assert "明湖市教育局关于招生工作的通知" in result.text
    assert result.text.index("各区教育局") < result.text.index("第二页的内容")


def test_ofd_with_entity_declarations_is_refused_not_expanded() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "OFD.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><ofd:OFD '
            f"{OFD_NS}><ofd:DocBody><ofd:DocRoot>&a;</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
    result = extract_text("恶意.ofd", buffer.getvalue())
    assert result.text == ""
    assert result.note == extract.NOTE_CORRUPT


def test_plain_text_in_gb18030() -> None:
    assert extract_text("说明.txt", "政务公开说明".encode("gb18030")).text == "政务公开说明"


# --- no text, with a reason ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("照片.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ],
)
def test_images_have_no_text(name: str, data: bytes) -> None:
    assert extract_text(name, data) == extract.Extracted("", "图片无法提取文字")


@pytest.mark.parametrize("name", ["旧通知.doc", "旧表格.xls"])
def test_legacy_office_files_have_a_note(name: str) -> None:
    result = extract_text(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert result.text == ""
    assert "DOC/XLS" in result.note


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("坏.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF"),
        ("坏.pdf", b"%PDF-" + b"\xff" * 200),
        ("坏.docx", make_docx()[:400]),
        ("坏.xlsx", b"PK\x03\x04" + b"\x00" * 100),
        ("坏.ofd", b"PK\x03\x04garbage"),
        ("坏.docx", b"not a zip at all"),
    ],
)
def test_corrupt_files_never_raise(name: str, data: bytes) -> None:
    result = extract_text(name, data)
    assert result.text == ""
    assert result.note  # a Chinese reason for the clerk
    assert result.note in {extract.NOTE_CORRUPT, extract.NOTE_NO_TEXT_PDF, extract.NOTE_EMPTY}


def test_docx_mislabelled_as_pdf_is_still_read() -> None:
    # The name is a hint; content decides (the upload check compares both before this runs).
    assert TITLE in extract_text("通知.pdf", make_docx()).text


def test_unknown_format_has_a_note() -> None:
    assert extract_text("data.bin", b"\x01\x02\x03").note == extract.NOTE_UNSUPPORTED


def test_text_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_CHARS", 50)
    result = extract_text("计划.xlsx", make_xlsx())
    assert len(result.text) == 50
    assert result.note == extract.NOTE_TRUNCATED


def test_zip_bomb_is_not_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_UNZIPPED_BYTES", 1000)
    result = extract_text("通知.docx", make_docx())
    assert result == extract.Extracted("", extract.NOTE_TOO_BIG)


def test_nul_characters_are_dropped() -> None:
    # PostgreSQL text columns cannot hold NUL; a cell can.
    assert "\x00" not in extract_text("说明.txt", "甲\x00乙".encode()).text
