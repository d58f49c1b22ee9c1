"""dispatch itself and the small services: notify, config, ai, extensions."""

import logging

import pytest

from kernel.host.ctx_proxy import KernelServiceError, LLMUnavailable
from kernel.host.scope import RemoteError
from kernel.llm.base import Completion, Provider
from kernel.services import dispatch
from sdk.errors import CircularCallError, ExtensionError, NotFoundError
from sdk.types.action_result import ActionResult
from sdk.types.models import CompletionResult


async def test_unknown_services_methods_and_params(make_scope):
    async def ignore(payload):
        pass

    scope = make_scope(notify=ignore)
    for service, method, params, kind in [
        ("nope", "x", {}, "NotImplementedError"),
        ("store", "drop_table", {}, "NotImplementedError"),
        ("config", "all", [], "TypeError"),
        ("notify", "send", {"message": 5}, "TypeError"),
    ]:
        with pytest.raises(RemoteError) as err:
            await dispatch(scope, service, method, params)
        assert err.value.kind == kind


async def test_an_unexpected_failure_is_an_internal_error_without_its_text(make_scope, caplog):
    async def broken(payload):
        raise OSError("disk /very/private/path exploded")

    scope = make_scope(notify=broken)
    with (
        caplog.at_level(logging.ERROR, logger="kernel.services"),
        pytest.raises(RemoteError) as err,
    ):
        await dispatch(scope, "notify", "send", {"message": "hi"})
    assert err.value.kind == "InternalError" and "private" not in err.value.message
    assert "OSError" in err.value.message and "exploded" in caplog.text


async def test_notify_records_a_payload_for_the_executor(worker_ctx):
    sent = []

    async def record(payload):
        sent.append(payload)

    _, ctx = worker_ctx(notify=record)
    await ctx.notify("Build finished", priority="high")
    await ctx.notify.send("Mail", channel="email", subject="S", user_id="mallory")
    await ctx.notify.push(title="T", body="B")
    assert sent == [
        {"priority": "high", "message": "Build finished", "channel": "in_app",
         "user_id": "alice", "app_id": "notes"},
        {"subject": "S", "message": "Mail", "channel": "email", "user_id": "alice",
         "app_id": "notes"},
        {"body": "B", "message": "T", "channel": "in_app", "user_id": "alice", "app_id": "notes"},
    ]  # fmt: skip

    _, panel = worker_ctx(tool_type="panel")  # no notify hook in a render
    with pytest.raises(RuntimeError, match="not available in a panel"):
        await panel.notify("x")


async def test_config_is_the_scope_config(worker_ctx, make_scope):
    conf = {"models": {"primary": "m1"}, "limit": 3}
    _, ctx = worker_ctx(config=conf)
    assert ctx.config.get("models.primary") == "m1"
    assert ctx.config.get("models.missing", "d") == "d"
    assert ctx.config.get_section("models") == {"primary": "m1"}
    assert ctx.config.all() == conf
    ctx.config.all()["limit"] = 99
    assert ctx.config.require("limit") == 3
    scope = make_scope(config=conf)
    assert await dispatch(scope, "config", "all", {}) == conf
    assert await dispatch(scope, "config", "get", {"key": "models.primary"}) == "m1"


async def test_ai_without_a_provider_is_llm_unavailable(worker_ctx):
    _, ctx = worker_ctx()
    with pytest.raises(LLMUnavailable, match="no LLM configured") as err:
        await ctx.ai.complete("summarize this")
    assert err.value.code == "llm_unavailable"


class EchoModel(Provider):
    """A kernel.llm provider that answers the last message in capitals."""

    name = model = "echo"

    async def _complete(self, messages, schema, max_tokens, temperature):
        usage = {"input_tokens": 1, "output_tokens": 1}
        return Completion(text=messages[-1]["content"].upper(), model=self.model, usage=usage)


async def test_ai_with_a_provider(worker_ctx, services):
    services.set_llm(EchoModel())
    _, ctx = worker_ctx()
    result = await ctx.ai.complete("hello", temperature=0)
    usage = {"input_tokens": 1, "output_tokens": 1}
    assert result == CompletionResult(text="HELLO", model="echo", usage=usage)


async def test_extensions_call_and_emit_go_through_the_scope_hooks(worker_ctx):
    calls, events = [], []

    async def call_extension(app_id, method, params):
        calls.append((app_id, method, params))
        if app_id == "loop":
            raise CircularCallError(["notes", "loop", "notes"])
        if app_id == "ghost":
            raise NotFoundError("method", f"{app_id}.{method}")
        if method == "raw":
            return {"value": 1}
        return ActionResult.success(data={"id": 7}, summary="done").to_dict()

    async def emit(event_type, data):
        events.append((event_type, data))
        return 1

    _, ctx = worker_ctx(call_extension=call_extension, emit=emit)
    result = await ctx.extensions.call("tasks", "get_task", task_id=7)
    assert isinstance(result, ActionResult) and result.ok and result.data == {"id": 7}
    assert await ctx.extensions.call("tasks", "raw") == {"value": 1}
    assert calls[0] == ("tasks", "get_task", {"task_id": 7})
    with pytest.raises(CircularCallError) as err:
        await ctx.extensions.call("loop", "x")
    assert err.value.call_stack == ["notes", "loop", "notes"]
    assert isinstance(err.value, ExtensionError)
    with pytest.raises(NotFoundError, match="ghost.x"):
        await ctx.extensions.call("ghost", "x")

    assert await ctx.extensions.emit("note.created", {"id": 1}) is None
    assert events == [("note.created", {"id": 1})]


async def test_extensions_without_hooks(worker_ctx, caplog):
    _, ctx = worker_ctx(tool_type="panel")
    with pytest.raises(RuntimeError, match="not available in a panel"):
        await ctx.extensions.call("tasks", "x")
    with caplog.at_level(logging.WARNING):
        await ctx.extensions.emit("e", {})  # fire-and-forget: logged, not raised
    assert "emit e from notes failed" in caplog.text


def test_unknown_kinds_become_kernel_service_errors():
    from kernel.host.ctx_proxy import error_from_remote

    err = error_from_remote(RemoteError("Weird", "odd", {}))
    assert isinstance(err, KernelServiceError) and err.kind == "Weird" and str(err) == "odd"
