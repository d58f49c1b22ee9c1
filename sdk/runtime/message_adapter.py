"""`imperal_sdk.runtime.message_adapter`: Anthropic-shaped messages and tools to the OpenAI
chat shape, and an OpenAI response back to an Anthropic-shaped object. Pure.

`MessageAdapter` also keeps the older `to_anthropic` / `to_openai` helpers of `sdk.llm`.
"""

from __future__ import annotations

import json
from typing import Any

from sdk.llm import MessageAdapter as _BaseAdapter

__all__ = ["AnthropicCompat", "ContentBlock", "MessageAdapter"]


class ContentBlock:
    """One content block (`text` or `tool_use`) with attribute access."""

    def __init__(self, data: dict[str, Any]):
        self.type = str(data.get("type", "text"))
        self.text = str(data.get("text", ""))
        self.id = str(data.get("id", ""))
        self.name = str(data.get("name", ""))
        self.input = dict(data.get("input") or {})


class _Usage:
    def __init__(self, input_tokens: int = 0, output_tokens: int = 0):
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens


class AnthropicCompat:
    """A response with `.content` blocks, `.stop_reason`, `.model` and `.usage`."""

    def __init__(
        self, content: list[ContentBlock], stop_reason: str, model: str, usage: Any = None
    ):
        self.content = content
        self.stop_reason = stop_reason
        self.model = model
        self.usage = usage if usage is not None else _Usage()


def _text_of(blocks: list[Any]) -> str:
    return "\n".join(
        str(b.get("text", "")) for b in blocks if isinstance(b, dict) and b.get("type") == "text"
    )


def _convert(message: dict[str, Any]) -> list[dict[str, Any]]:
    role = message.get("role", "user")
    content = message.get("content", "")
    if not isinstance(content, list):
        return [{"role": role, "content": content}]
    blocks = [b for b in content if isinstance(b, dict)]
    results = [b for b in blocks if b.get("type") == "tool_result"]
    calls = [b for b in blocks if b.get("type") == "tool_use"]
    out: list[dict[str, Any]] = [
        {"role": "tool", "tool_call_id": b.get("tool_use_id", ""), "content": b.get("content", "")}
        for b in results
    ]
    text = _text_of(blocks)
    if calls:
        out.append(
            {
                "role": role,
                "content": text or None,
                "tool_calls": [
                    {
                        "id": b.get("id", ""),
                        "type": "function",
                        "function": {
                            "name": b.get("name", ""),
                            "arguments": json.dumps(b.get("input") or {}),
                        },
                    }
                    for b in calls
                ],
            }
        )
    elif text or not results:
        out.append({"role": role, "content": text})
    return out


class MessageAdapter(_BaseAdapter):
    @staticmethod
    def to_openai_messages(
        messages: list[dict[str, Any]], system: str = ""
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
        for message in messages:
            out += _convert(message)
        return out

    @staticmethod
    def to_openai_tools(tools: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [
            {
                "type": "function",
                "function": {
                    "name": t.get("name", ""),
                    "description": t.get("description", ""),
                    "parameters": t.get("input_schema") or {},
                },
            }
            for t in tools or []
        ]

    @staticmethod
    def to_openai_tool_choice(tool_choice: dict[str, Any] | None) -> Any:
        if not tool_choice:
            return None
        kind = tool_choice.get("type")
        if kind == "any":
            return "required"
        if kind == "tool":
            return {"type": "function", "function": {"name": tool_choice.get("name", "")}}
        return "auto"

    @staticmethod
    def from_openai_response(response: Any, model: str) -> AnthropicCompat:
        message = response.choices[0].message
        blocks: list[ContentBlock] = []
        if getattr(message, "content", None):
            blocks.append(ContentBlock({"type": "text", "text": message.content}))
        for call in getattr(message, "tool_calls", None) or []:
            try:
                args = json.loads(call.function.arguments or "{}")
            except (TypeError, ValueError):
                args = {}
            blocks.append(
                ContentBlock(
                    {
                        "type": "tool_use",
                        "id": call.id,
                        "name": call.function.name,
                        "input": args if isinstance(args, dict) else {},
                    }
                )
            )
        usage = getattr(response, "usage", None)
        normalised = _Usage(
            int(getattr(usage, "prompt_tokens", 0) or 0),
            int(getattr(usage, "completion_tokens", 0) or 0),
        )
        stop = "tool_use" if any(b.type == "tool_use" for b in blocks) else "end_turn"
        return AnthropicCompat(blocks, stop, model, normalised)
