"""HTML as readable text, with the standard library's parser only (no Textual, no rich).

Paragraphs, headings and block elements become lines separated by a blank line, `<br>` a line
break, list items `• ` (or `1. ` in an ordered list) indented by depth, links `text (url)` when
the url differs from the text, images their alt text. The contents of script, style and other
never-shown elements are dropped; entities are decoded. Nothing is fetched or run.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

DROPPED = {
    "script",
    "style",
    "head",
    "title",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
}
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "blockquote",
    "pre",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "hr",
    "figure",
    "form",
    "nav",
}
INDENT = "\x01"  # a list item's indent, kept through whitespace folding
SAFE_LINK = ("http://", "https://", "mailto:", "tel:")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # finished paragraphs, and whether preformatted
        self.line: list[str] = []
        self.dropping = 0
        self.lists: list[list[int]] = []  # per open list: [next number] or [] when unordered
        self.links: list[str] = []
        self.link_text: list[str] = []
        self.pre = 0

    def flush(self) -> None:
        joined = "".join(self.line)
        if not self.pre:
            joined = re.sub(r"[ \t\r\n\f]+", " ", joined).strip()
        if joined.strip():
            self.blocks.append((joined, bool(self.pre)))
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.dropping += 1
            return
        if self.dropping:
            return
        values = dict(attrs)
        if tag in BLOCKS or tag == "li":
            self.flush()
        if tag == "pre":
            self.pre += 1
        elif tag == "br":
            self.line.append("\n" if self.pre else "\u2028")
        elif tag == "hr":
            self.blocks.append(("─" * 20, False))
        elif tag in ("ul", "ol"):
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "li":
            depth = INDENT * max(len(self.lists) - 1, 0)
            numbering = self.lists[-1] if self.lists else []
            if numbering:
                self.line.append(f"{depth}{numbering[0]}. ")
                numbering[0] += 1
            else:
                self.line.append(f"{depth}• ")
        elif tag == "a":
            self.links.append(values.get("href") or "")
            self.link_text.append("")
        elif tag == "img" and values.get("alt"):
            self.line.append(f"[{values['alt']}]")
        elif tag in ("td", "th"):
            self.line.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropping = max(self.dropping - 1, 0)
            return
        if self.dropping:
            return
        if tag == "a" and self.links:
            href, label = self.links.pop(), self.link_text.pop().strip()
            if href.startswith(SAFE_LINK) and href not in (label, f"mailto:{label}"):
                self.line.append(f" ({href})")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in BLOCKS or tag == "li":
            self.flush()
        if tag == "pre":
            self.pre = max(self.pre - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        self.line.append(data)
        if self.link_text:
            self.link_text[-1] += data


def html_to_text(source: str) -> str:
    """`source` as plain text: paragraphs apart by a blank line, list items one per line."""
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    parser.flush()
    out: list[str] = []
    for block, pre in parser.blocks:
        lines = block.replace("\u2028", "\n").split("\n")
        text = "\n".join(line.rstrip() if pre else line.strip(" ") for line in lines)
        text = text.replace(INDENT, "  ")
        is_item = text.lstrip().startswith("• ") or re.match(r"\s*\d+\. ", text)
        if out and not (is_item and out[-1] and re.match(r"\s*(• |\d+\. )", out[-1])):
            out.append("")
        out.append(text)
    return "\n".join(out).strip("\n")
