"""A secret canary through every path: stored with `imperal-shell secrets set`, read by an
extension that leaks it into an exception, a result, a chat reply, a log line and a ledger
argument. It must never appear in stdout, stderr, a `--json` envelope, the ledger (its export),
the conversation store, kernel.log, worker logs, or any other file of the data dir."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

CANARY = "canary-Zq8vT2pLm4Xw9bN1"

LEAKY = textwrap.dedent(
    '''
    """A test extension that tries to leak its secret everywhere."""
    import logging

    from imperal_sdk import ActionResult, ChatExtension, Extension
    from pydantic import BaseModel, Field

    ext = Extension("leaky", version="1.0.0", display_name="Leaky", actions_explicit=True)
    chat = ChatExtension(ext, "leaky", "Leaky: tries to leak its token.")
    ext.secret("api_token", description="The token of a remote service", scope="app",
               write_mode="user")
    log = logging.getLogger("leaky")


    class Empty(BaseModel):
        pass


    class Echo(BaseModel):
        value: str = Field("", description="anything")


    @chat.function("leak_error", description="Raise with the token", action_type="read")
    async def leak_error(ctx, params: Empty) -> ActionResult:
        token = await ctx.secrets.get("api_token")
        log.warning("about to fail with %s", token)
        raise RuntimeError(f"remote refused token {token}")


    @chat.function("leak_result", description="Return the token", action_type="read")
    async def leak_result(ctx, params: Empty) -> ActionResult:
        token = await ctx.secrets.get("api_token")
        print("stdout of the worker:", token)
        return ActionResult.success({"token": token, "nested": {"t": [token]}},
                                    f"the token is {token}")


    @chat.function("leak_failure", description="Fail politely with the token",
                   action_type="read")
    async def leak_failure(ctx, params: Empty) -> ActionResult:
        token = await ctx.secrets.get("api_token")
        return ActionResult.error(f"login failed: token={token}")


    @chat.function("echo", description="Take what it is given", action_type="write")
    async def echo(ctx, params: Echo) -> ActionResult:
        return ActionResult.success({"length": len(params.value)}, "taken")
    '''
)


@pytest.fixture
def leaky_shell(embedded_shell):
    ext = embedded_shell.home / "extensions" / "leaky"
    ext.mkdir(parents=True)
    (ext / "main.py").write_text(LEAKY)
    stored = embedded_shell("secrets", "set", "--app", "leaky", "api_token", input=CANARY + "\n")
    assert stored.code == 0, stored.err
    assert CANARY not in stored.out + stored.err
    return embedded_shell


def _files_with_canary(home: Path) -> list[str]:
    found = []
    for path in home.rglob("*"):
        if path.is_file() and CANARY.encode() in path.read_bytes():
            found.append(str(path.relative_to(home)))
    return found


def test_canary_never_leaves_the_kernel(leaky_shell):
    sh = leaky_shell
    outputs = []
    for fn in ("leak_error", "leak_result", "leak_failure"):
        for extra in ((), ("--json",)):
            result = sh("call", f"leaky.{fn}", *extra)
            outputs.append(result)
            assert "[REDACTED]" in result.out + result.err, (fn, result.out, result.err)
    # the user types the secret into an argument: the ledger row keeps it masked
    typed = sh("call", "leaky.echo", "--args", json.dumps({"value": CANARY}), "--yes", "--json")
    outputs.append(typed)
    assert typed.code == 0, typed.err
    # a chat turn naming the function: the reply streams through the same redaction
    outputs.append(sh("run", "leaky.leak_result", "--json"))
    outputs.append(sh("audit", "--json", "--limit", "50"))
    outputs.append(sh("audit", "export", "--jsonl"))
    outputs.append(sh("history", "--json"))
    for result in outputs:
        assert CANARY not in result.out, result.out
        assert CANARY not in result.err, result.err
    exported = [json.loads(line) for line in outputs[-2].out.splitlines() if line.strip()]
    assert any(row["app_id"] == "leaky" and "[REDACTED]" in row["error"] for row in exported)
    # nothing written in the data dir holds it, except inside the encrypted vault
    assert _files_with_canary(sh.home) == []
    # and the value itself is still there for the extension to use
    shown = sh("call", "leaky.leak_result", "--json")
    assert shown.json["steps"][0]["data"]["token"] == "[REDACTED]"


def test_secret_set_reads_stdin_without_echo_and_list_never_shows_values(leaky_shell):
    listed = leaky_shell("secrets", "list", "--json")
    assert listed.code == 0, listed.err
    rows = listed.json["secrets"]
    assert {
        k: v
        for k, v in next(r for r in rows if r["app"] == "leaky").items()
        if k in ["app", "user", "name", "set"]
    } == {"app": "leaky", "user": "", "name": "api_token", "set": True}
    assert CANARY not in listed.out
    assert all(r["name"] != "LEDGER_HMAC_KEY" for r in rows)  # the kernel's own stays hidden
