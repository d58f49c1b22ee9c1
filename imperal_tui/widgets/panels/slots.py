"""The side slots as a whole: which panels of the catalog go to which column, and the keys
that collapse a column. Center panels are not here (imperal_tui.screens.center).
"""

from __future__ import annotations

from typing import Any

from imperal_tui.widgets.panels.column import PanelColumn
from imperal_tui.widgets.panels.view import PanelView

SLOTS = ("left", "right")


def columns(app: Any) -> dict[str, PanelColumn]:
    """The side columns of the main screen, by slot."""
    return {column.slot: column for column in app.query(PanelColumn)}


def panel_views(app: Any) -> list[PanelView]:
    """Every panel on show: the side columns' and those of open center screens."""
    return [view for screen in app.screen_stack for view in screen.query(PanelView)]


async def sync_slots(app: Any, catalog: dict[str, Any]) -> list[PanelView]:
    """Mount the side panels the catalog has, each in its slot's column (params kept when
    a panel stays); returns every side panel, for the caller to render."""
    by_slot = columns(app)
    for slot, column in by_slot.items():
        wanted = [p for info in catalog["extensions"] for p in info.panels if p.slot == slot]
        views = column.views()
        if [(p.app_id, p.panel_id, p.title) for p in wanted] == [
            (v.app_id, v.panel_id, v.title) for v in views
        ]:
            continue
        params = {(v.app_id, v.panel_id): v.params for v in views}
        fresh = [PanelView(p.app_id, p.panel_id, p.title) for p in wanted]
        for view in fresh:
            view.params.update(params.get((view.app_id, view.panel_id), {}))
        await column.set_views(fresh)
    return [view for column in by_slot.values() for view in column.views()]


def toggle_sidebar(app: Any, slot: str) -> None:
    """Collapse or expand the `slot` column, saying so when it has no panel to show."""
    column = columns(app).get(slot)
    if column is None:
        return
    shown = column.toggle()
    if shown and not column.views():
        app.notify(f"No extension has a {slot} panel.")


def cycle_focus(app: Any) -> bool:
    """ctrl+l: prompt -> left panels -> right panels -> prompt (skipping collapsed or empty
    columns). False when no column has anything to focus and the focus was not in one."""
    shown = [columns(app).get(slot) for slot in SLOTS]
    order = [c for c in shown if c is not None]
    focused = app.focused
    inside = next((c for c in order if focused is not None and c in focused.ancestors), None)
    after = order[order.index(inside) + 1 :] if inside is not None else order
    if any(column.focus_first() for column in after):
        return True
    if inside is not None:
        app.action_focus_prompt()
        return True
    return False


def follow_width(app: Any, width: int) -> None:
    """A terminal resize: each side column collapses or shows as its threshold is crossed."""
    for column in app.query(PanelColumn):
        column.follow_width(width)
