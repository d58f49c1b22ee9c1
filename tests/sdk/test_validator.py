"""validate_extension: every rule fires on a deliberately broken extension and stays quiet on a
sound one (severities per SDK 5.0.1)."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from sdk import ActionResult, ChatExtension, Extension, LifecycleHook, ui
from sdk.validator import (
    ValidationIssue,
    ValidationReport,
    validate_extension,
    validate_extension_in,
)

GOOD_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">'
    '<circle cx="12" cy="12" r="10"/></svg>'
)
DESCRIPTION = "A demo extension that the validator tests build and break on purpose."


class Item(BaseModel):
    id: str
    title: str = ""


class ItemParams(BaseModel):
    item_id: str


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in (
        "IMPERAL_VALIDATOR_V23_SEVERITY",
        "IMPERAL_AUTHOR_ID",
        "IMPERAL_FIRSTPARTY_AUTHOR_IDS",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def icon(tmp_path) -> str:
    path = tmp_path / "icon.svg"
    path.write_text(GOOD_SVG)
    return str(path)


def make(icon: str, app_id: str = "demo-app", *, chat: bool = True, **overrides):
    kwargs = dict(
        version="1.0.0",
        display_name="Demo App",
        description=DESCRIPTION,
        icon=icon,
        actions_explicit=True,
        capabilities=["demo:read"],
    )
    kwargs.update(overrides)
    ext = Extension(app_id, **kwargs)

    @ext.health_check
    async def health(ctx):
        return {"status": "ok"}

    @ext.on_install
    async def install(ctx):
        return None

    if not chat:
        return ext, None
    c = ChatExtension(ext, "demo", "Demo functions")

    @c.function(
        "get_item",
        description="Read one item by its id from the store.",
        action_type="read",
        data_model=Item,
    )
    async def get_item(ctx, params: ItemParams) -> ActionResult[Item]:
        """Read one item."""
        return ActionResult.success(Item(id=params.item_id), "found")

    return ext, c


def rules(report: ValidationReport, level: str | None = None) -> set[str]:
    return {i.rule for i in report.issues if level is None or i.level == level}


def only(report: ValidationReport, rule: str) -> list[ValidationIssue]:
    return [i for i in report.issues if i.rule == rule]


def add_write(chat, name="save_item", **kw):
    options = dict(
        description="Save an item to the store, replacing the old one.",
        action_type="write",
        event="demo-app.item_saved",
        effects=["update:item"],
        data_model=Item,
    )
    options.update(kw)

    @chat.function(name, **options)
    async def save_item(ctx, params: ItemParams) -> ActionResult[Item]:
        """Save an item."""
        return ActionResult.success(Item(id=params.item_id), "saved")

    return save_item


def test_sound_extension_has_only_the_v8_placeholder(icon):
    ext, chat = make(icon)
    add_write(chat)
    report = validate_extension(ext)
    assert [i.rule for i in report.issues] == ["V8"]
    assert report.is_valid and report.errors == [] and len(report.warnings) == 1
    assert (report.app_id, report.version) == ("demo-app", "1.0.0")


def test_report_counts_skip_synthetic_tools(icon):
    ext, chat = make(icon)
    add_write(chat)

    @ext.tool("sync_now", scopes=["demo:write"])
    async def sync_now(ctx):
        return {}

    @ext.panel("side", slot="left")
    async def side(ctx, **kwargs):
        return ui.Text("x")

    @ext.webhook("/hook")
    async def hook(ctx, headers, body, query_params):
        return {}

    @ext.on_event("other.thing_done")
    async def on_done(ctx, event):
        return None

    report = validate_extension(ext)
    assert report.tool_count == 1
    assert report.function_count == 2
    assert report.event_count == 2  # save_item's event= plus one on_event handler
    data = report.to_dict()
    assert data["tool_count"] == 1 and data["valid"] is True


def test_issue_get_aliases_and_defaults():
    issue = ValidationIssue("V1", "ERROR", "bad app id")
    assert issue.get("severity") == "ERROR" and issue.get("detail") == "bad app id"
    assert issue.get("rule") == "V1" and issue.get("file") == "" and issue.get("line") == 0
    assert issue.get("nope", 5) == 5
    assert issue.to_dict() == {
        "rule": "V1",
        "level": "ERROR",
        "message": "bad app id",
        "file": "",
        "line": 0,
        "fix": "",
    }


def test_every_issue_has_a_message_and_a_fix(icon):
    ext = Extension("Bad_App", version="x", icon="logo.png", actions_explicit=False)
    chat = ChatExtension(ext, "bad", "Bad")

    @chat.function("do", description="short", action_type="write", params={"x": {}})
    async def do(ctx, x: str):
        return {}

    report = validate_extension(ext)
    assert len(report.issues) > 10
    for issue in report.issues:
        assert issue.message and issue.fix, issue


# -- V1 / V2 / V3 --------------------------------------------------------------------------


def test_v1_app_id(icon):
    assert "V1" in rules(validate_extension(make(icon, "Demo_App")[0]), "ERROR")
    assert "V1" in rules(validate_extension(make(icon, "demo-")[0]))
    assert "V1" not in rules(validate_extension(make(icon, "demo-2")[0]))


def test_v2_version(icon):
    assert "V2" in rules(validate_extension(make(icon, version="1.0")[0]), "ERROR")
    assert "V2" not in rules(validate_extension(make(icon, version="2.10.3-beta.1")[0]))


def test_v3_needs_a_real_tool_or_a_chat_extension(icon):
    ext, _ = make(icon, chat=False)

    @ext.panel("side", slot="left")
    async def side(ctx, **kwargs):
        return ui.Text("x")

    @ext.tray("bell")
    async def bell(ctx, **kwargs):
        return ui.Text("x")

    @ext.webhook("/in")
    async def incoming(ctx, headers, body, query_params):
        return {}

    assert "V3" in rules(validate_extension(ext), "ERROR")

    @ext.tool("sync_now")
    async def sync_now(ctx):
        return {}

    assert "V3" not in rules(validate_extension(ext))
    ext2, _ = make(icon)
    assert "V3" not in rules(validate_extension(ext2))


# -- per-function rules ------------------------------------------------------------------


def test_v4_action_type(icon):
    ext, chat = make(icon)
    add_write(chat, "wipe", action_type="obliterate")
    issues = only(validate_extension(ext), "V4")
    assert [i.level for i in issues] == ["ERROR"] and "wipe" in issues[0].message
    ext, chat = make(icon)
    add_write(chat, "wipe", action_type="destructive", effects=["delete:item"])
    assert not only(validate_extension(ext), "V4")


def test_v5_and_v18_return_annotation(icon):
    ext, chat = make(icon)

    @chat.function("raw", description="Return a plain dict, not an ActionResult.")
    async def raw(ctx, params: ItemParams) -> dict:
        """Raw."""
        return {}

    report = validate_extension(ext)
    assert {i.level for i in only(report, "V5")} == {"ERROR"}
    assert {i.level for i in only(report, "V18")} == {"ERROR"}

    ext, chat = make(icon)

    @chat.function("modelled", description="Return the model itself instead of a result.")
    async def modelled(ctx, params: ItemParams) -> Item:
        """Modelled."""
        return Item(id="1")

    report = validate_extension(ext)
    assert only(report, "V5") and not only(report, "V18")  # a BaseModel return satisfies V18


def test_v5_accepts_plain_and_string_actionresult_annotations(icon):
    ext, chat = make(icon)

    @chat.function("plain", description="Plain ActionResult annotation here.", data_model=Item)
    async def plain(ctx, params: ItemParams) -> ActionResult:
        """Plain."""
        return ActionResult.success({}, "")

    @chat.function("text", description="String ActionResult annotation here.", data_model=Item)
    async def text(ctx, params: ItemParams) -> ActionResult[UnknownModel]:  # noqa: F821
        """Text."""
        return ActionResult.success({}, "")

    report = validate_extension(ext)
    assert not only(report, "V5") and not only(report, "V18")


def test_v5_missing_annotation_but_data_model_satisfies_v18(icon):
    ext, chat = make(icon)

    @chat.function("bare", description="No return annotation at all here.", data_model=Item)
    async def bare(ctx, params: ItemParams):
        """Bare."""
        return ActionResult.success({}, "")

    report = validate_extension(ext)
    assert only(report, "V5") and not only(report, "V18")


def test_v6_and_v17_params_without_a_model(icon):
    ext, chat = make(icon)

    @chat.function("loose", description="Takes loose keyword arguments only.", data_model=Item)
    async def loose(ctx, item_id: str, limit: int = 5) -> ActionResult[Item]:
        """Loose."""
        return ActionResult.success({}, "")

    report = validate_extension(ext)
    assert [i.level for i in only(report, "V6")] == ["WARN"]
    assert [i.level for i in only(report, "V17")] == ["ERROR"]
    assert "item_id" in only(report, "V6")[0].message


def test_v17_explicit_params_dict_and_no_params(icon):
    ext, chat = make(icon)

    @chat.function(
        "explicit",
        description="Explicit params dict skips model detection.",
        params={"item_id": {"type": "string"}},
        data_model=Item,
    )
    async def explicit(ctx, params: ItemParams) -> ActionResult[Item]:
        """Explicit."""
        return ActionResult.success({}, "")

    @chat.function("nothing", description="Takes no parameters at all here.", data_model=Item)
    async def nothing(ctx) -> ActionResult[Item]:
        """Nothing."""
        return ActionResult.success({}, "")

    report = validate_extension(ext)
    assert {i.message.split("'")[1] for i in only(report, "V17")} == {"explicit", "nothing"}
    assert not only(report, "V6")  # explicit's param is a model; nothing has no params
    ext2, _ = make(icon)
    assert not only(validate_extension(ext2), "V17")


def test_v10_write_without_event_suggests_one(icon):
    ext, chat = make(icon)
    add_write(chat, "fn_save_item", event="")
    issues = only(validate_extension(ext), "V10")
    assert [i.level for i in issues] == ["WARN"]
    assert 'event="demo-app.save_item"' in issues[0].fix
    ext, chat = make(icon)
    add_write(chat)
    assert not only(validate_extension(ext), "V10")


def test_v11_docstring_with_file_and_line(icon):
    ext, chat = make(icon)

    @chat.function("undoc", description="A function that has no docstring.", data_model=Item)
    async def undoc(ctx, params: ItemParams) -> ActionResult[Item]:
        return ActionResult.success({}, "")

    issues = only(validate_extension(ext), "V11")
    assert [i.level for i in issues] == ["WARN"]
    assert Path(issues[0].file) == Path(__file__)
    assert issues[0].line == inspect.getsourcelines(undoc)[1]
    ext2, _ = make(icon)
    assert not only(validate_extension(ext2), "V11")


def test_v16_function_description(icon):
    ext, chat = make(icon)
    add_write(chat, "short_one", description="Too short.")
    add_write(chat, "__internal", description="Tiny.")
    issues = only(validate_extension(ext), "V16")
    assert [i.level for i in issues] == ["ERROR"] and "short_one" in issues[0].message


def test_v19_actions_explicit_and_chain_callable(icon):
    ext, _ = make(icon, actions_explicit=False)
    assert [i.level for i in only(validate_extension(ext), "V19")] == ["ERROR"]
    ext, chat = make(icon)
    add_write(chat, chain_callable=False)
    issues = only(validate_extension(ext), "V19")
    assert len(issues) == 1 and "save_item" in issues[0].message and issues[0].line > 0
    ext, chat = make(icon)
    add_write(chat)
    assert not only(validate_extension(ext), "V19")


def test_v20_write_without_effects(icon):
    ext, chat = make(icon)
    add_write(chat, effects=None)
    assert [i.level for i in only(validate_extension(ext), "V20")] == ["WARN"]
    ext, chat = make(icon)
    add_write(chat)
    assert not only(validate_extension(ext), "V20")


def test_v23_read_without_data_model_is_an_error_unless_lowered_by_env(icon, monkeypatch):
    ext, chat = make(icon)

    @chat.function("peek", description="Peek at an item without a data model.")
    async def peek(ctx, params: ItemParams) -> ActionResult:
        """Peek."""
        return ActionResult.success({}, "")

    monkeypatch.delenv("IMPERAL_VALIDATOR_V23_SEVERITY", raising=False)
    report = validate_extension(ext)
    assert [i.level for i in only(report, "V23")] == ["ERROR"] and not report.is_valid
    for value in ("error", "WARNING", "info"):  # only "warn" (any case) lowers it
        monkeypatch.setenv("IMPERAL_VALIDATOR_V23_SEVERITY", value)
        assert [i.level for i in only(validate_extension(ext), "V23")] == ["ERROR"]
    monkeypatch.setenv("IMPERAL_VALIDATOR_V23_SEVERITY", " Warn ")
    assert [i.level for i in only(validate_extension(ext), "V23")] == ["WARN"]
    ext2, _ = make(icon)
    assert not only(validate_extension(ext2), "V23")


def test_v24_write_without_data_model(icon):
    ext, chat = make(icon)

    @chat.function(
        "put",
        description="Write an item without declaring a data model.",
        action_type="write",
        event="demo-app.put",
        effects=["update:item"],
    )
    async def put(ctx, params: ItemParams) -> ActionResult:
        """Put."""
        return ActionResult.success({}, "")

    report = validate_extension(ext)
    assert [i.level for i in only(report, "V24")] == ["WARN"]
    assert not only(report, "V23")  # V23 is for reads
    ext, chat = make(icon)
    add_write(chat)
    assert not only(validate_extension(ext), "V24")


def test_v24_ast_ctx_skeleton_in_a_chat_function(icon):
    ext, chat = make(icon)

    @chat.function(
        "peek_skel", description="Reads the skeleton, which is forbidden.", data_model=Item
    )
    async def peek_skel(ctx, params: ItemParams) -> ActionResult[Item]:
        """Peek."""
        data = await ctx.skeleton.get("inbox")
        return ActionResult.success(data, "")

    issues = only(validate_extension(ext), "V24-AST")
    assert [i.level for i in issues] == ["ERROR"]
    lines, start = inspect.getsourcelines(peek_skel)
    offset = next(n for n, text in enumerate(lines) if "ctx.skeleton" in text)
    assert issues[0].line == start + offset  # the line with ctx.skeleton
    ext2, _ = make(icon)
    assert not only(validate_extension(ext2), "V24-AST")


# -- extension-level rules ---------------------------------------------------------------


def test_v7_is_never_reported(icon, tmp_path):
    """imperal-sdk 5.11 does not report V7 for a direct import of an LLM SDK."""
    src = tmp_path / "llm_ext.py"
    src.write_text(
        "try:\n"
        "    import openai\n"
        "except ImportError:\n"
        "    openai = None\n"
        "from imperal_sdk import ActionResult\n\n"
        "def register(chat, Params, Item):\n"
        "    @chat.function('ask', description='Ask the model something directly.', data_model=Item)\n"
        "    async def ask(ctx, params: Params) -> ActionResult:\n"
        "        '''Ask.'''\n"
        "        return ActionResult.success({}, '')\n"
    )
    from sdk import alias

    alias.install()
    spec = importlib.util.spec_from_file_location("_v7_probe_module", src)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    ext, chat = make(icon)
    module.register(chat, ItemParams, Item)
    assert not only(validate_extension(ext), "V7")


def test_v8_is_always_a_placeholder_warning(icon):
    assert [i.level for i in only(validate_extension(make(icon)[0]), "V8")] == ["WARN"]


def test_v9_health_check_and_v12_on_install(icon):
    ext = Extension("bare-app", "1.0.0", display_name="Bare", description=DESCRIPTION, icon=icon)
    ChatExtension(ext, "bare", "Bare")
    report = validate_extension(ext)
    assert [i.level for i in only(report, "V9")] == ["WARN"]
    assert [i.level for i in only(report, "V12")] == ["INFO"]
    report = validate_extension(make(icon)[0])
    assert not only(report, "V9") and not only(report, "V12")


def test_v13_refresh_and_alert_tool_names(icon):
    ext, _ = make(icon)

    @ext.tool("refresh_inbox")
    async def refresh_inbox(ctx):
        return {}

    @ext.tool("alert_inbox")
    async def alert_inbox(ctx):
        return {}

    issues = only(validate_extension(ext), "V13")
    assert sorted((i.level, i.message.split("'")[1]) for i in issues) == [
        ("INFO", "alert_inbox"),
        ("WARN", "refresh_inbox"),
    ]
    ext, _ = make(icon)

    @ext.skeleton("inbox")
    async def skel(ctx):
        return {"response": {}}

    @ext.tool("skeleton_alert_inbox")
    async def skel_alert(ctx):
        return {}

    assert not only(validate_extension(ext), "V13")


def test_v14_extension_description(icon):
    assert "V14" in rules(validate_extension(make(icon, description="Too short")[0]), "ERROR")
    long_id = "a" * 45
    assert "V14" in rules(validate_extension(make(icon, long_id, description=long_id)[0]))
    assert "V14" not in rules(validate_extension(make(icon)[0]))


def test_v15_display_name(icon):
    assert "V15" in rules(validate_extension(make(icon, display_name="")[0]), "ERROR")
    assert "V15" in rules(validate_extension(make(icon, display_name=" ab ")[0]))
    assert "V15" in rules(validate_extension(make(icon, display_name="demo-app")[0]))
    assert "V15" not in rules(validate_extension(make(icon, display_name="Dem")[0]))


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("<svg viewBox='0 0 24 24'", "XML"),
        ("<html viewBox='0 0 1 1'></html>", "<html>"),
        ("<svg xmlns='http://www.w3.org/2000/svg'></svg>", "viewBox"),
        (
            "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
            "viewBox='0 0 1 1'><image xlink:href='data:image/png;base64,AAAA'/></svg>",
            "base64",
        ),
        ("<svg viewBox='0 0 1 1'>" + "<!--" + "x" * 110_000 + "-->" + "</svg>", "bytes"),
    ],
)
def test_v21_icon_file_checks(tmp_path, content, needle):
    path = tmp_path / "icon.svg"
    path.write_text(content)
    issues = only(validate_extension(make(str(path))[0]), "V21")
    assert [i.level for i in issues] == ["ERROR"], issues
    assert needle in issues[0].message and issues[0].file == str(path)


def test_v21_icon_missing_or_not_svg(icon):
    assert "V21" in rules(validate_extension(make("")[0]), "ERROR")
    assert "V21" in rules(validate_extension(make("icon.png")[0]), "ERROR")
    # An .svg that does not resolve is not checked further (the CLI checks the folder).
    assert "V21" not in rules(validate_extension(make("nowhere/missing-icon.svg")[0]))
    assert "V21" not in rules(validate_extension(make(icon)[0]))


def test_v21_relative_icon_resolves_against_base_dir(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg/>")
    ext, _ = make("logo.svg")
    assert "V21" not in rules(validate_extension(ext))  # not found from the CWD: unchecked
    assert "V21" in rules(validate_extension_in(ext, tmp_path))  # found: no viewBox


def test_v22_lifecycle_keywords(icon):
    ext, _ = make(icon)

    async def refresh(ctx):
        return None

    ext._lifecycle["on_refresh"] = LifecycleHook("on_refresh", refresh)
    issues = only(validate_extension(ext), "V22")
    assert [i.level for i in issues] == ["ERROR"] and "message" in issues[0].message

    async def refresh_ok(ctx, message=None):
        return None

    async def refresh_kw(ctx, **kwargs):
        return None

    for func in (refresh_ok, refresh_kw):
        ext._lifecycle["on_refresh"] = LifecycleHook("on_refresh", func)
        assert not only(validate_extension(ext), "V22")


def test_v22_on_upgrade_is_keyed_by_version_and_not_checked(icon):
    # As in SDK 5.0.1 (and the README's `migrate(ctx)` example): hooks are stored under
    # "on_upgrade:<version>", so a handler without from_version passes.
    ext, _ = make(icon)

    @ext.on_upgrade("0.9.0")
    async def migrate(ctx):
        return None

    assert not only(validate_extension(ext), "V22")


def test_v31_system_flag_and_first_party_authors(icon, monkeypatch):
    ext, _ = make(icon, system=True)
    assert not only(validate_extension(ext), "V31")  # no env: the Dev Portal decides
    monkeypatch.setenv("IMPERAL_AUTHOR_ID", "someone")
    assert not only(validate_extension(ext), "V31")  # no allowlist configured
    monkeypatch.setenv("IMPERAL_FIRSTPARTY_AUTHOR_IDS", "imperal, core-team")
    assert [i.level for i in only(validate_extension(ext), "V31")] == ["ERROR"]
    monkeypatch.setenv("IMPERAL_AUTHOR_ID", "core-team")
    assert not only(validate_extension(ext), "V31")
    monkeypatch.setenv("IMPERAL_AUTHOR_ID", "someone")
    assert not only(validate_extension(make(icon)[0]), "V31")  # system=False


def test_v33_llm_facing_name_over_64_characters(icon):
    ext, chat = make(icon)  # "demo-app" + "__" + name: 54 characters of name are the most
    for name in ("a" * 54, "b" * 55):

        @chat.function(
            name, description="A function with a long name, on purpose.", data_model=Item
        )
        async def long(ctx, params: ItemParams) -> ActionResult[Item]:
            """Long."""
            return ActionResult.success(Item(id="x"), "ok")

    issues = [i for i in validate_extension(ext).issues if i.rule == "V33"]
    assert [(i.level, "b" * 55 in i.message) for i in issues] == [("WARN", True)]
    assert issues[0].fix and issues[0].line


def test_v34_no_capabilities_and_no_tool_scopes(icon):
    assert "V34" not in rules(validate_extension(make(icon)[0]))
    ext, _ = make(icon, capabilities=None)
    (issue,) = [i for i in validate_extension(ext).issues if i.rule == "V34"]
    assert issue.level == "WARN" and issue.fix
    system, _ = make(icon, capabilities=[], system=True)
    assert [i.level for i in validate_extension(system).issues if i.rule == "V34"] == ["ERROR"]
    scoped, _ = make(icon, capabilities=None)

    @scoped.tool("ping", description="Ping the service.", scopes=["demo:read"])
    async def ping(ctx):
        return {}

    assert "V34" not in rules(validate_extension(scoped))
