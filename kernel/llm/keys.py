"""The kernel's own API keys (OPENAI_API_KEY, ANTHROPIC_API_KEY) in the secrets store: the OS
keyring, or the encrypted vault file where there is none. Never in config.toml or a log."""

from __future__ import annotations

from typing import Any

from kernel.llm.select import KEY_ENV

OWNER = ("", "", "imperal-shell")  # tenant, user, "app": the kernel itself
NAMES = tuple(KEY_ENV.values())


def key_name(provider_or_var: str) -> str:
    """The variable name for a provider ("openai" -> OPENAI_API_KEY); ValueError if none."""
    value = provider_or_var.strip()
    name = KEY_ENV.get(value.lower(), value.upper())
    if name not in NAMES:
        raise ValueError(
            f"no API key for {provider_or_var!r}; keys: {', '.join(NAMES)} "
            f"(or the provider names {', '.join(KEY_ENV)})"
        )
    return name


async def load(secrets: Any) -> dict[str, str]:
    """The stored keys by variable name (absent ones left out; an unusable store: none)."""
    found: dict[str, str] = {}
    if secrets is None:
        return found
    for name in NAMES:
        try:
            value = await secrets.get(*OWNER, name)
        except Exception:  # a locked keyring must not stop the kernel; the env still works
            return found
        if value:
            found[name] = value
    return found


async def store(secrets: Any, name: str, value: str) -> None:
    name = key_name(name)
    value = value.strip()
    if not value:
        raise ValueError(f"{name}: the key is empty")
    await secrets.set(*OWNER, name, value)


async def forget(secrets: Any, name: str) -> bool:
    return bool(await secrets.delete(*OWNER, key_name(name)))
