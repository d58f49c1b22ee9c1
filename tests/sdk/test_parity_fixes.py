"""Differences from imperal-sdk 5.11 a review found, each checked against the real package as a
black box: ChatExtension keywords, the manifest's panel/tray/events entries (the corpus
manifests were written by the real `imperal build`), the build's tool count, the mocks'
Document/FileInfo fields, `ActionResult.retryable` and the cache_model error."""

import json
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from pydantic import BaseModel

from sdk import ActionResult, ChatExtension, Extension, ui
from sdk.manifest import build_extension, generate_manifest
from sdk.testing import MockContext, MockStorage, MockStore
from sdk.validator import extension_root, find_extension, load_main

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"
CORPUS_NAMES = sorted(p.name for p in CORPUS.iterdir() if (p / "imperal.json").is_file())


# -- 1. ChatExtension keywords ---------------------------------------------------------------


def test_chat_extension_keywords_raise_no_deprecation_warning(caplog):
    ext = Extension("weather-app")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chat = ChatExtension(ext, tool_name="weather", description="Forecasts")
        with caplog.at_level(logging.WARNING, logger="imperal_sdk.chat"):
            old = ChatExtension(ext, tool_name="old", description="d", model="gpt-x")
    assert (chat.tool_name, chat.description, chat.model) == ("weather", "Forecasts", "")
    # model= is still accepted and kept; 5.11 only logs about it.
    assert old.model == "gpt-x"
    assert any("model" in r.getMessage() for r in caplog.records)


def test_main_using_tool_name_keyword_imports_under_W_error(tmp_path):
    (tmp_path / "main.py").write_text(
        "from imperal_sdk import Extension\n"
        "from imperal_sdk.chat import ChatExtension\n"
        "ext = Extension('weather-app', version='1.0.0')\n"
        "chat = ChatExtension(ext, tool_name='weather', description='Forecasts')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    proc = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", "import main"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


# -- 2. manifest entries ---------------------------------------------------------------------


def test_panel_records_cache_keys_only_when_given():
    ext = Extension("demo-app", version="1.0.0")
    ext.panel("plain", title="Plain")(lambda ctx: None)
    ext.panel("tuned", title="T", cache_ttl=30, stale_while_revalidate=False, default_width=3)(
        lambda ctx: None
    )
    assert ext.panels["plain"] == {
        "slot": "center",
        "title": "Plain",
        "icon": "",
        "refresh": "manual",
        "center_overlay": False,
    }
    # Given keywords keep the order they were passed in, as 5.11's **kwargs does.
    assert list(ext.panels["tuned"])[5:] == ["cache_ttl", "stale_while_revalidate", "default_width"]
    panels = generate_manifest(ext)["panels"]
    assert "cache_ttl" not in panels[0] and "stale_while_revalidate" not in panels[0]
    assert (panels[1]["cache_ttl"], panels[1]["stale_while_revalidate"]) == (30, False)


def test_panel_signature_still_documents_the_6x_defaults():
    import inspect

    params = inspect.signature(Extension.panel).parameters
    assert (params["stale_while_revalidate"].default, params["cache_ttl"].default) == (True, 60)
    ext = Extension("demo-app")
    ext.panel("p", "left", "T", "", "manual", False, False, 5)(lambda ctx: None)
    assert ext.panels["p"]["stale_while_revalidate"] is False and ext.panels["p"]["cache_ttl"] == 5
    with pytest.raises(TypeError):
        ext.panel("q", "left", "T", "", "manual", False, False, 5, 9)
    with pytest.raises(TypeError):
        ext.panel("q", "left", "T", "", "manual", False, False, stale_while_revalidate=True)
    assert "q" not in ext.panels


async def test_tray_entry_has_style_keys_only_when_not_default():
    ext = Extension("demo-app", version="1.0.0")
    ext.tray("plain", tooltip="x")(lambda ctx: ui.Text("3"))
    ext.tray("styled", badge_style="inline", icon_color="danger")(lambda ctx: None)
    plain, styled = generate_manifest(ext)["tray"]
    assert plain == {
        "tray_id": "plain",
        "icon": "Circle",
        "tooltip": "x",
        "zone": "status",
        "order": 100,
    }
    assert (styled["badge_style"], styled["icon_color"]) == ("inline", "danger")
    envelope = await ext.call_tool("__tray__plain", None)
    assert set(envelope) == {"ui", "tray_id", "icon", "zone"}


def test_emits_declares_only_when_decorating():
    ext = Extension("demo-app", version="1.0.0")
    ext.emits("demo-app.changed")
    assert ext.declared_emits == [] and "events" not in generate_manifest(ext)

    def handler(ctx):
        return None

    assert ext.emits("demo-app.changed")(handler) is handler
    ext.emits("demo-app.changed")(handler)
    assert [e.event_type for e in ext.declared_emits] == ["demo-app.changed"] * 2
    assert generate_manifest(ext)["events"]["emits"] == [{"type": "demo-app.changed"}] * 2


def _without_ref_prose(node):
    """The sdl `Ref` model's description is our own wording, not 5.11's (deliberate)."""
    if isinstance(node, dict):
        return {
            k: _without_ref_prose(v)
            for k, v in node.items()
            if not (k == "description" and node.get("title") == "Ref")
        }
    if isinstance(node, list):
        return [_without_ref_prose(v) for v in node]
    return node


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_corpus_manifest_equals_the_real_build(name, monkeypatch):
    # `imperal build` runs in the extension's folder, where the relative icon resolves.
    monkeypatch.chdir(CORPUS / name)
    real = json.loads((CORPUS / name / "imperal.json").read_text(encoding="utf-8"))
    ext = find_extension(load_main(extension_root(CORPUS / name)))
    ours = generate_manifest(ext)
    assert list(ours) == list(real)
    assert _without_ref_prose(ours) == _without_ref_prose(real)
    assert json.dumps(_without_ref_prose(ours)) == json.dumps(_without_ref_prose(real))


def test_build_counts_registered_tools_not_chat_functions(tmp_path):
    import shutil

    root = tmp_path / "mailbox"
    shutil.copytree(CORPUS / "mailbox", root, ignore=shutil.ignore_patterns("tests"))
    written, ext = build_extension(root)
    assert written == root / "imperal.json"
    # `imperal build` of 5.11 prints "Tools: 5" here: two panels, a tray and two skeleton
    # tools; the manifest's 8 `tools` are chat functions.
    assert len(ext.tools) == 5
    assert len(json.loads(written.read_text())["tools"]) == 8
    shell = Path(sys.executable).parent / "imperal-shell"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMPERAL_SHELL_")}
    env.update(IMPERAL_SHELL_HOME=str(tmp_path / "home"), IMPERAL_SHELL_SERVER="0")
    proc = subprocess.run(
        [str(shell), "build", str(root)], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "  Tools: 5" in proc.stdout.splitlines()


# -- 3. mocks --------------------------------------------------------------------------------


async def test_mock_store_documents_carry_data_and_etag_only():
    store = MockContext(user_id="u1").store
    made = await store.create("notes", {"a": 1})
    got = await store.get("notes", made.id)
    updated = await store.update("notes", made.id, {"b": 2})
    for doc in (made, got, updated):
        assert (doc.extension_id, doc.user_id, doc.created_at, doc.updated_at) == ("", "", "", "")
        assert doc.etag and doc.tenant_id == "default"
    (listed,) = (await store.query("notes")).data
    assert (listed.id, listed.data, listed.etag) == (made.id, {"a": 1, "b": 2}, "")
    assert listed.user_id == "" and listed.created_at == ""


async def test_mock_store_still_orders_by_creation_time():
    store = MockStore()
    for t in "abc":
        await store.create("c", {"t": t})
    newest = await store.query("c", order_by="-created_at", limit=2)
    assert [d.data["t"] for d in newest] == ["c", "b"]


async def test_mock_storage_list_reports_no_content_type():
    storage = MockStorage()
    info = await storage.upload("a.txt", b"hi", "text/plain")
    assert info.content_type == "text/plain"
    (listed,) = (await storage.list()).data
    assert (listed.path, listed.size, listed.content_type) == ("a.txt", 2, "")


# -- 4. ActionResult.retryable ---------------------------------------------------------------


def test_action_result_error_keeps_retryable_as_given():
    r = ActionResult.error("x", "Y")
    assert r.retryable == "Y"
    assert r.to_dict() == {
        "status": "error",
        "summary": "",
        "data": {},
        "error": "x",
        "retryable": "Y",
    }
    assert ActionResult.error("x", 1).to_dict()["retryable"] == 1
    assert "retryable" not in ActionResult.error("x", 0).to_dict()
    assert (
        ActionResult.from_dict({"status": "error", "error": "x", "retryable": "Y"}).retryable == "Y"
    )
    assert ActionResult.from_dict({"status": "error", "error": "x"}).retryable is False


# -- 5. cache_model error --------------------------------------------------------------------


def test_cache_model_error_names_the_class():
    ext = Extension("demo-app")

    class NotAModel:
        pass

    with pytest.raises(TypeError, match="NotAModel"):
        ext.cache_model("page")(NotAModel)
    with pytest.raises(TypeError, match="5"):
        ext.cache_model("page")(5)

    class Page(BaseModel):
        n: int

    assert ext.cache_model("page")(Page) is Page
