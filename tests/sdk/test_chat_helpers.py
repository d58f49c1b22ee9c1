"""chat.filters, prompt, refusal, narration, narration_guard, kernel_primitives, guards."""

from types import SimpleNamespace

from sdk.chat import filters, guards, kernel_primitives, narration, narration_guard, prompt, refusal
from sdk.testing import MockContext


def test_trim_tool_result_only_when_over_budget():
    small = {"items": list(range(10)), "s": "x" * 600}
    assert filters.trim_tool_result(small) is small
    big = {"items": list(range(2000)), "s": "y" * 900}
    out = filters.trim_tool_result(big, max_tokens=100)
    assert out["items"][:5] == [0, 1, 2, 3, 4] and len(out["items"]) == 6
    assert len(out["s"]) == 503
    assert filters.normalize_markdown("a\n\n\n\n\nb") == "a\n\n\nb"


def test_kernel_primitives_and_refusal():
    tool = kernel_primitives.HUB_DISPATCH_TOOL
    assert set(tool) == {"name", "description", "input_schema"}
    assert kernel_primitives.is_hub_dispatch_tool_use(tool["name"])
    assert not kernel_primitives.is_hub_dispatch_tool_use("x")
    assert refusal.EMIT_REFUSAL_TOOL["name"] == "emit_refusal"
    assert refusal.parse_refusal_tool_use({"reason": "r", "user_message": "m"}) == (
        refusal.RefusalEmission("r", "m", ())
    )
    assert refusal.parse_refusal_tool_use({}).reason == "external_error"


def test_narration_parse():
    assert narration.EMIT_NARRATION_TOOL["name"] == "emit_narration"
    ok = narration.parse_narration_emission(
        {"mode": "done", "prose": "Saved.", "task_targets": {"expected": 1, "succeeded": 1}}
    )
    assert ok.task_targets.succeeded == 1 and ok.per_call_verdicts == []
    assert narration.parse_narration_emission({"mode": "x"}) is None


def test_narration_guard():
    calls = [{"name": "f", "success": True}, SimpleNamespace(name="g", success=False)]
    summary = narration_guard.format_functions_called_summary(calls)
    assert summary.splitlines() == [
        "- f: succeeded",
        "- g: failed",
        "(2 calls: 1 succeeded, 1 failed)",
    ]
    assert narration_guard.augment_system_with_narration_rule("S", []) == "S"
    assert narration_guard.STRICT_NARRATION_POSTAMBLE in (
        narration_guard.augment_system_with_narration_rule("S", calls)
    )


def test_prompt_helpers():
    history = [{"role": "user", "content": str(i)} for i in range(30)]
    msgs = prompt.build_messages(history, "hi", context_window=4)
    assert [m["content"] for m in msgs] == ["24", "25", "26", "27", "28", "29", "hi"]
    text = prompt.build_system_prompt("Base", MockContext(), "tool_x_chat")
    assert text.startswith("Base") and "tool_x_chat" in text
    assert prompt.inject_language(msgs, "ru", "Russian") is None
    assert msgs[-1]["content"].endswith("(Reply in Russian.)")


def test_guards():
    tu = SimpleNamespace(name="send", input={"to": "<EMAIL>"})
    assert guards.check_guards(None, None, tu, "write", False).startswith("PLACEHOLDER_ARGS")
    fake = SimpleNamespace(name="read", input={"message_id": "john-gmail-4"})
    assert "FABRICATED_ID_SHAPE" in guards.check_guards(None, None, fake, "read", False)
    assert (
        guards.check_guards(None, None, SimpleNamespace(name="x", input={}), "read", False) is None
    )
    bleed = SimpleNamespace(name="send", input={"to": "a@b"})
    assert guards.check_write_arg_bleed(bleed, [{"name": "find", "params": {"to": "a@b"}}], "write")
    assert (
        guards.check_write_arg_bleed(bleed, [{"name": "find", "params": {"to": "a@b"}}], "read")
        is None
    )
    assert (
        guards.check_write_arg_bleed(bleed, [{"name": "send", "params": {"to": "a@b"}}], "write")
        is None
    )
