"""Readers: a report file (plain text, an HTML page as saved from an agency website, a web archive
.mht, or a Word .docx) in, the `Source` later stages read out — normalised lines a person can check
(normalise.normalise_line), and the tables the file had as real tables. Pure: no Django imports; HTML
is parsed with the standard library only. The format is chosen by content first (a zip with
word/document.xml is a DOCX, a page that starts like HTML is HTML whatever its name), the extension
second; anything else (PDF, images, old binary .doc/.xls, an empty file) raises `UnreadableSource`
with a Chinese message saying what to upload instead.

Line numbers are what a person sees: a text file keeps every line, empty ones too, in order; an HTML
page gives one line per block of the report it carries (p, div, li, h1–h6, tr …; <br> ends a line,
and an empty paragraph is an empty line, since a table flattened one cell per <p> prints its blank
cells that way); a DOCX gives one line per paragraph (a manual line break starts a new one). A table
gives one line per row, its cells joined with " | ", and the same rows in `Source.tables` with the
line each row was printed on; rows with no text at all (Word's spacer rows) are left out.

Merged cells (HTML colspan/rowspan, Word gridSpan/vMerge): the grid is filled out so every row has one
cell per column. A merged *label* cell's text is repeated into every position it spans (so the row
"三、本年度办理结果 | （三）不予公开 | 2.其他法律行政法规禁止公开 | 0 …" still names its groups), while
a merged *numeric* cell is kept only in its first position and the spanned positions are left "" — a
number is never duplicated into a cell it was not printed in.

HTML pages: scripts, styles, forms, menus, breadcrumbs, share bars, headers and footers are dropped —
by tag (nav, header, footer, aside, form …), by class/id words (nav, menu, breadcrumb, sidebar, share,
toolbar, header, footer, banner, search, copyright …), by link density (a block that is mostly links
is navigation) and hidden styles — unless they hold the report: its h1, a table of figures, or most of
the page's text (an ASP.NET <form> around the whole page); such furniture keeps only that part. When
a clear content container is found (id/class with content, article, zoom, detail, TRS_Editor …, or an
<article>/<main>) holding at least half of the remaining text, only it is kept, together with the
page's title heading and its 来源/发布机构 line when they sit outside it. A table of figures (a data
table with a cell that is a number) is never dropped, wherever it sits; a layout table (one holding
other tables, a single column, or long passages) is read as blocks, one line per cell. Toolbar text
that survives as plain lines (打印本页 关闭窗口, 字体：大 中 小, 当前位置：…) is dropped. When the page
shows its title only in the browser tab, the <title> (without the site name) becomes the first line."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from gongkai.legacy_import.detect import HEAD_LINES
from gongkai.legacy_import.normalise import normalise_line, normalise_lines
from gongkai.legacy_import.source import Source, Table


class UnreadableSource(Exception):
    """The file is not a report this importer can read; the message, in Chinese, says why and what to
    upload instead."""


HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml", ".jhtml", ".asp", ".aspx", ".jsp", ".php"})


def read(data: bytes, name: str) -> Source:
    """The source in `data`, chosen by the file's content first and its extension second."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnreadableSource(f"文件“{name}”是空的，没有可以导入的内容")
    suffix = PurePath(name).suffix.lower()
    _refuse_known_binaries(data, name, suffix)
    if data.startswith(b"PK\x03\x04"):
        return read_docx(data, name)
    if suffix in (".mht", ".mhtml") or _MIME_START.match(data[:2000]):
        return read_html_text(_mime_html(data, name), name)
    text = decode(data, name, html=suffix in HTML_SUFFIXES)
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return read_html_text(text, name)
    return Source(name=name, kind="text", lines=normalise_lines(text))


# Mail-style headers (folded lines allowed) up to MIME-Version: how a web archive starts.
_MIME_START = re.compile(
    rb"^(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*MIME-Version:", re.IGNORECASE
)


def _mime_html(data: bytes, name: str) -> str:
    """The page inside a web archive (.mht, as browsers save a page with its images): its first
    text/html part, decoded by its declared charset."""
    import email
    from email.message import Message

    message = email.message_from_bytes(data)
    for part in message.walk():
        if isinstance(part, Message) and part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = (part.get_content_charset() or "").lower()
                if charset in _GB_FAMILY:
                    charset = "gb18030"
                text = _try(payload, charset) if charset else None
                return text if text is not None else decode(payload, name, html=True)
    raise UnreadableSource(f"无法读取“{name}”：网页存档（.mht）中没有网页内容")


def _refuse_known_binaries(data: bytes, name: str, suffix: str) -> None:
    signatures: tuple[tuple[bytes, str], ...] = (
        (b"%PDF", "PDF 文件暂不能直接导入，请将报告另存为 Word（.docx）、网页或文本文件后再上传"),
        (
            b"\xd0\xcf\x11\xe0",
            "这是旧版 Word（.doc）或 Excel（.xls）文件，暂不能读取，请在 Word 中另存为 .docx 后再上传",
        ),
        (b"\x89PNG", "这是一张图片，无法从中读取报告文字，请上传报告的网页、Word（.docx）或文本文件"),
        (b"\xff\xd8\xff", "这是一张图片，无法从中读取报告文字，请上传报告的网页、Word（.docx）或文本文件"),
        (b"GIF8", "这是一张图片，无法从中读取报告文字，请上传报告的网页、Word（.docx）或文本文件"),
        (b"{\\rtf", "这是 RTF 文件，暂不能读取，请在 Word 中另存为 .docx 后再上传"),
    )
    for signature, message in signatures:
        if data.startswith(signature):
            raise UnreadableSource(f"无法读取“{name}”：{message}")
    if data.startswith(b"PK\x03\x04"):
        return
    if suffix == ".docx":
        raise UnreadableSource(f"无法读取“{name}”：扩展名是 .docx，但文件不是有效的 Word 文档（可能已损坏）")
    if suffix in (".xls", ".xlsx", ".ppt", ".pptx"):
        raise UnreadableSource(
            f"无法读取“{name}”：暂不支持 {suffix} 文件，请上传报告的网页、Word（.docx）或文本文件"
        )
    # A .doc or .wps that is not the binary format (checked above) is often a web page Word saved under
    # that name: it is read by its content like any other file.


# --- text -----------------------------------------------------------------------------------------------

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn"})


def decode(data: bytes, name: str, *, html: bool = False) -> str:
    """The text of `data`: UTF-8 with or without BOM, else GB18030 (which reads GBK and GB2312), else
    UTF-16 (by its BOM, or by the zero bytes of mostly-ASCII UTF-16 without one). An HTML page's
    declared charset is tried first when it names the GB family. Text with control characters in it is
    binary, not a report."""
    text = _decode(data, html=html)
    if text is None:
        raise UnreadableSource(f"无法读取“{name}”：文件既不是 UTF-8、GB18030 也不是 UTF-16 编码的文本")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f\v") + text.count("\x7f")
    if controls > max(2, len(text) // 200):
        raise UnreadableSource(f"无法读取“{name}”：这不是文本、网页或 Word（.docx）文件")
    return text


def _decode(data: bytes, *, html: bool) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return _try(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _try(data, "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _try(data, utf16)
    if html:
        declared = _CHARSET.search(data[:4096])
        if declared and declared.group(1).decode("ascii").lower() in _GB_FAMILY:
            text = _try(data, "gb18030")
            if text is not None:
                return text
    for encoding in ("utf-8", "gb18030"):
        text = _try(data, encoding)
        if text is not None:
            return text
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM, told by its zero bytes: text in UTF-8 or GB18030 has none, while every
    ASCII character in UTF-16 has one, on the odd bytes (little-endian) or the even ones (big-endian)."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.2 and even * 4 <= odd:
        return "utf-16-le"
    if even > half * 0.2 and odd * 4 <= even:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:p|div|br|table|td|span|body|head|meta|title)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """An HTML page whatever its extension: it starts like one, or it is made of tags."""
    if _HTML_START.match(text[:2000]):
        return True
    sample = text[:20000]
    return len(_HTML_TAGS.findall(sample)) >= 5 and ("</" in sample)


# --- HTML: a small tree -----------------------------------------------------------------------------------

_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# Blocks that print a line of their own even when empty (a blank cell of a table flattened into <p>s).
_LINE_BLOCKS = frozenset({"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"})
# Dropped whatever they hold.
_ALWAYS_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "select",
        "option",
        "optgroup",
        "button",
        "input",
        "textarea",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "map",
        "audio",
        "video",
    }
)
# Dropped unless they hold the report (a heading, a table with digits, the content container).
_DROP_UNLESS_CONTENT = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"})

_JUNK_WORDS = (
    "nav",
    "menu",
    "breadcrumb",
    "crumb",
    "sidebar",
    "share",
    "toolbar",
    "header",
    "footer",
    "topbar",
    "banner",
    "search",
    "login",
    "copyright",
    "friendlink",
    "quicklink",
    "related",
    "pager",
    "pagination",
    "skip",
)
_JUNK_TOKENS = frozenset(
    {"dh", "mbx", "dqwz", "wzdh", "yqlj", "bqxx", "fx", "links", "bottom", "top", "head", "foot"}
)
_CONTENT_WORDS = ("content", "article", "zoom", "detail", "editor", "zhengwen", "neirong")
_CONTENT_TOKENS = frozenset({"main", "txt", "zw", "nr", "con", "maintext"})
_TITLE_WORDS = ("title", "tit", "headline")
_TITLE_TOKENS = frozenset({"bt", "biaoti", "wzbt", "dbt"})
_META_LINE = re.compile(r"(?:来源|发布机构|发布单位|发文机关|信息来源|发布部门)\s*[:：]")
# Page tools that survive as text: whole lines, and the font-size switch wherever it sits.
_JUNK_LINE = re.compile(
    r"^(?:[【\[]?\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏(?:本页)?|返回顶部|返回)\s*[】\]]?\s*)+$"
    r"|^(?:分享到|扫一扫在手机(?:上)?打开当前页|您(?:现在)?的位置|您当前的位置|当前位置)\s*[:：]?"
    r"|^(?:上一篇|下一篇)\s*[:：]"
)
_FONT_SWITCH = re.compile(r"[【\[]?\s*字\s*[体号]\s*[:：]?\s*(?:[【\[]?\s*[大中小]\s*[】\]]?\s*){3}[】\]]?")
_NUMERIC_CELL = re.compile(r"[-+]?\d+(?:\.\d+)?%?")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(eq=False)
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)
    parent: _Node | None = None
    data_table: bool | None = None  # for a <table>: whether it is a data table (worked out once)
    figure_table: bool | None = None  # for a <table>: whether it is a table of figures
    stats: _Stats | None = None  # what the subtree holds, worked out once per tree
    tokens: list[str] | None = None

    def elements(self) -> Iterator[_Node]:
        for child in self.children:
            if isinstance(child, _Node):
                yield child

    def walk(self) -> Iterator[_Node]:
        """This element and every element inside it, in document order."""
        stack: list[_Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([child for child in node.children if isinstance(child, _Node)]))

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def words(self) -> list[str]:
        """The words of its class and id (camelCase and snake_case split), lower case."""
        if self.tokens is None:
            value = f"{self.attrs.get('class', '')} {self.attrs.get('id', '')}"
            value = re.sub(r"([a-z])([A-Z])", r"\1 \2", value)
            self.tokens = [token.lower() for token in re.split(r"[^A-Za-z0-9]+", value) if token]
        return self.tokens


@dataclass
class _Stats:
    """What a subtree holds, for deciding what to drop without walking it again and again."""

    text: int = 0  # visible characters (whitespace not counted)
    linked: int = 0  # of which inside links
    links: int = 0
    figures: bool = False  # a table of figures inside (or the node itself)
    report: bool = False  # an h1 or a table of figures inside (or the node itself)


def _stats(node: _Node) -> _Stats:
    if node.stats is None:
        stats = _Stats(figures=_is_figure_table(node), report=_is_report_part(node))
        for child in node.children:
            if isinstance(child, str):
                stats.text += len("".join(child.split()))
                continue
            inner = _stats(child)
            stats.text += inner.text
            stats.links += inner.links + (child.tag == "a")
            stats.linked += inner.text if child.tag == "a" else inner.linked
            stats.figures = stats.figures or inner.figures
            stats.report = stats.report or inner.report
        node.stats = stats
    return node.stats


MAX_DEPTH = 200


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: unknown end tags are ignored, and the end tags HTML lets pages leave
    out (p, li, td, tr, option …) are closed where the next one starts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack: list[_Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        self._close_implied(tag)
        node = _Node(tag, {key.lower(): value or "" for key, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        # Past a sane depth (pages that never close their <font> or <span>), further elements stay empty
        # and their text joins the deepest element, so nothing reading the tree recurses without bound.
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        self._close_implied(tag)
        node = _Node(tag, {key.lower(): value or "" for key, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return
            if tag in ("td", "th", "tr", "tbody", "thead", "tfoot") and self.stack[index].tag == "table":
                return  # an end tag of an outer table's cell never closes a nested table

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _close_implied(self, tag: str) -> None:
        if tag in _BLOCK and tag not in ("td", "th", "tr", "li", "dt", "dd"):
            self._close(frozenset({"p"}), _P_BOUNDS)
        if tag in _IMPLIED_CLOSE:
            close, bounds = _IMPLIED_CLOSE[tag]
            self._close(close, bounds)

    def _close(self, close: frozenset[str], bounds: frozenset[str]) -> None:
        """Close the innermost open element named in `close`, unless a `bounds` element comes first."""
        for index in range(len(self.stack) - 1, 0, -1):
            current = self.stack[index].tag
            if current in close:
                del self.stack[index:]
                return
            if current in bounds:
                return


_P_BOUNDS = frozenset({"div", "td", "th", "li", "table", "body", "blockquote"})
_TABLE_BOUND = frozenset({"table"})
# A start tag closes the innermost open element of the same kind (HTML lets pages leave these end tags
# out), without reaching past the bounding elements.
_IMPLIED_CLOSE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "p": (frozenset({"p"}), _P_BOUNDS),
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr"}), _TABLE_BOUND),
    "thead": (frozenset({"tbody", "thead", "tfoot", "tr"}), _TABLE_BOUND),
    "tfoot": (frozenset({"tbody", "thead", "tfoot", "tr"}), _TABLE_BOUND),
    "option": (frozenset({"option"}), frozenset({"select", "optgroup"})),
}


def parse_html(text: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# --- HTML: what to keep -------------------------------------------------------------------------------------


def _visible_text(node: _Node) -> str:
    return re.sub(r"\s+", "", node.text())


def _size(node: _Node) -> int:
    """Visible characters in the subtree as it is now (after pruning, see `_forget_stats`)."""
    return _stats(node).text


def _forget_stats(root: _Node) -> None:
    for node in root.walk():
        node.stats = None


def _is_figure_table(node: _Node) -> bool:
    """A table of figures: a data table (not page layout) with at least one cell that is a number. A
    footer table with a telephone number in it is not one."""
    if node.tag != "table":
        return False
    if node.figure_table is None:
        node.figure_table = _is_data_table(node) and any(
            _NUMERIC_CELL.fullmatch(normalise_line(_collapse(cell.text())))
            for row in _table_rows(node)
            for cell in row
        )
    return node.figure_table


def _is_report_part(node: _Node) -> bool:
    """The page's heading (an h1, or a short heading or title element naming a 报告) or a table of
    figures: never page furniture."""
    if node.tag == "h1" or _is_figure_table(node):
        return True
    titled = node.tag in ("h2", "h3") or any(
        token in _TITLE_TOKENS or any(word in token for word in _TITLE_WORDS) for token in node.words()
    )
    if not titled:
        return False
    text = _visible_text(node)
    return "报告" in text and len(text) <= 100


def _has_figure_table(node: _Node) -> bool:
    return _stats(node).figures


def _is_junk_named(node: _Node) -> bool:
    return any(token in _JUNK_TOKENS or any(word in token for word in _JUNK_WORDS) for token in node.words())


def _is_content_named(node: _Node) -> bool:
    if node.tag in ("article", "main"):
        return True
    for token in node.words():
        if token in _CONTENT_TOKENS or any(word in token for word in _CONTENT_WORDS):
            return True
    return False


def _is_hidden(node: _Node) -> bool:
    style = node.attrs.get("style", "").replace(" ", "").lower()
    return "hidden" in node.attrs or "display:none" in style or "visibility:hidden" in style


def _holds_report(node: _Node, page_text: int) -> bool:
    """Whether dropping `node` could lose the report: it has the page's heading or a table of figures,
    or it holds most of the page's text (a <form> or a wrapper around the whole page) without being
    a menu."""
    stats = _stats(node)
    return stats.report or _most_of_page(node, page_text)


def _most_of_page(node: _Node, page_text: int) -> bool:
    return (
        page_text > 0
        and _stats(node).text >= 0.5 * page_text
        and node.tag not in ("nav", "menu")
        and not _link_dense(node)
    )


def _link_dense(node: _Node) -> bool:
    stats = _stats(node)
    return stats.links >= 3 and stats.text > 0 and stats.linked >= 0.7 * stats.text


def _in_data_table(node: _Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "table":
            return _is_data_table(parent)
        parent = parent.parent
    return False


def _prune(node: _Node, page_text: int, *, furniture: bool = False) -> None:
    """Drop what is not the report, in place. Inside page furniture kept only because it holds part of
    the report (a footer with a table of figures in it), everything else is dropped."""
    kept: list[_Node | str] = []
    for child in node.children:
        if isinstance(child, str):
            if not furniture:
                kept.append(child)
            continue
        if child.tag in _ALWAYS_DROP or _drop(child, page_text):
            continue
        # The report itself (its heading, a table of figures, or most of the page's text) is kept whole;
        # furniture that merely holds part of it keeps only that part.
        whole = _is_report_part(child) or _most_of_page(child, page_text)
        if furniture and not (whole or _stats(child).report):
            continue
        _prune(child, page_text, furniture=(furniture or _suspicious(child)) and not whole)
        kept.append(child)
    node.children = kept


def _drop(node: _Node, page_text: int) -> bool:
    if _is_hidden(node):
        return not _has_figure_table(node)
    if node.tag in _TABLE_PARTS and _in_data_table(node):
        return False  # a data table's own cells are never navigation
    if _is_figure_table(node):
        return False
    return _suspicious(node) and not _holds_report(node, page_text)


def _suspicious(node: _Node) -> bool:
    """Page furniture by its tag, its class or id, or its links."""
    if node.tag in _TABLE_PARTS and _in_data_table(node):
        return False
    return (
        node.tag in _DROP_UNLESS_CONTENT
        or _is_junk_named(node)
        or (node.tag in ("div", "ul", "ol", "td", "table", "p", "span", "dl") and _link_dense(node))
    )


def _content_container(body: _Node) -> _Node | None:
    """The element that clearly holds the report: named as content and holding at least half of the
    page's remaining text. Of nested candidates the outer one is kept (it has the heading) unless it
    holds clearly more than the inner one (then the rest is page furniture)."""
    total = _size(body)
    best: _Node | None = None
    best_size = 0
    for node in body.walk():  # outer elements come before the elements inside them
        if node is body or not _is_content_named(node):
            continue
        size = _size(node)
        bigger = best is None or (not _contains(best, node) and size > best_size)
        inner = best is not None and _contains(best, node) and 0.5 * total <= size < 0.85 * best_size
        if bigger or inner:
            best, best_size = node, size
    if best is None or best_size < 0.5 * total or best_size < 50:
        return None
    return best


def _contains(outer: _Node, inner: _Node) -> bool:
    parent: _Node | None = inner
    while parent is not None:
        if parent is outer:
            return True
        parent = parent.parent
    return False


def _title_element(body: _Node, container: _Node) -> _Node | None:
    """The page's heading when it sits outside (before) the content container."""
    order = {id(node): index for index, node in enumerate(body.walk())}
    start = order[id(container)]
    before = [node for node in body.walk() if order[id(node)] < start and not _contains(node, container)]
    headings = [node for node in before if node.tag in ("h1", "h2", "h3")]
    titled = [
        node
        for node in before
        if node.tag not in ("table", "tbody", "thead", "tfoot", "tr")
        and any(
            token in _TITLE_TOKENS or any(word in token for word in _TITLE_WORDS) for token in node.words()
        )
        and _size(node)
    ]
    for group in (headings, titled):
        reports = [node for node in group if "报告" in node.text()]
        if reports:
            return reports[-1]
    return headings[0] if headings else None


def _kept_roots(body: _Node) -> list[_Node]:
    container = _content_container(body)
    if container is None:
        return [body]
    order = {id(node): index for index, node in enumerate(body.walk())}
    roots = [container]
    title = _title_element(body, container)
    if title is not None:
        roots.append(title)
        for node in body.walk():
            if (
                order[id(title)] < order[id(node)] < order[id(container)]
                and not any(_contains(root, node) or _contains(node, root) for root in roots)
                and not any(isinstance(child, _Node) and child.tag in _BLOCK for child in node.children)
                and _META_LINE.search(node.text())
            ):
                roots.append(node)
    for node in body.walk():
        if _is_figure_table(node) and not any(_contains(root, node) for root in roots):
            roots.append(node)
    return sorted(roots, key=lambda node: order[id(node)])


# --- HTML: lines and tables ---------------------------------------------------------------------------


def _is_data_table(table: _Node) -> bool:
    """A table of figures rather than page layout: no table inside it, at least two columns, and no
    cell holding a long passage."""
    if table.data_table is None:
        table.data_table = _data_table(table)
    return table.data_table


def _data_table(table: _Node) -> bool:
    rows = _table_rows(table)
    if not rows:
        return False
    if any(element.tag == "table" for element in table.walk() if element is not table):
        return False
    if max(sum(_span(cell, "colspan") for cell in row) for row in rows) < 2:
        return False
    return all(len(_visible_text(cell)) <= 300 for row in rows for cell in row)


def _table_rows(table: _Node) -> list[list[_Node]]:
    rows: list[list[_Node]] = []

    def collect(node: _Node) -> None:
        for child in node.elements():
            if child.tag == "tr":
                rows.append([cell for cell in child.elements() if cell.tag in ("td", "th")])
            elif child.tag in ("thead", "tbody", "tfoot"):
                collect(child)

    collect(table)
    return [row for row in rows if row]


def _span(cell: _Node, attribute: str) -> int:
    match = re.match(r"\s*(\d+)", cell.attrs.get(attribute, "1") or "1")
    value = int(match.group(1)) if match else 1
    return max(1, min(value, 200))


def join_parts(parts: list[str]) -> str:
    """Pieces of one cell (its paragraphs or lines) as one text: no space between two Chinese
    characters, a space otherwise."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text and not (_CJK.match(text[-1]) and _CJK.match(part[0])):
            text += " "
        text += part
    return text


def fill_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, colspan, rowspan) cells as a full grid: a merged label repeated into every
    position it covers, a merged number kept in its first position only ("" elsewhere)."""
    placed: dict[tuple[int, int], str] = {}
    width = 0
    for row_index, row in enumerate(rows):
        column = 0
        for text, colspan, rowspan in row:
            while (row_index, column) in placed:
                column += 1
            numeric = bool(_NUMERIC_CELL.fullmatch(text))
            for down in range(rowspan):
                for across in range(colspan):
                    first = down == 0 and across == 0
                    placed[(row_index + down, column + across)] = text if first or not numeric else ""
            column += colspan
            width = max(width, column)
    height = max((row for row, _ in placed), default=-1) + 1
    height = max(height, len(rows))
    # Rows a rowspan reaches past the last printed row are not rows of the table.
    return [[placed.get((row, column), "") for column in range(width)] for row in range(len(rows))][:height]


class _LineWriter:
    """Collects the lines of a rendered page: inline text joins the current line, a block boundary
    ends it, <br> ends it even when empty."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[Table] = []
        self.current: list[str] = []

    def text(self, value: str) -> None:
        self.current.append(value)

    def soft_break(self) -> bool:
        """End the current line if it has text; whether it had."""
        content = _collapse("".join(self.current))
        self.current = []
        if content.strip():
            self.lines.append(normalise_line(content))
            return True
        return False

    def hard_break(self) -> None:
        if not self.soft_break():
            self.lines.append("")

    def blank_line(self) -> None:
        self.lines.append("")


_WRAPPED = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]*[\r\n]\s*(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)


def _collapse(text: str) -> str:
    """HTML whitespace: runs collapse to one space, and a line break between two Chinese characters
    disappears (it was only the page source's wrapping)."""
    return re.sub(r"[ \t\r\n\f]+", " ", _WRAPPED.sub("", text))


def _render(node: _Node, out: _LineWriter, *, pre: bool = False) -> None:
    for child in node.children:
        if isinstance(child, str):
            if pre:
                pieces = re.split(r"\r\n|\r|\n", child)
                for index, piece in enumerate(pieces):
                    if index:
                        out.hard_break()
                    out.text(piece)
            else:
                out.text(child)
            continue
        tag = child.tag
        if tag == "br":
            out.hard_break()
        elif tag == "table" and _is_data_table(child):
            out.soft_break()
            _render_table(child, out)
        elif tag in _BLOCK:
            out.soft_break()
            before = len(out.lines)
            _render(child, out, pre=pre or tag == "pre")
            had_text = out.soft_break()
            if tag in _LINE_BLOCKS and not had_text and len(out.lines) == before:
                out.blank_line()
        else:
            _render(child, out, pre=pre)


def _cell_text(cell: _Node) -> str:
    writer = _LineWriter()
    _render(cell, writer)
    writer.soft_break()
    return normalise_line(join_parts([line for line in writer.lines if line]).replace("\t", " "))


def _render_table(table: _Node, out: _LineWriter) -> None:
    captions = [child for child in table.elements() if child.tag == "caption"]
    for caption in captions:
        text = _cell_text(caption)
        if text:
            out.lines.append(text)
    rows = [
        [(_cell_text(cell), _span(cell, "colspan"), _span(cell, "rowspan")) for cell in row]
        for row in _table_rows(table)
    ]
    grid = [cells for cells in fill_grid(rows) if any(cells)]
    row_lines: list[int] = []
    for cells in grid:
        out.lines.append(_row_line(cells))
        row_lines.append(len(out.lines))
    if grid:
        out.tables.append(Table(rows=tuple(tuple(cells) for cells in grid), row_lines=tuple(row_lines)))


def _row_line(cells: list[str]) -> str:
    """A table row as one line. Rows with no text at all (Word's spacer rows) are left out of tables."""
    return normalise_line(" | ".join(cells))


def read_html_text(text: str, name: str) -> Source:
    root = parse_html(text)
    title = next((" ".join(node.text().split()) for node in root.walk() if node.tag == "title"), "")
    _prune(root, _stats(root).text)
    _forget_stats(root)  # sizes from here on are of what was kept
    body = next((node for node in root.walk() if node.tag == "body"), root)
    writer = _LineWriter()
    for kept in _kept_roots(body):
        writer.soft_break()
        if kept.tag == "table" and _is_data_table(kept):
            _render_table(kept, writer)
        else:
            _render(kept, writer)
    writer.soft_break()
    lines, tables = _drop_junk_lines(writer.lines, writer.tables)
    lines, tables = _trim_blank_edges(lines, tables)
    if not any(line.strip() for line in lines):
        raise UnreadableSource(f"无法读取“{name}”：网页中没有找到报告文字")
    heading = _report_title(title)
    if heading and not any("报告" in line for line in lines[:HEAD_LINES]):
        # The page shows its title only in the browser tab (or as an image): the tab's title, without
        # the site name after it, becomes the first line so the report can still be identified.
        lines = [heading, *lines]
        tables = [Table(table.rows, tuple(number + 1 for number in table.row_lines)) for table in tables]
    return Source(name=name, kind="html", lines=lines, tables=tables)


def _report_title(title: str) -> str:
    """The report's title in a page's <title>, without the site and column names around it."""
    for part in re.split(r"\s*[_|｜—–]+\s*|\s+-+\s+|--+", normalise_line(title)):
        if "报告" in part:
            return part.strip()
    return ""


def _drop_junk_lines(lines: list[str], tables: list[Table]) -> tuple[list[str], list[Table]]:
    """Toolbar lines that survive as plain text (打印本页 关闭窗口, 字体：大 中 小, 当前位置：…); table rows
    are never dropped, and their line numbers are remapped."""
    table_lines = {line for table in tables for line in table.row_lines}
    mapping: dict[int, int] = {}
    kept: list[str] = []
    for number, line in enumerate(lines, start=1):
        text = line
        if number not in table_lines:
            text = normalise_line(_FONT_SWITCH.sub("", line))
            if _JUNK_LINE.search(text) or (line and not text):
                continue
        kept.append(text)
        mapping[number] = len(kept)
    return kept, [Table(table.rows, tuple(mapping[n] for n in table.row_lines)) for table in tables]


def _trim_blank_edges(lines: list[str], tables: list[Table]) -> tuple[list[str], list[Table]]:
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    end = len(lines)
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end], [Table(t.rows, tuple(n - start for n in t.row_lines)) for t in tables]


# --- DOCX -----------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise UnreadableSource(f"无法读取“{name}”：文件已损坏，不是有效的 Word（.docx）文档") from error
    if "word/document.xml" not in names:
        raise UnreadableSource(
            f"无法读取“{name}”：这是一个压缩文件，但不是 Word（.docx）文档（例如 Excel 或其他压缩包）"
        )
    from docx import Document  # python-docx: a project dependency already (letters and reports)

    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds of error for a damaged package
        raise UnreadableSource(f"无法读取“{name}”：Word 文档已损坏，无法打开") from error
    lines: list[str] = []
    tables: list[Table] = []
    for element in _body_blocks(document.element.body):
        if element.tag == f"{_W}p":
            for piece in re.split(r"\n", _paragraph_text(element)):
                lines.append(normalise_line(piece))
        elif element.tag == f"{_W}tbl":
            grid = [cells for cells in _docx_grid(element) if any(cells)]
            row_lines: list[int] = []
            for cells in grid:
                lines.append(_row_line(cells))
                row_lines.append(len(lines))
            if grid:
                tables.append(Table(rows=tuple(tuple(cells) for cells in grid), row_lines=tuple(row_lines)))
    if not any(lines):
        raise UnreadableSource(f"无法读取“{name}”：Word 文档中没有文字")
    return Source(name=name, kind="docx", lines=lines, tables=tables)


def _body_blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, looking inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_blocks(content)


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    for element in paragraph.iter():
        tag = element.tag
        if tag == f"{_W}t" and not _inside(element, f"{_W}del"):
            parts.append(element.text or "")
        elif tag == f"{_W}tab" and element.getparent() is not None and element.getparent().tag == f"{_W}r":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _inside(element: Any, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _docx_cell_text(cell: Any) -> str:
    pieces: list[str] = []
    for paragraph in cell.iter(f"{_W}p"):
        pieces.extend(re.split(r"\n", _paragraph_text(paragraph)))
    return normalise_line(join_parts([normalise_line(p) for p in pieces]).replace("\t", " "))


def _int_attribute(element: Any, path: str) -> int | None:
    found = element.find(path)
    if found is None:
        return None
    value = found.get(f"{_W}val")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _docx_grid(table: Any) -> list[list[str]]:
    """The table's rows on its grid: gridSpan repeats a label across the columns it covers, a vMerge
    continuation repeats the label from above; a merged number stays only where it was printed."""
    grid: list[list[str]] = []
    above: dict[int, tuple[str, bool]] = {}  # column -> (text, numeric) of the last cell printed there
    for row in table.iterchildren(f"{_W}tr"):
        line: list[str] = []
        before = _int_attribute(row, f"{_W}trPr/{_W}gridBefore") or 0
        line.extend([""] * before)
        for cell in _row_cells(row):
            span = max(1, _int_attribute(cell, f"{_W}tcPr/{_W}gridSpan") or 1)
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            start = len(line)
            if continued:
                for offset in range(span):
                    text, numeric = above.get(start + offset, ("", False))
                    line.append("" if numeric else text)
            else:
                text = _docx_cell_text(cell)
                numeric = bool(_NUMERIC_CELL.fullmatch(text))
                for offset in range(span):
                    line.append(text if offset == 0 or not numeric else "")
                    above[start + offset] = (text, numeric)
        grid.append(line)
    width = max((len(line) for line in grid), default=0)
    return [line + [""] * (width - len(line)) for line in grid]


def _row_cells(row: Any) -> Iterator[Any]:
    for child in row.iterchildren():
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from (c for c in content.iterchildren() if c.tag == f"{_W}tc")
