"""Relative dates in requests ("tomorrow", "friday", "next week", "in 3 days", "march 20") as
ISO dates, relative to a `today` the caller passes (so tests can fix it).

Conventions: a bare weekday ("friday", "this friday", "on friday") is the next such day after
today; "next friday" is the friday of next week (weeks start on monday); "next week" is next
week's monday; a month and day already past this year means next year's.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip

_WD = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?|wednesday|tuesday|thursday|saturday"
_MON = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_NUM = r"\d+|" + "|".join(NUMBERS)
EXPRESSION = (
    r"\d{4}-\d{2}-\d{2}|today|tonight|this evening|tomorrow|tmrw"
    r"|(?:the\s+)?day after tomorrow|next week|end of (?:the\s+)?(?:week|month)"
    rf"|in\s+(?:{_NUM})\s+(?:days?|weeks?)|(?:(?:this|next|on)\s+)?(?:{_WD})"
    rf"|(?:{_MON})\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MON})"
)
_FULL = re.compile(rf"^(?:{EXPRESSION})$", re.I)


def _weekday(word: str) -> int:
    word = word.lower()
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word[:3]))


def _month(word: str) -> int:
    return next(i for i, name in enumerate(MONTHS, start=1) if name.startswith(word[:3].lower()))


def to_iso(text: str, today: dt.date) -> str | None:
    """The ISO date `text` names relative to `today`, or None if it is not a date we know."""
    s = " ".join(text.lower().split())
    s = re.sub(r"^(?:due|by|on)\s+", "", s)
    if not _FULL.match(s):
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            return dt.date.fromisoformat(s).isoformat()
        except ValueError:
            return None
    days = {"today": 0, "tonight": 0, "this evening": 0, "tomorrow": 1, "tmrw": 1}
    if s in days:
        return (today + dt.timedelta(days[s])).isoformat()
    if s.endswith("day after tomorrow"):
        return (today + dt.timedelta(2)).isoformat()
    monday_next = today + dt.timedelta(7 - today.weekday())
    if s == "next week":
        return monday_next.isoformat()
    if s.startswith("end of"):
        if s.endswith("week"):
            return (monday_next - dt.timedelta(1)).isoformat()
        first_next = (today.replace(day=28) + dt.timedelta(4)).replace(day=1)
        return (first_next - dt.timedelta(1)).isoformat()
    m = re.fullmatch(rf"in\s+({_NUM})\s+(days?|weeks?)", s)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
        return (today + dt.timedelta(n * (7 if m.group(2).startswith("week") else 1))).isoformat()
    m = re.fullmatch(rf"(?:(this|next|on)\s+)?({_WD})", s)
    if m:
        wd = _weekday(m.group(2))
        if m.group(1) == "next":
            return (monday_next + dt.timedelta(wd)).isoformat()
        return (today + dt.timedelta((wd - today.weekday() - 1) % 7 + 1)).isoformat()
    m = re.fullmatch(rf"({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?", s) or re.fullmatch(
        rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})", s
    )
    if m:
        month_word, day = (m.group(1), m.group(2)) if m.group(1)[0].isalpha() else m.groups()[::-1]
        try:
            date = dt.date(today.year, _month(month_word), int(day))
            if date < today:
                date = dt.date(today.year + 1, date.month, date.day)
        except ValueError:
            return None
        return date.isoformat()
    return None
