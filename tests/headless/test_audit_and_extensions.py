"""`imperal-shell audit` and `imperal-shell extensions`."""

from __future__ import annotations

AUDIT_KEYS = {
    "id",
    "ts",
    "user_id",
    "app_id",
    "function",
    "action_type",
    "args_json",
    "args_sha256",
    "status",
    "started_at",
    "ended_at",
    "retention_class",
    "error",
    "prev_hash",
    "row_hash",
}


def test_audit_table_one_line_per_row(embedded_shell):
    for title in ("one", "two", "three"):
        embedded_shell("call", "notes.create_note", "--args", f'{{"title": "{title}"}}')
    result = embedded_shell("audit", "--limit", "2")
    assert result.code == 0, result.err
    header, *lines = result.out.splitlines()
    assert header.split()[:3] == ["ID", "TIME", "USER"]
    assert len(lines) == 2
    assert all("notes.create_note" in line for line in lines)
    status_col = header.index("STATUS")
    assert all(line[status_col:].startswith("ok") for line in lines)  # columns are aligned


def test_audit_json_rows(embedded_shell):
    embedded_shell("run", "add a task buy milk")
    result = embedded_shell("audit", "--json")
    assert result.code == 0
    (row,) = result.json["rows"]
    assert row.keys() >= AUDIT_KEYS
    assert (row["app_id"], row["function"], row["status"]) == ("tasks", "add_task", "ok")


def test_audit_of_an_empty_ledger(embedded_shell):
    result = embedded_shell("audit")
    assert result.code == 0
    assert "empty" in result.out


def test_audit_bad_limit_is_usage(embedded_shell):
    for bad in ("0", "-3", "lots"):
        result = embedded_shell("audit", "--limit", bad)
        assert result.code == 2, bad
        result.assert_clean_stderr()


def test_extensions_json_lists_notes_and_tasks(embedded_shell):
    result = embedded_shell("extensions", "--json")
    assert result.code == 0, result.err
    data = result.json
    by_id = {e["app_id"]: e for e in data["extensions"]}
    assert {"notes", "tasks"} <= by_id.keys()
    notes = {f["name"]: f["action_type"] for f in by_id["notes"]["functions"]}
    assert notes["delete_note"] == "destructive" and notes["list_notes"] == "read"
    assert data["load_errors"] == []


def test_a_broken_extension_is_reported_and_the_rest_load(shell):
    broken = shell.home / "extensions" / "broken"
    broken.mkdir(parents=True)
    (broken / "main.py").write_text("raise RuntimeError('boom at import')\n")

    result = shell("extensions", "--json")
    assert result.code == 0, result.err
    data = result.json
    assert {"notes", "tasks"} <= {e["app_id"] for e in data["extensions"]}
    (error,) = data["load_errors"]
    assert error["name"] == "broken"
    assert "boom at import" in error["message"]
    assert "broken" in result.err
    result.assert_clean_stderr()

    plain = shell("extensions")
    assert "Failed to load" in plain.out and "broken" in plain.out
    assert "create_note" in plain.out
