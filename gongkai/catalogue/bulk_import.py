"""Reading an old CMS's catalogue export (CSV or XLSX) into checked rows, without touching the database.

The header row names the columns in Chinese, as 政府信息公开目录 exports do (索引号, 名称, 生成日期,
公开类别, ...), or with the English field names; column order does not matter. Every problem is
reported with its spreadsheet row number and the Chinese column name, all problems of a row at once,
so a clerk can fix the file in one pass. Resolving 主题分类 and finding existing items is left to
import_service, which knows the database."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from django.utils import translation

from gongkai.catalogue.categories import (
    ARTICLE_21,
    SHORT_LABELS,
    Category,
    DocKind,
    Genre,
    PublishChannel,
    Scope,
    Validity,
)

MAX_ROWS = 50_000
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the Chinese header, used in every message
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("index_number", "索引号", ("index_number", "索引编号"), help="原系统的索引号，导入后保持不变"),
    Column("source_id", "原系统编号", ("source_id", "原编号", "信息编号", "id"), help="用于重复导入时更新而不是新增"),
    Column("title", "名称", ("title", "标题", "信息名称"), required=True),
    Column("summary", "内容概述", ("summary", "摘要", "内容摘要")),
    Column("created_on", "生成日期", ("created_on", "成文日期", "形成日期"), required=True),
    Column("published_on", "发布日期", ("published_on", "公开日期")),
    Column("document_number", "文号", ("document_number", "发文字号")),
    Column("category", "公开类别", ("category", "类别", "公开事项"), required=True, help="1-15、21，或“（一）”“第二十条第（一）项”"),
    Column("topic", "主题分类", ("topic", "主题"), help="如 综合政务\\政务公开"),
    Column("genre", "体裁", ("genre", "体裁分类")),
    Column("channels", "公开渠道", ("channels", "公开方式"), help="多个渠道用顿号分隔"),
    Column("scope", "公开范围", ("scope",)),
    Column("kind", "文件类型", ("kind", "文件种类"), help="规章、行政规范性文件或其他"),
    Column("validity", "有效性", ("validity",)),
    Column("valid_from", "施行日期", ("valid_from", "生效日期")),
    Column("validity_changed_on", "失效或废止日期", ("validity_changed_on", "废止日期", "失效日期")),
    Column("keywords", "主题词", ("keywords", "关键词")),
    Column("body", "正文", ("body", "内容")),
)  # fmt: skip
LABELS: dict[str, str] = {c.key: c.label for c in COLUMNS}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (wrong format, no header, missing columns)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # the Chinese column name, or "" for the whole row
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Row:
    """One checked row; the values are what services.ItemInput expects, plus what only import has."""

    row: int
    title: str
    created_on: date
    category: int
    index_number: str = ""
    source_id: str = ""
    summary: str = ""
    body: str = ""
    document_number: str = ""
    published_on: date | None = None
    topic: str = ""  # "综合政务\\政务公开"; resolved against the Topic table by the service
    genre: str = Genre.OTHER
    channels: tuple[str, ...] = (PublishChannel.WEBSITE,)
    scope: str = Scope.PUBLIC
    kind: str = DocKind.OTHER
    validity: str = ""
    valid_from: date | None = None
    validity_changed_on: date | None = None
    keywords: str = ""


@dataclass
class Sheet:
    columns: dict[int, str]  # position in the row -> Column.key
    unknown: list[str]  # headers that name no column (ignored, reported once)
    records: Iterator[tuple[int, dict[str, object]]]  # (spreadsheet row number, key -> cell value)
    warnings: list[str] = field(default_factory=list)


# --- reading the file ---------------------------------------------------------------------------------


def _normal_header(text: str) -> str:
    text = str(text).replace("\ufeff", "").strip().strip("*＊").strip()
    return re.sub(r"\s+", "", text).lower()


@cache
def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in COLUMNS:
        for name in (column.label, column.key, *column.aliases):
            index[_normal_header(name)] = column.key
    return index


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # Excel's "CSV" on a Chinese Windows
    except UnicodeDecodeError as exc:
        raise ImportFileError("无法识别文件编码，请另存为UTF-8编码的CSV文件或XLSX文件") from exc


def _csv_rows(data: bytes) -> Iterator[list[object]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterator[list[object]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or non-XLSX file
        raise ImportFileError("无法读取XLSX文件，文件可能已损坏") from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def open_sheet(filename: str, data: bytes) -> Sheet:
    """Reads the header; the returned records iterate lazily so a batch can stop early."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，请分成多个文件导入")
    name = filename.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt", ".tsv")):
        rows = _csv_rows(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("不支持旧版Excel（XLS）文件，请另存为XLSX或CSV后导入")
    else:
        raise ImportFileError("请上传CSV或XLSX文件")
    header: list[object] | None = None
    header_row = 0
    for number, values in enumerate(rows, start=1):
        if any(cell_text(v) for v in values):
            header, header_row = values, number
            break
    if header is None:
        raise ImportFileError("文件是空的")
    return _sheet(header, header_row, rows)


def _sheet(header: list[object], header_row: int, rows: Iterator[list[object]]) -> Sheet:
    index = _header_index()
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for position, value in enumerate(header):
        name = _normal_header(cell_text(value))
        if not name:
            continue
        key = index.get(name)
        if key is None:
            unknown.append(cell_text(value))
        elif key in columns.values():
            raise ImportFileError(f"表头中“{LABELS[key]}”出现了两次")
        else:
            columns[position] = key
    missing = [c.label for c in COLUMNS if c.required and c.key not in columns.values()]
    if missing:
        raise ImportFileError(
            f"表头缺少必填列：{'、'.join(missing)}。请使用导入模板，第一行为列名"
            + (f"（无法识别的列：{'、'.join(unknown[:8])}）" if unknown else "")
        )

    def records() -> Iterator[tuple[int, dict[str, object]]]:
        for number, values in enumerate(rows, start=header_row + 1):
            record = {key: values[pos] for pos, key in columns.items() if pos < len(values)}
            if any(cell_text(v) for v in record.values()):
                yield number, record

    warnings = [f"以下列无法识别，已忽略：{'、'.join(unknown)}"] if unknown else []
    return Sheet(columns=columns, unknown=unknown, records=records(), warnings=warnings)


# --- cell values --------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 原系统编号 12345 comes out of Excel as 12345.0
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 after Excel's leap-year bug
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object) -> date:
    """2026-03-02, 2026/3/2, 2026.3.2, 2026年3月2日, 20260302, or an Excel date cell or serial."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20_000 <= value <= 80_000:  # 1954..2119 as Excel serial numbers
            return _EXCEL_EPOCH + timedelta(days=int(value))
        value = cell_text(value)
    text = cell_text(value).replace("／", "/").replace("－", "-").replace("．", ".")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"“{text}”不是有效的日期") from exc
    raise ValueError(f"“{text}”不是可识别的日期，请写成2026-03-02或2026年3月2日")


_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _chinese_number(text: str) -> int | None:
    """一 … 十五, 二十一: the numerals the 条例's items use."""
    if not text or any(ch not in _NUMERALS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)
    return _NUMERALS[text] if len(text) == 1 else None


def parse_category(value: object) -> int:
    """1-15 or 21; （一）…（十五）; 第二十条第（一）项; 第二十一条; the full or short label."""
    text = cell_text(value).replace("(", "（").replace(")", "）").replace(" ", "")
    number: int | None
    if re.fullmatch(r"\d+(\.0+)?", text):  # 11, or 11.0 from a spreadsheet's number cell
        number = int(float(text))
    elif text.startswith("第二十一条"):
        number = ARTICLE_21
    else:
        match = re.match(r"^(?:第二十条)?第?（?([一二三四五六七八九十]+)）?项?", text)
        number = _chinese_number(match.group(1)) if match else None
        if number is None:
            number = next((n for n, label in SHORT_LABELS.items() if label == text), None)
    if number is None or number not in Category.values:
        raise ValueError(f"“{cell_text(value)}”不是第二十条（一）至（十五）项或第二十一条规定的类别")
    return number


@cache
def _choice_index(kind: str) -> dict[str, str]:
    """Label or value -> value, with the labels in Chinese whatever language the request uses."""
    choices = {
        "genre": Genre,
        "channel": PublishChannel,
        "kind": DocKind,
        "validity": Validity,
        "scope": Scope,
    }[kind]
    index: dict[str, str] = {}
    with translation.override("zh-hans"):
        for value, label in choices.choices:
            index[str(value)] = str(value)
            index[_plain(str(label))] = str(value)
    index.update({k: str(v) for k, v in _SYNONYMS.get(kind, {}).items()})
    return index


_SYNONYMS: dict[str, dict[str, str]] = {
    "genre": {"命令": Genre.ORDER, "令": Genre.ORDER, "规划": Genre.PLAN, "计划": Genre.PLAN},
    "channel": {
        "网站": PublishChannel.WEBSITE,
        "门户网站": PublishChannel.WEBSITE,
        "公报": PublishChannel.GAZETTE,
        "微博": PublishChannel.WEIBO,
        "微信": PublishChannel.WECHAT,
        "微信公众号": PublishChannel.WECHAT,
        "政务新媒体": PublishChannel.APP,
        "发布会": PublishChannel.PRESS_CONFERENCE,
        "报刊": PublishChannel.MEDIA,
        "广播电视": PublishChannel.MEDIA,
    },
    "kind": {"规范性文件": DocKind.NORMATIVE_DOCUMENT},
    "scope": {"社会": Scope.PUBLIC, "公开": Scope.PUBLIC},
}


def _plain(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace(" ", "").lower()


def _choice(kind: str, value: object, label: str) -> str:
    text = _plain(cell_text(value))
    found = _choice_index(kind).get(text)
    if found is None:
        raise ValueError(f"无法识别的{label}“{cell_text(value)}”")
    return found


def parse_channels(value: object) -> tuple[str, ...]:
    parts = [p for p in re.split(r"[、,，;；/|\s]+", cell_text(value)) if p]
    if not parts:
        return (PublishChannel.WEBSITE,)
    found: list[str] = []
    unknown: list[str] = []
    for part in parts:
        channel = _choice_index("channel").get(_plain(part))
        if channel is None:
            unknown.append(part)
        elif channel not in found:
            found.append(channel)
    if unknown:
        raise ValueError(f"无法识别的公开渠道：{'、'.join(unknown)}")
    return tuple(found)


def body_html(value: object) -> str:
    """Old CMS bodies are HTML (kept; services sanitise it) or plain text (one paragraph per line)."""
    text = cell_text(value)
    if re.search(r"<(p|div|br|span|table|h[1-6]|ul|ol|strong|b)\b", text, re.IGNORECASE):
        return text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


_PARSERS: dict[str, Callable[[object], Any]] = {
    "created_on": parse_date,
    "published_on": parse_date,
    "valid_from": parse_date,
    "validity_changed_on": parse_date,
    "category": parse_category,
    "genre": lambda v: _choice("genre", v, "体裁"),
    "kind": lambda v: _choice("kind", v, "文件类型"),
    "validity": lambda v: _choice("validity", v, "有效性"),
    "scope": lambda v: _choice("scope", v, "公开范围"),
    "channels": parse_channels,
}


# --- one row ------------------------------------------------------------------------------------------


def parse_row(number: int, record: dict[str, object], *, require_published_on: bool) -> Row | list[RowError]:
    """A checked row, or every problem the row has."""
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def fail(key: str, message: str) -> None:
        errors.append(RowError(number, LABELS[key], message))

    def text(key: str, limit: int) -> str:
        value = (
            " ".join(cell_text(record.get(key)).split()) if key != "summary" else cell_text(record.get(key))
        )
        if len(value) > limit:
            fail(key, f"不能超过{limit}字")
        return value

    values["title"] = text("title", 300)
    if not values["title"]:
        fail("title", "必须填写")
    values["index_number"] = text("index_number", 40)
    values["source_id"] = text("source_id", 100)
    values["summary"] = text("summary", 2000)
    values["document_number"] = text("document_number", 100)
    values["keywords"] = text("keywords", 200)
    values["topic"] = cell_text(record.get("topic")).replace("/", "\\").replace("＼", "\\")
    values["body"] = body_html(record.get("body"))

    for key, parser in _PARSERS.items():
        raw = record.get(key)
        if not cell_text(raw):
            if key in ("created_on", "category"):
                fail(key, "必须填写")
            elif key == "published_on" and require_published_on:
                fail(key, "直接发布时必须填写原系统的发布日期")
            continue
        try:
            values[key] = parser(raw)
        except ValueError as exc:
            fail(key, str(exc))

    _check_dates(values, fail)
    if errors:
        return errors
    return Row(row=number, **values)


def _check_dates(values: dict[str, Any], fail: Callable[[str, str], None]) -> None:
    created, published = values.get("created_on"), values.get("published_on")
    changed = values.get("validity_changed_on")
    if isinstance(created, date) and isinstance(published, date) and published < created:
        fail("published_on", "发布日期不能早于生成日期")
    validity = values.get("validity", "")
    if changed is not None and validity not in (Validity.EXPIRED, Validity.REPEALED):
        fail("validity_changed_on", "只有失效或废止的文件需要填写失效或废止日期")
    if validity and values.get("kind", DocKind.OTHER) == DocKind.OTHER:
        fail("validity", "只有规章和行政规范性文件需要标注有效性")


# --- the template ---------------------------------------------------------------------------------------


def template_csv() -> bytes:
    """The downloadable template: UTF-8 with BOM so Excel on Windows opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([("*" if c.required else "") + c.label for c in COLUMNS])
    example = {
        "index_number": "",
        "source_id": "CMS-2021-0001",
        "title": "明湖市教育局关于2021年义务教育招生工作的通知",
        "summary": "明确2021年义务教育阶段招生范围、时间安排和报名方式。",
        "created_on": "2021-03-02",
        "published_on": "2021-03-05",
        "document_number": "明教〔2021〕3号",
        "category": "（十一）",
        "topic": "科技、教育\\教育",
        "genre": "通知",
        "channels": "政府网站、政务微信",
        "scope": "面向社会",
        "kind": "行政规范性文件",
        "validity": "有效",
        "valid_from": "2021-04-01",
        "validity_changed_on": "",
        "keywords": "招生 义务教育",
        "body": "各区教育局：\n现将2021年义务教育招生工作通知如下。",
    }
    writer.writerow([example[c.key] for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
