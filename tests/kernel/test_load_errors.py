"""Loading is as tolerant as the platform, and an extension that uses an imperal_sdk name we do
not have gets a load error that names the name, its file and line, and what kind of name it is.

Real extension folders, loaded by the real scanner (a scan process) when the kernel opens.
"""

from __future__ import annotations

import threading

from kernel import Kernel, KernelConfig
from kernel import events as ev
from kernel.loader import describe_load_failure, in_thread_if_plain
from sdk import _known_names
from sdk.validator import validate_path_report

HEAD = """
from pydantic import BaseModel
from imperal_sdk import Extension, ChatExtension, ActionResult

ext = Extension("{name}", version="1.0.0", display_name="{name}")
chat = ChatExtension(ext, "{name}", "A test extension")


class P(BaseModel):
    pass
"""

GOOD = (
    HEAD
    + """
@chat.function("ping", action_type="read", description="Answer with pong, nothing else.")
async def ping(ctx, params: P) -> ActionResult:
    return ActionResult.success({"pong": True}, summary="pong")
"""
)

PLAIN = (
    HEAD
    + """
import threading


@chat.function("where", action_type="read", description="Say which thread runs this function.")
def where(ctx, params: P) -> ActionResult:
    return ActionResult.success({"thread": threading.current_thread().name}, summary="here")


@ext.panel("side", slot="left", title="Side")
def side(ctx, **kwargs):
    from imperal_sdk import ui
    return ui.Text(threading.current_thread().name)


@ext.health_check
def health(ctx):
    return {"status": "ok"}


@ext.on_event("other.happened")
def on_other(ctx, event):
    return None
"""
)


def named(source: str, name: str) -> str:
    return source.replace("{name}", name)


def errors_of(k) -> dict[str, str]:
    return {e.name: e.message for e in k.load_errors}


def finished(events) -> ev.ActionFinished:
    (done,) = [e for e in events if isinstance(e, ev.ActionFinished)]
    return done


async def test_unknown_imperal_sdk_names_are_load_errors_that_say_what_is_missing(
    home, write_extension
):
    write_extension("a_good", named(GOOD, "a_good"))
    write_extension("b_nope", named(HEAD, "b_nope") + "from imperal_sdk import Nope\n")
    write_extension("c_foo", named(HEAD, "c_foo") + "from imperal_sdk.foo import Bar\n")
    folder = write_extension("d_attr", named(HEAD, "d_attr") + "from . import helpers\n")
    (folder / "helpers.py").write_text("from imperal_sdk import ui\n\nBADGE = ui.Nope('x')\n")
    async with await Kernel.open(KernelConfig.load()) as k:
        assert "a_good" in k.catalog.extensions  # the others cost only their own folders
        errors = errors_of(k)
    assert "'Nope' is not an imperal_sdk name" in errors["b_nope"]
    assert "(main.py:11)" in errors["b_nope"]
    assert "imperal_sdk.foo is not an imperal_sdk name" in errors["c_foo"]
    assert "(main.py:11)" in errors["c_foo"]
    assert "'Nope' is not an imperal_sdk name: imperal_sdk.ui has no such name" in errors["d_attr"]
    assert "(helpers.py:3)" in errors["d_attr"]
    assert "Traceback" not in "".join(errors.values())


async def test_plain_def_handlers_run_in_a_thread_instead_of_failing_the_extension(
    home, write_extension
):
    write_extension("plain", named(PLAIN, "plain"))
    async with await Kernel.open(KernelConfig.load()) as k:
        assert "plain" in k.catalog.extensions, errors_of(k)
        done = finished(await k.session("alice").call("plain", "where", {}))
        assert done.ok and done.data["thread"] != "MainThread"
        node = await k.session("alice").render("plain", "side", {})
        assert node["type"] == "Text" and node["props"]["content"] != "MainThread"


async def test_in_thread_if_plain_keeps_async_functions_and_signatures():
    async def coro(ctx, params=None):
        return "async"

    def plain(ctx, params=None):
        return threading.current_thread().name

    assert in_thread_if_plain(coro) is coro
    wrapped = in_thread_if_plain(plain)
    assert wrapped.__wrapped__ is plain and wrapped.__name__ == "plain"
    assert await wrapped(None) != threading.current_thread().name


def test_missing_names_are_classified_as_planned_platform_only_or_unknown(monkeypatch):
    data = {
        "imperal_sdk": {"six": False, "names": {"Extension": "5.11", "Later": "6.x"}},
        "imperal_sdk.runtime.engine": {"six": False, "names": {"KernelEngine": "5.11"}},
    }
    monkeypatch.setattr(_known_names, "known", lambda: data)
    assert _known_names.classify("sdk", "Later") == "planned"
    assert "planned" in _known_names.describe("imperal_sdk", "Later")
    assert "6.x" in _known_names.describe("imperal_sdk", "Later")
    assert _known_names.classify("imperal_sdk.runtime.engine", "KernelEngine") == "platform-only"
    assert "hosted Imperal platform" in _known_names.describe(
        "imperal_sdk.runtime.engine", "KernelEngine"
    )
    assert _known_names.classify("imperal_sdk", "Nope") == "unknown"
    assert _known_names.classify("imperal_sdk.foo") == "unknown"
    # other packages' import errors are left alone
    assert _known_names.explain_missing(ImportError("No module named 'requests'")) is None
    assert _known_names.explain_missing(AttributeError("'X' object has no attribute 'y'")) is None


def test_validate_names_a_planned_name_with_its_file_and_line(tmp_path, monkeypatch):
    data = {"imperal_sdk": {"six": True, "names": {"FutureThing": "6.x"}}}
    monkeypatch.setattr(_known_names, "known", lambda: data)
    (tmp_path / "main.py").write_text("import os\n\nfrom imperal_sdk import FutureThing\n")
    (issue,) = [i for i in validate_path_report(tmp_path).issues if i.rule == "LOAD"]
    assert (issue.file, issue.line) == ("main.py", 3)
    assert "imperal_sdk.FutureThing" in issue.message and "planned" in issue.message
    assert "guard its import" in issue.fix


def test_describe_load_failure_keeps_other_errors_as_they_are(tmp_path):
    try:
        raise ValueError("boom")
    except ValueError as exc:
        assert describe_load_failure(exc, tmp_path) == "ValueError: boom"
    try:
        import imperal_sdk_not_a_thing  # noqa: F401
    except ImportError as exc:
        assert "imperal_sdk_not_a_thing" in describe_load_failure(exc, tmp_path)
