"""The BM25 shortlist over the live catalog: ranking on the bundled extensions, the fallback
order, rebuilds when the catalog changes, and words that are not plain English."""

from pathlib import Path

import pytest

from kernel.catalog import Catalog
from kernel.host.manifest import ExtensionManifest, FunctionMeta, describe
from kernel.loader import load_one
from kernel.router import shortlist as shortlist_module
from kernel.router.shortlist import Shortlist, stem, terms

EXTENSIONS = Path(__file__).resolve().parents[2] / "extensions"


@pytest.fixture(scope="module")
def bundled():
    return [describe(load_one(EXTENSIONS / name)) for name in ("notes", "tasks")]


@pytest.fixture
def catalog(bundled):
    return Catalog(list(bundled), [])


def names(pairs):
    return [f"{app}.{fd.name}" for app, fd in pairs]


def manifest(app_id, functions, display_name="", path=None):
    return ExtensionManifest(
        app_id,
        display_name or app_id,
        "1.0",
        path or f"/x/{app_id}",
        {f.name: f for f in functions},
        [],
    )


@pytest.mark.parametrize(
    ("message", "first"),
    [
        ("delete the note Groceries", "notes.delete_note"),
        ("show all tasks", "tasks.list_tasks"),
        ("find notes about rent", "notes.search_notes"),
        ("mark it done", "tasks.complete_task"),
        ("add a task pay rent with high priority", "tasks.add_task"),
        ("new task: water plants", "tasks.add_task"),
        ("create a note: meeting moved", "notes.create_note"),
        ("rename the note Q3", "notes.update_note"),
        ("remove the task call mom", "tasks.delete_task"),
        ("notes.list_notes folder=work", "notes.list_notes"),
    ],
)
def test_the_function_meant_ranks_first(catalog, message, first):
    assert names(Shortlist(catalog).top(message))[0] == first


def test_todo_list_ranks_list_tasks_first(catalog):
    top = names(Shortlist(catalog).top("what's on my todo list", 3))
    assert top[0] == "tasks.list_tasks"


def test_top_returns_at_most_k_distinct_functions_best_first(catalog):
    ranked = Shortlist(catalog).ranked("delete the note Groceries", 4)
    assert len(ranked) == 4
    assert len({(app, fd.name) for app, fd, _ in ranked}) == 4
    scores = [score for *_, score in ranked]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert Shortlist(catalog).top("delete the note Groceries", 0) == []


@pytest.mark.parametrize("message", ["", "   ", "hello", "?!", "please, could you"])
def test_a_message_that_matches_nothing_gets_the_fallback_order(catalog, message):
    ranked = Shortlist(catalog).ranked(message, 20)
    assert [score for *_, score in ranked] == [0.0] * 9  # every function, none scored
    kinds = [fd.action_type for _, fd, _ in ranked]
    assert kinds == sorted(kinds, key=["read", "write", "destructive"].index)  # safest first
    reads = names((app, fd) for app, fd, _ in ranked[:3])
    assert reads == ["notes.list_notes", "tasks.list_tasks", "notes.search_notes"]  # fewest
    # required parameters first, then catalog order
    assert names(Shortlist(catalog).top(message, 2)) == reads[:2]


def test_the_index_is_rebuilt_when_a_reload_replaces_the_catalog(catalog, monkeypatch):
    builds = []
    real = shortlist_module.build_index

    def counting(*args):
        builds.append(1)
        return real(*args)

    monkeypatch.setattr(shortlist_module, "build_index", counting)
    shortlist = Shortlist(catalog)
    assert "weather.get_forecast" not in names(shortlist.top("weather forecast for Paris"))
    shortlist.top("show my notes")
    assert len(builds) == 1  # same catalog state: built once

    forecast = FunctionMeta("get_forecast", "read", "The weather forecast for a city.")
    catalog.replace(Path("/x/weather"), manifest("weather", [forecast], "Weather"), None)
    assert names(shortlist.top("weather forecast for Paris"))[0] == "weather.get_forecast"
    assert len(builds) == 2

    notes = catalog.extensions["notes"]
    renamed = {"erase_note" if n == "delete_note" else n: f for n, f in notes.functions.items()}
    renamed["erase_note"] = FunctionMeta("erase_note", "destructive", "Erase a note for good.")
    catalog.replace(Path(notes.path), manifest("notes", renamed.values(), path=notes.path), None)
    top = names(shortlist.top("delete the note Groceries"))
    assert top[0] == "notes.erase_note" and "notes.delete_note" not in top
    assert len(builds) == 3


def test_an_empty_catalog_gives_an_empty_shortlist():
    assert Shortlist(Catalog([], [])).top("delete the note Groceries") == []


def test_accents_camel_case_and_other_scripts(catalog):
    book = FunctionMeta("reserveTable", "write", "Réserver une table au café; déjà-vu.")
    kanji = FunctionMeta("translate_text", "read", "翻訳 text into another language")
    catalog.replace(Path("/x/resto"), manifest("resto", [book, kanji], "Résto"), None)
    shortlist = Shortlist(catalog)
    assert names(shortlist.top("reserver une table au cafe"))[0] == "resto.reserveTable"
    assert names(shortlist.top("reserve table"))[0] == "resto.reserveTable"
    assert names(shortlist.top("翻訳"))[0] == "resto.translate_text"
    assert names(shortlist.top("DÉJÀ-VU"))[0] == "resto.reserveTable"
    top = shortlist.top("🎉🎉 ñandú ∑ \x00 \u200b", 3)
    assert len(top) == 3  # nothing matches: the fallback order, no error


def test_a_pasted_document_is_read_only_in_part(catalog):
    message = "delete the note Groceries " + "lorem ipsum " * 10_000 + "weather"
    assert names(Shortlist(catalog).top(message))[0] == "notes.delete_note"


def test_terms_stem_and_fold_synonyms():
    assert terms("notes") == terms("note")
    assert terms("deleting") == terms("deleted") == terms("delete") == terms("remove")
    assert terms("show") == terms("list") == terms("listing")
    assert terms("add") == terms("create") == terms("created") == terms("new")
    assert terms("todo") == terms("to-do") == terms("tasks")
    assert terms("entries") == terms("entry")
    assert terms("the of and my please") == []
    assert terms("deleteNote HTTPServer") == terms("delete note http server")
    assert stem("planned") == stem("plan") and stem("running") == "run"
    assert stem("string") == "string" and stem("add") == "add" and stem("q3") == "q3"


def test_a_big_catalog_still_finds_the_one_function(catalog):
    functions = {}
    for n in range(2000):
        word = f"widget{n:04d}x"
        functions[f"delete_{word}"] = FunctionMeta(f"delete_{word}", "destructive", "Delete it.")
    catalog.replace(Path("/x/big"), manifest("big", functions.values()), None)
    shortlist = Shortlist(catalog)
    assert names(shortlist.top("delete widget1234x now"))[0] == "big.delete_widget1234x"
    assert len(shortlist.top("delete", 12)) == 12
