import datetime as dt

import pytest

from kernel.router.dates import to_iso

WEDNESDAY = dt.date(2026, 3, 11)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("today", "2026-03-11"),
        ("tonight", "2026-03-11"),
        ("tomorrow", "2026-03-12"),
        ("the day after tomorrow", "2026-03-13"),
        ("friday", "2026-03-13"),
        ("on sunday", "2026-03-15"),
        ("wednesday", "2026-03-18"),  # a bare weekday is never today
        ("next friday", "2026-03-20"),  # the friday of next week
        ("next week", "2026-03-16"),
        ("in 3 days", "2026-03-14"),
        ("in a week", "2026-03-18"),
        ("in 2 weeks", "2026-03-25"),
        ("march 20", "2026-03-20"),
        ("20th of march", "2026-03-20"),
        ("jan 5", "2027-01-05"),  # already past this year
        ("end of month", "2026-03-31"),
        ("2026-04-01", "2026-04-01"),
        ("Due Tomorrow", "2026-03-12"),
    ],
)
def test_relative_dates_become_iso_dates(text, iso):
    assert to_iso(text, WEDNESDAY) == iso


@pytest.mark.parametrize("text", ["someday", "soon", "2026-02-30", "feb 30", "", "friday week"])
def test_what_is_no_date_stays_none(text):
    assert to_iso(text, WEDNESDAY) is None
