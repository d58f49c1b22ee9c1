"""Bank statement CSV parsing: tolerant of the usual export dialects."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y")
HEADERS = {
    "date": ("date", "booking date", "buchungstag", "transaction date"),
    "description": ("description", "details", "payee", "verwendungszweck", "memo"),
    "amount": ("amount", "betrag", "value"),
}


class StatementError(ValueError):
    """The file is not a statement this importer understands."""


@dataclass(frozen=True)
class Row:
    day: date
    description: str
    amount: Decimal

    def key(self) -> str:
        return f"{self.day.isoformat()}|{self.amount}|{self.description.lower()}"


def _column(fieldnames: list[str], wanted: str) -> str:
    for name in fieldnames:
        if name.strip().lower() in HEADERS[wanted]:
            return name
    raise StatementError(f"no {wanted} column (found: {', '.join(fieldnames)})")


def _date(raw: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise StatementError(f"unreadable date {raw!r}")


def _amount(raw: str) -> Decimal:
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    elif "," in text:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise StatementError(f"unreadable amount {raw!r}") from None


def parse_statement(text: str) -> list[Row]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise StatementError("the file is empty")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        raise StatementError("not a CSV file (no column separator found)") from None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = reader.fieldnames or []
    date_col = _column(fields, "date")
    desc_col = _column(fields, "description")
    amount_col = _column(fields, "amount")
    rows = []
    for record in reader:
        if not any((v or "").strip() for v in record.values()):
            continue
        rows.append(
            Row(
                day=_date(record[date_col]),
                description=(record[desc_col] or "").strip(),
                amount=_amount(record[amount_col]),
            )
        )
    return rows
