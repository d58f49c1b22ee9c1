"""Reading argument values out of the words of a request: quoted titles, choices ("high
priority"), folders, dates, and "… with body X in folder Y" by parameter name."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from kernel.router.dates import EXPRESSION as DATE_EXPRESSION
from kernel.router.dates import to_iso
from kernel.router.phrases import CHOICE_SYNONYMS


def parse_value(text: str) -> Any:
    """`5` -> 5, `true` -> True, `[1,2]` -> list; anything else stays the string it is."""
    if re.fullmatch(r"-?\d+(?:\.\d+)?|true|false|null|\[.*\]|\{.*\}", text, re.S):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def in_quotes(text: str, pos: int) -> bool:
    """Whether `pos` is inside a quoted stretch ("…", “…” or '…'; an apostrophe inside a word
    such as "don't" is no quote)."""
    before = text[:pos]
    if (before.count('"') + before.count("“") + before.count("”")) % 2:
        return True
    opened = len(re.findall(r"(?:^|\s)'", before))
    closed = len(re.findall(r"\S'(?=\s|,|$)", before))
    return opened > closed


def is_date(name: str, fd) -> bool:
    if name in ("due", "date", "deadline", "when") or name.endswith(("_date", "_on", "_by")):
        return True
    prop = (fd.params_schema or {}).get("properties", {}).get(name, {})
    return prop.get("format") == "date"


def strip_date(text: str, today: dt.date) -> tuple[str, str]:
    """A date at the end of the text ("… due friday", "… by monday", "… tomorrow")."""
    m = re.search(
        rf"(?:,\s*|\s+)(?:(?:due|by|on|for)\s+)?(?:the\s+)?({DATE_EXPRESSION})\s*,?$", text, re.I
    )
    if m is None:
        m = re.search(
            rf"(?:,\s*|\s+)(?:due|by)\s+(?:the\s+)?({DATE_EXPRESSION})(?=\s*,|\s+with\b)",
            text,
            re.I,
        )
    if m is None:
        return text, ""
    iso = to_iso(m.group(1), today)
    if iso is None:
        return text, ""
    return (text[: m.start()] + text[m.end() :]).strip(), iso


def strip_choices(text: str, fields) -> tuple[str, dict[str, Any]]:
    """ "… with high priority", "… priority: high", "…, low priority" -> priority."""
    found: dict[str, Any] = {}
    for name, info in fields.items():
        values = choices_of(info)
        if not values:
            continue
        words = "|".join(
            map(re.escape, values + [k for k, v in CHOICE_SYNONYMS.items() if v in values])
        )
        for pattern in (
            rf"(?:,\s*|\s+|^)(?:(?:with|at|as)\s+)?(?:an?\s+)?({words})[- ]{name}\b",
            rf"(?:,\s*|\s+|^)(?:(?:with|at|as)\s+)?(?:the\s+)?{name}\s*(?::|=|is|of)?\s*({words})\b",
        ):
            m = re.search(pattern, text, re.I)
            if m:
                word = m.group(1).lower()
                found[name] = CHOICE_SYNONYMS.get(word, word)
                text = (text[: m.start()] + text[m.end() :]).strip()
                break
    return text, found


def strip_folderish(text: str, fields) -> tuple[str, dict[str, Any]]:
    """ "… in the work folder", "… in my travel folder" -> folder="work"."""
    found: dict[str, Any] = {}
    for name in fields:
        lead = re.match(rf"^(?:in\s+)?(?:the\s+)?{name}\s+([\w-]+)\s*:\s*", text, re.I)
        if lead:  # "in folder work: standup notes"
            found[name], text = lead.group(1), text[lead.end() :]
            continue
        m = re.search(
            rf"(?:,\s*|\s+|^)(?:in|into|to|from|under)\s+(?:the\s+|my\s+)?([\w-]+)\s+{name}\b",
            text, re.I,
        )  # fmt: skip
        if m:
            found[name] = m.group(1)
            text = (text[: m.start()] + text[m.end() :]).strip()
    return text, found


def fields_of(fd) -> dict[str, Any]:
    """Parameter facts from the function's manifest (kernel.host.manifest.ParamMeta)."""
    return dict(fd.fields)


def choices_of(info) -> list[str]:
    """The allowed values of a Literal-typed parameter, lower-cased."""
    return [str(a).lower() for a in info.choices]


def subject_param(fields, exclude: set[str]) -> str | None:
    """The first required text field, else the first text field."""
    text_fields = [n for n, f in fields.items() if n not in exclude and f.is_text]
    required = [n for n in text_fields if fields[n].is_required()]
    return (required or text_fields or [None])[0]


def keyword_segments(subject: str, names: list[str]) -> tuple[str, dict[str, Any]]:
    """Pull "… with body X in folder Y due friday" out of the subject, by parameter name."""
    if not subject or not names:
        return subject, {}
    alias = "|titled|called|named" if "title" in names else ""  # "… titled Pancakes"
    pattern = re.compile(
        r"(?:,\s*|\s+)(?:(?:with|in|and|at)\s+)?(?:the\s+)?("
        + "|".join(map(re.escape, names))
        + alias
        + r")(?![\w-])\s*(?:=|:|is\s+)?\s*",
        re.I,
    )
    matches = [
        m for m in pattern.finditer(" " + subject) if not in_quotes(" " + subject, m.start())
    ]
    if not matches:
        return subject, {}
    found: dict[str, Any] = {}
    head = (" " + subject)[: matches[0].start()].strip()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(subject) + 1
        value = (" " + subject)[m.end() : end].strip().strip(",").strip().strip("\"'")
        if value:
            key = m.group(1).lower()
            key = "title" if key in ("titled", "called", "named") else key
            found[key] = parse_value(value) if value.isdigit() else value
    return head, found
