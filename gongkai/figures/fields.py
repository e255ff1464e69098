"""The figures of table 二 that live in other systems (审批, 执法, 财政, 采购) and are entered by staff,
as plain data: their names, the Chinese labels of the form and the CSV columns, and how a raw cell
is read. No Django here, so the same rules serve the form, the CSV import and the service.

Decision counts are one field shared by both layouts: the 2019 column 处理决定数量 and the 2021 column
本年处理决定数量 are the same quantity (decisions made in the year), so a figure entered once shows in
whichever layout is printed. The 2019 trial format's extra columns (上一年项目数量, 本年增/减) and rows
(其他对外管理服务事项, 政府集中采购) have fields of their own."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

FIRST_YEAR = 2008  # the first 条例 took effect on 2008-05-01; no annual report covers an earlier year

# Amounts are kept in 万元 with 4 decimals, i.e. to the yuan; at most 10 digits before the point so
# that every stored value survives SQLite's floating-point NUMERIC storage exactly.
AMOUNT_DECIMALS = 4
AMOUNT_INTEGER_DIGITS = 10
AMOUNT_MAX_DIGITS = AMOUNT_DECIMALS + AMOUNT_INTEGER_DIGITS
_AMOUNT_STEP = Decimal(1).scaleb(-AMOUNT_DECIMALS)
MAX_COUNT = 2_147_483_647  # the integer column's range on every supported database


class Kind(StrEnum):
    COUNT = "count"  # a non-negative integer
    SIGNED = "signed"  # 本年增/减: a signed integer
    AMOUNT = "amount"  # 万元, ≥ 0, up to 4 decimals


@dataclass(frozen=True)
class FigureField:
    name: str  # model field and `values` key of services.figures_save
    row: str  # the table row as printed, e.g. 行政许可
    column: str  # the column as printed, e.g. 本年处理决定数量
    kind: Kind
    layouts: tuple[str, ...]  # the table 二 layouts that print it
    aliases: tuple[str, ...] = ()  # other CSV headers accepted for it

    @property
    def label(self) -> str:
        """The CSV column and the name in messages: row and column together, e.g. 行政许可本年处理决定数量."""
        return f"{self.row}{self.column}"


_BOTH = ("2019", "2021")
_TRIAL = ("2019",)

FIELDS: tuple[FigureField, ...] = (
    FigureField(
        "licensing_decisions", "行政许可", "本年处理决定数量", Kind.COUNT, _BOTH, ("行政许可处理决定数量",)
    ),
    FigureField(
        "penalty_decisions", "行政处罚", "本年处理决定数量", Kind.COUNT, _BOTH, ("行政处罚处理决定数量",)
    ),
    FigureField(
        "enforcement_decisions", "行政强制", "本年处理决定数量", Kind.COUNT, _BOTH, ("行政强制处理决定数量",)
    ),
    FigureField(
        "admin_fees_amount",
        "行政事业性收费",
        "本年收费金额（万元）",
        Kind.AMOUNT,
        ("2021",),
        ("行政事业性收费本年收费金额（单位：万元）", "行政事业性收费本年收费金额"),
    ),
    FigureField("licensing_previous_items", "行政许可", "上一年项目数量", Kind.COUNT, _TRIAL),
    FigureField("licensing_change", "行政许可", "本年增/减", Kind.SIGNED, _TRIAL, ("行政许可本年增减",)),
    FigureField(
        "other_services_previous_items", "其他对外管理服务事项", "上一年项目数量", Kind.COUNT, _TRIAL
    ),
    FigureField(
        "other_services_change",
        "其他对外管理服务事项",
        "本年增/减",
        Kind.SIGNED,
        _TRIAL,
        ("其他对外管理服务事项本年增减",),
    ),
    FigureField(
        "other_services_decisions",
        "其他对外管理服务事项",
        "处理决定数量",
        Kind.COUNT,
        _TRIAL,
        ("其他对外管理服务事项本年处理决定数量",),
    ),
    FigureField("penalty_previous_items", "行政处罚", "上一年项目数量", Kind.COUNT, _TRIAL),
    FigureField("penalty_change", "行政处罚", "本年增/减", Kind.SIGNED, _TRIAL, ("行政处罚本年增减",)),
    FigureField("enforcement_previous_items", "行政强制", "上一年项目数量", Kind.COUNT, _TRIAL),
    FigureField("enforcement_change", "行政强制", "本年增/减", Kind.SIGNED, _TRIAL, ("行政强制本年增减",)),
    FigureField("admin_fees_previous_items", "行政事业性收费", "上一年项目数量", Kind.COUNT, _TRIAL),
    FigureField(
        "admin_fees_change", "行政事业性收费", "本年增/减", Kind.SIGNED, _TRIAL, ("行政事业性收费本年增减",)
    ),
    FigureField("procurement_items", "政府集中采购", "采购项目数量", Kind.COUNT, _TRIAL),
    FigureField(
        "procurement_amount",
        "政府集中采购",
        "采购总金额（万元）",
        Kind.AMOUNT,
        _TRIAL,
        ("政府集中采购采购总金额",),
    ),
)

BY_NAME: dict[str, FigureField] = {f.name: f for f in FIELDS}
NAMES: tuple[str, ...] = tuple(BY_NAME)

Value = int | Decimal


class FigureError(ValueError):
    """A cell that cannot be stored; the message names the figure and says what is expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_header(text: str) -> str:
    """CSV headers as typed by people and spreadsheets: full-width forms folded (NFKC), spaces dropped,
    brackets unified, so 行政许可 本年处理决定数量 and 行政许可本年处理决定数量 are the same column."""
    folded = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    return re.sub(r"\s+", "", folded).replace("(", "（").replace(")", "）")


HEADERS: dict[str, FigureField] = {normalise_header(h): f for f in FIELDS for h in (f.label, *f.aliases)}


_INTEGER = re.compile(r"[+-]?\d+")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2014": "-", "\u2013": "-"})


def _text(raw: object) -> str:
    text = unicodedata.normalize("NFKC", str(raw)).translate(_MINUS_SIGNS)
    # Thousands separators as spreadsheets print them (1,234 / 1 234).
    return re.sub(r"[\s,]", "", text)


def parse_value(field: FigureField, raw: object) -> Value | None:
    """A raw cell (str, int, Decimal or None) as the value to store; blank means "not entered" (None),
    which is not 0. Raises FigureError with a message a clerk can act on."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal | float):
        raise FigureError(f"{field.label}的值无效")
    if field.kind is Kind.AMOUNT:
        return _parse_amount(field, raw)
    text = _text(raw)
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not _INTEGER.fullmatch(text):
        expected = "整数（可为负数）" if field.kind is Kind.SIGNED else "不小于0的整数"
        raise FigureError(f"{field.label}应为{expected}，不能是“{str(raw).strip()}”")
    value = int(text)
    if field.kind is Kind.COUNT and value < 0:
        raise FigureError(f"{field.label}应为不小于0的整数")
    if abs(value) > MAX_COUNT:
        raise FigureError(f"{field.label}数值过大")
    return value


def _parse_amount(field: FigureField, raw: str | int | Decimal | float) -> Decimal:
    try:
        value = Decimal(_text(raw)) if not isinstance(raw, Decimal) else raw
    except InvalidOperation:
        raise FigureError(
            f"{field.label}应为以万元为单位的数字（最多4位小数），不能是“{str(raw).strip()}”"
        ) from None
    if not value.is_finite():
        raise FigureError(f"{field.label}应为以万元为单位的数字")
    if value < 0:
        raise FigureError(f"{field.label}不能为负数")
    if value >= Decimal(10) ** AMOUNT_INTEGER_DIGITS:
        raise FigureError(f"{field.label}数值过大")
    stored = value.quantize(_AMOUNT_STEP)
    if stored != value:
        raise FigureError(f"{field.label}最多保留{AMOUNT_DECIMALS}位小数（万元精确到元）")
    return stored


def year_error(year: object, *, this_year: int) -> str | None:
    """Why `year` cannot carry figures, or None. Next year is allowed so a system can be set up early."""
    if isinstance(year, bool) or not isinstance(year, int):
        return "年度应为四位数字的年份"
    if not FIRST_YEAR <= year <= this_year + 1:
        return f"年度应在{FIRST_YEAR}年至{this_year + 1}年之间"
    return None


def display(value: Value | None) -> str:
    """How a cell prints: blank cells (nothing entered) as "—", never as 0; amounts without trailing
    zeros (12.5, not 12.5000)."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
