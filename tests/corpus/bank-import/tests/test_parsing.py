from datetime import date
from decimal import Decimal

import pytest
from parsing import StatementError, parse_statement


def test_comma_separated_iso_dates():
    rows = parse_statement("Date,Description,Amount\n2026-01-03,LIDL Berlin,-23.40\n")
    assert rows[0].day == date(2026, 1, 3)
    assert rows[0].amount == Decimal("-23.40")


def test_german_export():
    text = "\ufeffBuchungstag;Verwendungszweck;Betrag\n03.01.2026;Miete Januar;-1.200,00\n"
    (row,) = parse_statement(text)
    assert row.description == "Miete Januar"
    assert row.amount == Decimal("-1200.00")


def test_blank_lines_are_skipped():
    rows = parse_statement("date,payee,amount\n2026-01-01,A,1\n,,\n2026-01-02,B,2\n")
    assert [r.description for r in rows] == ["A", "B"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "foo,bar,baz\n1,2,3\n",
        "date,payee,amount\nyesterday,A,1\n",
        "date,payee,amount\n2026-01-01,A,lots\n",
    ],
)
def test_bad_files(text):
    with pytest.raises(StatementError):
        parse_statement(text)
