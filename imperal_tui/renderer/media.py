"""Media nodes: Image, Html, Video and Audio, as a terminal can show them. Nothing is fetched.

Image: when the node carries its bytes (a `data:` URL in `src`, or base64 in `data`) and Pillow
is installed, the picture in half-block cells (`▀`, two pixels per cell), scaled to the width it
gets; otherwise `▣ alt`, the caption, and the address as a link (http(s) only; a `data:` URL is
summarised by its size). With `on_click` the image takes focus and Enter fires it.
Html: its text (see `html_text.py`), paragraphs, lists and links kept, `max_height` (px, about
20 a line) as a scrolling height. Video and Audio: the title and the address as a link.
"""

from __future__ import annotations

import base64
import binascii
import io
from typing import Any

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from imperal_tui.renderer.actions import UiAction, is_action
from imperal_tui.renderer.context import RenderContext
from imperal_tui.renderer.html_text import html_to_text
from imperal_tui.renderer.props import text
from imperal_tui.renderer.registry import builder

RGB = tuple[int, int, int]
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_COLUMNS = 80
PX_PER_LINE = 20


def image_bytes(props: dict[str, Any]) -> bytes | None:
    """The image's bytes if the node carries them (a base64 `data:` URL or `data`), else None."""
    src = props.get("src")
    payload = None
    if isinstance(src, str) and src.startswith("data:") and ";base64," in src[:200]:
        payload = src.split(";base64,", 1)[1]
    elif isinstance(props.get("data"), str):
        payload = props["data"]
    if payload is None or len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        return None
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return None


def decode_pixels(raw: bytes, columns: int) -> list[list[RGB]] | None:
    """`raw` as rows of RGB pixels `columns` wide (an even number of rows), or None when Pillow
    is missing or cannot read it."""
    try:
        from PIL import Image as PILImage  # optional: only used when installed
    except ImportError:
        return None
    try:
        picture = PILImage.open(io.BytesIO(raw)).convert("RGB")
    except Exception:
        return None
    width, height = picture.size
    if not width or not height:
        return None
    columns = max(1, min(columns, width))
    rows = max(2, round(height * columns / width / 2) * 2)  # a cell is about twice as tall
    picture = picture.resize((columns, rows))
    data = list(picture.getdata())
    return [data[r * columns : (r + 1) * columns] for r in range(rows)]


def half_blocks(pixels: list[list[RGB]]) -> list[Content]:
    """Pixel rows as text lines, two rows per line: `▀` in the upper colour on the lower one."""
    out: list[Content] = []
    for top, bottom in zip(pixels[0::2], pixels[1::2], strict=False):
        spans = [
            ("▀", f"rgb({a[0]},{a[1]},{a[2]}) on rgb({b[0]},{b[1]},{b[2]})")
            for a, b in zip(top, bottom, strict=False)
        ]
        out.append(Content.assemble(*spans))
    return out


def address_line(src: Any) -> Content | None:
    """Where the media lives: an http(s) link, a `data:` URL's size, or nothing."""
    src = text(src)
    if src.startswith(("http://", "https://")):
        return Content.styled(src, Style(link=src, underline=True))
    if src.startswith("data:"):
        return Content.styled(f"(embedded, {len(src) * 3 // 4 // 1024 or 1} KB)", "$text-muted")
    return Content.styled(src, "$text-muted") if src else None


class UiImage(Widget):
    """Half-block pixels when there are some to draw, else alt text, caption and address."""

    DEFAULT_CSS = """
    UiImage { height: auto; width: 1fr; }
    UiImage:focus { background: $boost; }
    """

    BINDINGS = [Binding("enter", "activate", "Open")]

    def __init__(self, props: dict[str, Any], ctx: RenderContext) -> None:
        super().__init__()
        self.props = props
        self.ctx = ctx
        self.raw = image_bytes(props)
        self.can_focus = is_action(props.get("on_click"))
        self._cached: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        if self._cached and self._cached[0] == width:
            return self._cached[1]
        alt = text(self.props.get("alt")) or "image"
        caption = text(self.props.get("caption"))
        pixels = decode_pixels(self.raw, min(width, MAX_IMAGE_COLUMNS)) if self.raw else None
        out = half_blocks(pixels) if pixels else [Content(f"▣ {alt}")]
        if caption:
            out.append(Content.styled(caption, "$text-muted"))
        if not pixels:
            where = address_line(self.props.get("src"))
            if where is None and not self.raw:
                out[0] = Content(f"▣ {alt} (image unavailable)")
            elif where is not None:
                out.append(where)
        self._cached = (width, out)
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width or 80))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width or 80))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_focus if action == "activate" else True

    def action_activate(self) -> None:
        if is_action(self.props.get("on_click")):
            self.post_message(UiAction(self.ctx.app_id, self.props["on_click"]))

    def on_click(self) -> None:
        self.action_activate()


@builder("Image")
def image(props: dict[str, Any], ctx: RenderContext) -> Widget:
    if props.get("on_click") is not None and not is_action(props.get("on_click")):
        raise TypeError("on_click must be an action")
    return UiImage(props, ctx)


class UiHtml(VerticalScroll):
    DEFAULT_CSS = """
    UiHtml { height: auto; }
    UiHtml > Static { height: auto; }
    """


@builder("Html")
def html(props: dict[str, Any], ctx: RenderContext) -> Widget:
    content = props.get("content")
    if content is not None and not isinstance(content, str):
        raise TypeError(f"content must be HTML text, not {type(content).__name__}")
    body = html_to_text(content or "")
    widget = UiHtml(Static(text(body), markup=False))
    limit = props.get("max_height")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        widget.styles.max_height = max(limit // PX_PER_LINE, 3)
    return widget


@builder("Video", "Audio")
def media(props: dict[str, Any], ctx: RenderContext) -> Widget:
    title = text(props.get("title")) or "media"
    parts: list[Content] = [Content(f"▶ {title}")]
    where = address_line(props.get("src"))
    if where is not None:
        parts.append(where)
    return Static(Content("\n").join(parts))
