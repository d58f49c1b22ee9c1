"""DataTable: a virtual table. Only the visible lines are drawn, so 10,000 rows cost what 20 do.

Columns are `{key, label, sortable, width?}` dicts; rows are dicts. A fixed header stays on the
first line. Up/Down/PageUp/PageDown/Home/End move a row cursor (Up on the first row and Down on
the last are left to the container, so a panel column moves on to its next widget); Enter (or a
click) fires `on_row_click` with `params + {row}`; a number key 1-9, `s` on the cursor's column,
or a click on a header cycles that column's sort: ascending, descending, unsorted. Left/Right
pick the current column (underlined in the header); with `on_cell_edit`, `e` edits the cursor's
cell in an editable column (a toggle flips, a text cell opens `cell_edit.CellEditScreen`). Values compare as
numbers when both sides are numbers, else as case-folded text. Column widths come from the
header and the first and last rows (a sample, never a scan of the whole table).
"""

from __future__ import annotations

import json
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region, Size, Spacing
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from imperal_tui.renderer.actions import UiAction, is_action, with_params
from imperal_tui.renderer.cell_edit import CellEditScreen
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder

WIDTH_SAMPLE = 200  # rows looked at to size the columns (the first and the last half)
MAX_COLUMN = 40
DEFAULT_LINES = 20  # table height (header included) when the node sets no max_height
ARROWS = {None: " ↕", "asc": " ↑", "desc": " ↓"}


def cell_text(value: Any) -> str:
    """A cell as one line: JSON for objects and lists, `""` for None."""
    if value is None:
        return ""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return text(value).replace("\n", " ")


def sort_key(value: Any) -> tuple[int, float, str]:
    """Numbers first, in numeric order; then everything else as case-folded text."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | float):
        return (0, float(value), "")
    string = cell_text(value)
    try:
        return (0, float(string), "")
    except ValueError:
        return (1, 0.0, string.casefold())


class Column:
    def __init__(self, spec: Any) -> None:
        if isinstance(spec, str):
            spec = {"key": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("key"), str | int):
            raise TypeError("a column must be {key, label, ...}")
        self.key = str(spec["key"])
        self.label = text(spec.get("label"), self.key)
        self.sortable = flag(spec.get("sortable", True))
        width = str(spec.get("width") or "").removesuffix("px").strip()
        self.fixed = int(width) // 8 if width.isdigit() else 0  # px on the web, ~8 px a cell
        self.width = 0
        self.editable = flag(spec.get("editable"))
        self.toggle = text(spec.get("edit_type")).lower() == "toggle"


class UiDataTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    UiDataTable { height: auto; width: 1fr; border: round $panel-lighten-2; }
    UiDataTable:focus { border: round $accent; }
    UiDataTable > .datatable--header { text-style: bold; color: $text-muted; }
    UiDataTable > .datatable--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    UiDataTable > .datatable--odd { background: $boost; }
    """
    COMPONENT_CLASSES = {"datatable--header", "datatable--cursor", "datatable--odd"}

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("left", "column(-1)", "Column", show=False),
        Binding("right", "column(1)", "Column", show=False),
        Binding("s", "sort_current", "Sort"),
        Binding("e", "edit_cell", "Edit cell"),
        Binding("enter,space", "activate", "Open"),
        *[Binding(str(n), f"sort({n - 1})", f"Sort column {n}", show=False) for n in range(1, 10)],
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__()
        columns = props.get("columns") or []
        rows = props.get("rows") or []
        if not isinstance(columns, list | tuple) or not isinstance(rows, list | tuple):
            raise TypeError("columns and rows must be lists")
        if any(not isinstance(row, dict) for row in rows):
            raise TypeError("every row must be an object")
        self.columns = [Column(spec) for spec in columns]
        if not self.columns and rows:  # no columns: the first row's keys
            self.columns = [Column(str(key)) for key in rows[0]]
        self.rows: list[dict[str, Any]] = list(rows)
        self.order: list[int] = list(range(len(self.rows)))
        self.sort_column: int | None = None
        self.sort_direction: str | None = None
        self.current_column = 0
        self.on_row_click = props.get("on_row_click")
        self.on_cell_edit = props.get("on_cell_edit")
        self.ctx = ctx
        self.empty_text = text(props.get("empty_text"), "No data")
        max_height = props.get("max_height")
        lines = int(max_height) // 20 if isinstance(max_height, int | float) and max_height else 0
        self.max_lines = max(3, lines or DEFAULT_LINES)
        self._size_columns()

    # layout -------------------------------------------------------------------------------

    def _size_columns(self) -> None:
        half = WIDTH_SAMPLE // 2
        sample = (
            self.rows if len(self.rows) <= WIDTH_SAMPLE else self.rows[:half] + self.rows[-half:]
        )
        for column in self.columns:
            widest = len(column.label) + 2
            for row in sample:
                widest = max(widest, len(cell_text(row.get(column.key))))
            column.width = column.fixed or min(widest, MAX_COLUMN)
        total = sum(c.width + 1 for c in self.columns)
        self.virtual_size = Size(total, len(self.rows) + 1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return min(max(len(self.rows), 1) + 1, self.max_lines)

    @property
    def body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    # drawing ------------------------------------------------------------------------------

    def _cells(self, values: list[str], style: Style, highlight: int | None = None) -> Strip:
        segments = []
        for index, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            if len(value) > column.width:
                value = value[: max(column.width - 1, 0)] + "…"
            cell_style = style + Style(underline=True) if index == highlight else style
            segments += [Segment(value.ljust(column.width), cell_style), Segment(" ", style)]
        strip = Strip(segments)
        scroll_x = int(self.scroll_offset.x)
        width = self.scrollable_content_region.width
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, style)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y == 0:
            labels = []
            for index, column in enumerate(self.columns):
                arrow = ""
                if column.sortable:
                    arrow = ARROWS[self.sort_direction if index == self.sort_column else None]
                labels.append(column.label.upper() + arrow)
            style = base + self.get_component_rich_style("datatable--header")
            return self._cells(labels, style, self.current_column if self.has_focus else None)
        if not self.rows:
            return Strip([Segment(self.empty_text if y == 1 else "", base)])
        position = int(self.scroll_offset.y) + y - 1
        if position >= len(self.order):
            return Strip.blank(self.scrollable_content_region.width, base)
        row = self.rows[self.order[position]]
        style = base
        if position % 2:
            style += self.get_component_rich_style("datatable--odd")
        if position == self.cursor_row and self.has_focus:
            style += self.get_component_rich_style("datatable--cursor")
        return self._cells([cell_text(row.get(c.key)) for c in self.columns], style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # cursor -------------------------------------------------------------------------------

    def watch_cursor_row(self, row: int) -> None:
        region = Region(0, row + 1, 1, 1)
        self.scroll_to_region(region, spacing=Spacing(top=1), animate=False, x_axis=False)
        self.refresh()

    def _set_cursor(self, row: int) -> None:
        if self.order:
            self.cursor_row = max(0, min(row, len(self.order) - 1))

    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor_row + direction * self.body_height)

    def action_jump(self, where: int) -> None:
        self._set_cursor(len(self.order) - 1 if where < 0 else 0)

    def action_column(self, delta: int) -> None:
        if self.columns:
            self.current_column = max(0, min(self.current_column + delta, len(self.columns) - 1))
            start = sum(c.width + 1 for c in self.columns[: self.current_column])
            region = Region(start, 0, self.columns[self.current_column].width, 1)
            self.scroll_to_region(region, animate=False, y_axis=False)
            self.refresh()

    @property
    def cursor_values(self) -> dict[str, Any] | None:
        if not self.order:
            return None
        return self.rows[self.order[self.cursor_row]]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "activate":
            return is_action(self.on_row_click) and bool(self.order)
        if action == "edit_cell":
            return (
                is_action(self.on_cell_edit)
                and bool(self.order)
                and bool(self.columns)
                and self.columns[self.current_column].editable
            )
        if action == "move" and parameters:  # past either end: the key goes to the container
            target = self.cursor_row + int(parameters[0])  # type: ignore[call-overload]
            return 0 <= target < len(self.order)
        return True

    def action_activate(self) -> None:
        row = self.cursor_values
        if row is not None and is_action(self.on_row_click):
            action = with_params(self.on_row_click, {"row": row})
            self.post_message(UiAction(self.ctx.app_id, action))

    def action_edit_cell(self) -> None:
        """A toggle cell flips at once; a text cell asks for its new text first."""
        row, column = self.cursor_values, self.columns[self.current_column]
        if row is None or not is_action(self.on_cell_edit):
            return

        def fire(value: Any) -> None:
            if value is None:
                return
            extra = {"row_id": row.get("id"), "column_key": column.key, "value": value}
            self.post_message(UiAction(self.ctx.app_id, with_params(self.on_cell_edit, extra)))

        if column.toggle:
            fire(not flag(row.get(column.key)))
        else:
            title = f"{column.label} · row {cell_text(row.get('id'))}"
            self.app.push_screen(CellEditScreen(title, cell_text(row.get(column.key))), fire)

    # sorting ------------------------------------------------------------------------------

    def action_sort(self, index: int) -> None:
        """Cycle column `index` through ascending, descending and the original order."""
        if index >= len(self.columns) or not self.columns[index].sortable:
            return
        if self.sort_column != index:
            self.sort_column, self.sort_direction = index, "asc"
        elif self.sort_direction == "asc":
            self.sort_direction = "desc"
        else:
            self.sort_column, self.sort_direction = None, None
        self.current_column = index
        self.order = list(range(len(self.rows)))
        if self.sort_column is not None:
            key = self.columns[index].key
            rows = self.rows
            self.order.sort(
                key=lambda i: sort_key(rows[i].get(key)), reverse=self.sort_direction == "desc"
            )
        self._set_cursor(0)
        self.refresh()

    def action_sort_current(self) -> None:
        self.action_sort(self.current_column)

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + int(self.scroll_offset.x)
            for index, column in enumerate(self.columns):
                if x < column.width + 1:
                    self.action_sort(index)
                    return
                x -= column.width + 1
            return
        position = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= position < len(self.order):
            self.cursor_row = position
            self.action_activate()

    def visible_rows(self) -> list[dict[str, Any]]:
        """The rows in display order (sorted or not), for callers and tests."""
        return [self.rows[i] for i in self.order]


@builder("DataTable")
def data_table(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiDataTable(props, ctx)
