"""Which provider to use, from three layers, the first that names a provider winning:

1. explicit overrides (`--provider`/`--model` on `run`, `/provider` in the TUI);
2. the environment: `IMPERAL_SHELL_LLM`, `IMPERAL_SHELL_LLM_MODEL`;
3. `[llm]` in config.toml: `provider`, `model`, `base_url`.

A layer's model and base URL count only for the provider it names (or for any provider when it
names none). With no provider named (or `auto`): `OPENAI_BASE_URL` set means that server; else
Ollama (`OLLAMA_HOST` or 127.0.0.1:11434) if it answers within `probe_timeout` and has a model;
else `ANTHROPIC_API_KEY`, then `OPENAI_API_KEY` (both skipped when `IMPERAL_AIR_GAPPED` is set);
else offline, with the reason. Base URLs otherwise come from `OLLAMA_HOST`, `OPENAI_BASE_URL`,
`ANTHROPIC_BASE_URL`; API keys from `api_key`, the environment, then `keys` (the secrets store's
values by the same variable names).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kernel.config import ConfigError, KernelConfig
from kernel.llm.base import LLM, Timeouts

PROVIDERS = ("ollama", "openai", "anthropic", "offline")
ALIASES = {
    "openai-compatible": "openai",
    "openai_compat": "openai",
    "llama.cpp": "openai",
    "llamacpp": "openai",
    "llama-server": "openai",
    "vllm": "openai",
    "lmstudio": "openai",
    "claude": "anthropic",
    "none": "offline",
    "off": "offline",
}
URL_ENV = {"ollama": "OLLAMA_HOST", "openai": "OPENAI_BASE_URL", "anthropic": "ANTHROPIC_BASE_URL"}
KEY_ENV = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}
CLOUD = ("anthropic", "openai")


@dataclass(frozen=True)
class Choice:
    """A provider to build: what was asked for and why (`source`)."""

    provider: str
    model: str = ""
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    source: str = ""


def provider_name(value: Any, where: str) -> str | None:
    """The canonical provider name, None for auto; ConfigError for anything unknown."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: the provider must be a string")
    name = ALIASES.get(value.strip().lower(), value.strip().lower())
    if name == "auto":
        return None
    if name not in PROVIDERS:
        raise ConfigError(
            f"{where}: unknown LLM provider {value!r}; known: auto, {', '.join(PROVIDERS)}"
        )
    return name


def llm_settings(config: KernelConfig | None) -> dict[str, Any]:
    """`[llm]` of the config file (empty without one)."""
    return {} if config is None else dict(config.llm)


def resolve(
    *,
    env: Mapping[str, str],
    settings: Mapping[str, Any],
    keys: Mapping[str, str] | None = None,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
) -> Choice | None:
    """The provider the layers name, or None (auto: probe). No network."""
    for name in ("model", "base_url"):
        if not isinstance(settings.get(name, ""), str):
            raise ConfigError(f"[llm] {name} must be a string")
    layers = [
        (provider_name(provider, "--provider"), model, base_url, "the command line"),
        (
            provider_name(env.get("IMPERAL_SHELL_LLM"), "IMPERAL_SHELL_LLM"),
            env.get("IMPERAL_SHELL_LLM_MODEL"),
            None,
            "IMPERAL_SHELL_LLM",
        ),
        (
            provider_name(settings.get("provider"), "[llm] provider"),
            settings.get("model"),
            settings.get("base_url"),
            "config.toml",
        ),
    ]
    chosen = next(((p, src) for p, _, _, src in layers if p), None)
    if chosen is None:
        return None
    name, source = chosen
    fits = [layer for layer in layers if layer[0] in (None, name)]
    return Choice(
        provider=name,
        model=next((m for _, m, _, _ in fits if m), ""),
        base_url=next((u for _, _, u, _ in fits if u), "") or env.get(URL_ENV.get(name, ""), ""),
        api_key=api_key or key_for(name, env, keys),
        source=f"{name} from {source}",
    )


def key_for(name: str, env: Mapping[str, str], keys: Mapping[str, str] | None) -> str:
    var = KEY_ENV.get(name)
    if var is None:
        return ""
    return env.get(var) or (keys or {}).get(var) or ""


def air_gapped(env: Mapping[str, str]) -> bool:
    return env.get("IMPERAL_AIR_GAPPED", "").strip().lower() in ("1", "true", "yes")


def build(choice: Choice, timeouts: Timeouts | None = None) -> LLM:
    """The provider object for `choice` (its client module loads only now). Its API key is
    masked wherever the redactor applies (an error that quotes it, a log line)."""
    from kernel.redact import REDACTOR

    REDACTOR.add(choice.api_key)
    if choice.provider == "ollama":
        from kernel.llm.ollama import OllamaProvider

        return OllamaProvider(
            choice.model, choice.base_url, timeouts=timeouts, source=choice.source
        )
    if choice.provider == "openai":
        from kernel.llm.openai_compat import OpenAICompatProvider

        return OpenAICompatProvider(
            choice.model, choice.base_url, choice.api_key, timeouts=timeouts, source=choice.source
        )
    if choice.provider == "anthropic":
        from kernel.llm.anthropic import AnthropicProvider

        return AnthropicProvider(
            choice.model, choice.base_url, choice.api_key, timeouts=timeouts, source=choice.source
        )
    from kernel.llm.offline import OfflineProvider

    return OfflineProvider(choice.source, source=choice.source)


async def select_provider(
    config: KernelConfig | None = None,
    *,
    env: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
    keys: Mapping[str, str] | None = None,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    timeouts: Timeouts | None = None,
    probe_timeout: float = 0.5,
) -> LLM:
    """The provider to use (see the module docstring for the order). A named provider is built
    without contacting it: call `health()` to check it. Raises ConfigError for an unknown
    provider name, or a cloud provider asked for while IMPERAL_AIR_GAPPED is set."""
    env = dict(os.environ if env is None else env)
    settings = llm_settings(config) if settings is None else settings
    choice = resolve(
        env=env,
        settings=settings,
        keys=keys,
        provider=provider,
        model=model,
        base_url=base_url,
        api_key=api_key,
    )
    if choice is not None:
        if choice.provider in CLOUD and air_gapped(env) and not choice.base_url:
            raise ConfigError(
                f"IMPERAL_AIR_GAPPED is set: the {choice.provider} provider would send requests "
                "off this machine (give a local base_url, or unset it)"
            )
        return build(choice, timeouts)
    model = model or env.get("IMPERAL_SHELL_LLM_MODEL") or settings.get("model") or ""
    return await auto(env, keys, model, api_key, timeouts, probe_timeout)


async def auto(env, keys, model, api_key, timeouts, probe_timeout) -> LLM:
    """No provider named: the first that is set up or answers."""
    if env.get("OPENAI_BASE_URL"):
        return build(
            Choice(
                "openai",
                model,
                env["OPENAI_BASE_URL"],
                api_key or key_for("openai", env, keys),
                "openai-compatible server from OPENAI_BASE_URL",
            ),  # fmt: skip
            timeouts,
        )
    from kernel.llm.ollama import OLLAMA_URL

    host = env.get("OLLAMA_HOST") or OLLAMA_URL
    ollama = build(Choice("ollama", model, host, source=f"Ollama answering at {host}"), timeouts)
    health = await ollama.health(probe_timeout)
    if health.ok:
        if not ollama.model:
            ollama.model = health.models[0]
        return ollama
    await ollama.aclose()
    reason = f"Ollama at {host}: {health.detail}"
    if not air_gapped(env):
        for name in ("anthropic", "openai"):
            key = api_key or key_for(name, env, keys)
            if key:
                url = env.get(URL_ENV[name], "")
                return build(
                    Choice(name, model, url, key, f"{name} from {KEY_ENV[name]}"), timeouts
                )
    return build(Choice("offline", source=f"no model configured; {reason}"), timeouts)
