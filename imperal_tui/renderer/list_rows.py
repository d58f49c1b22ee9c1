"""The rows of a `ui.List`, without Textual: items read into `ListRow`s, and the line layout of
the rows currently shown (search filter, page, group headers, expanded rows).

`list_view.UiList` draws from this; keeping it apart keeps the widget to drawing and keys, and
lets the layout be tested and timed on its own. Building the layout is linear in the rows shown
and runs only when the filter, page or expansion changes, never on a cursor move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imperal_tui.renderer.actions import is_action
from imperal_tui.renderer.props import flag, text

# Row actions by icon: which key fires them on the cursor's row.
ACTION_KEYS = {
    "trash": "delete",
    "trash2": "delete",
    "delete": "delete",
    "x": "delete",
    "pencil": "edit",
    "edit": "edit",
}

# Line kinds in a layout.
GROUP, TITLE, DETAIL, EXPANDED, BROKEN = "group", "title", "detail", "expanded", "broken"


@dataclass
class ListRow:
    """One item as the list shows it. `error` is set for an item that is not an object: it is
    drawn as a visible error line, and the other items still render."""

    index: int
    raw_id: Any = None
    title: str = ""
    subtitle: str = ""
    meta: str = ""
    icon: Any = None
    badge: dict[str, Any] | None = None
    selected: bool = False
    on_click: dict[str, Any] | None = None
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)
    expandable: bool = False
    expanded_content: list[Any] = field(default_factory=list)
    group: str = ""
    error: str = ""

    @property
    def key(self) -> str:
        """What identifies the row in a selection: its id, else its position."""
        return text(self.raw_id) if self.raw_id is not None else f"#{self.index}"

    @property
    def detail(self) -> str:
        return " · ".join(v for v in (self.subtitle, self.meta) if v.strip())

    def matches(self, needle: str) -> bool:
        """Case-insensitive substring of title, subtitle or meta (the kit's search)."""
        if self.error:
            return False
        return any(needle in value.casefold() for value in (self.title, self.subtitle, self.meta))


def one_line(value: Any) -> str:
    """A prop as row text: a row is one line, so newlines become spaces."""
    return text(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def read_row(index: int, item: Any, grouped_by: str = "") -> ListRow:
    """An item (a ListItem node or a plain dict) as a row; anything else as an error row."""
    if isinstance(item, dict) and isinstance(item.get("props"), dict):
        item = item["props"]  # a ListItem node; plain dicts are accepted as rows too
    if not isinstance(item, dict):
        return ListRow(index, error=f"item {index + 1} is not an object: {type(item).__name__}")
    actions: dict[str, dict[str, Any]] = {}
    for entry in item.get("actions") or []:
        if isinstance(entry, dict) and is_action(entry.get("on_click")):
            name = ACTION_KEYS.get(text(entry.get("icon")).replace("-", "").lower())
            if name and name not in actions:
                actions[name] = entry["on_click"]
    badge = item.get("badge")
    expanded = item.get("expanded_content")
    if isinstance(expanded, dict):
        expanded = [expanded]
    group = ""
    if grouped_by:
        group = one_line(item.get(grouped_by)) or "Other"
    return ListRow(
        index,
        raw_id=item.get("id"),
        title=one_line(item.get("title")),
        subtitle=one_line(item.get("subtitle")),
        meta=one_line(item.get("meta")),
        icon=item.get("icon"),
        badge=badge["props"]
        if isinstance(badge, dict) and isinstance(badge.get("props"), dict)
        else None,
        selected=flag(item.get("selected")),
        on_click=item["on_click"] if is_action(item.get("on_click")) else None,
        actions=actions,
        expandable=flag(item.get("expandable")) or bool(expanded),
        expanded_content=list(expanded) if isinstance(expanded, list | tuple) else [],
        group=group,
    )


def read_rows(items: Any, grouped_by: str = "") -> list[ListRow]:
    """`items` as rows; raises TypeError when `items` is not a list at all."""
    if items is None:
        return []
    if not isinstance(items, list | tuple):
        raise TypeError(f"items must be a list, not {type(items).__name__}")
    return [read_row(index, item, grouped_by) for index, item in enumerate(items)]


class ListLayout:
    """The lines of the rows shown: `lines[i] = (kind, position, sub)`, where `position` indexes
    `shown` (the rows after search and paging) and `sub` is the line within an expanded block.
    `starts[position]` is the row's first line, so the cursor maps to a line in O(1)."""

    def __init__(
        self,
        shown: list[ListRow],
        expanded: set[int],
        expanded_lines: dict[int, int],
        grouped: bool,
    ) -> None:
        self.shown = shown
        self.lines: list[tuple[str, int, int]] = []
        self.starts: list[int] = []
        self.ends: list[int] = []  # one past the row's last line
        lines, starts, ends = self.lines, self.starts, self.ends
        group = None
        for position, row in enumerate(shown):
            if grouped and row.group != group and not row.error:
                group = row.group
                lines.append((GROUP, position, 0))
            starts.append(len(lines))
            if row.error:
                lines.append((BROKEN, position, 0))
            else:
                lines.append((TITLE, position, 0))
                if row.subtitle.strip() or row.meta.strip():
                    lines.append((DETAIL, position, 0))
                if row.index in expanded:
                    lines.extend(
                        (EXPANDED, position, sub) for sub in range(expanded_lines[row.index])
                    )
            ends.append(len(lines))

    def __len__(self) -> int:
        return len(self.lines)


def page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size)) if page_size > 0 else 1
