"""generate_manifest / save_manifest / build_path: key order, entry shapes, optional keys."""

# No `from __future__ import annotations`: the type mapping needs real annotation objects
# (string annotations map to "string", see test_string_annotations_map_to_string).
import json
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

import sdk
from sdk import ActionResult, ChatExtension, Extension, ui
from sdk.manifest import build_path, generate_manifest, save_manifest
from sdk.manifest_schema import Manifest, validate_manifest_dict
from sdk.secrets.spec import SecretSpec

BASE_KEYS = [
    "manifest_schema_version",
    "sdk_version",
    "app_id",
    "version",
    "name",
    "description",
    "icon",
    "actions_explicit",
    "system",
    "capabilities",
    "tools",
    "signals",
    "schedules",
    "required_scopes",
]


class Params(BaseModel):
    title: str = Field(description="Title")
    limit: int = 5


class Out(BaseModel):
    id: str


def test_minimal_extension_has_only_the_base_keys_in_order():
    m = generate_manifest(Extension("bare-app"))
    assert list(m) == BASE_KEYS
    assert m["manifest_schema_version"] == 3
    assert m["sdk_version"] == sdk.__version__ == "5.11.0"
    assert m["name"] == "bare-app"  # display_name falls back to app_id
    assert (m["description"], m["icon"], m["actions_explicit"], m["system"]) == (
        "",
        "",
        True,
        False,
    )
    assert m["tools"] == m["signals"] == m["schedules"] == m["required_scopes"] == []


def test_tool_parameters_type_mapping_and_kwargs_quirk():
    ext = Extension("demo-app")

    @ext.tool("do_all", scopes=["demo:write", "demo:read"], description="Do everything.")
    async def do_all(
        ctx,
        s: str,
        i: int,
        f: float,
        b: bool,
        items: list,
        mapping: dict,
        other: Out,
        anything=None,
        **kwargs,
    ):
        return {}

    @ext.tool("documented")
    async def documented(ctx):
        """Docstring becomes the description."""
        return {}

    (entry, second) = generate_manifest(ext)["tools"]
    assert list(entry) == ["name", "description", "scopes", "parameters"]
    assert entry["scopes"] == ["demo:write", "demo:read"]
    assert entry["parameters"] == {
        "s": {"type": "string", "required": True},
        "i": {"type": "integer", "required": True},
        "f": {"type": "number", "required": True},
        "b": {"type": "boolean", "required": True},
        "items": {"type": "array", "required": True},
        "mapping": {"type": "object", "required": True},
        "other": {"type": "string", "required": True},
        "anything": {"type": "string", "required": False},
        "kwargs": {"type": "string", "required": True},
    }
    assert second == {
        "name": "documented",
        "description": "Docstring becomes the description.",
        "scopes": [],
        "parameters": {},
    }


def test_string_annotations_map_to_string():
    ns: dict = {}
    exec("async def f(ctx, n: 'int', flag: 'bool' = False):\n    return {}", ns)
    ext = Extension("demo-app")
    ext.tool("f")(ns["f"])
    params = generate_manifest(ext)["tools"][0]["parameters"]
    assert params == {
        "n": {"type": "string", "required": True},
        "flag": {"type": "string", "required": False},
    }


def test_chat_function_entries():
    ext = Extension("demo-app")
    chat = ChatExtension(ext, "demo", "Demo")

    @chat.function(
        "make",
        description="Make a thing from a title.",
        action_type="write",
        event="demo-app.made",
        effects=["create:thing"],
        id_projection="thing_id",
        background=True,
        long_running=True,
    )
    async def make(ctx, params: Params) -> ActionResult[Out]:
        return ActionResult.success({"id": "1"}, "made")

    @chat.function("peek", description="Look without a model.", params={"x": {"type": "string"}})
    async def peek(ctx, x: str) -> ActionResult:
        return ActionResult.success({}, "")

    make_entry, peek_entry = generate_manifest(ext)["tools"]
    assert list(make_entry) == [
        "name",
        "description",
        "action_type",
        "chain_callable",
        "effects",
        "id_projection",
        "params_schema",
        "return_schema",
        "event",
        "background",
        "long_running",
        "scopes",
        "owner_chat_tool",
    ]
    assert make_entry["params_schema"] == Params.model_json_schema()
    assert make_entry["return_schema"] == Out.model_json_schema()
    assert make_entry["chain_callable"] is True and make_entry["owner_chat_tool"] == "demo"
    assert (make_entry["event"], make_entry["id_projection"]) == ("demo-app.made", "thing_id")
    assert make_entry["background"] is True and make_entry["long_running"] is True
    assert "parameters" not in make_entry
    assert peek_entry["params_schema"] == {} and peek_entry["return_schema"] == {}
    assert (peek_entry["event"], peek_entry["id_projection"], peek_entry["scopes"]) == ("", "", [])
    assert peek_entry["action_type"] == "read"


def schema_round_trip(m):
    """The manifest schema (sdk.manifest_schema) accepts what the generator writes; the 5.11
    keys (tray zone..., secrets scope, oauth, menu, file_sinks, search_providers, panels) are
    still being added there, so until then this only xfails the calling test."""
    if validate_manifest_dict(m):
        pytest.xfail("manifest_schema does not yet accept every key generate_manifest emits")
    Manifest.model_validate(m)


def test_synthetic_tools_are_excluded_and_skeleton_tools_included():
    ext = Extension("demo-app")

    @ext.panel("side", slot="left", title="Side")
    async def side(ctx, **kwargs):
        return ui.Text("x")

    @ext.widget("w")
    async def w(ctx, **kwargs):
        return ui.Text("x")

    @ext.tray("bell", tooltip="Bell")
    async def bell(ctx, **kwargs):
        return ui.Text("x")

    @ext.webhook("/stripe", secret_header="Stripe-Signature")
    async def stripe(ctx, headers, body, query_params):
        return {}

    @ext.skeleton("inbox")
    async def refresh_inbox(ctx):
        return {}

    @ext.tool("visible", scopes=["b:read", "a:write", "b:read"])
    async def visible(ctx):
        return {}

    m = generate_manifest(ext)
    assert [t["name"] for t in m["tools"]] == ["skeleton_refresh_inbox", "visible"]
    assert m["tools"][0]["description"] == "Skeleton refresh: inbox"
    assert m["required_scopes"] == ["a:write", "b:read"]
    assert m["webhooks"] == [
        {"path": "/stripe", "method": "POST", "secret_header": "Stripe-Signature"}
    ]
    assert m["tray"] == [
        {
            "tray_id": "bell",
            "icon": "Circle",
            "tooltip": "Bell",
            "zone": "status",
            "order": 100,
        }
    ]
    # 5.11 lists panels (widgets are not listed)
    assert [(p["panel_id"], p["slot"], p["tree"]) for p in m["panels"]] == [("side", "left", {})]
    schema_round_trip(m)


def test_optional_keys_in_order_when_present(tmp_path):
    icon = tmp_path / "icon.svg"
    icon.write_text('<svg viewBox="0 0 1 1"/>')
    ext = Extension(
        "full-app",
        "2.0.0",
        ["full-app:read"],
        "migrations",
        {"skeleton": ["inbox"], "page_size": 20},
        display_name="Full App",
        description="Everything the manifest can carry, in one extension.",
        icon=str(icon),
        system=True,
    )

    @ext.signal("ping")
    async def ping(ctx):
        return None

    @ext.schedule("nightly", "0 3 * * *")
    async def nightly(ctx):
        return None

    @ext.webhook("/in", method="GET")
    async def incoming(ctx, headers, body, query_params):
        return {}

    @ext.on_event("crm.deal_created")
    async def on_deal(ctx, event):
        return None

    # Stacked decorators apply bottom-up: "synced" is declared first.
    @ext.emits("full-app.cleared")
    @ext.emits("full-app.synced", schema_ref="full-app/synced.json")
    async def sync(ctx):
        return None

    @ext.expose("get_thing", action_type="read")
    async def get_thing(ctx, thing_id: str):
        return {}

    @ext.on_install
    async def install(ctx):
        return None

    @ext.on_disable
    async def disable(ctx):
        return None

    @ext.on_upgrade("1.5.0")
    async def up15(ctx, from_version="", **kwargs):
        return None

    @ext.on_upgrade("1.10.0")
    async def up110(ctx):
        return None

    @ext.health_check
    async def health(ctx):
        return {}

    @ext.tray("status")
    async def status(ctx, **kwargs):
        return ui.Text("x")

    @ext.menu_item("reports", label="Reports", section="admin", order=5)
    async def reports(ctx):
        return ui.Text("r")

    ext.oauth("google", collection="accounts", scopes=["mail.read"])
    ext.file_sink("import_csv", accepts=["text/csv"], arg="content")

    @ext.search_provider("thing")
    async def find_things(ctx, query):
        return []

    @ext.panel("side", slot="left", title="Side", cache_ttl=30, hidden_in_sidebar=True)
    async def side(ctx):
        return ui.Text("s")

    ext._secrets["api_key"] = SecretSpec("api_key", "The service API key", required=True)
    ext._secrets["token"] = SecretSpec("token", "A token", rotation_hint_days=30)

    m = generate_manifest(ext)
    assert list(m) == BASE_KEYS + [
        "icon_size_bytes",
        "webhooks",
        "oauth",
        "events",
        "exposed",
        "lifecycle",
        "lifecycle_hooks",
        "tray",
        "menu",
        "migrations_dir",
        "config_defaults",
        "secrets",
        "file_sinks",
        "search_providers",
        "panels",
    ]
    assert m["oauth"] == [
        {"provider": "google", "collection": "accounts", "scopes": ["mail.read"], "has_hook": False}
    ]
    assert m["menu"] == [
        {
            "item_id": "reports",
            "label": "Reports",
            "icon": "",
            "section": "admin",
            "path": "",
            "order": 5,
            "danger": False,
        }
    ]
    assert m["file_sinks"] == [
        {
            "tool": "import_csv",
            "accepts": ["text/csv"],
            "arg": "content",
            "arg_kind": "text",
            "description": "",
        }
    ]
    assert m["search_providers"] == [
        {
            "entity_type": "thing",
            "handler": "find_things",
            "description": "Search provider for thing",
        }
    ]
    assert m["panels"] == [
        {
            "panel_id": "side",
            "slot": "left",
            "title": "Side",
            "tree": {},
            "icon": "",
            "refresh": "manual",
            "center_overlay": False,
            "cache_ttl": 30,
            "hidden_in_sidebar": True,
        }
    ]
    assert m["capabilities"] == ["full-app:read"] and m["system"] is True
    assert m["name"] == "Full App"
    assert m["icon_size_bytes"] == icon.stat().st_size
    assert m["signals"] == [{"name": "ping"}]
    assert m["schedules"] == [{"name": "nightly", "cron": "0 3 * * *"}]
    assert m["events"] == {
        "subscribes": [{"type": "crm.deal_created", "handler": "on_deal"}],
        "emits": [
            {"type": "full-app.synced", "schema_ref": "full-app/synced.json"},
            {"type": "full-app.cleared"},
        ],
    }
    assert m["exposed"] == [{"name": "get_thing", "action_type": "read"}]
    assert m["lifecycle"] == {
        "on_install": True,
        "on_disable": True,
        "on_upgrade": sorted(["1.5.0", "1.10.0"]),
        "health_check": {"interval_sec": 60},
    }
    assert m["lifecycle_hooks"] == {
        "on_install": {"signature": "(ctx)"},
        "on_disable": {"signature": "(ctx)"},
        "on_upgrade:1.5.0": {"signature": "(ctx, from_version='', **kwargs)"},
        "on_upgrade:1.10.0": {"signature": "(ctx)"},
    }
    assert m["migrations_dir"] == "migrations"
    assert m["config_defaults"] == {"skeleton": ["inbox"], "page_size": 20}
    assert m["secrets"] == [
        {
            "name": "api_key",
            "description": "The service API key",
            "required": True,
            "write_mode": "user",
            "max_bytes": 4096,
            "scope": "user",
        },
        {
            "name": "token",
            "description": "A token",
            "required": False,
            "write_mode": "user",
            "max_bytes": 4096,
            "scope": "user",
            "rotation_hint_days": 30,
        },
    ]
    schema_round_trip(m)


def test_health_check_alone_gives_lifecycle_without_hooks():
    ext = Extension("demo-app")

    @ext.health_check
    async def health(ctx):
        return {}

    m = generate_manifest(ext)
    assert m["lifecycle"] == {"health_check": {"interval_sec": 60}}
    assert "lifecycle_hooks" not in m


def test_events_present_with_only_subscriptions():
    ext = Extension("demo-app")

    @ext.on_event("x.y")
    async def on_xy(ctx, event):
        return None

    assert generate_manifest(ext)["events"] == {
        "subscribes": [{"type": "x.y", "handler": "on_xy"}],
        "emits": [],
    }


def test_icon_size_absent_when_file_missing():
    ext = Extension("demo-app", icon="no/such/icon.svg")
    assert "icon_size_bytes" not in generate_manifest(ext)


def test_icon_size_from_base_dir(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg viewBox='0 0 1 1'/>")
    ext = Extension("demo-app", icon="logo.svg")
    assert "icon_size_bytes" not in generate_manifest(ext)
    written = json.loads(Path(save_manifest(ext, tmp_path)).read_text(encoding="utf-8"))
    assert written["icon_size_bytes"] == len("<svg viewBox='0 0 1 1'/>")


def test_save_manifest_literal_path(tmp_path):
    ext = Extension("demo-app", display_name="Démo")
    out = save_manifest(ext, tmp_path / "out.json")
    assert out == str(tmp_path / "out.json")
    text = Path(out).read_text(encoding="utf-8")
    assert "Démo" in text  # ensure_ascii=False
    assert text.startswith('{\n  "manifest_schema_version": 3')  # indent=2
    assert json.loads(text) == generate_manifest(ext)


def test_save_manifest_default_path_is_manifest_json_in_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert save_manifest(Extension("demo-app")) == "manifest.json"
    assert json.loads((tmp_path / "manifest.json").read_text())["app_id"] == "demo-app"


def test_save_manifest_directory_merges_author_fields(tmp_path):
    (tmp_path / "imperal.json").write_text(
        json.dumps(
            {
                "app_id": "stale",
                "version": "0.0.1",
                "name": "Hand-edited Name",
                "author": "Ada",
                "license": "MIT",
                "homepage": "https://example.com",
                "category": "productivity",
                "tags": ["notes"],
                "marketplace": {"featured": True},
                "pricing": {"plan": "free"},
                "tools": [{"name": "old_tool"}],
            }
        )
    )
    ext = Extension("demo-app", "1.2.3", display_name="Generated")
    out = save_manifest(ext, tmp_path)
    assert out == str(tmp_path / "imperal.json")
    m = json.loads(Path(out).read_text())
    assert (m["app_id"], m["version"], m["tools"]) == ("demo-app", "1.2.3", [])
    assert m["name"] == "Hand-edited Name"
    assert (m["author"], m["license"], m["category"], m["tags"]) == (
        "Ada",
        "MIT",
        "productivity",
        ["notes"],
    )
    assert m["marketplace"] == {"featured": True} and m["pricing"] == {"plan": "free"}
    assert validate_manifest_dict(m) == []


def test_save_manifest_directory_without_existing_file(tmp_path):
    out = save_manifest(Extension("demo-app"), tmp_path)
    assert json.loads(Path(out).read_text()) == generate_manifest(Extension("demo-app"))


MAIN = """
from imperal_sdk import Extension

helper = 1
app = Extension("built-app", "3.1.4", display_name="Built", icon="icon.svg")


@app.tool("go")
async def go(ctx, n: int = 1):
    return {}
"""


def test_build_path(tmp_path):
    (tmp_path / "main.py").write_text(MAIN)
    (tmp_path / "icon.svg").write_text("<svg viewBox='0 0 1 1'/>")
    out = build_path(tmp_path)
    assert out == tmp_path.resolve() / "imperal.json"
    m = json.loads(out.read_text())
    assert (m["app_id"], m["version"]) == ("built-app", "3.1.4")
    assert m["tools"][0]["parameters"] == {"n": {"type": "integer", "required": False}}
    assert m["icon_size_bytes"] == (tmp_path / "icon.svg").stat().st_size


def test_build_path_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        build_path(tmp_path)
    (tmp_path / "main.py").write_text("x = 1\n")
    with pytest.raises(LookupError):
        build_path(tmp_path)
    (tmp_path / "main.py").write_text("raise RuntimeError('boom')\n")
    with pytest.raises(RuntimeError, match="boom"):
        build_path(tmp_path)
