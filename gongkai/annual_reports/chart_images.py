"""The report's charts as images for DOCX (PNG) and PDF (SVG), drawn by matplotlib from the same
specifications and colours as the portal's ECharts options (charts.py).

SVG text is written as glyph outlines, so the PDF needs no font for it and the image looks the same in
any viewer. Figures are built without pyplot, and the fonts are set per drawing (rc_context) so other
matplotlib users in the process are not affected; rcParams are global, so drawings take turns (a lock)
rather than reset each other's fonts halfway in a threaded worker. No Django imports."""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# matplotlib writes its font cache on first import; a web server's home directory is often read-only.
if not os.environ.get("MPLCONFIGDIR"):
    _config_dir = Path(tempfile.gettempdir()) / f"gongkai-matplotlib-{os.getuid()}"
    _config_dir.mkdir(mode=0o700, exist_ok=True)
    if _config_dir.stat().st_uid != os.getuid():
        # Someone else made the shared name first: do not let them supply our font cache.
        _config_dir = Path(tempfile.mkdtemp(prefix="gongkai-matplotlib-"))
    os.environ["MPLCONFIGDIR"] = str(_config_dir)

import matplotlib as mpl

mpl.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

from gongkai.annual_reports.charts import (
    AXIS_COLOUR,
    GRID_COLOUR,
    TEXT_COLOUR,
    ChartSpec,
    colour,
    series_label,
    value_axis_units,
)
from gongkai.annual_reports.grid import format_value

FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Zen Hei"]
_RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILIES,
    # The Unicode minus (U+2212) is missing from some CJK fonts; a hyphen always renders.
    "axes.unicode_minus": False,
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": AXIS_COLOUR,
    "axes.edgecolor": GRID_COLOUR,
    "xtick.color": AXIS_COLOUR,
    "ytick.color": AXIS_COLOUR,
    "svg.fonttype": "path",
    # Reproducible SVG: the same chart gives the same bytes (and ids) on every render.
    "svg.hashsalt": "gongkai",
}
# 16 × 9 cm: the width of an A4 text block with 公文 margins.
FIGURE_SIZE_IN = (6.3, 3.55)
SVG_DPI = 72


_LOCK = threading.Lock()


@contextmanager
def _style() -> Iterator[None]:
    with _LOCK, mpl.rc_context(_RC):
        yield


def render_svg(spec: ChartSpec, *, titled: bool = False, id_prefix: str | None = None) -> str:
    """The chart as an SVG element (no XML prolog) ready to inline in HTML. The title is the SVG's
    <title> (its accessible name); drawn only when `titled`, since DOCX and PDF caption each chart.
    Element ids carry `id_prefix` (default: chart-<key>) so several charts can share one page."""
    with _style():
        figure = _draw(spec, titled=titled)
        out = io.StringIO()
        figure.savefig(out, format="svg", dpi=SVG_DPI, metadata={"Date": None, "Title": spec.title})
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _METADATA.sub("", svg)
    return _prefix_ids(_presentation_attributes(svg), id_prefix or f"chart-{spec.key}")


def render_png(spec: ChartSpec, *, dpi: int = 150, titled: bool = False) -> bytes:
    with _style():
        figure = _draw(spec, titled=titled)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=dpi, facecolor="white")
    return out.getvalue()


_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>\*\{([^}]*)\}</style>")
_STYLE_ATTRIBUTE = re.compile(r'\bstyle="([^"]*)"')


def _declarations_as_attributes(declarations: str) -> str:
    pairs = (part.split(":", 1) for part in declarations.split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def _presentation_attributes(svg: str) -> str:
    """matplotlib styles its SVG with style attributes and a <style> element. Inline in a page, the CSP
    (style-src 'self') blocks both, and WeasyPrint logs each declaration as an unknown CSS property;
    SVG presentation attributes (fill="…") draw the same and are neither."""
    rule = _STYLE_ELEMENT.search(svg)
    if rule:
        svg = _STYLE_ELEMENT.sub("", svg)
        svg = svg.replace("<svg ", f"<svg {_declarations_as_attributes(rule.group(1))} ", 1)
    return _STYLE_ATTRIBUTE.sub(lambda m: _declarations_as_attributes(m.group(1)), svg)


def _prefix_ids(svg: str, prefix: str) -> str:
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = svg.replace('xlink:href="#', f'xlink:href="#{prefix}-').replace("url(#", f"url(#{prefix}-")
    return svg


# --- drawing --------------------------------------------------------------------------------------


def _draw(spec: ChartSpec, *, titled: bool) -> Figure:
    figure = Figure(figsize=FIGURE_SIZE_IN, layout="constrained")
    axes = figure.add_subplot()
    if titled:
        figure.suptitle(spec.title, fontsize=11, fontweight="bold")
    if spec.kind == "pie":
        _pie(axes, spec)
    elif spec.kind == "bar":
        _bar(axes, spec)
    else:
        _line(axes, spec)
    if spec.note:
        # supxlabel rather than free text: the constrained layout makes room for it under the axis.
        figure.supxlabel(spec.note, fontsize=7, color=AXIS_COLOUR)
    return figure


def _pie(axes: Axes, spec: ChartSpec) -> None:
    series = spec.series[0]
    slices = [
        (category, value, colour(i))
        for i, (category, value) in enumerate(zip(spec.categories, series.values, strict=True))
        if value
    ]
    total = sum(value for _, value, _ in slices)
    wedges, _ = axes.pie(
        [value for _, value, _ in slices],
        colors=[c for _, _, c in slices],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 1},
    )
    labels = [
        f"{category}  {_number(value)}{spec.unit}（{value / total:.1%}）" for category, value, _ in slices
    ]
    axes.legend(wedges, labels, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    axes.set_aspect("equal")


def _bar(axes: Axes, spec: ChartSpec) -> None:
    """Horizontal bars, first category on top, as on the portal."""
    positions = list(range(len(spec.categories)))
    stacked = any(series.stack for series in spec.series)
    left = [0.0] * len(positions)
    for i, series in enumerate(spec.series):
        values = [float(value or 0) for value in series.values]
        bars = axes.barh(
            positions,
            values,
            left=left if stacked else None,
            color=colour(i),
            height=0.6,
            label=series.name,
        )
        if stacked:
            labels = [_number(value) if value else "" for value in series.values]
            axes.bar_label(bars, labels=labels, label_type="center", color="white", fontsize=8)
            left = [a + b for a, b in zip(left, values, strict=True)]
        else:
            labels = [_number(value) for value in series.values]
            axes.bar_label(bars, labels=labels, padding=3, fontsize=8)
    axes.set_yticks(positions, list(spec.categories))
    axes.invert_yaxis()
    axes.set_xlabel(spec.unit)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.margins(x=0.12)
    axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if len(spec.series) > 1:
        axes.legend(
            loc="lower right", fontsize=8, frameon=False, ncols=len(spec.series), bbox_to_anchor=(1.0, 1.0)
        )


def _line(axes: Axes, spec: ChartSpec) -> None:
    units = value_axis_units(spec)
    value_axes = [axes] + [axes.twinx() for _ in units[1:]]
    positions = list(range(len(spec.categories)))
    handles = []
    for i, series in enumerate(spec.series):
        target = value_axes[units.index(series.unit or spec.unit)]
        # NaN breaks the line where a year does not state the figure, as ECharts' null does.
        values = [math.nan if value is None else float(value) for value in series.values]
        (line,) = target.plot(
            positions,
            values,
            color=colour(i),
            marker="o",
            markersize=4,
            linewidth=1.6,
            label=series_label(spec, series),
        )
        handles.append(line)
    axes.set_xticks(positions, list(spec.categories))
    axes.margins(x=0.06)
    for target, unit in zip(value_axes, units, strict=True):
        target.set_ylabel(unit)
        target.yaxis.set_major_locator(MaxNLocator(integer=True))
        target.set_ylim(bottom=0)
    axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=len(handles),
        fontsize=8,
        frameon=False,
    )


def _number(value: float | int | None) -> str:
    return format_value(value)
