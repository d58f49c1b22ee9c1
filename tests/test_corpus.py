"""Our own corpus (tests/corpus/*): six extensions written against imperal-sdk 5.11 the way real
authors write them. Each one validates with the rules the real 5.11 validator reports, loads
into a real kernel next to the others, answers `imperal-shell call`, and passes its own suite
through `imperal-shell test` (each suite also passes on the real imperal-sdk 5.11).

A check that fails only because a 5.11 name is not built yet is marked
`xfail(strict=True, reason="issue 7: <what is missing>")`: it turns into a failure the moment the
name lands, so the mark is removed then.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imperal_tui import cli

CORPUS = Path(__file__).resolve().parent / "corpus"
SHELL = Path(sys.executable).parent / "imperal-shell"

# What `imperal validate` of imperal-sdk 5.11.0 reports on each folder (imperal.json included):
# (rule, level) pairs, sorted.
EXPECTED_RULES: dict[str, list[tuple[str, str]]] = {
    "crm": [],
    "mailbox": [("V12", "INFO")],
    "gcal-sync": [],
    "bank-import": [("V12", "INFO")],
    "ops-board": [],
    "bookmarks": [("V23", "ERROR"), ("V24", "WARN"), ("V24", "WARN"), ("V24", "WARN")],
}
# How many tests each extension's own suite has (all pass on imperal-sdk 5.11.0).
EXPECTED_TESTS = {
    "crm": 22,
    "mailbox": 14,
    "gcal-sync": 13,
    "bank-import": 15,
    "ops-board": 15,
    "bookmarks": 11,
}
NAMES = sorted(EXPECTED_RULES)

# Checks that fail today only because a 5.11 name or behaviour is not built yet.
PENDING: dict[tuple[str, str], str] = {}


def _param(check: str, name: str):
    reason = PENDING.get((check, name))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, marks=marks, id=name)


def params(check: str) -> list:
    return [_param(check, name) for name in NAMES]


def test_the_corpus_is_what_this_file_describes() -> None:
    folders = sorted(p.name for p in CORPUS.iterdir() if (p / "main.py").is_file())
    assert folders == NAMES
    assert set(EXPECTED_TESTS) == set(NAMES)
    for name in NAMES:
        manifest = json.loads((CORPUS / name / "imperal.json").read_text(encoding="utf-8"))
        assert manifest["app_id"] == name
        assert (CORPUS / name / "tests").is_dir()


# --- validate ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", params("validate"))
def test_validate_reports_the_rules_of_the_real_validator(name: str, capsys) -> None:
    code = cli.main(["validate", str(CORPUS / name), "--json"])
    report = json.loads(capsys.readouterr().out)
    found = sorted((issue["rule"], issue["level"]) for issue in report["issues"])
    assert found == sorted(EXPECTED_RULES[name]), report["issues"]
    assert code == (1 if any(level == "ERROR" for _, level in found) else 0)


# --- own suites through `imperal-shell test` -----------------------------------------------------


def _shell_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.pop("PYTEST_ADDOPTS", None)
    env.update(IMPERAL_SHELL_HOME=str(home), IMPERAL_SHELL_SERVER="0")
    return env


@pytest.mark.parametrize("name", params("test"))
def test_own_suite_passes_through_imperal_shell_test(name: str, tmp_path: Path) -> None:
    """Run in place, inside this repo (whose pyproject and tests/conftest.py must stay out)."""
    folder = CORPUS / name
    done = subprocess.run(
        [str(SHELL), "test", str(folder)],
        cwd=folder,
        env=_shell_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert f"rootdir: {folder}" in done.stdout, done.stdout[-3000:]
    last = done.stdout.splitlines()[-1] if done.stdout else ""
    expected = f"tests: {EXPECTED_TESTS[name]} passed, 0 failed, 0 errors, 0 skipped"
    assert last == expected, done.stdout[-4000:] + done.stderr[-2000:]
    assert done.returncode == 0


# --- one kernel with the whole corpus ------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_home(tmp_path_factory):
    """A data dir whose extensions folder holds a copy of every corpus extension."""
    home = tmp_path_factory.mktemp("corpus-home")
    for name in NAMES:
        shutil.copytree(
            CORPUS / name,
            home / "extensions" / name,
            ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"),
        )
    with pytest.MonkeyPatch.context() as mp:
        for var in [v for v in os.environ if v.startswith("IMPERAL_SHELL_")]:
            mp.delenv(var)
        mp.setenv("IMPERAL_SHELL_HOME", str(home))
        mp.setenv("IMPERAL_SHELL_SERVER", "0")
        yield home


def shell_json(capsys, *argv: str) -> tuple[int, dict]:
    code = cli.main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def call(capsys, target: str, args: dict | None = None, *flags: str) -> tuple[int, dict]:
    argv = ["call", target, *flags]
    if args is not None:
        argv += ["--args", json.dumps(args)]
    return shell_json(capsys, *argv)


@pytest.mark.parametrize("name", params("load"))
def test_loads_into_one_kernel_with_the_others(name: str, corpus_home, capsys) -> None:
    code, listing = shell_json(capsys, "extensions")
    assert code == 0
    errors = {e["name"]: e["message"] for e in listing["load_errors"]}
    assert name not in errors, errors[name]
    loaded = {e["app_id"] for e in listing["extensions"]}
    assert name in loaded


# What each extension declares: its chat functions and its panels (the SDK adds "secrets").
SURFACE = {
    "bank-import": (
        {"import_statement", "import_statement_file", "list_transactions", "monthly_totals",
         "clear_account"},
        {"transactions"},
    ),
    "bookmarks": (
        {"add_bookmark", "search_bookmarks", "open_bookmark", "remove_bookmark"},
        {"bookmarks"},
    ),
    "crm": (
        {"create_contact", "list_contacts", "delete_contact", "create_deal", "move_deal",
         "pipeline_summary"},
        {"pipeline"},
    ),
    "gcal-sync": (
        {"connect_account", "list_accounts", "upcoming_events", "disconnect_account"},
        {"secrets"},
    ),
    "mailbox": (
        {"sync_inbox", "inbox", "read_message", "compose_draft", "send_draft", "delete_message"},
        {"secrets", "inbox"},
    ),
    "ops-board": (
        {"set_service", "open_incident", "resolve_incident", "list_incidents"},
        {"overview", "report", "incident", "status_page"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", params("surface"))
def test_the_kernel_lists_what_each_declares(name: str, corpus_home, capsys) -> None:
    code, listing = shell_json(capsys, "extensions")
    assert code == 0
    (info,) = [e for e in listing["extensions"] if e["app_id"] == name]
    functions, panels = SURFACE[name]
    assert {f["name"] for f in info["functions"]} == functions
    assert {p["panel_id"] for p in info["panels"]} == panels


@pytest.mark.parametrize("name", params("render"))
async def test_every_panel_renders_through_the_kernel(name: str, corpus_home) -> None:
    from kernel import Kernel, KernelConfig

    kernel = await Kernel.open(KernelConfig.load())
    try:
        session = kernel.session("tester")
        for panel_id in sorted(SURFACE[name][1]):
            tree = await session.render(name, panel_id, {})
            assert tree["type"] not in ("Error", "error"), (panel_id, tree)
            json.dumps(tree)  # plain JSON all the way down
    finally:
        await kernel.close()


def _step(result: dict) -> dict:
    (step,) = result["steps"]
    return step


def _crm(capsys) -> None:
    code, out = call(capsys, "crm.create_contact", {"name": "Ann Lee", "email": "ann@acme.io"})
    assert code == 0, out
    contact = _step(out)["data"]
    assert (contact["kind"], contact["emails"]) == ("contact", ["ann@acme.io"])
    code, out = call(capsys, "crm.create_deal", {"title": "Licence", "amount": 1200,
                                                 "contact_id": contact["id"]})  # fmt: skip
    assert code == 0, out
    deal = _step(out)["data"]
    assert deal["contact"]["app_id"] == "crm"
    code, out = call(capsys, "crm.move_deal", {"deal_id": deal["id"], "stage": "won"})
    assert code == 1
    assert "cannot move" in _step(out)["error"]
    code, out = call(capsys, "crm.list_contacts", {})
    assert code == 0, out
    (item,) = _step(out)["data"]["items"]
    assert item["title"] == "Ann Lee"
    # a datetime in a returned model reads as the platform's default=str writes it
    assert re.match(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d", item["created_at"]), item["created_at"]


def _mailbox(capsys) -> None:
    code, out = call(capsys, "mailbox.inbox", {"unread_only": True})
    assert code == 0, out
    assert _step(out)["data"]["items"] == []
    code, out = call(capsys, "mailbox.compose_draft", {"to": ["ann@acme.io"], "subject": "Hi"})
    assert code == 0, out
    assert _step(out)["data"]["subject"] == "Hi"


def _gcal(capsys) -> None:
    code, out = call(capsys, "gcal-sync.list_accounts", {})
    assert code == 0, out
    assert _step(out)["data"] == {"accounts": []}
    code, out = call(capsys, "gcal-sync.upcoming_events", {})
    assert code == 1
    assert "No Google account" in _step(out)["error"]


STATEMENT = (
    "Date,Description,Amount\n2026-01-03,LIDL Berlin,-23.40\n2026-01-28,Payroll salary,3100\n"
)


def _bank(capsys) -> None:
    code, out = call(capsys, "bank-import.import_statement", {"csv_text": STATEMENT})
    assert code == 0, out
    assert _step(out)["data"] == {"imported": 2, "duplicates": 0, "total": "3076.60"}
    code, out = call(capsys, "bank-import.monthly_totals", {})
    assert code == 0, out
    assert _step(out)["data"]["months"]["2026-01"] == {"groceries": "-23.40", "salary": "3100"}


def _ops(capsys) -> None:
    code, out = call(capsys, "ops-board.set_service", {"name": "checkout", "status": "degraded"})
    assert code == 0, out
    service_id = _step(out)["data"]["id"]
    code, out = call(capsys, "ops-board.open_incident",
                     {"title": "Checkout 502s", "service_id": service_id, "severity": "sev2"})  # fmt: skip
    assert code == 0, out
    assert _step(out)["data"]["status"] == "open"
    code, out = call(capsys, "ops-board.list_incidents", {})
    assert code == 0, out
    assert [i["title"] for i in _step(out)["data"]["incidents"]] == ["Checkout 502s"]


def _bookmarks(capsys) -> None:
    code, out = call(capsys, "bookmarks.add_bookmark", {"url": "example.com/docs", "tags": ["ref"]})
    assert code == 0, out
    saved = _step(out)["data"]
    assert saved["url"] == "https://example.com/docs"
    code, out = call(capsys, "bookmarks.add_bookmark", {"url": "example.com/docs"})
    assert code == 1
    assert _step(out)["error"] == "Already saved"
    code, out = call(capsys, "bookmarks.remove_bookmark", {"bookmark_id": saved["id"]})
    assert code == 3  # destructive: needs a confirmation
    code, out = call(capsys, "bookmarks.remove_bookmark", {"bookmark_id": saved["id"]}, "--yes")
    assert code == 0, out
    code, out = call(capsys, "bookmarks.search_bookmarks", {"tag": "ref"})
    assert code == 0, out
    assert _step(out)["data"]["count"] == 0


CALLS = {
    "crm": _crm,
    "mailbox": _mailbox,
    "gcal-sync": _gcal,
    "bank-import": _bank,
    "ops-board": _ops,
    "bookmarks": _bookmarks,
}


@pytest.mark.parametrize("name", params("call"))
def test_answers_imperal_shell_call(name: str, corpus_home, capsys) -> None:
    CALLS[name](capsys)


# --- the load-time benchmark ---------------------------------------------------------------------


def test_corpus_load_benchmark_prints_its_figures() -> None:
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus_load.py"
    done = subprocess.run(
        [sys.executable, str(script), "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    assert figures["corpus_extensions"] == len(NAMES)
    for key in ("corpus_load_cold_s", "corpus_load_warm_s", "corpus_first_calls_s"):
        assert isinstance(figures[key], float) and figures[key] > 0
