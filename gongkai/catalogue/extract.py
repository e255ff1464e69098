"""Text of an attachment, for search and the personal-data scan of the 第十七条 review.

Each reader gets the file's bytes and returns plain text. Nothing here raises on a bad file: an
attachment that cannot be read is still published, so the caller gets an empty text and a note in
Chinese that tells the clerk why search will not find words inside it."""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

if TYPE_CHECKING:
    from docx.table import Table

logger = logging.getLogger(__name__)

MAX_CHARS = 2_000_000  # far beyond any real 公文; keeps one odd file from filling the search index
# Office and OFD files are zip archives: refuse to inflate more than this (a zip bomb would otherwise
# exhaust memory long before the character cap applies).
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024

NOTE_IMAGE = "图片无法提取文字"
NOTE_LEGACY_OFFICE = "旧版Word/Excel（DOC/XLS）格式无法提取文字，如需检索请另存为DOCX/XLSX后上传"
NOTE_CORRUPT = "文件已损坏或格式无法识别，未能提取文字"
NOTE_UNSUPPORTED = "不支持提取该格式的文字"
NOTE_ENCRYPTED = "PDF文件已加密，无法提取文字"
NOTE_NO_TEXT_PDF = "PDF中没有可提取的文字（可能是扫描件）"
NOTE_EMPTY = "文件中没有文字"
NOTE_TOO_BIG = "文件解压后过大，未提取文字"
NOTE_TRUNCATED = "文字过长，仅保留前200万字用于检索"

_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Extracted:
    text: str
    note: str = ""  # why there is no text, shown to staff


class _Unreadable(Exception):
    """A reader's own verdict with the note to show (encrypted, too big...)."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


def extract_text(filename: str, data: bytes) -> Extracted:
    name = (filename or "").lower()
    reader = _reader_for(name, data)
    if reader is None:
        return Extracted("", _why_not(name, data))
    try:
        text = _finish(reader(data))
    except _Unreadable as exc:
        return Extracted("", exc.note)
    except Exception:  # a damaged upload must never stop the clerk's save: log it, keep the file
        logger.warning("text extraction failed for %r", filename, exc_info=True)
        return Extracted("", NOTE_CORRUPT)
    if not text:
        return Extracted("", NOTE_NO_TEXT_PDF if reader is _pdf else NOTE_EMPTY)
    if len(text) > MAX_CHARS:
        return Extracted(text[:MAX_CHARS], NOTE_TRUNCATED)
    return Extracted(text)


def _why_not(name: str, data: bytes) -> str:
    if name.endswith(_IMAGE_SUFFIXES) or data.startswith(_IMAGE_MAGIC):
        return NOTE_IMAGE
    if data.startswith(_OLE_MAGIC) or name.endswith((".doc", ".xls", ".wps", ".et")):
        return NOTE_LEGACY_OFFICE
    return NOTE_UNSUPPORTED


Reader = Callable[[bytes], Iterator[str]]


def _reader_for(name: str, data: bytes) -> Reader | None:
    if data.startswith(b"%PDF") or (name.endswith(".pdf") and b"%PDF" in data[:1024]):
        return _pdf
    if data.startswith(b"PK\x03\x04"):
        return _zip_reader(name, data)
    if name.endswith((".docx", ".xlsx", ".ofd", ".pdf")):
        return _corrupt
    if name.endswith((".txt", ".csv")):
        return _plain
    return None


def _zip_reader(name: str, data: bytes) -> Reader | None:
    """The three zip formats tell themselves apart by their parts; the name is only a hint."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return _corrupt
    if "word/document.xml" in names:
        return _docx
    if "xl/workbook.xml" in names:
        return _xlsx
    if "OFD.xml" in names or name.endswith(".ofd"):
        return _ofd
    return _corrupt if name.endswith((".docx", ".xlsx")) else None


def _finish(parts: Iterator[str]) -> str:
    """Join the reader's pieces, stopping soon after the cap; PostgreSQL cannot store NUL."""
    out: list[str] = []
    size = 0
    for part in parts:
        out.append(part)
        size += len(part) + 1
        if size > MAX_CHARS:
            break
    text = "\n".join(out).replace("\x00", "")
    text = re.sub(r"[ \t\u3000]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _corrupt(data: bytes) -> Iterator[str]:
    raise _Unreadable(NOTE_CORRUPT)


def _plain(data: bytes) -> Iterator[str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            yield data.decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    raise _Unreadable(NOTE_CORRUPT)


def _pdf(data: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many government PDFs are "encrypted" only against printing, with an empty user password.
        try:
            decrypted = reader.decrypt("")
        except Exception as exc:
            raise _Unreadable(NOTE_ENCRYPTED) from exc
        if not decrypted:
            raise _Unreadable(NOTE_ENCRYPTED)
    for page in reader.pages:
        yield page.extract_text() or ""


def _check_zip(archive: zipfile.ZipFile) -> None:
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
        raise _Unreadable(NOTE_TOO_BIG)


def _docx(data: bytes) -> Iterator[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _check_zip(archive)
    document = docx.Document(io.BytesIO(data))
    # Body order matters for snippets: paragraphs and tables as they appear, not all tables last.
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _docx_table(block)


def _docx_table(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans; keep it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text for p in cell.paragraphs).strip())
            for inner in cell.tables:
                yield from _docx_table(inner)
        line = "\t".join(c for c in cells if c)
        if line:
            yield line


def _xlsx(data: bytes) -> Iterator[str]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _check_zip(archive)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                line = "\t".join(_cell(v) for v in row if v is not None and _cell(v))
                if line:
                    yield line
    finally:
        workbook.close()


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- OFD (GB/T 33190-2016) -------------------------------------------------------------------------
# OFD.xml names each document's root (DocBody/DocRoot → Document.xml); Document.xml lists the pages
# (Pages/Page@BaseLoc → Content.xml); each page's layers hold TextObject elements whose TextCode
# children carry the characters. Paths are relative to the file that names them, or absolute from
# the package root.


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml(archive: zipfile.ZipFile, path: str) -> ET.Element:
    raw = archive.read(path)
    if b"<!DOCTYPE" in raw[:2048] or b"<!ENTITY" in raw:
        raise _Unreadable(NOTE_CORRUPT)  # OFD never declares entities; refuse entity expansion tricks
    return ET.fromstring(raw)  # noqa: S314  (no DTD allowed, checked above)


def _resolve(base_file: str, location: str, names: set[str]) -> str | None:
    location = location.strip().replace("\\", "/")
    candidates = [
        location.lstrip("/"),
        posixpath.normpath(posixpath.join(posixpath.dirname(base_file), location)),
    ]
    for candidate in candidates if not location.startswith("/") else candidates[:1]:
        if candidate in names:
            return candidate
    return None


def _ofd_pages(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    pages: list[str] = []
    for body in _xml(archive, "OFD.xml").iter():
        if _local(body.tag) != "DocRoot" or not body.text:
            continue
        document = _resolve("OFD.xml", body.text, names)
        if document is None:
            continue
        for page in _xml(archive, document).iter():
            if _local(page.tag) == "Page" and page.get("BaseLoc"):
                content = _resolve(document, page.get("BaseLoc", ""), names)
                if content is not None:
                    pages.append(content)
    return pages


def _natural(path: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def _ofd(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _check_zip(archive)
        names = set(archive.namelist())
        try:
            pages = _ofd_pages(archive, names) if "OFD.xml" in names else []
        except ET.ParseError:
            pages = []
        if not pages:  # a package with a broken index: read every page content file in name order
            pages = sorted((n for n in names if n.endswith("/Content.xml") and "/Pages/" in n), key=_natural)
        for page in pages:
            yield from _ofd_page_text(_xml(archive, page))


def _ofd_page_text(root: ET.Element) -> Iterator[str]:
    line: list[str] = []
    last_y: float | None = None
    for element in root.iter():
        if _local(element.tag) != "TextObject":
            continue
        y = _boundary_y(element.get("Boundary", ""))
        # A new baseline starts a new line; pieces on the same line are joined without spaces (Chinese).
        if line and y is not None and last_y is not None and abs(y - last_y) > 0.5:
            yield "".join(line)
            line = []
        last_y = y
        line.extend(code.text or "" for code in element if _local(code.tag) == "TextCode")
    if line:
        yield "".join(line)


def _boundary_y(boundary: str) -> float | None:
    parts = boundary.split()
    try:
        return float(parts[1]) if len(parts) >= 2 else None
    except ValueError:
        return None
