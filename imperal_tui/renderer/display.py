"""Display nodes: Text, Header, Markdown, Code, Icon, Badge (Image and Html are in media.py)."""

from __future__ import annotations

from typing import Any

from rich.syntax import Syntax
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Markdown, Static

from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.glyphs import glyph
from imperal_tui.renderer.props import COLOR_STYLES, color, flag, text
from imperal_tui.renderer.registry import builder

TEXT_VARIANTS = ("heading", "subheading", "body", "caption", "code", "label")


class UiText(Static):
    DEFAULT_CSS = """
    UiText { height: auto; }
    UiText.-heading { text-style: bold; }
    UiText.-subheading { text-style: bold; color: $text-secondary; }
    UiText.-caption { color: $text-muted; }
    UiText.-label { color: $text-muted; text-style: bold; }
    UiText.-code { color: $text-primary; background: $boost; }
    UiText.-truncate { text-wrap: nowrap; text-overflow: ellipsis; }
    """


class UiHeader(Static):
    DEFAULT_CSS = """
    UiHeader { height: auto; text-style: bold; color: $text-accent; }
    """


class UiMarkdown(Markdown):
    DEFAULT_CSS = """
    UiMarkdown { height: auto; margin: 0; padding: 0; background: transparent; }
    """


class UiCode(Static):
    DEFAULT_CSS = """
    UiCode { height: auto; background: $boost; padding: 0 1; }
    """


class UiBadge(Static):
    DEFAULT_CSS = """
    UiBadge { width: auto; height: 1; }
    """


@builder("Text")
def text_node(props: dict[str, Any], ctx: RenderContext) -> Widget:
    content = text(props.get("content", props.get("text")))
    variant = text(props.get("variant"), "body").lower()
    if variant == "label":
        content = content.upper()
    classes = f"-{variant}" if variant in TEXT_VARIANTS else ""
    if flag(props.get("truncate")):
        classes += " -truncate"
    return UiText(content, markup=False, classes=classes)


@builder("Header")
def header(props: dict[str, Any], ctx: RenderContext) -> Widget:
    title = text(props.get("text", props.get("title")))
    subtitle = text(props.get("subtitle"))
    level = props.get("level", 2)
    if level in (1, 2):
        title = title.upper() if level == 1 else title
    parts: list[str | tuple[str, str]] = [title]
    if subtitle:
        parts.append(("\n" + subtitle, "not bold $text-muted"))
    return UiHeader(Content.assemble(*parts))


@builder("Markdown")
def markdown(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiMarkdown(text(props.get("content")))


@builder("Code")
def code(props: dict[str, Any], ctx: RenderContext) -> Widget:
    source = text(props.get("content"))
    language = text(props.get("language")) or "text"
    return UiCode(
        Syntax(
            source,
            language,
            line_numbers=flag(props.get("line_numbers")),
            word_wrap=True,
            theme="ansi_dark",
            background_color="default",
        )
    )


@builder("Icon")
def icon(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiText(glyph(props.get("name")), markup=False)


def badge_content(props: dict[str, Any]) -> Content:
    """A badge as an inline span, so list rows can carry one."""
    label = text(props.get("label")) or text(props.get("value"))
    style = COLOR_STYLES[color(props.get("color"))]
    dot = "● " if flag(props.get("dot")) else ""
    return Content.assemble((f" {dot}{label} ", style))


@builder("Badge")
def badge(props: dict[str, Any], ctx: RenderContext) -> Widget:
    return UiBadge(badge_content(props))
