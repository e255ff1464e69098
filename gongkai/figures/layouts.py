"""Table 二 (主动公开政府信息情况) as printed in the 2021 format (国办公开办函〔2021〕30号, ogi-rules.md §1.3)
and the 2019 trial format (国办公开办函〔2019〕60号, §2.2): captions, column headers and row labels
verbatim, in print order, and where each cell's value comes from.

Keys: every cell has a `tables.proactive` key (row key, column key); cells the statistics vocabulary
names (statistics-vocabulary.md §2, "Proactive disclosure") also carry their flat `figures` key.
Cells without a vocabulary key (the 2019 format's 本年新公开数量, 对外公开总数量, 上一年项目数量 …) appear
in the table only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layout = Literal["2021", "2019"]
LAYOUTS: tuple[Layout, ...] = ("2021", "2019")
ROW_HEADER = "信息内容"
FORMAT_2019_FROM = 2019  # first report year under the 2019 条例 and its trial format
FORMAT_2021_FROM = 2021  # 国办公开办函〔2021〕30号 applies from the 2021 annual report


@dataclass(frozen=True)
class Catalogue:
    """A count from the catalogue (gongkai.catalogue.table_two): kind and KindCounts attribute."""

    kind: str
    count: str


@dataclass(frozen=True)
class Entered:
    """A figure staff enter (models.AgencyYearFigures field)."""

    field: str


@dataclass(frozen=True)
class CellDef:
    column: str  # tables.proactive column key
    source: Catalogue | Entered
    figure: str | None = None  # the flat statistics-vocabulary key, when there is one


@dataclass(frozen=True)
class RowDef:
    key: str  # tables.proactive row key
    label: str  # as printed
    cells: tuple[CellDef, ...]


@dataclass(frozen=True)
class SectionDef:
    caption: str  # as printed, 第二十条第（一）项
    columns: tuple[tuple[str, str], ...]  # (column key, header as printed), after 信息内容
    rows: tuple[RowDef, ...]


def _documents_2021(key: str, label: str, kind: str) -> RowDef:
    return RowDef(
        key,
        label,
        tuple(
            CellDef(column, Catalogue(kind, column), f"proactive.{key}.{column}")
            for column in ("issued", "repealed", "in_force")
        ),
    )


def _documents_2019(key: str, label: str, kind: str) -> RowDef:
    return RowDef(
        key,
        label,
        (
            CellDef("new", Catalogue(kind, "new"), f"proactive.{key}.new"),
            CellDef("published", Catalogue(kind, "published")),
            CellDef("public_total", Catalogue(kind, "public_total")),
        ),
    )


def _decisions_2021(key: str, label: str, field: str) -> RowDef:
    return RowDef(key, label, (CellDef("decisions", Entered(field), f"proactive.{key}.decisions"),))


def _items_2019(key: str, label: str, prefix: str, *, decisions: str | None) -> RowDef:
    cells = [
        CellDef("previous_items", Entered(f"{prefix}_previous_items")),
        CellDef("change", Entered(f"{prefix}_change")),
    ]
    if decisions is not None:
        cells.append(CellDef("decisions", Entered(decisions), f"proactive.{key}.decisions"))
    return RowDef(key, label, tuple(cells))


REGULATION = "regulation"  # catalogue.categories.DocKind values
NORMATIVE_DOCUMENT = "normative_document"

_DECISIONS_2021 = (("decisions", "本年处理决定数量"),)
_ITEMS_2019 = (("previous_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))

TABLES: dict[Layout, tuple[SectionDef, ...]] = {
    "2021": (
        SectionDef(
            "第二十条第（一）项",
            (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
            (
                _documents_2021("regulations", "规章", REGULATION),
                _documents_2021("normative_documents", "行政规范性文件", NORMATIVE_DOCUMENT),
            ),
        ),
        SectionDef(
            "第二十条第（五）项",
            _DECISIONS_2021,
            (_decisions_2021("licensing", "行政许可", "licensing_decisions"),),
        ),
        SectionDef(
            "第二十条第（六）项",
            _DECISIONS_2021,
            (
                _decisions_2021("penalties", "行政处罚", "penalty_decisions"),
                _decisions_2021("enforcement", "行政强制", "enforcement_decisions"),
            ),
        ),
        SectionDef(
            "第二十条第（八）项",
            (("amount_10k_yuan", "本年收费金额（单位：万元）"),),
            (
                RowDef(
                    "admin_fees",
                    "行政事业性收费",
                    (
                        CellDef(
                            "amount_10k_yuan",
                            Entered("admin_fees_amount"),
                            "proactive.admin_fees.amount_10k_yuan",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "2019": (
        SectionDef(
            "第二十条第（一）项",
            (("new", "本年新制作数量"), ("published", "本年新公开数量"), ("public_total", "对外公开总数量")),
            (
                _documents_2019("regulations", "规章", REGULATION),
                # The 2019 trial format prints 规范性文件; 2021 renamed the row 行政规范性文件.
                _documents_2019("normative_documents", "规范性文件", NORMATIVE_DOCUMENT),
            ),
        ),
        SectionDef(
            "第二十条第（五）项",
            _ITEMS_2019,
            (
                _items_2019("licensing", "行政许可", "licensing", decisions="licensing_decisions"),
                _items_2019(
                    "other_services",
                    "其他对外管理服务事项",
                    "other_services",
                    decisions="other_services_decisions",
                ),
            ),
        ),
        SectionDef(
            "第二十条第（六）项",
            _ITEMS_2019,
            (
                _items_2019("penalties", "行政处罚", "penalty", decisions="penalty_decisions"),
                _items_2019("enforcement", "行政强制", "enforcement", decisions="enforcement_decisions"),
            ),
        ),
        SectionDef(
            "第二十条第（八）项",
            _ITEMS_2019[:2],
            (
                RowDef(
                    "admin_fees",
                    "行政事业性收费",
                    (
                        # statistics-vocabulary.md: `proactive.admin_fees.items` is the 2019 format's
                        # item count; the printed count is 上一年项目数量 (本年增/减 is a change).
                        CellDef(
                            "previous_items",
                            Entered("admin_fees_previous_items"),
                            "proactive.admin_fees.items",
                        ),
                        CellDef("change", Entered("admin_fees_change")),
                    ),
                ),
            ),
        ),
        SectionDef(
            "第二十条第（九）项",
            (("items", "采购项目数量"), ("amount_10k_yuan", "采购总金额")),
            (
                RowDef(
                    "procurement",
                    "政府集中采购",
                    (
                        CellDef("items", Entered("procurement_items"), "proactive.procurement.items"),
                        # No unit is printed in the 2019 format; the platform keeps 万元 like 2021's fees.
                        CellDef("amount_10k_yuan", Entered("procurement_amount")),
                    ),
                ),
            ),
        ),
    ),
}


def default_layout(year: int) -> Layout | None:
    """The format an annual report for `year` is printed in: the 2019 trial format for the 2019 and
    2020 reports, the 2021 format from the 2021 report on; None before 2019 (the 2008 条例's reports
    have no table 二)."""
    if year >= FORMAT_2021_FROM:
        return "2021"
    if year >= FORMAT_2019_FROM:
        return "2019"
    return None
