"""`ctx.ai.complete(prompt, model="", **kwargs)` in the kernel: the language model the user
configured (`KernelServices.set_llm`, a `kernel.llm` provider), bounded, and recorded per user
and extension (`kernel.llm.usage`, purpose "ctx.ai").

What the call understands (the SDK passes `**kwargs` through as the hosted gateway did):
- `prompt` (str): the user message; it may be "" when `messages` carries the conversation.
- `system` (or `system_prompt`), a str: a system message put first.
- `messages`: earlier turns, a list of {"role": "system"|"user"|"assistant", "content": str};
  the prompt follows them as the last user message.
- `max_tokens`: an int >= 1 (default 1024); above `MAX_TOKENS` it is lowered to it (logged).
- `temperature`: a number from 0 to 2 (default: the provider's, 0).
- Any other keyword is ignored with a log line: the hosted gateway took any, and an extension
  written for it must still run here.
- `model`: the configured model answers every call. A different name is ignored with a log
  line: providers serve one configured model per kernel, and a hosted name such as
  "claude-sonnet-4-6" means nothing to a local server. The result's `model` says which answered.
All the text together is at most `MAX_PROMPT_CHARS` characters; more is a ValueError.

Failures reach the extension as SDK exceptions, never as a traceback:
- no provider, the offline provider, or one that is unreachable or refuses its API key:
  `LLMUnavailable` (headless exit 5), one line naming the provider and what to configure;
- any other provider failure (time out, HTTP error, a malformed or cut-off answer):
  `APIError` with `status_code` (the HTTP status, 504 for a time out, else 502) and
  `code` "llm_<kind>".
"""

from __future__ import annotations

import logging
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.llm.base import ROLES, ProviderError, clip
from kernel.llm.usage import record_usage
from kernel.services.common import param

_log = logging.getLogger("kernel.services.ai")

PURPOSE = "ctx.ai"
MAX_PROMPT_CHARS = 200_000  # prompt, system and messages together
MAX_MESSAGES = 1_000
MAX_TOKENS = 8_192
DEFAULT_MAX_TOKENS = 1_024
KNOWN_OPTIONS = frozenset({"system", "system_prompt", "messages", "max_tokens", "temperature"})
UNAVAILABLE_KINDS = frozenset({"unavailable", "unreachable", "auth"})
KEY_NAMES = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}

NO_LLM = (
    "no LLM configured: ctx.ai.complete needs a language model provider "
    "(set [llm] provider and model in config.toml or IMPERAL_SHELL_LLM, or start Ollama)"
)


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`complete` {prompt, model, kwargs} -> CompletionResult fields."""
    if method != "complete":
        raise RemoteError("NotImplementedError", f"ctx.ai has no method {method!r}")
    prompt = param(params, "prompt", str)
    model = param(params, "model", str, "")
    options = param(params, "kwargs", dict, {})
    messages, max_tokens, temperature = _request(scope, prompt, options)
    provider = scope.services.get("llm")
    if provider is None:
        raise RemoteError("LLMUnavailable", NO_LLM)
    name = str(getattr(provider, "name", "") or type(provider).__name__)
    configured = str(getattr(provider, "model", "") or "")
    if model and model != configured:
        _log.info("ctx.ai.complete from %s asked for model %r: ignored, %s's %r answers",
                  scope.app_id, model, name, configured or "default model")  # fmt: skip
    extra = {} if temperature is None else {"temperature": temperature}
    try:
        completion = await provider.complete(messages, max_tokens=max_tokens, **extra)
    except ProviderError as exc:
        raise _refusal(name, exc) from None
    if not isinstance(getattr(completion, "text", None), str):
        raise RemoteError("APIError", f"the {name} LLM provider returned no text",
                          {"status_code": 502, "code": "llm_malformed"})  # fmt: skip
    await _account(scope, name, completion)
    usage = completion.usage if isinstance(completion.usage, dict) else {}
    return {
        "text": completion.text,
        "model": str(completion.model or configured or model),
        "usage": {k: v for k, v in usage.items() if isinstance(v, int | float | str)},
        "stop_reason": str(completion.stop_reason or ""),
    }


def _request(
    scope: CallScope, prompt: str, options: dict[str, Any]
) -> tuple[list[dict[str, str]], int, float | None]:
    """The chat messages, max_tokens and temperature the call asks for; a clear
    TypeError/ValueError for anything malformed or too large."""
    ignored = sorted(set(options) - KNOWN_OPTIONS)
    if ignored:
        _log.info("ctx.ai.complete from %s: options ignored (not supported here): %s",
                  scope.app_id, ", ".join(ignored))  # fmt: skip
    if "system" in options and "system_prompt" in options:
        raise RemoteError("ValueError", "ctx.ai.complete: give system or system_prompt, not both")
    system = options.get("system", options.get("system_prompt"))
    if system is not None and not isinstance(system, str):
        raise RemoteError("TypeError", "ctx.ai.complete: system must be a str")
    messages = [{"role": "system", "content": system}] if system else []
    messages += _history(options.get("messages"))
    if prompt:
        messages.append({"role": "user", "content": prompt})
    if not any(m["role"] == "user" for m in messages):
        raise RemoteError("ValueError", "ctx.ai.complete: the prompt is empty")
    size = sum(len(m["content"]) for m in messages)
    if size > MAX_PROMPT_CHARS:
        raise RemoteError(
            "ValueError",
            f"ctx.ai.complete: the prompt is {size:,} characters; the limit is "
            f"{MAX_PROMPT_CHARS:,} (shorten it or split the work)",
        )
    return messages, _max_tokens(scope, options.get("max_tokens")), _temperature(options)


def _history(raw: Any) -> list[dict[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RemoteError("TypeError", "ctx.ai.complete: messages must be a list")
    if len(raw) > MAX_MESSAGES:
        raise RemoteError("ValueError", f"ctx.ai.complete: more than {MAX_MESSAGES} messages")
    out = []
    for i, m in enumerate(raw):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise RemoteError(
                "ValueError", f"ctx.ai.complete: messages[{i}] needs a role of {', '.join(ROLES)}"
            )
        if not isinstance(m.get("content"), str):
            raise RemoteError("TypeError", f"ctx.ai.complete: messages[{i}].content must be a str")
        out.append({"role": m["role"], "content": m["content"]})
    return out


def _max_tokens(scope: CallScope, value: Any) -> int:
    if value is None:
        return DEFAULT_MAX_TOKENS
    if isinstance(value, bool) or not isinstance(value, int):
        raise RemoteError("TypeError", "ctx.ai.complete: max_tokens must be an int")
    if value < 1:
        raise RemoteError("ValueError", "ctx.ai.complete: max_tokens must be at least 1")
    if value > MAX_TOKENS:
        _log.info("ctx.ai.complete from %s: max_tokens %d lowered to %d",
                  scope.app_id, value, MAX_TOKENS)  # fmt: skip
        return MAX_TOKENS
    return value


def _temperature(options: dict[str, Any]) -> float | None:
    value = options.get("temperature")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RemoteError("TypeError", "ctx.ai.complete: temperature must be a number")
    if not 0 <= value <= 2:
        raise RemoteError("ValueError", "ctx.ai.complete: temperature must be from 0 to 2")
    return float(value)


def _one_line(message: str) -> str:
    """The provider's message without any traceback a server sent along, on one line."""
    head = message.split("Traceback (most recent call last)", 1)[0].rstrip(" :-")
    return clip(head or "no detail", 200)


def _refusal(name: str, exc: ProviderError) -> RemoteError:
    detail = _one_line(exc.message)
    if exc.kind == "unavailable":
        return RemoteError("LLMUnavailable", f"ctx.ai.complete: {detail}")
    if exc.kind == "unreachable":
        return RemoteError(
            "LLMUnavailable",
            f"ctx.ai.complete: the {name} LLM provider is unreachable ({detail}); start it, "
            "or set [llm] provider and base_url in config.toml",
        )
    if exc.kind == "auth":
        key = KEY_NAMES.get(name, "its API key")
        return RemoteError(
            "LLMUnavailable",
            f"ctx.ai.complete: the {name} LLM provider refused its API key ({detail}); "
            f"set {key} in the environment or the secrets store",
        )
    status = exc.status or (504 if exc.kind == "timeout" else 502)
    return RemoteError(
        "APIError",
        f"ctx.ai.complete: the {name} LLM provider failed: {detail}",
        {"status_code": status, "code": f"llm_{exc.kind}"},
    )


async def _account(scope: CallScope, provider_name: str, completion: Any) -> None:
    """One llm_usage row for this call. Accounting must not cost the extension its answer (the
    tokens are spent): a failure to record is logged, not raised."""
    db = scope.services.get("db")
    if db is None:
        _log.debug("ctx.ai.complete from %s: no database, usage not recorded", scope.app_id)
        return
    try:
        await record_usage(db, scope.user_id, scope.app_id, PURPOSE, provider_name, completion)
    except Exception:  # noqa: BLE001 - logged; the answer still goes back
        _log.exception("ctx.ai.complete from %s: usage not recorded", scope.app_id)
