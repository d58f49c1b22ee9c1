"""Extension decorators added in 5.11 / 6.3.7 (behaviour_*.json entries and the listing)."""

import asyncio
import threading

import pytest

from sdk import Extension, ui
from sdk.extension import MenuItemDef, OAuthDef, TrayDef
from sdk.testing import MockContext


def make():
    return Extension("demo", version="1.0.0")


def test_file_sink_is_a_plain_call():
    # behaviour: "ext.file_sink" -> None
    ext = make()
    assert ext.file_sink("import_csv", accepts=["text/csv"], arg="content") is None
    (sink,) = ext.file_sinks
    assert (sink.tool, sink.accepts, sink.arg, sink.arg_kind) == (
        "import_csv",
        ["text/csv"],
        "content",
        "text",
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"accepts": [], "arg": "c"},
        {"accepts": "text/csv", "arg": "c"},
        {"accepts": ["a"], "arg": ""},
        {"accepts": ["a"], "arg": "c", "arg_kind": "base64"},
    ],
)
def test_file_sink_bad_input_changes_nothing(kwargs):
    ext = make()
    with pytest.raises(ValueError):  # pydantic's ValidationError is a ValueError
        ext.file_sink("t", **kwargs)
    assert ext.file_sinks == []


def test_file_sink_twice_for_one_tool():
    ext = make()
    ext.file_sink("t", accepts=["a"], arg="c")
    with pytest.raises(ValueError, match="twice"):
        ext.file_sink("t", accepts=["b"], arg="c", arg_kind="file_id")
    assert len(ext.file_sinks) == 1


def test_oauth_is_a_plain_call_and_the_last_declaration_wins():
    # behaviour: "ext.oauth" -> None
    ext = make()
    assert ext.oauth("google", collection="accounts", scopes=["a"]) is None
    ext.oauth("github")
    assert ext.oauth_providers["google"] == OAuthDef("google", "accounts", ["a"], False)
    ext.oauth("google")
    assert ext.oauth_providers["google"].to_manifest() == {
        "provider": "google",
        "collection": None,
        "scopes": [],
        "has_hook": False,
    }
    with pytest.raises(ValueError):
        ext.oauth("")
    assert list(ext.oauth_providers) == ["google", "github"]


async def test_menu_item_registers_when_decorated():
    # behaviour: "ext.menu_item" returns the decorated function
    ext = make()

    async def reports(ctx):
        return ui.Text("r")

    assert ext.menu_item("reports", label="Reports", section="admin")(reports) is reports
    assert ext.menu_items["reports"] == MenuItemDef(
        "reports", reports, "Reports", "", "admin", "", 100, False
    )
    assert ext.tools["__menu__reports"].description == "Menu item: Reports"
    out = await ext.call_tool("__menu__reports", MockContext())
    assert out == {
        "ui": {"type": "Text", "props": {"content": "r", "variant": "body"}},
        "item_id": "reports",
    }


@pytest.mark.parametrize("section", ["bogus", "account", "footer"])
def test_menu_item_sections(section):
    ext = make()
    with pytest.raises(ValueError, match=section):
        ext.menu_item("m", section=section)
    assert ext.menu_items == {}


async def test_tray_zone_order_style_colour():
    # behaviour: "ext.tray zone" returns the decorated function
    ext = make()

    async def bell(ctx):
        return ui.Text("t")

    got = ext.tray("bell", icon="Bell", zone="actions", order=5, badge_style="inline",
                   icon_color="blue")(bell)  # fmt: skip
    assert got is bell
    assert ext.tray_items["bell"] == TrayDef(
        "bell", bell, "Bell", "", "actions", 5, "inline", "primary"
    )
    out = await ext.call_tool("__tray__bell", MockContext())
    assert out["icon_color"] == "primary" and out["zone"] == "actions"
    assert out["badge_style"] == "inline" and out["tray_id"] == "bell"


@pytest.mark.parametrize(
    "kwargs", [{"zone": "top"}, {"badge_style": "dot"}, {"icon_color": "#ff0000"}]
)
def test_tray_rejects_unknown_choices(kwargs):
    ext = make()
    with pytest.raises(ValueError):
        ext.tray("t", **kwargs)
    assert ext.tray_items == {}


def test_panel_stale_while_revalidate_and_cache_ttl():
    # behaviour: "ext.panel stale/cache"
    ext = make()
    ext.panel("p", slot="left", title="T", stale_while_revalidate=False, cache_ttl=30)(
        lambda ctx: None
    )
    assert ext.panels["p"] == {
        "slot": "left",
        "title": "T",
        "icon": "",
        "refresh": "manual",
        "center_overlay": False,
        "stale_while_revalidate": False,
        "cache_ttl": 30,
    }
    # Not given: 5.11 records neither key (the platform applies True / 60).
    ext.panel("q", hidden_in_sidebar=True)(lambda ctx: None)
    assert "stale_while_revalidate" not in ext.panels["q"] and "cache_ttl" not in ext.panels["q"]
    assert ext.panels["q"]["hidden_in_sidebar"] is True


def test_search_provider():
    # behaviour (6.3.7): "ext.search_provider" returns the decorated function
    ext = make()

    async def find(ctx, query):
        return []

    assert ext.search_provider("contact")(find) is find
    assert ext._search_providers["contact"].to_manifest() == {
        "entity_type": "contact",
        "handler": "find",
        "description": "Search provider for contact",
    }


def test_emits_declares_when_it_decorates():
    ext = make()

    def handler(ctx):
        return None

    assert ext.emits("demo.updated", schema_ref="x")(handler) is handler
    ext.emits("demo.created")  # a plain call declares nothing (5.11)
    ext.emits("demo.created")(handler)
    assert [e.event_type for e in ext.declared_emits] == ["demo.updated", "demo.created"]
    with pytest.raises(ValueError):
        ext.emits("other.updated")
    with pytest.raises(ValueError):
        ext.emits("nodot")
    assert len(ext.declared_emits) == 2


def test_secret_scope_and_env_fallback():
    # behaviour: "ext.secret scope=app" returns a decorator
    ext = Extension("my-app")
    dec = ext.secret("api_key", "API key", scope="app", env_fallback="IMPERAL_APPSECRET_MY_APP_K")
    assert callable(dec) and dec(len) is len
    spec = ext.secrets["api_key"]
    assert (spec.scope, spec.env_fallback) == ("app", "IMPERAL_APPSECRET_MY_APP_K")
    with pytest.raises(ValueError):
        ext.secret("other", "d", scope="team")
    with pytest.raises(ValueError):
        ext.secret("tok", "t", env_fallback="IMPERAL_APPSECRET_MY_APP_TOK")  # user scope
    with pytest.raises(ValueError):
        ext.secret("tok", "t", scope="app", env_fallback="HOME")
    assert list(ext.secrets) == ["api_key"]


async def test_plain_def_panel_tool_and_health_check_run_in_a_thread():
    ext = make()
    seen = []

    @ext.panel("p")
    def panel(ctx, **kw):
        seen.append(threading.current_thread() is threading.main_thread())
        return ui.Text("sync")

    @ext.tool("t", description="d")
    def tool(ctx, a=1):
        seen.append(threading.current_thread() is threading.main_thread())
        return {"a": a}

    @ext.health_check
    def health(ctx):
        return {"ok": True}

    out = await ext.call_tool("__panel__p", MockContext())
    assert out["ui"]["props"]["content"] == "sync"
    assert await ext.call_tool("t", MockContext(), a=2) == {"a": 2}
    assert seen == [False, False]
    assert ext._health_check.func is health


async def test_a_sync_wrapper_returning_a_coroutine_is_awaited():
    ext = make()

    async def real(ctx):
        await asyncio.sleep(0)
        return "done"

    ext.tool("w")(lambda ctx: real(ctx))
    assert await ext.call_tool("w", None) == "done"
