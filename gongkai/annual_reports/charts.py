"""The annual report's charts as specifications: what each chart shows, with its categories, series and
numbers. One specification feeds both renderers, ECharts on the portal (`echarts_option`) and matplotlib
for DOCX and PDF (`chart_images`), so a chart cannot say one thing on screen and another on paper.
Labels come from the format definitions, never spelled here when the format prints them.

Pure: no Django imports."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMATS, ReportFormat

ChartKind = Literal["bar", "pie", "line"]
Value = float | int | None

# Shared by ECharts and matplotlib. The first is the portal's red (site.css --red); the rest stay apart
# for the common colour-vision deficiencies, each ≥ 3:1 against white (WCAG 1.4.11 for graphics).
PALETTE: tuple[str, ...] = ("#a8201a", "#2f6fb0", "#b87514", "#3a8a4f", "#7a4fa0", "#5f6b77", "#c2577a")
TEXT_COLOUR = "#1f2328"
AXIS_COLOUR = "#4f5661"
GRID_COLOUR = "#d0d7de"

# The channels of row 一, in the order reports print them (statistics-vocabulary.md §2).
CHANNELS: tuple[tuple[str, str], ...] = (
    ("requests.channel.in_person", "当面"),
    ("requests.channel.online", "网上"),
    ("requests.channel.letter", "信函"),
    ("requests.channel.fax", "传真"),
    ("requests.channel.email", "电子邮件"),
    ("requests.channel.other", "其他"),
)

# The flat keys of table 三's outcome groups, for documents that state figures without the table.
OUTCOME_GROUP_FIGURES: dict[str, str] = {
    "予以公开": "outcomes.disclosed",
    "部分公开": "outcomes.partially_disclosed",
    "不予公开": "outcomes.refused",
    "无法提供": "outcomes.unable",
    "不予处理": "outcomes.not_processed",
    "其他处理": "outcomes.other",
}

TREND_SERIES: tuple[tuple[str, str], ...] = (
    ("requests.new", "收到申请"),
    ("outcomes.total", "办理结果"),
    ("proactive.total", "主动公开"),
    ("reconsideration.total", "行政复议"),
    ("litigation.total", "行政诉讼"),
)
TREND_UNITS: dict[str, str] = {"proactive.total": "条"}
TREND_MIN_YEARS = 2
PHONE_WIDTH = 480  # px of chart width below which the pie's labels are shortened

_GROUP_NUMBER = re.compile(r"^（[一二三四五六七八九十]+）")
_BRACKETED_NOTE = re.compile(r"（[^（）]*）$")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Value, ...]
    stack: str = ""
    # A unit other than the chart's puts the series on a second value axis (主动公开 counts 条 in the
    # thousands where requests count 件 in the tens).
    unit: str = ""


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = "件"
    note: str = ""

    def rows(self) -> list[tuple[str, tuple[Value, ...]]]:
        """(category, value of each series) — the chart as a table, for text fallbacks and tests."""
        return [
            (category, tuple(series.values[i] for series in self.series))
            for i, category in enumerate(self.categories)
        ]


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def value_axis_units(spec: ChartSpec) -> list[str]:
    """The units of the value axes, the chart's own first; a line chart gets a second axis for a series
    counted in another unit."""
    units = [spec.unit]
    for series in spec.series:
        if series.unit and series.unit not in units:
            units.append(series.unit)
    return units


def series_label(spec: ChartSpec, series: Series) -> str:
    """The legend entry: a series on the second axis says so, or its line would be read against the
    first axis's scale."""
    if series.unit and series.unit != spec.unit:
        return f"{series.name}（{series.unit}，右轴）"
    return series.name


def build_charts(
    document: ReportDocument, trend: Sequence[tuple[int, Mapping[str, int | Decimal]]] = ()
) -> list[ChartSpec]:
    """The charts a report can show, in reading order; a chart without a single non-zero figure is left
    out, since an empty pie or a row of zero bars tells the reader nothing the table does not."""
    fmt = FORMATS.get(document.format)
    candidates = [
        _channel_chart(document),
        _applicant_chart(fmt, document) if fmt else None,
        _outcome_chart(fmt, document) if fmt else None,
        _appeals_chart(fmt, document) if fmt else None,
        _trend_chart(trend),
    ]
    return [spec for spec in candidates if spec is not None and _has_data(spec)]


def _has_data(spec: ChartSpec) -> bool:
    return any(value for series in spec.series for value in series.values)


def _plain(value: Any) -> Value:
    """A figure as a JSON- and matplotlib-friendly number; anything that is not a number counts as
    not stated."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    return None


def _channel_chart(document: ReportDocument) -> ChartSpec | None:
    values = tuple(_plain(document.figures.get(key)) for key, _ in CHANNELS)
    return ChartSpec(
        key="channels",
        title="政府信息公开申请渠道分布",
        kind="pie",
        categories=tuple(label for _, label in CHANNELS),
        series=(Series("申请数量", values),),
    )


def _requests_row(document: ReportDocument, fmt: ReportFormat, row_key: str) -> dict[str, Value] | None:
    """One row of the stated table 三 by column key; None when the document has no table."""
    table = fmt.requests
    data = document.tables.get("requests")
    if table is None or not isinstance(data, dict):
        return None
    line = (data.get("rows") or {}).get(row_key)
    if line is None:
        return {}
    stated_columns: list[str] = list(data.get("columns") or table.column_keys)
    return {
        column: _plain(line[position]) if position < len(line) else None
        for position, column in enumerate(stated_columns)
    }


def _applicant_chart(fmt: ReportFormat, document: ReportDocument) -> ChartSpec | None:
    table = fmt.requests
    if table is None:
        return None
    columns = [column for column in table.columns if column.key != "total"]
    row = _requests_row(document, fmt, "new")
    if row is None:
        values = tuple(_plain(document.figures.get(f"requests.applicant.{c.key}")) for c in columns)
    else:
        values = tuple(row.get(column.key) for column in columns)
    return ChartSpec(
        key="applicants",
        title="本年新收申请的申请人类型",
        kind="bar",
        categories=tuple(column.label for column in columns),
        series=(Series("申请数量", values),),
        note="商业企业至“其他”均为法人或其他组织",
    )


def outcome_group_label(level2: str) -> str:
    """（二）部分公开（区分处理的，只计这一情形，不计其他情形） → 部分公开: the group's name without its
    number and counting note, short enough for an axis."""
    return _BRACKETED_NOTE.sub("", _GROUP_NUMBER.sub("", level2))


def _outcome_chart(fmt: ReportFormat, document: ReportDocument) -> ChartSpec | None:
    table = fmt.requests
    if table is None:
        return None
    groups: dict[str, list[str]] = {}
    for key in table.outcome_keys:
        groups.setdefault(outcome_group_label(table.row(key).level2), []).append(key)
    has_table = isinstance(document.tables.get("requests"), dict)
    values: list[Value] = []
    for label, keys in groups.items():
        if has_table:
            cells = [(_requests_row(document, fmt, key) or {}).get("total") for key in keys]
            stated = [cell for cell in cells if cell is not None]
            values.append(sum(stated) if stated else None)
        else:
            figure = OUTCOME_GROUP_FIGURES.get(label)
            values.append(_plain(document.figures.get(figure)) if figure else None)
    return ChartSpec(
        key="outcomes",
        title="本年度办理结果",
        kind="bar",
        categories=tuple(groups),
        series=(Series("办理结果", tuple(values)),),
        note="按表三“总计”列分组合计",
    )


def _appeals_chart(fmt: ReportFormat, document: ReportDocument) -> ChartSpec | None:
    table = fmt.appeals
    if table is None:
        return None
    data = document.tables.get("appeals")
    columns = [column for column in table.columns if column.key != "total"]
    series = []
    for column in columns:
        values: list[Value] = []
        for group in table.groups:
            if isinstance(data, dict):
                values.append(_plain((data.get(group.key) or {}).get(column.key)))
            else:
                values.append(_plain(document.figures.get(f"{group.figure_prefix}.{column.key}")))
        series.append(Series(column.label, tuple(values), stack="appeals"))
    return ChartSpec(
        key="appeals",
        title="行政复议、行政诉讼结果",
        kind="bar",
        categories=tuple(group.label for group in table.groups),
        series=tuple(series),
    )


def _trend_chart(trend: Sequence[tuple[int, Mapping[str, int | Decimal]]]) -> ChartSpec | None:
    by_year = dict(sorted(trend, key=lambda item: item[0]))
    if len(by_year) < TREND_MIN_YEARS:
        return None
    series = tuple(
        Series(
            label,
            tuple(_plain(figures.get(key)) for figures in by_year.values()),
            unit=TREND_UNITS.get(key, ""),
        )
        for key, label in TREND_SERIES
    )
    return ChartSpec(
        key="trend",
        title=f"{min(by_year)}—{max(by_year)}年主要数据趋势",
        kind="line",
        categories=tuple(f"{year}年" for year in by_year),
        series=series,
        note="折线断开处为该年度报告未载明的数据",
    )


# --- ECharts ------------------------------------------------------------------------------------------


def echarts_option(spec: ChartSpec) -> dict[str, Any]:
    """The ECharts option for a chart: plain JSON (no functions), so it can travel in a
    `<script type="application/json">` block under the portal's CSP."""
    option: dict[str, Any] = {
        "color": list(PALETTE),
        "textStyle": {"color": TEXT_COLOUR, "fontFamily": "'Noto Sans CJK SC', 'PingFang SC', sans-serif"},
        # The page labels the chart itself (role="img" with a sentence of its numbers, and a data table);
        # ECharts' own generated description would replace that label with a vaguer one.
        "aria": {"enabled": False},
        # richText keeps the tooltip inside the chart: the HTML tooltip writes style attributes the CSP
        # (style-src 'self') refuses.
        "tooltip": {"trigger": "item" if spec.kind == "pie" else "axis", "renderMode": "richText"},
        "animationDuration": 400,
    }
    if spec.kind == "pie":
        option.update(_pie_option(spec))
        # On a phone the "网上 65件（73.0%）" labels outside the ring run off the edge: shorter labels on a
        # smaller ring there (ECharts media queries need the option split into baseOption and media).
        return {
            "baseOption": option,
            "media": [
                {
                    "query": {"maxWidth": PHONE_WIDTH},
                    "option": {"series": [{"radius": ["28%", "50%"], "label": {"formatter": "{b}\n{d}%"}}]},
                }
            ],
        }
    if spec.kind == "bar":
        option.update(_bar_option(spec))
    else:
        option.update(_line_option(spec))
    return option


def _pie_option(spec: ChartSpec) -> dict[str, Any]:
    series = spec.series[0]
    # Colours follow the categories, not the slices drawn, so 其他 keeps its colour when a channel has
    # no applications (the matplotlib image does the same).
    data = [
        {"name": category, "value": value, "itemStyle": {"color": colour(i)}}
        for i, (category, value) in enumerate(zip(spec.categories, series.values, strict=True))
        if value
    ]
    return {
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "name": series.name,
                "radius": ["35%", "62%"],
                "center": ["50%", "45%"],
                "data": data,
                "label": {"formatter": f"{{b}}\n{{c}}{spec.unit}（{{d}}%）"},
                "itemStyle": {"borderColor": "#fff", "borderWidth": 1},
            }
        ],
    }


def _bar_option(spec: ChartSpec) -> dict[str, Any]:
    stacked = any(series.stack for series in spec.series)
    option: dict[str, Any] = {
        # Horizontal bars: category labels of up to six characters stay readable on a 360 px phone.
        "grid": {
            "left": 8,
            "right": 48,
            "top": 36 if len(spec.series) > 1 else 12,
            "bottom": 8,
            "containLabel": True,
        },
        "xAxis": {
            "type": "value",
            "name": spec.unit,
            "minInterval": 1,
            "splitLine": {"lineStyle": {"color": GRID_COLOUR}},
        },
        "yAxis": {
            "type": "category",
            "data": list(spec.categories),
            "inverse": True,
            "axisLabel": {"interval": 0},
        },
        "series": [
            {
                "type": "bar",
                "name": series.name,
                "data": [_bar_datum(value, stacked=stacked) for value in series.values],
                **({"stack": series.stack} if series.stack else {}),
                "label": {"show": True, "position": "inside" if stacked else "right"},
                "barMaxWidth": 28,
            }
            for series in spec.series
        ],
    }
    if len(spec.series) > 1:
        option["legend"] = {"top": 0, "type": "scroll"}
    return option


def _bar_datum(value: Value, *, stacked: bool) -> Value | dict[str, Any]:
    # A zero segment of a stacked bar has no width, so its "0" label would sit on its neighbour's.
    if stacked and value == 0:
        return {"value": 0, "label": {"show": False}}
    return value


def _line_option(spec: ChartSpec) -> dict[str, Any]:
    units = value_axis_units(spec)
    return {
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 8, "right": 8, "top": 48, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": list(spec.categories), "boundaryGap": False},
        "yAxis": [
            {
                "type": "value",
                "name": unit,
                "minInterval": 1,
                "splitLine": {"show": i == 0, "lineStyle": {"color": GRID_COLOUR}},
            }
            for i, unit in enumerate(units)
        ],
        "series": [
            {
                "type": "line",
                "name": series_label(spec, series),
                "data": list(series.values),
                "yAxisIndex": units.index(series.unit or spec.unit),
                # A year the report does not state is a gap, not a zero.
                "connectNulls": False,
                "symbolSize": 7,
            }
            for series in spec.series
        ],
    }
