"""What a failed call tells a script: the result's `error_code` and `retryable`, and for a
handler that raised, its exception's message and the extension's file:line."""

from __future__ import annotations

PROBE = """
import json

from imperal_sdk import ActionResult, ChatExtension, Extension
from pydantic import BaseModel

ext = Extension("probe", version="0.1.0", display_name="Probe")
chat = ChatExtension(ext, "probe", "Fails on purpose.")


class Url(BaseModel):
    url: str = ""


@chat.function("fetch", description="Fetch a page, or say why not.", action_type="read")
async def fetch(ctx, params: Url) -> ActionResult:
    if not params.url.startswith("http"):
        return ActionResult.error(f"not a URL: {params.url}", code="BAD_URL", retryable=True)
    return ActionResult.success({"url": params.url}, "fetched")


@chat.function("refuse", description="Fail without an error code.", action_type="read")
async def refuse(ctx, params: Url) -> ActionResult:
    return ActionResult.error("no reason given")


@chat.function("crash", description="Look up a key that is not there.", action_type="read")
async def crash(ctx, params: Url) -> ActionResult:
    weather = {"temp": 21}
    return ActionResult.success({"city": weather["city"]}, "unreachable")  # CRASH-LINE


@chat.function("parse", description="Parse broken JSON in the standard library.",
               action_type="read")
async def parse(ctx, params: Url) -> ActionResult:
    return ActionResult.success(json.loads(params.url), "parsed")  # PARSE-LINE


@chat.function("shout", description="Raise a long message with escapes.", action_type="read")
async def shout(ctx, params: Url) -> ActionResult:
    raise ValueError("bad \\x1b[31mred\\x1b[0m\\nsecond line " + "x" * 2000)
"""


def _line(marker: str) -> int:
    return next(i for i, text in enumerate(PROBE.splitlines(), 1) if marker in text)


def _probe(shell) -> None:
    folder = shell.home / "extensions" / "probe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(PROBE)


def test_error_code_and_retryable_reach_json_stderr_and_the_ledger(shell):
    _probe(shell)
    result = shell("call", "probe.fetch", "--args", '{"url": "nope"}', "--json")
    assert result.code == 1, result.err
    (step,) = result.json["steps"]
    assert step["status"] == "error"
    assert step["error"] == "not a URL: nope"
    assert step["error_code"] == "BAD_URL"
    assert step["retryable"] is True
    assert "probe.fetch error [BAD_URL]: not a URL: nope (retryable)" in result.err
    result.assert_clean_stderr()

    rows = shell("audit", "--json").json["rows"]
    (row,) = [r for r in rows if r["function"] == "fetch"]
    assert (row["status"], row["error"]) == ("error", "[BAD_URL] not a URL: nope")

    plain = shell("call", "probe.refuse", "--json")
    assert plain.code == 1
    (step,) = plain.json["steps"]
    assert (step["error"], step["error_code"], step["retryable"]) == (
        "no reason given",
        None,
        False,
    )
    assert "probe.refuse error: no reason given" in plain.err

    ok = shell("call", "probe.fetch", "--args", '{"url": "https://x.test"}', "--json")
    assert ok.code == 0, ok.err
    (step,) = ok.json["steps"]
    assert (step["error_code"], step["retryable"]) == (None, False)


def test_a_raised_exception_says_what_and_where(embedded_shell):
    _probe(embedded_shell)
    result = embedded_shell("call", "probe.crash", "--json")
    assert result.code == 1
    (step,) = result.json["steps"]
    where = f"main.py:{_line('CRASH-LINE')}"
    assert step["error"] == (
        f"probe.crash failed with KeyError: 'city' ({where}); nothing was changed."
    )
    assert step["error_code"] is None
    assert f"KeyError: 'city' ({where})" in result.err
    # the whole traceback stays in the extension's log
    log = (embedded_shell.home / "logs" / "ext-probe.log").read_text()
    assert "Traceback" in log and "KeyError: 'city'" in log

    # raised deep in the standard library: the innermost frame in the extension's folder
    parsed = embedded_shell("call", "probe.parse", "--args", '{"url": "{"}', "--json")
    error = parsed.json["steps"][0]["error"]
    assert error.startswith("probe.parse failed with JSONDecodeError: Expecting"), error
    assert f"(main.py:{_line('PARSE-LINE')})" in error


def test_an_exception_message_is_one_safe_bounded_line(embedded_shell):
    _probe(embedded_shell)
    result = embedded_shell("call", "probe.shout", "--json")
    error = result.json["steps"][0]["error"]
    assert error.startswith("probe.shout failed with ValueError: bad \\x1b[31mred\\x1b[0m second")
    assert "\x1b" not in error and "\n" not in error
    assert "…" in error and len(error) < 450
    assert error.endswith("; nothing was changed.")
    assert "\x1b" not in result.err
