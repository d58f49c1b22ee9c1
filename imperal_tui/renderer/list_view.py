"""List and ListItem: a virtual list. Only the visible lines are drawn, so 1,000 items cost what
20 do, and a cursor move redraws the widget without rebuilding anything.

One focusable widget holds every row (`list_rows` reads the items and lays out their lines).
Keys: Up/Down/Home/End/PageUp/PageDown move the row cursor (Up on the first row and Down on the
last are left to the container, so a panel column moves on); Enter fires the row's `on_click`
(a row without one expands or collapses); Right/Left expand/collapse an `expandable` row (its
`expanded_content` drawn as text below it); `d`/`e` fire the row's Trash/Pencil action.
`selectable`: Space toggles the cursor's row, `a` selects all or none, and while a selection
exists the bulk bar shows `1`..`9` for the `bulk_actions`, each fired with
`params + {message_ids: [selected ids]}` (the kit's name), then the selection clears.
`searchable`: `/` edits a filter (a case-insensitive substring of title, subtitle or meta);
Enter keeps it, Esc clears it. `page_size`: `[`/`]` turn pages. `on_end_reached` fires when
the cursor reaches the last row or the view is scrolled to the end: once per length of
`items` (a refreshed list with more items may fire again; the same page never twice).
A click on a row toggles it while a selection exists, else expands it, else fires `on_click`.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import replace
from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from imperal_tui.renderer import plain
from imperal_tui.renderer.actions import UiAction, is_action, with_params
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.display import badge_content
from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.list_rows import (
    BROKEN,
    DETAIL,
    EXPANDED,
    GROUP,
    ListLayout,
    ListRow,
    one_line,
    page_count,
    read_rows,
)
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder


def enter_label(row: ListRow | None, expanded: set[int]) -> str:
    """What Enter does on `row`, for the footer: its `on_click` (a call by the function's
    name, e.g. "complete task"; another action by its kind), else expand or collapse."""
    if row is not None and row.on_click is not None:
        function = row.on_click.get("function")
        if row.on_click.get("action") == "call" and isinstance(function, str) and function:
            return one_line(function.replace("_", " "))[:30]
        return one_line(str(row.on_click.get("action"))).capitalize()[:30] or "Open"
    if row is not None and row.expandable:
        return "Collapse" if row.index in expanded else "Expand"
    return "Open"


DEFAULT_LINES = 20  # the list's height (fixed lines included) when the node sets no max_height
MEMORY = 256  # entries kept by each of the two memories below (fired pages, cursors)

# (app, panel, action, len(items)) of each on_end_reached already fired: a panel re-render
# builds a new widget, and the same page must not be asked for twice.
_fired: OrderedDict[tuple[str, str, str, int], None] = OrderedDict()


# (app, panel, list title) -> the key of the row the cursor was on: a panel re-render (after
# the row's own action, say) builds a new widget, and the cursor must not jump to the top.
_cursors: OrderedDict[tuple[str, str, str], str] = OrderedDict()


def _remember_fired(key: tuple[str, str, str, int]) -> bool:
    """True the first time `key` is seen (the caller fires), False afterwards."""
    if key in _fired:
        return False
    _fired[key] = None
    while len(_fired) > MEMORY:
        _fired.popitem(last=False)
    return True


class UiList(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    UiList { height: auto; width: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    UiList > .ui-list--title { color: $text-muted; text-style: bold; }
    UiList > .ui-list--muted { color: $text-muted; }
    UiList > .ui-list--error { color: $text-error; }
    UiList > .ui-list--selected { text-style: bold; }
    UiList > .ui-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    UiList > .ui-list--bar { background: $primary-muted; color: $text-primary; }
    """
    COMPONENT_CLASSES = {
        "ui-list--title",
        "ui-list--muted",
        "ui-list--error",
        "ui-list--selected",
        "ui-list--cursor",
        "ui-list--bar",
    }

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page_move(-1)", "Page up", show=False),
        Binding("pagedown", "page_move(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "activate", "Open"),
        Binding("right", "expand(True)", "Expand", show=False),
        Binding("left", "expand(False)", "Collapse", show=False),
        Binding("space", "toggle_select", "Select"),
        Binding("a", "select_all", "All", show=False),
        Binding("slash", "search", "Search"),
        Binding("escape", "clear", "Clear"),
        Binding("d,delete", "row_action('delete')", "Delete"),
        Binding("e", "row_action('edit')", "Edit"),
        Binding("left_square_bracket", "turn_page(-1)", "Prev page", show=False),
        Binding("right_square_bracket", "turn_page(1)", "Next page", show=False),
        *[Binding(str(n), f"bulk({n - 1})", f"Bulk action {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.props = props
        self.grouped_by = text(props.get("grouped_by"))
        self.rows: list[ListRow] = read_rows(props.get("items"), self.grouped_by)
        self.title_text = one_line(props.get("title")).upper()
        self.empty_text = one_line(props.get("empty_text")) or "No items"
        self.searchable = bool(props.get("searchable"))
        self.search_placeholder = one_line(props.get("search_placeholder")) or "Search..."
        self.selectable = bool(props.get("selectable"))
        self.bulk_actions = [
            entry
            for entry in props.get("bulk_actions") or []
            if isinstance(entry, dict) and is_action(entry.get("action"))
        ]
        page_size = props.get("page_size")
        self.page_size = page_size if isinstance(page_size, int) and page_size > 0 else 0
        total = props.get("total_items")
        self.total_items = total if isinstance(total, int) and total > 0 else 0
        self.extra_info = one_line(props.get("extra_info"))
        self.on_end_reached = (
            props.get("on_end_reached") if is_action(props.get("on_end_reached")) else None
        )
        max_height = props.get("max_height")
        lines = (
            int(max_height) // 20 if isinstance(max_height, int | float) and max_height > 0 else 0
        )
        self.max_lines = max(3, lines or DEFAULT_LINES)

        self.filter_text = ""  # the search filter
        self.searching = False  # keys go to the filter
        self.page = 0
        self.cursor = 0  # position in `layout.shown`
        self.chosen: set[int] = set()  # indexes of selected rows (the kit's checkboxes)
        self.expanded: set[int] = set()
        self._expanded_text: dict[int, list[str]] = {}
        self.load_more_fired = False
        self._strips: dict[tuple, Strip] = {}
        self.rows_layout = self._build_layout()
        self._restore_cursor()

    def _cursor_memory_key(self) -> tuple[str, str, str] | None:
        if not self.ctx.panel_id:
            return None
        return (self.ctx.app_id, self.ctx.panel_id, self.title_text)

    def _restore_cursor(self) -> None:
        """Back on the row (by id) the cursor was on when this panel last drew this list."""
        key = self._cursor_memory_key()
        remembered = _cursors.get(key) if key is not None else None
        if remembered is None:
            return
        for position, row in enumerate(self.rows_layout.shown):
            if row.key == remembered:
                self.cursor = position
                return

    def _remember_cursor(self) -> None:
        key, row = self._cursor_memory_key(), self.current
        if key is None or row is None:
            return
        _cursors[key] = row.key
        _cursors.move_to_end(key)
        while len(_cursors) > MEMORY:
            _cursors.popitem(last=False)

    # rows and lines -------------------------------------------------------------------------

    def _filtered(self) -> list[ListRow]:
        if not self.filter_text:
            return self.rows
        needle = self.filter_text.casefold()
        return [row for row in self.rows if row.matches(needle)]

    def _build_layout(self) -> ListLayout:
        shown = self._filtered()
        self.matching = len(shown)  # rows the filter lets through, on every page
        self.pages = page_count(len(shown), self.page_size)
        self.page = min(self.page, self.pages - 1)
        if self.page_size:
            shown = shown[self.page * self.page_size : (self.page + 1) * self.page_size]
        lengths = {index: len(self._expanded_text.get(index, ())) for index in self.expanded}
        return ListLayout(shown, self.expanded, lengths, bool(self.grouped_by))

    def _relayout(self, cursor: int | None = None) -> None:
        self.rows_layout = self._build_layout()
        self._strips.clear()
        shown = len(self.rows_layout.shown)
        self.cursor = max(0, min(self.cursor if cursor is None else cursor, shown - 1))
        self._sync_virtual_size()
        self.refresh(layout=True)
        self._scroll_to_cursor()
        self._sync_enter_label()

    def _sync_enter_label(self) -> None:
        """Enter's footer label says what Enter does on the cursor's row."""
        label = enter_label(self.current, self.expanded)
        bindings = self._bindings.key_to_bindings.get("enter", [])
        if not bindings or all(b.description == label for b in bindings):
            return
        self._bindings.key_to_bindings["enter"] = [replace(b, description=label) for b in bindings]
        if self.is_attached:
            self.app.refresh_bindings()

    def _sync_virtual_size(self) -> None:
        """Scrolling covers the row lines plus the pinned ones (drawn over the top and bottom)."""
        pinned = len(self._fixed_top()) + (1 if self._footer() else 0)
        self.virtual_size = Size(0, len(self.rows_layout) + pinned)

    def _fixed_top(self) -> list[str]:
        """Kinds of the lines pinned above the rows."""
        top = []
        if self.title_text:
            top.append("title")
        if self.searchable or self.filter_text:
            top.append("search")
        if self.chosen and self.selectable:
            top.append("bar")
        return top

    def _footer(self) -> str:
        """The pinned bottom line: paging, totals, or a load-more note ("" when none)."""
        if self.page_size:
            page = f"‹ {self.page + 1}/{self.pages} ›"
            return f"{page} · {self.matching} items {self.extra_info}".rstrip()
        if self.total_items or self.extra_info:
            total = max(self.total_items, len(self.rows))
            more = " · ] more" if self.on_end_reached and total > len(self.rows) else ""
            return f"{len(self.rows)}/{total} items {self.extra_info}".rstrip() + more
        if self.load_more_fired:
            return "loading more…"
        return ""

    def _body_lines(self) -> int:
        return max(1, len(self.rows_layout)) if self.rows else 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        fixed = len(self._fixed_top()) + (1 if self._footer() else 0)
        return min(fixed + self._body_lines(), max(self.max_lines, fixed + 1))

    def on_mount(self) -> None:
        self._sync_virtual_size()
        self._sync_enter_label()

    def notify_style_update(self) -> None:
        """A theme or CSS change: drawn lines hold the old colours."""
        if hasattr(self, "_strips"):  # also called while the widget is being built
            self._strips.clear()
        super().notify_style_update()

    def on_resize(self) -> None:
        self._strips.clear()
        self._sync_virtual_size()
        self.call_after_refresh(self._scroll_to_cursor)  # once the new size is in place

    @property
    def body_height(self) -> int:
        footer = 1 if self._footer() else 0
        return max(1, self.scrollable_content_region.height - len(self._fixed_top()) - footer)

    # drawing --------------------------------------------------------------------------------

    def _strip(self, content: Content, *classes: str) -> Strip:
        """One line of text (never wrapped: row texts hold no newlines) cut to the width."""
        width = self.scrollable_content_region.width
        style = self.get_visual_style(*classes)
        return Strip(content.render_segments(style)).crop_extend(0, width, style.rich_style)

    def _pinned_strip(self, key: tuple, build) -> Strip:
        """A pinned line (title, search, bulk bar, footer), drawn again only when it changes."""
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = build()
        return strip

    def _row_content(self, row: ListRow) -> Content:
        lead = "▸ " if row.on_click else ""
        if row.expandable:
            lead += "▾ " if row.index in self.expanded else "▹ "
        lead = lead or "  "
        if self.selectable:
            lead = ("☑ " if row.index in self.chosen else "☐ ") + lead
        if row.icon:
            lead += glyph(row.icon) + " "
        parts: list[str | Content | tuple[str, str]] = [" ", lead, row.title]
        if row.badge is not None:
            parts += [" ", badge_content(row.badge)]
        return Content.assemble(*parts)

    def _line_strip(self, kind: str, position: int, sub: int) -> Strip:
        row = self.rows_layout.shown[position]
        is_cursor = position == self.cursor and self.has_focus
        key = (
            kind,
            row.index,
            sub,
            is_cursor,
            row.index in self.chosen,
            row.index in self.expanded,
        )
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        classes: list[str] = []
        if kind == GROUP:
            content = Content(" " + row.group.upper())
            classes.append("ui-list--title")
        elif kind == BROKEN:
            content = Content(" ⚠ " + row.error)
            classes.append("ui-list--error")
        elif kind == DETAIL:
            content = Content("   " + row.detail)
            classes.append("ui-list--muted")
        elif kind == EXPANDED:
            content = Content("     " + self._expanded_text[row.index][sub])
            classes.append("ui-list--muted")
        else:
            content = self._row_content(row)
            if row.selected:
                classes.append("ui-list--selected")
        if is_cursor and kind != GROUP:
            classes.append("ui-list--cursor")
        strip = self._strips[key] = self._strip(content, *classes)
        return strip

    def _fixed_strip(self, kind: str) -> Strip:
        if kind == "title":
            return self._strip(Content(self.title_text), "ui-list--title")
        if kind == "search":
            if self.searching or self.filter_text:
                caret = "▏" if self.searching else ""
                count = self.matching
                return self._strip(
                    Content(f" / {self.filter_text}{caret}  · {count} found"), "ui-list--bar"
                )
            return self._strip(Content(f" / {self.search_placeholder}"), "ui-list--muted")
        names = "  ".join(
            f"{n} {one_line(entry.get('label')) or 'action'}"
            for n, entry in enumerate(self.bulk_actions[:9], 1)
        )
        every = "All" if len(self.chosen) == len(self.rows) else f"{len(self.chosen)} selected"
        return self._strip(Content(f" ☑ {every}  {names}  · esc clears".rstrip()), "ui-list--bar")

    def render_line(self, y: int) -> Strip:
        top = self._fixed_top()
        height = self.scrollable_content_region.height
        footer = self._footer()
        if y < len(top):
            kind = top[y]
            state = (kind, self.searching, self.filter_text, self.matching, len(self.chosen))
            return self._pinned_strip(state, lambda: self._fixed_strip(kind))
        if footer and y == height - 1:
            return self._pinned_strip(
                ("footer", footer), lambda: self._strip(Content(" " + footer), "ui-list--muted")
            )
        if not self.rows:
            empty = self.empty_text if y == len(top) else ""
            return self._strip(Content(" " + empty if empty else ""), "ui-list--muted")
        if not self.rows_layout.lines and y == len(top):
            return self._strip(Content(" no match"), "ui-list--muted")
        line = int(self.scroll_offset.y) + y - len(top)
        if line >= len(self.rows_layout.lines):
            return self._strip(Content(""))
        return self._line_strip(*self.rows_layout.lines[line])

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.searching = False
        self.refresh()

    # cursor ---------------------------------------------------------------------------------

    def _scroll_to_cursor(self) -> None:
        if not self.rows_layout.shown:
            return
        start, end = self.rows_layout.starts[self.cursor], self.rows_layout.ends[self.cursor]
        body = self.body_height
        top = int(self.scroll_offset.y)
        if start < top:
            top = start
        elif end > top + body:
            top = min(start, end - body)
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def _set_cursor(self, position: int) -> None:
        shown = len(self.rows_layout.shown)
        if not shown:
            return
        position = max(0, min(position, shown - 1))
        if position != self.cursor:
            self.cursor = position
            self._remember_cursor()
            self._scroll_to_cursor()
            self.refresh()
            self._sync_enter_label()
        if position == shown - 1:
            self._end_reached()

    @property
    def current(self) -> ListRow | None:
        """The row under the cursor (None for an empty list or no match)."""
        if not self.rows_layout.shown:
            return None
        return self.rows_layout.shown[self.cursor]

    @property
    def current_title(self) -> str | None:
        row = self.current
        return row.title if row is not None else None

    def allow_focus(self) -> bool:
        return bool(self.rows) or self.searchable

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.current
        if action == "move" and parameters:  # past either end: the key goes to the container
            target = self.cursor + int(parameters[0])  # type: ignore[call-overload]
            return 0 <= target < len(self.rows_layout.shown)
        if action == "activate":
            return (
                row is not None and not row.error and (row.on_click is not None or row.expandable)
            )
        if action == "expand":
            return row is not None and row.expandable
        if action in ("toggle_select", "select_all"):
            return self.selectable and bool(self.rows)
        if action == "bulk" and parameters:
            return bool(self.chosen) and int(parameters[0]) < len(self.bulk_actions)  # type: ignore[call-overload]
        if action == "search":
            return self.searchable
        if action == "clear":
            return self.searching or bool(self.filter_text) or bool(self.chosen)
        if action == "row_action":
            return row is not None and bool(parameters) and parameters[0] in row.actions
        if action == "turn_page" and parameters:
            step = int(parameters[0])  # type: ignore[call-overload]
            if self.page_size:
                return 0 <= self.page + step < self.pages
            return step > 0 and self.on_end_reached is not None and not self.load_more_fired
        return True

    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor + delta)

    def action_page_move(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * max(1, self.body_height // 2))

    def action_jump(self, position: int) -> None:
        self._set_cursor(position if position >= 0 else len(self.rows_layout.shown) - 1)

    # actions --------------------------------------------------------------------------------

    def _post(self, action: dict[str, Any]) -> None:
        self.post_message(UiAction(self.ctx.app_id, action))

    def action_activate(self) -> None:
        row = self.current
        if row is None or row.error:
            return
        if row.on_click is not None:
            self._post(row.on_click)
        elif row.expandable:
            self.action_expand(row.index not in self.expanded)

    def action_expand(self, open_it: bool) -> None:
        row = self.current
        if row is None or not row.expandable or (row.index in self.expanded) == open_it:
            return
        if open_it:
            width = max(12, self.scrollable_content_region.width - 5)
            lines: list[str] = []
            for node in row.expanded_content:
                lines += plain.lines(node, width)
            self._expanded_text[row.index] = lines or ["(nothing more)"]
            self.expanded.add(row.index)
        else:
            self.expanded.discard(row.index)
        self._relayout()

    def action_toggle_select(self) -> None:
        row = self.current
        if row is None or row.error:
            return
        had_bar = bool(self.chosen)
        self.chosen.symmetric_difference_update({row.index})
        self._selection_changed(had_bar)

    def action_select_all(self) -> None:
        had_bar = bool(self.chosen)
        every = {row.index for row in self.rows if not row.error}
        self.chosen = set() if self.chosen == every else every
        self._selection_changed(had_bar)

    def _selection_changed(self, had_bar: bool) -> None:
        self._strips.clear()
        if had_bar != bool(self.chosen):  # the bulk bar came or went: one line more or less
            self._relayout()
        else:
            self.refresh()

    @property
    def selected_ids(self) -> list[Any]:
        """The selected rows' ids, in item order (a row without an id: its position)."""
        return [
            row.raw_id if row.raw_id is not None else row.index
            for row in self.rows
            if row.index in self.chosen
        ]

    def action_bulk(self, number: int) -> None:
        if not self.chosen or number >= len(self.bulk_actions):
            return
        action = with_params(
            self.bulk_actions[number]["action"], {"message_ids": self.selected_ids}
        )
        self.chosen = set()
        self._relayout()
        self._post(action)

    def action_row_action(self, name: str) -> None:
        row = self.current
        if row is not None and name in row.actions:
            self._post(row.actions[name])

    def action_search(self) -> None:
        self.searching = True
        self._relayout()

    def action_clear(self) -> None:
        """Esc: leave the filter (clearing it), else clear the selection."""
        if self.searching or self.filter_text:
            self.searching, self.filter_text = False, ""
            self._relayout(cursor=0)
        elif self.chosen:
            self.chosen = set()
            self._relayout()

    def action_turn_page(self, step: int) -> None:
        if self.page_size:
            self.page = max(0, min(self.page + step, self.pages - 1))
            self._relayout(cursor=0)
        elif step > 0:
            self._end_reached()

    def on_key(self, event: events.Key) -> None:
        """While the filter is edited, printable keys and Backspace go to it."""
        if not self.searching:
            return
        if event.key == "backspace":
            self.filter_text = self.filter_text[:-1]
        elif event.key == "enter":
            self.searching = False
        elif event.key == "escape":
            self.searching, self.filter_text = False, ""
        elif event.is_printable and event.character:
            self.filter_text += event.character
        else:
            return  # arrows and the rest keep working on the rows
        event.stop()
        event.prevent_default()
        self.page = 0
        self._relayout(cursor=0)

    # infinite scroll ------------------------------------------------------------------------

    def _end_reached(self) -> None:
        """The user reached the end: ask for more, once per page of items."""
        if self.on_end_reached is None or self.filter_text or self.load_more_fired:
            return
        if self.page_size and self.page < self.pages - 1:
            return
        key = (
            self.ctx.app_id,
            self.ctx.panel_id,
            json.dumps(self.on_end_reached, sort_keys=True, default=str),
            len(self.rows),
        )
        self.load_more_fired = True
        if _remember_fired(key):
            self._post(self.on_end_reached)
        self._relayout()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.rows and new >= self.max_scroll_y and self.max_scroll_y > 0:
            self._end_reached()

    # mouse ----------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = int(self.scroll_offset.y) + offset.y - len(self._fixed_top())
        if not 0 <= line < len(self.rows_layout.lines):
            return
        kind, position, _ = self.rows_layout.lines[line]
        if kind == GROUP:
            return
        self.cursor = position
        self._remember_cursor()
        self._sync_enter_label()
        row = self.rows_layout.shown[position]
        if self.chosen and self.selectable:
            self.action_toggle_select()
        elif row.expandable:
            self.action_expand(row.index not in self.expanded)
        else:
            self.refresh()
            if position == len(self.rows_layout.shown) - 1:
                self._end_reached()
            self.action_activate()

    # for callers and tests ------------------------------------------------------------------

    def visible_titles(self) -> list[str]:
        """The titles of the rows shown (after search and paging)."""
        return [row.title for row in self.rows_layout.shown if not row.error]

    def line_texts(self) -> list[str]:
        """Every line of the list as text (fixed lines, then all rows, unscrolled)."""
        out = [self._fixed_strip(kind).text for kind in self._fixed_top()]
        if not self.rows:
            out.append(" " + self.empty_text)
        out += [self._line_strip(*line).text for line in self.rows_layout.lines]
        footer = self._footer()
        return out + ([" " + footer] if footer else [])


@builder("List")
def list_node(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiList(props, ctx)


@builder("ListItem")
def list_item(props: dict[str, Any], ctx: RenderContext) -> Widget:
    """A ListItem on its own (the kit only nests them): a list of one."""
    return UiList({"items": [props]}, ctx)
