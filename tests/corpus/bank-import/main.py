"""Bank Import: turn bank statement CSV files into categorised transactions."""

from __future__ import annotations

from collections import defaultdict

from imperal_sdk import ActionResult, ChatExtension, Extension, ui
from parsing import StatementError, parse_statement
from pydantic import BaseModel, Field

ext = Extension(
    "bank-import",
    version="1.1.0",
    display_name="Bank Import",
    description="Drop a bank statement CSV into chat and get categorised, de-duplicated transactions.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["bank-import:read", "bank-import:write"],
)
chat = ChatExtension(ext, "bank", "Bank statements: import CSV files and sum transactions.")

ext.file_sink(
    "import_statement",
    accepts=["text/csv", "text/plain"],
    arg="csv_text",
    arg_kind="text",
    description="Import a bank statement exported as CSV",
)
ext.file_sink(
    "import_statement_file",
    accepts=["text/csv", "application/vnd.ms-excel"],
    arg="file_id",
    arg_kind="file_id",
    description="Import a large bank statement from storage",
)

CATEGORIES = {
    "groceries": ("lidl", "aldi", "rewe", "tesco", "whole foods"),
    "transport": ("uber", "db bahn", "shell", "bvg", "lyft"),
    "rent": ("rent", "miete"),
    "salary": ("salary", "gehalt", "payroll"),
}


def categorise(description: str) -> str:
    low = description.lower()
    for category, words in CATEGORIES.items():
        if any(w in low for w in words):
            return category
    return "other"


class ImportTextParams(BaseModel):
    csv_text: str = Field(min_length=1, description="The statement's CSV text")
    account: str = Field("main", description="Which account the statement belongs to")


class ImportFileParams(BaseModel):
    file_id: str = Field(min_length=1, description="Storage path of the uploaded CSV file")
    account: str = Field("main", description="Which account the statement belongs to")


class ListParams(BaseModel):
    account: str = Field("", description="Only this account; empty for all")
    category: str = Field("", description="Only this category")
    limit: int = Field(100, ge=1, le=1000, description="At most this many transactions")


class AccountParams(BaseModel):
    account: str = Field(min_length=1, description="The account to clear")


class ImportResult(BaseModel):
    imported: int
    duplicates: int
    total: str


class Transaction(BaseModel):
    id: str
    date: str
    description: str
    amount: str
    category: str
    account: str


class TransactionList(BaseModel):
    transactions: list[Transaction]
    count: int


class Totals(BaseModel):
    months: dict[str, dict[str, str]]


async def _import(ctx, text: str, account: str) -> ActionResult:
    try:
        rows = parse_statement(text)
    except StatementError as exc:
        return ActionResult.error(f"Cannot import this file: {exc}", code="BAD_STATEMENT")
    existing = await ctx.store.query("transactions", where={"account": account}, limit=10000)
    seen = {d.data["key"] for d in existing.data}
    imported = duplicates = 0
    total = sum((r.amount for r in rows), start=0)
    for index, row in enumerate(rows):
        await ctx.progress(100 * index / max(1, len(rows)), f"row {index + 1} of {len(rows)}")
        if row.key() in seen:
            duplicates += 1
            continue
        seen.add(row.key())
        await ctx.store.create(
            "transactions",
            {
                "key": row.key(),
                "account": account,
                "date": row.day.isoformat(),
                "month": row.day.strftime("%Y-%m"),
                "description": row.description,
                "amount": str(row.amount),
                "category": categorise(row.description),
            },
        )
        imported += 1
    return ActionResult.success(
        data=ImportResult(imported=imported, duplicates=duplicates, total=str(total)),
        summary=f"Imported {imported} transaction(s), skipped {duplicates} duplicate(s)",
        refresh_panels=["transactions"],
    )


@chat.function(
    "import_statement",
    description="Import the transactions of a bank statement given as CSV text.",
    action_type="write",
    event="bank-import.imported",
    effects=["create:transaction"],
    data_model=ImportResult,
)
async def import_statement(ctx, params: ImportTextParams) -> ActionResult:
    """Import CSV text."""
    return await _import(ctx, params.csv_text, params.account)


@chat.function(
    "import_statement_file",
    description="Import the transactions of a bank statement CSV file from storage.",
    action_type="write",
    event="bank-import.imported",
    effects=["create:transaction"],
    long_running=True,
    data_model=ImportResult,
)
async def import_statement_file(ctx, params: ImportFileParams) -> ActionResult:
    """Import a stored CSV file."""
    try:
        raw = await ctx.storage.download(params.file_id)
    except FileNotFoundError:
        return ActionResult.error(f"No file {params.file_id}", code="FILE_NOT_FOUND")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return await _import(ctx, text, params.account)


@chat.function(
    "list_transactions",
    description="List imported transactions, optionally of one account or category.",
    action_type="read",
    data_model=TransactionList,
)
async def list_transactions(ctx, params: ListParams) -> ActionResult:
    """List transactions."""
    where = {}
    if params.account:
        where["account"] = params.account
    if params.category:
        where["category"] = params.category
    page = await ctx.store.query("transactions", where=where or None, limit=params.limit)
    items = [
        Transaction(
            id=d.id,
            date=d.data["date"],
            description=d.data["description"],
            amount=d.data["amount"],
            category=d.data["category"],
            account=d.data["account"],
        )
        for d in page.data
    ]
    items.sort(key=lambda t: t.date)
    return ActionResult.success(
        data=TransactionList(transactions=items, count=len(items)),
        summary=f"{len(items)} transaction(s)",
    )


@chat.function(
    "monthly_totals",
    description="Sum the imported transactions per month and category.",
    action_type="read",
    data_model=Totals,
)
async def monthly_totals(ctx, params: ListParams) -> ActionResult:
    """Totals per month and category."""
    where = {"account": params.account} if params.account else None
    page = await ctx.store.query("transactions", where=where, limit=10000)
    from decimal import Decimal

    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for d in page.data:
        sums[d.data["month"]][d.data["category"]] += Decimal(d.data["amount"])
    months = {m: {c: str(v) for c, v in sorted(cats.items())} for m, cats in sorted(sums.items())}
    return ActionResult.success(data=Totals(months=months), summary=f"{len(months)} month(s)")


@chat.function(
    "clear_account",
    description="Delete every imported transaction of one account.",
    action_type="destructive",
    event="bank-import.cleared",
    effects=["delete:transaction"],
    data_model=ImportResult,
)
async def clear_account(ctx, params: AccountParams) -> ActionResult:
    """Delete an account's transactions."""
    page = await ctx.store.query("transactions", where={"account": params.account}, limit=10000)
    for d in page.data:
        await ctx.store.delete("transactions", d.id)
    return ActionResult.success(
        data=ImportResult(imported=0, duplicates=0, total="0"),
        summary=f"Deleted {len(page.data)} transaction(s) of {params.account}",
        refresh_panels=["transactions"],
    )


@ext.panel("transactions", slot="center", title="Transactions", icon="Landmark")
async def transactions_panel(ctx, account: str = "", **kwargs):
    where = {"account": account} if account else None
    page = await ctx.store.query("transactions", where=where, limit=200)
    upload = ui.FileUpload(
        accept=".csv,text/csv",
        max_size_mb=5,
        on_upload=ui.Call("import_statement_file"),
        param_name="file_id",
    )
    if not page.data:
        return ui.Stack([ui.Empty(message="No transactions yet", icon="Landmark"), upload])
    rows = [
        {
            "date": d.data["date"],
            "description": d.data["description"],
            "amount": d.data["amount"],
            "category": d.data["category"],
        }
        for d in page.data
    ]
    return ui.Stack(
        [
            ui.DataTable(
                columns=[
                    ui.DataColumn("date", "Date", width="110px"),
                    ui.DataColumn("description", "Description"),
                    ui.DataColumn("amount", "Amount", width="100px"),
                    ui.DataColumn("category", "Category", sortable=False),
                ],
                rows=sorted(rows, key=lambda r: r["date"]),
            ),
            upload,
        ]
    )


@ext.health_check
async def health(ctx):
    return {"status": "ok"}
