"""Chart in text, laid out at the width it gets.

- bar: one row per data point (per series when there are several): label, a bar of eighth
  blocks scaled to the largest magnitude, the value; past 60 points the rest is only counted.
- line and area: one sparkline per series (resampled to the width), with its min, max and last.
- pie: the first series' slices as percentage bars.
Series are `series[].key` (with `label`) or, as in the web kit, every key of the first row but
`x_key`. Values that are not numbers are left out and counted in a note; no data says so.
`title` heads it; `show_data_table` adds the rows as a table. Unknown types draw as lines.
"""

from __future__ import annotations

import math
from typing import Any

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.plain.core import table
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder

EIGHTHS = " ▏▎▍▌▋▊▉█"
SPARKS = "▁▂▃▄▅▆▇█"
PALETTE = (
    "$text-primary",
    "$text-success",
    "$text-secondary",
    "$text-warning",
    "$text-error",
    "$text-accent",
)
LABEL_MAX = 16
SPARK_STRETCH_MAX = 6  # cells per point when there are fewer points than cells
BAR_POINTS_MAX = 60  # a bar per point beyond this is a wall of text: the rest is noted


def number(value: Any) -> float | None:
    """A finite number, or None (booleans, strings, NaN and infinities are not data points)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def shown(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.3g}"


def bar(share: float, width: int) -> str:
    """`share` (0..1) of `width` cells in eighth blocks."""
    eighths = round(max(0.0, min(share, 1.0)) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[rest] if rest else "")).ljust(width)


def sparkline(values: list[float], width: int) -> str:
    """`values` as one row of block heights, averaged into at most `width` cells."""
    if not values or width <= 0:
        return ""
    if len(values) > width:
        step = len(values) / width
        values = [
            sum(chunk) / len(chunk)
            for i in range(width)
            if (chunk := values[int(i * step) : max(int((i + 1) * step), int(i * step) + 1)])
        ]
    low, high = min(values), max(values)
    span = high - low
    return "".join(
        SPARKS[round((v - low) / span * (len(SPARKS) - 1)) if span else len(SPARKS) // 2]
        for v in values
    )


def fit(label: str, width: int) -> str:
    return label if len(label) <= width else label[: max(width - 1, 0)] + "…"


class ChartData:
    """The rows, series and numbers of a Chart node, with what had to be left out."""

    def __init__(self, props: dict[str, Any]) -> None:
        data = props.get("data")
        if data is None:
            data = []
        if not isinstance(data, list | tuple):
            raise TypeError(f"data must be a list of rows, not {type(data).__name__}")
        self.rows = [r for r in data if isinstance(r, dict)]
        self.not_rows = len(data) - len(self.rows)
        self.x_key = text(props.get("x_key"), "name")
        self.kind = text(props.get("chart_type", props.get("type")), "line").lower()
        self.series = self._series(props.get("series"))
        self.skipped = 0
        self.values: dict[str, list[float | None]] = {}
        for key, _label in self.series:
            column = [number(r.get(key)) for r in self.rows]
            self.skipped += sum(
                1
                for v, r in zip(column, self.rows, strict=True)
                if v is None and r.get(key) is not None
            )
            self.values[key] = column
        self.labels = [text(r.get(self.x_key)) for r in self.rows]

    def _series(self, given: Any) -> list[tuple[str, str]]:
        if isinstance(given, list) and given:
            out = [
                (text(s.get("key")), text(s.get("label")) or text(s.get("key")))
                for s in given
                if isinstance(s, dict) and s.get("key")
            ]
            if out:
                return out
        if not self.rows:
            return []
        return [(str(k), str(k)) for k in self.rows[0] if k != self.x_key]

    def notes(self) -> list[str]:
        out = []
        if self.not_rows:
            out.append(f"{self.not_rows} data point(s) are not rows: left out")
        if self.skipped:
            out.append(f"{self.skipped} value(s) are not numbers: left out")
        return out


def chart_lines(props: dict[str, Any], width: int) -> list[Content]:
    """The chart as styled lines of at most `width` cells."""
    chart = ChartData(props)
    width = max(width, 12)
    out: list[Content] = []
    title = text(props.get("title"))
    if title:
        out.append(Content.styled(fit(title, width), "bold"))
    numeric = {k: v for k, v in chart.values.items() if any(x is not None for x in v)}
    if not chart.rows or not numeric:
        out.append(
            Content.styled("No data" if not chart.rows else "No numbers to chart", "$text-muted")
        )
    elif chart.kind == "bar":
        out += bar_lines(chart, numeric, width)
    elif chart.kind == "pie":
        out += pie_lines(chart, numeric, width)
    else:
        out += spark_lines(chart, numeric, width)
    out += [Content.styled(fit(n, width), "$text-warning") for n in chart.notes()]
    if flag(props.get("show_data_table")) and chart.rows:
        keys = [chart.x_key] + [k for k, _ in chart.series]
        rows = [[text(r.get(k)) for k in keys] for r in chart.rows]
        out += [Content(line) for line in table(keys, rows, width)]
    return out


def _color(chart: ChartData, key: str) -> str:
    keys = [k for k, _ in chart.series]
    return PALETTE[keys.index(key) % len(PALETTE)] if key in keys else PALETTE[0]


def bar_lines(chart: ChartData, numeric: dict[str, list], width: int) -> list[Content]:
    names = dict(chart.series)
    several = len(numeric) > 1
    peak = max(abs(v) for col in numeric.values() for v in col if v is not None) or 1.0
    label_w = min(max(len(x) for x in chart.labels), LABEL_MAX)
    series_w = min(max(len(names[k]) for k in numeric), LABEL_MAX) if several else 0
    value_w = max(len(shown(v)) for col in numeric.values() for v in col if v is not None)
    span = max(width - label_w - (series_w + 1 if several else 0) - value_w - 2, 4)
    out: list[Content] = []
    for i, label in enumerate(chart.labels[:BAR_POINTS_MAX]):
        for n, (key, column) in enumerate(numeric.items()):
            value = column[i]
            head = fit(label, label_w).ljust(label_w) if n == 0 else " " * label_w
            series = f" {fit(names[key], series_w).ljust(series_w)}" if several else ""
            if value is None:
                cells, tail = "·".ljust(span), "–"
            else:
                cells, tail = bar(abs(value) / peak, span), shown(value)
            style = _color(chart, key) if value is None or value >= 0 else "$text-error"
            out.append(
                Content.assemble(head, (series, "$text-muted"), " ", (cells, style), " ", tail)
            )
    hidden = len(chart.labels) - BAR_POINTS_MAX
    if hidden > 0:
        out.append(Content.styled(f"… {hidden} more point(s) not drawn", "$text-muted"))
    return out


def spark_lines(chart: ChartData, numeric: dict[str, list], width: int) -> list[Content]:
    names = dict(chart.series)
    name_w = min(max(len(names[k]) for k in numeric), LABEL_MAX)
    out: list[Content] = []
    for key, column in numeric.items():
        values = [v for v in column if v is not None]
        stats = f" min {shown(min(values))} max {shown(max(values))} last {shown(values[-1])}"
        span = max(width - name_w - 1 - len(stats), 4)
        stretch = max(1, min(span // len(values), SPARK_STRETCH_MAX))  # few points: wider
        line = sparkline([v for v in values for _ in range(stretch)], span).ljust(span)
        out.append(
            Content.assemble(
                fit(names[key], name_w).ljust(name_w),
                " ",
                (line, _color(chart, key)),
                (stats, "$text-muted"),
            )
        )
    if chart.labels and chart.labels[0]:
        ends = (
            f"{chart.labels[0]} … {chart.labels[-1]}" if len(chart.labels) > 1 else chart.labels[0]
        )
        out.append(Content.styled(fit(" " * (name_w + 1) + ends, width), "$text-muted"))
    return out


def pie_lines(chart: ChartData, numeric: dict[str, list], width: int) -> list[Content]:
    key, column = next(iter(numeric.items()))
    slices = [
        (label, v) for label, v in zip(chart.labels, column, strict=True) if v is not None and v > 0
    ]
    total = sum(v for _, v in slices)
    if not total:
        return [Content.styled("No positive values to share out", "$text-muted")]
    label_w = min(max(len(label) for label, _ in slices), LABEL_MAX)
    span = max(width - label_w - 7, 4)
    out = []
    for n, (label, value) in enumerate(slices):
        share = value / total
        out.append(
            Content.assemble(
                fit(label, label_w).ljust(label_w),
                " ",
                (bar(share, span), PALETTE[n % len(PALETTE)]),
                f" {round(share * 100):>3}%",
            )
        )
    return out


class UiChart(Widget):
    DEFAULT_CSS = """
    UiChart { height: auto; width: 1fr; }
    """

    def __init__(self, props: dict[str, Any]) -> None:
        super().__init__()
        ChartData(props)  # bad data raises here, in the builder: the node's own error box
        self.props = props
        self._cached: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        """The chart at `width` (kept until the width changes: layout asks more than once)."""
        if self._cached is None or self._cached[0] != width:
            self._cached = (width, chart_lines(self.props, width))
        return self._cached[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width or 80)) or 1

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width or 80))


@builder("Chart")
def chart(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiChart(props)
