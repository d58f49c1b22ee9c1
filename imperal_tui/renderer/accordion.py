"""Accordion: sections that fold. All start collapsed (as in the web kit); a section's children
are rendered the first time it opens. Tab reaches each title, Enter (or a click) toggles it;
without `allow_multiple`, opening one closes the others. Local only: no action fires."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Collapsible

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.props import flag, text
from imperal_tui.renderer.registry import builder, render_later


class UiFold(Collapsible):
    """One section: its body is built on first expansion."""

    DEFAULT_CSS = """
    UiFold { height: auto; border-top: none; padding: 0; margin: 0; background: transparent; }
    UiFold > Contents { padding: 0 0 0 2; }
    UiFold > CollapsibleTitle { text-style: bold; }
    """

    def __init__(self, section: dict[str, Any], ctx: RenderContext, index: int) -> None:
        title = text(section.get("title"), f"Section {index + 1}")
        super().__init__(title=Content(title), collapsed=True)  # type: ignore[arg-type]
        self.section = section
        self.ctx = ctx
        self.built = False

    def on_collapsible_expanded(self, event: Collapsible.Expanded) -> None:
        if event.collapsible is not self or self.built:
            return
        self.built = True
        body = self.section.get("children", self.section.get("content"))
        self.query_one(Collapsible.Contents).mount_all(render_later(body, self.ctx, "Accordion"))


class UiAccordion(Vertical):
    DEFAULT_CSS = """
    UiAccordion { height: auto; }
    """

    def __init__(self, folds: list[UiFold], allow_multiple: bool) -> None:
        super().__init__(*folds)
        self.allow_multiple = allow_multiple

    def on_collapsible_expanded(self, event: Collapsible.Expanded) -> None:
        if self.allow_multiple or event.collapsible.parent is not self:
            return
        for fold in self.query_children(UiFold):
            if fold is not event.collapsible:
                fold.collapsed = True


@builder("Accordion")
def accordion(props: dict[str, Any], ctx: RenderContext) -> Widget:
    sections = props.get("sections") or []
    if not isinstance(sections, list | tuple):
        raise TypeError(f"sections must be a list, not {type(sections).__name__}")
    if not all(isinstance(s, dict) for s in sections):
        raise TypeError("every section must be an object with a title and children")
    folds = [UiFold(s, ctx, i) for i, s in enumerate(sections)]
    return UiAccordion(folds, flag(props.get("allow_multiple")))
