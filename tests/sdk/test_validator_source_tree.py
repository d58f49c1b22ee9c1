"""validate_source_tree (AST rules), validate_manifest_v1_6_0 (SDK-VERSION-1) and validate_path
(what `imperal-shell validate PATH` runs), including the first-party extensions."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from sdk.manifest import build_path
from sdk.validator import validate_path, validate_path_report
from sdk.validator_v1_6_0 import validate_manifest_v1_6_0, validate_source_tree

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = [ROOT / "extensions" / "notes", ROOT / "extensions" / "tasks"]


def write(base: Path, name: str, source: str) -> Path:
    path = base / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source).lstrip())
    return path


def scan(tmp_path: Path, source: str, name: str = "main.py"):
    write(tmp_path, name, source)
    return validate_source_tree(tmp_path)


SCANNED: list[Path] = []  # the test's tmp_path: issues name os.path.join(folder, relative)


@pytest.fixture(autouse=True)
def _scanned(tmp_path):
    SCANNED[:] = [tmp_path]


def fired(issues, rule):
    return [(os.path.relpath(i.file, SCANNED[0]), i.line) for i in issues if i.rule == rule]


# -- SKEL-GUARD ---------------------------------------------------------------------------


def test_skel_guard_1_get_outside_a_skeleton_tool(tmp_path):
    issues = scan(
        tmp_path,
        """
        @ext.skeleton("inbox")
        async def refresh(ctx):
            return await ctx.skeleton.get("inbox")

        @chat.function("peek", description="x")
        async def peek(ctx, params):
            return await ctx.skeleton.get("inbox")

        @ext.skeleton("mail")
        async def outer(ctx):
            async def inner():
                return await ctx.skeleton.get("mail")
            lazy = lambda: ctx.skeleton.get("mail")
            return await inner()

        top = ctx.skeleton.get("mail")
        """,
    )
    # peek (line 7) fires; refresh is fine; the innermost function of line 12 is undecorated,
    # a lambda belongs to the function around it (line 13 is quiet), module level fires.
    assert fired(issues, "SKEL-GUARD-1") == [("main.py", 7), ("main.py", 12), ("main.py", 16)]
    assert all(i.level == "ERROR" and i.fix for i in issues)


def test_skel_guard_1_quiet_inside_skeleton_tools(tmp_path):
    issues = scan(
        tmp_path,
        """
        @ext.skeleton("inbox", alert=True, ttl=60)
        async def refresh(ctx):
            prev = await ctx.skeleton.get("inbox")
            return {"response": prev}
        """,
    )
    assert issues == []


def test_skel_guard_2_and_3(tmp_path):
    issues = scan(
        tmp_path,
        """
        @ext.skeleton("inbox")
        async def refresh(ctx):
            old = ctx.skeleton_data
            await ctx.skeleton.update("inbox", {"n": 1})
            return old
        """,
    )
    assert fired(issues, "SKEL-GUARD-2") == [("main.py", 3)]
    assert fired(issues, "SKEL-GUARD-3") == [("main.py", 4)]
    assert not fired(scan(tmp_path, "x = ctx_skeleton_data = 1\n"), "SKEL-GUARD-2")


# -- CACHE ------------------------------------------------------------------------------


CACHE_SRC = """
@ext.cache_model("summary")
class Summary(BaseModel):
    text: str

class Other(BaseModel):
    text: str

async def handler(ctx):
    a = await ctx.cache.get("k", Summary)
    b = await ctx.cache.get("k", Other)
    c = await ctx.cache.get("k", model=Other)
    await ctx.cache.set("k", Summary(text="x"))
    await ctx.cache.set("k", Other(text="x"))
    d = await ctx.cache.get_or_fetch("k", Other, fetch)
    await ctx.cache.set("k", Summary(text="x"), ttl_seconds=3)
    await ctx.cache.set("k", Summary(text="x"), ttl_seconds=301)
    await ctx.cache.set("k", Summary(text="x"), ttl_seconds=300)
    await ctx.cache.set("k", Summary(text="x"), ttl_seconds=5)
    value = Other(text="x")
    await ctx.cache.set("k", value)
    await ctx.cache.set("k", value=Other(text="x"))
    await ctx.cache.set("k", models.Other(text="x"))
    await ctx.cache.get("k", models.Other)
    await ctx.cache.set("k", Summary(text="x"), 900)
    await ctx.cache.set("k", Summary(text="x"), ttl_seconds=True)
    await ctx.cache.get_or_fetch("k", Summary, fetch, ttl_seconds=900)
    return a, b, c, d
"""


def test_cache_model_1_and_cache_ttl_1(tmp_path):
    issues = scan(tmp_path, CACHE_SRC)
    # set names the model of its positional value (a call or a variable); get/get_or_fetch the
    # plain name of their model; dotted names and value= are not followed.
    assert fired(issues, "CACHE-MODEL-1") == [
        ("main.py", 10),
        ("main.py", 11),
        ("main.py", 13),
        ("main.py", 14),
        ("main.py", 20),
    ]
    # only set's ttl_seconds= literal counts (True is 1); a positional ttl or get_or_fetch's
    # is not checked
    assert fired(issues, "CACHE-TTL-1") == [("main.py", 15), ("main.py", 16), ("main.py", 25)]


def test_cache_model_1_uses_classes_registered_in_other_files(tmp_path):
    write(
        tmp_path,
        "models.py",
        """
        @ext.cache_model("summary")
        class Summary(BaseModel):
            text: str
        """,
    )
    issues = scan(tmp_path, "async def h(ctx):\n    return await ctx.cache.get('k', Summary)\n")
    assert issues == []


def test_cache_model_1_quiet_without_any_registered_model(tmp_path):
    issues = scan(tmp_path, "async def h(ctx):\n    return await ctx.cache.get('k', Whatever)\n")
    assert issues == []


# -- MANIFEST-SKELETON-1 / PANEL-SLOT-1 ---------------------------------------------------


def test_manifest_skeleton_1(tmp_path):
    issues = scan(
        tmp_path,
        """
        @ext.tool("skeleton_refresh_inbox")
        async def a(ctx):
            return {}

        @ext.tool(name="skeleton_refresh_mail")
        async def b(ctx):
            return {}

        @ext.tool("skeleton_alert_inbox")
        async def c(ctx):
            return {}
        """,
    )
    # only a name given positionally counts
    assert fired(issues, "MANIFEST-SKELETON-1") == [("main.py", 1)]
    assert '@ext.skeleton("inbox")' in issues[0].fix


def test_panel_slot_1(tmp_path):
    issues = scan(
        tmp_path,
        """
        @ext.panel("a", slot="main")
        async def a(ctx, **kw):
            return None

        @ext.panel("b", "sidebar")
        async def b(ctx, **kw):
            return None

        @ext.panel("c", slot="left")
        async def c(ctx, **kw):
            return None

        @ext.panel("d", slot="chat-sidebar")
        async def d(ctx, **kw):
            return None
        """,
    )
    # only slot= counts (a positional slot is not checked)
    assert fired(issues, "PANEL-SLOT-1") == [("main.py", 1)]


# -- files, syntax errors, skipped folders ------------------------------------------------


def test_a_file_that_does_not_parse_is_skipped(tmp_path):
    write(tmp_path, "good.py", "async def h(ctx):\n    return ctx.skeleton_data\n")
    write(tmp_path, "pkg/broken.py", "def f(:\n    pass\n")
    issues = validate_source_tree(tmp_path)
    assert [i.rule for i in issues] == ["SKEL-GUARD-2"]  # no issue of its own, as in 5.11
    assert fired(issues, "SKEL-GUARD-2") == [("good.py", 2)]  # the other files still scan
    assert issues[0].file == os.path.join(str(tmp_path), "good.py")


def test_skipped_directories(tmp_path):
    bad = "x = ctx.skeleton_data\n"
    for folder in (
        "venv",
        ".venv",
        "__pycache__",
        ".git",
        "node_modules",
        "dist",
        "build",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
    ):
        write(tmp_path, f"{folder}/mod.py", bad)
    assert validate_source_tree(tmp_path) == []
    write(tmp_path, "tests/test_x.py", bad)  # tests/ is scanned
    assert fired(validate_source_tree(tmp_path), "SKEL-GUARD-2") == [
        (str(Path("tests/test_x.py")), 1)
    ]


def test_a_path_that_is_not_a_folder_has_nothing_to_scan(tmp_path):
    path = write(tmp_path, "one.py", "y = ctx.skeleton_data\n")
    assert validate_source_tree(path) == []
    assert validate_source_tree(tmp_path / "missing") == []


# -- SDK-VERSION-1 -------------------------------------------------------------------------


def test_sdk_version_1_missing_is_an_error_whatever_the_code_uses(tmp_path):
    write(tmp_path, "main.py", "x = 1\n")
    (issue,) = validate_manifest_v1_6_0({"app_id": "a-b", "version": "1.0.0"}, tmp_path)
    assert (issue.rule, issue.level, issue.file) == ("SDK-VERSION-1", "ERROR", "imperal.json")
    assert issue.fix
    (issue,) = validate_manifest_v1_6_0({"app_id": "a-b", "version": "1.0.0"})
    assert issue.level == "ERROR"


@pytest.mark.parametrize(
    "version, ok",
    [
        ("5.0.0", True),
        ("5.11.0", True),
        ("10.0.0", True),
        ("05.0.0", True),
        ("5.0.0-rc.1", True),
        ("5.1.0.dev1", True),
        ("4.9.9", False),
        ("1.6.0", False),
        ("5", False),
        ("5.0", False),
        ("5.0.0rc1", False),
        ("5.0.0+build", False),
        ("v5.1.0", False),
        (" 5.1.0", False),
        ("5.0-rc.1", False),
        ("", False),
        (None, False),
        (5, False),
    ],
)
def test_sdk_version_1_needs_5_0_0_or_later(version, ok):
    issues = validate_manifest_v1_6_0({"sdk_version": version})
    assert [(i.rule, i.level) for i in issues] == ([] if ok else [("SDK-VERSION-1", "ERROR")])


# -- validate_path ---------------------------------------------------------------------------

GOOD_MAIN = '''
from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension(
    "path-demo",
    version="1.0.0",
    display_name="Path Demo",
    description="An extension written to disk to exercise validate_path end to end.",
    icon="icon.svg",
    actions_explicit=True,
    capabilities=["path-demo:read"],
)
chat = ChatExtension(ext, "path_demo", "Path demo")


class Params(BaseModel):
    name: str


class Out(BaseModel):
    text: str


@chat.function("greet", description="Greet someone by name, politely.", data_model=Out)
async def greet(ctx, params: Params) -> ActionResult[Out]:
    """Greet."""
    return ActionResult.success({"text": params.name}, "hi")


@ext.health_check
async def health(ctx):
    return {"status": "ok"}


@ext.on_install
async def install(ctx):
    return None
'''


@pytest.fixture
def ext_dir(tmp_path) -> Path:
    root = tmp_path / "path-demo"
    write(root, "main.py", GOOD_MAIN)
    write(root, "icon.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>')
    return root


def test_validate_path_sound_extension(ext_dir):
    report = validate_path_report(ext_dir)
    assert [i.rule for i in report.issues] == ["V8"]
    assert report.app_id == "path-demo" and report.function_count == 1
    assert validate_path(ext_dir / "main.py")[0].rule == "V8"  # a file path means its folder


def test_validate_path_with_manifest_drops_v8_and_checks_it(ext_dir):
    build_path(ext_dir)
    assert validate_path(ext_dir) == []
    data = json.loads((ext_dir / "imperal.json").read_text())
    data["schedule"] = []
    data["tools"].append({"name": "tool_path_demo_chat"})
    (ext_dir / "imperal.json").write_text(json.dumps(data))
    issues = validate_path(ext_dir)
    assert {(i.rule, i.file) for i in issues} == {("M3", "imperal.json"), ("V25", "imperal.json")}


def test_validate_path_manifest_m0_and_semantic_errors(ext_dir):
    (ext_dir / "imperal.json").write_text("{not json")
    issues = validate_path(ext_dir)
    assert [(i.rule, i.level, i.file) for i in issues] == [("M0", "ERROR", "imperal.json")]
    build_path(ext_dir)
    data = json.loads((ext_dir / "imperal.json").read_text())
    data["exposed"] = [{"name": "a", "action_type": "read"}] * 2
    (ext_dir / "imperal.json").write_text(json.dumps(data))
    issues = validate_path(ext_dir)
    assert [i.rule for i in issues] == ["M8.2"]  # raised by validate_manifest_dict, reported here
    data.pop("exposed")
    data.pop("sdk_version")
    (ext_dir / "imperal.json").write_text(json.dumps(data))
    assert [(i.rule, i.level) for i in validate_path(ext_dir)] == [("SDK-VERSION-1", "ERROR")]


def test_validate_path_points_extension_issues_at_main_py(ext_dir):
    main = ext_dir / "main.py"
    main.write_text(main.read_text().replace('display_name="Path Demo"', 'display_name=""'))
    (issue,) = [i for i in validate_path(ext_dir) if i.rule == "V15"]
    assert (issue.file, issue.line) == ("main.py", 4)
    (issue,) = [i for i in validate_path(ext_dir / "main.py") if i.rule == "V15"]
    assert issue.file == "main.py"


def test_validate_path_function_issues_are_relative(ext_dir):
    main = ext_dir / "main.py"
    main.write_text(main.read_text().replace('    """Greet."""\n', ""))
    (issue,) = [i for i in validate_path(ext_dir) if i.rule == "V11"]
    assert issue.file == "main.py" and issue.line == 24


def test_validate_path_icon_checked_in_the_folder(ext_dir):
    (ext_dir / "icon.svg").write_text("<svg/>")
    (issue,) = [i for i in validate_path(ext_dir) if i.rule == "V21"]
    assert issue.file == "icon.svg" and "viewBox" in issue.message


def test_validate_path_import_failure_is_an_issue(ext_dir):
    main = ext_dir / "main.py"
    main.write_text(
        main.read_text() + '\n\n@ext.panel("p", slot="main")\nasync def p(ctx):\n    pass\n'
    )
    issues = validate_path(ext_dir)
    rules = [i.rule for i in issues]
    assert rules == ["LOAD", "PANEL-SLOT-1"]
    assert issues[0].file == "main.py" and issues[0].line > 30 and "ValueError" in issues[0].message


def test_validate_path_syntax_error_in_main(ext_dir):
    (ext_dir / "main.py").write_text("ext = (\n")
    issues = validate_path(ext_dir)
    assert [(i.rule, i.level, i.file, i.line) for i in issues] == [("LOAD", "ERROR", "main.py", 1)]


def test_validate_path_without_main_or_ext(tmp_path):
    (issue,) = validate_path(tmp_path)
    assert (issue.rule, issue.level) == ("LOAD", "ERROR")
    write(tmp_path, "main.py", "from imperal_sdk import Extension\nother = Extension('x-y')\n")
    (issue,) = validate_path(tmp_path)
    assert issue.rule == "LOAD" and "ext" in issue.message


@pytest.mark.parametrize("folder", FIRST_PARTY, ids=lambda p: p.name)
def test_first_party_extensions_have_no_errors(folder, tmp_path):
    report = validate_path_report(folder)
    assert report.errors == [], [str(i) for i in report.errors]
    assert report.function_count >= 4
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
    build_path(copy)
    issues = validate_path(copy)
    assert [i for i in issues if i.level == "ERROR"] == []
    assert "V8" not in {i.rule for i in issues}
