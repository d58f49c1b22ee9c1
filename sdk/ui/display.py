"""Display nodes: text, icons, headers, media, code, markdown, HTML and separators."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UIAction, UINode, node  # noqa: F401 (UIAction is re-exported, as documented)


def Text(
    content: str, variant: str = "body", truncate: bool = False, className: str = ""
) -> UINode:
    """`variant` is one of heading, body, caption, code; `truncate` keeps it to one line."""
    return node(
        "Text",
        {"content": content, "variant": variant},
        {"truncate": bool(truncate), "className": className},
    )


def Icon(name: str, size: int = 16, color: str = "", className: str = "") -> UINode:
    """A Lucide icon by name."""
    return node("Icon", {"name": name, "size": size, "color": color}, {"className": className})


def Header(text: str, level: int = 2, subtitle: str = "") -> UINode:
    return node("Header", {"text": text, "level": level}, {"subtitle": subtitle})


def Image(
    src: str,
    alt: str = "",
    width: str = "",
    height: str = "",
    on_click: Any = None,
    object_fit: str = "",
    caption: str = "",
) -> UINode:
    return node(
        "Image",
        {"src": src},
        {
            "alt": alt,
            "width": width,
            "height": height,
            "on_click": on_click,
            "object_fit": object_fit,
            "caption": caption,
        },
    )


def Code(content: str, language: str = "", line_numbers: bool = False) -> UINode:
    return node("Code", {"content": content, "line_numbers": line_numbers}, {"language": language})


def Markdown(content: str) -> UINode:
    return UINode("Markdown", {"content": content})


def Empty(message: str = "No data", icon: str = "", action: Any = None) -> UINode:
    return node("Empty", {"message": message}, {"icon": icon, "action": action})


def Divider(label: str = "") -> UINode:
    return node("Divider", {}, {"label": label})


def Html(content: str, sandbox: bool = True, max_height: int = 0, theme: str = "dark") -> UINode:
    """Raw HTML; `theme` ("dark" or "light") is only sent when it is not "dark"."""
    n = node("Html", {"content": content, "sandbox": sandbox}, {"max_height": max_height})
    if theme != "dark":
        n.props["theme"] = theme
    return n


def Video(
    src: str,
    poster: str = "",
    title: str = "",
    autoplay: bool = False,
    controls: bool = True,
    loop: bool = False,
    muted: bool = False,
    width: str = "",
    height: str = "",
) -> UINode:
    return node(
        "Video",
        {"src": src, "controls": controls},
        {
            "poster": poster,
            "title": title,
            "autoplay": autoplay,
            "loop": loop,
            "muted": muted,
            "width": width,
            "height": height,
        },
    )


def Audio(
    src: str, title: str = "", controls: bool = True, autoplay: bool = False, loop: bool = False
) -> UINode:
    return node(
        "Audio",
        {"src": src, "controls": controls},
        {"title": title, "autoplay": autoplay, "loop": loop},
    )
