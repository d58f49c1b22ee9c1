"""Display nodes: text, headers and separators."""

from __future__ import annotations

from typing import Any

from sdk.ui.base import UINode, node


def Text(content: str, variant: str = "body") -> UINode:
    return UINode("Text", {"content": content, "variant": variant})


def Header(text: str, level: int = 2, subtitle: str = "") -> UINode:
    return node("Header", {"text": text, "level": level}, {"subtitle": subtitle})


def Markdown(content: str) -> UINode:
    return UINode("Markdown", {"content": content})


def Code(content: str, language: str = "", line_numbers: bool = False) -> UINode:
    return node("Code", {"content": content, "line_numbers": line_numbers}, {"language": language})


def Empty(message: str = "No data", icon: str = "", action: Any = None) -> UINode:
    return node("Empty", {"message": message}, {"icon": icon, "action": action})


def Divider(label: str = "") -> UINode:
    return node("Divider", {}, {"label": label})
