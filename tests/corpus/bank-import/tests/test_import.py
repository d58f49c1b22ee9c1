import pytest
from imperal_sdk.testing import MockContext
from main import (
    AccountParams,
    ImportFileParams,
    ImportTextParams,
    ListParams,
    categorise,
    clear_account,
    ext,
    import_statement,
    import_statement_file,
    list_transactions,
    monthly_totals,
    transactions_panel,
)

STATEMENT = """Date,Description,Amount
2026-01-03,LIDL Berlin,-23.40
2026-01-05,Uber trip,-12.00
2026-01-28,ACME Payroll salary,3100.00
2026-02-01,Rent February,-1200.00
"""


@pytest.fixture
def ctx():
    return MockContext(extension_id="bank-import")


def test_file_sinks_are_declared():
    sinks = {s.tool: s for s in ext.file_sinks}
    assert sinks["import_statement"].arg == "csv_text"
    assert sinks["import_statement"].arg_kind == "text"
    assert "text/csv" in sinks["import_statement"].accepts
    assert sinks["import_statement_file"].arg_kind == "file_id"


def test_categorise():
    assert categorise("REWE Markt") == "groceries"
    assert categorise("Something else") == "other"


async def test_import_and_deduplicate(ctx):
    first = await import_statement(ctx, ImportTextParams(csv_text=STATEMENT))
    assert first.status == "success"
    assert (first.data.imported, first.data.duplicates) == (4, 0)
    assert first.data.total == "1864.60"
    again = await import_statement(ctx, ImportTextParams(csv_text=STATEMENT))
    assert (again.data.imported, again.data.duplicates) == (0, 4)


async def test_bad_statement(ctx):
    result = await import_statement(ctx, ImportTextParams(csv_text="nonsense"))
    assert result.status == "error"
    assert result.error_code == "BAD_STATEMENT"
    assert "transactions" not in ctx.store._data


async def test_import_from_storage(ctx):
    await ctx.storage.upload("uploads/jan.csv", STATEMENT.encode("cp1252"), "text/csv")
    result = await import_statement_file(ctx, ImportFileParams(file_id="uploads/jan.csv"))
    assert result.data.imported == 4
    missing = await import_statement_file(ctx, ImportFileParams(file_id="uploads/none.csv"))
    assert missing.error_code == "FILE_NOT_FOUND"


async def test_list_and_totals(ctx):
    await import_statement(ctx, ImportTextParams(csv_text=STATEMENT, account="joint"))
    listed = await list_transactions(ctx, ListParams(category="groceries"))
    assert [t.description for t in listed.data.transactions] == ["LIDL Berlin"]
    totals = await monthly_totals(ctx, ListParams(account="joint"))
    assert totals.data.months["2026-01"]["salary"] == "3100.00"
    assert totals.data.months["2026-02"] == {"rent": "-1200.00"}


async def test_clear(ctx):
    await import_statement(ctx, ImportTextParams(csv_text=STATEMENT, account="old"))
    result = await clear_account(ctx, AccountParams(account="old"))
    assert result.summary == "Deleted 4 transaction(s) of old"
    assert ctx.store._data["transactions"] == {}


async def test_panel(ctx):
    empty = (await transactions_panel(ctx)).to_dict()
    assert empty["props"]["children"][1]["type"] == "FileUpload"
    await import_statement(ctx, ImportTextParams(csv_text=STATEMENT))
    tree = (await transactions_panel(ctx)).to_dict()
    table = tree["props"]["children"][0]
    assert table["type"] == "DataTable"
    assert table["props"]["columns"][0] == {
        "key": "date",
        "label": "Date",
        "sortable": True,
        "width": "110px",
    }
    assert len(table["props"]["rows"]) == 4
