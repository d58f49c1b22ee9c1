"""Kernel configuration: where data lives and the user's policy (config.toml, env overrides)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kernel.authz import AuthzConfigError, Directory

APP_NAME = "imperal-shell"
CONFIRM_POLICIES = ("destructive", "write")
BUILTIN_EXTENSIONS = Path(__file__).resolve().parent.parent / "extensions"


class ConfigError(Exception):
    """The configuration cannot be used; the message says which file and key."""


@dataclass(frozen=True)
class KernelConfig:
    data_dir: Path
    config_dir: Path
    confirm: str = "destructive"
    llm_provider: str = "auto"  # what [llm] provider / IMPERAL_SHELL_LLM name ("auto": probe)
    llm: dict = field(default_factory=dict)  # the [llm] table, checked (kernel.llm.select)
    deny: tuple[str, ...] = ()  # "app.function" or "app.*": refused whoever asks
    extension_dirs: tuple[Path, ...] = field(default_factory=tuple)
    home: Path | None = None
    # [runtime]: the extension host's caps (IMPERAL_SHELL_<NAME upper-cased> overrides)
    inline_cap_s: float = 180.0  # a call's time cap
    long_running_cap_s: float = 1800.0  # ... for @chat.function(long_running=True)
    promote_after_s: float = 5.0  # a call still running then goes on as a task
    worker_memory_mb: int = 1024  # each worker's address-space cap
    # [users] and [roles]: profiles and what they may run (kernel.authz; empty: all admin)
    directory: Directory = field(default_factory=Directory)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "kernel.db"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def user_extensions_dir(self) -> Path:
        return self.data_dir / "extensions"

    @classmethod
    def load(
        cls, home: Path | str | None = None, env: dict[str, str] | None = None
    ) -> KernelConfig:
        env = dict(os.environ if env is None else env)
        home = home or env.get("IMPERAL_SHELL_HOME") or None
        if home:
            # absolute first: a resident kernel started from here runs in another directory
            home = data_dir = config_dir = Path(home).expanduser().resolve()
        else:
            import platformdirs

            data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
            config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        settings = _read_toml(config_dir / "config.toml")
        confirm = env.get("IMPERAL_SHELL_CONFIRM") or settings.get("confirm", "destructive")
        if confirm not in CONFIRM_POLICIES:
            raise ConfigError(
                f"confirm = {confirm!r} is not one of {', '.join(CONFIRM_POLICIES)}"
                f" ({config_dir / 'config.toml'} or IMPERAL_SHELL_CONFIRM)"
            )
        deny = _deny_list(env.get("IMPERAL_SHELL_DENY"), settings.get("policy", {}), config_dir)
        llm = _llm(settings.get("llm", {}), config_dir)
        try:
            directory = Directory.from_settings(settings, config_dir / "config.toml")
        except AuthzConfigError as exc:
            raise ConfigError(str(exc)) from None
        provider = env.get("IMPERAL_SHELL_LLM") or llm.get("provider")
        return cls(
            data_dir=data_dir,
            config_dir=config_dir,
            confirm=confirm,
            llm_provider=provider or "auto",
            llm=llm,
            deny=deny,
            extension_dirs=(BUILTIN_EXTENSIONS, data_dir / "extensions"),
            home=home or None,
            directory=directory,
            **_runtime(env, settings.get("runtime", {}), config_dir),
        )


RUNTIME = {  # name: (type, lowest, highest)
    "inline_cap_s": (float, 0.05, 3600.0),
    "long_running_cap_s": (float, 0.05, 86400.0),
    "promote_after_s": (float, 0.0, 3600.0),
    "worker_memory_mb": (int, 64, 1 << 20),
}


def _runtime(env: dict[str, str], section, config_dir: Path) -> dict:
    """The [runtime] settings, each overridable by IMPERAL_SHELL_<NAME>; checked bounds."""
    if not isinstance(section, dict):
        raise ConfigError(f"[runtime] must be a table ({config_dir / 'config.toml'})")
    unknown = sorted(set(section) - set(RUNTIME))
    if unknown:
        raise ConfigError(
            f"[runtime] has unknown key(s) {', '.join(unknown)}; known: {', '.join(RUNTIME)}"
        )
    out = {}
    for name, (kind, low, high) in RUNTIME.items():
        var = "IMPERAL_SHELL_" + name.upper()
        raw = env.get(var, section.get(name))
        if raw is None:
            continue
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} = {raw!r} is not a number ({var} or [runtime])") from None
        if not low <= value <= high:
            raise ConfigError(f"{name} = {raw!r} must be between {low:g} and {high:g}")
        out[name] = value
    return out


LLM_KEYS = {  # name: type
    "provider": str,
    "model": str,
    "base_url": str,
    "mode": str,  # offline-first | model-first (kernel.router.llm)
    "answer": str,  # plan (the classifier object) | compact (tool first, for small models)
    "min_confidence": float,
    "timeout_s": float,  # one model request
    "turn_budget_s": float,  # a whole classification, retries included
}


def _llm(section, config_dir: Path) -> dict:
    """The [llm] table: known keys of the right types (API keys live in the secrets store)."""
    where = config_dir / "config.toml"
    if not isinstance(section, dict):
        raise ConfigError(f"[llm] must be a table ({where})")
    unknown = sorted(set(section) - set(LLM_KEYS))
    if unknown:
        hint = (
            " (API keys go in the secrets store or the environment)"
            if any("key" in k for k in unknown)
            else ""
        )
        raise ConfigError(
            f"[llm] has unknown key(s) {', '.join(unknown)}; known: {', '.join(LLM_KEYS)}{hint}"
        )
    out = {}
    for name, value in section.items():
        kind = LLM_KEYS[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ConfigError(f"[llm] {name} must be a {kind.__name__} ({where})")
        out[name] = value
    for name in ("timeout_s", "turn_budget_s"):
        if name in out and not 0 < out[name] <= 3600:
            raise ConfigError(f"[llm] {name} = {out[name]!r} must be between 0 and 3600 seconds")
    choices = {"mode": ("offline-first", "model-first"), "answer": ("plan", "compact")}
    for name, allowed in choices.items():
        if name in out and out[name] not in allowed:
            raise ConfigError(f"[llm] {name} = {out[name]!r} is not one of {', '.join(allowed)}")
    return out


def _deny_list(env_value: str | None, policy, config_dir: Path) -> tuple[str, ...]:
    if env_value is not None:
        items = [x.strip() for x in env_value.split(",") if x.strip()]
    else:
        items = policy.get("deny", []) if isinstance(policy, dict) else None
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise ConfigError(
                f'[policy] deny must be a list of "app.function" or "app.*" strings'
                f" ({config_dir / 'config.toml'})"
            )
    for item in items:
        app, dot, fn = item.partition(".")
        if not (app and dot and fn):
            raise ConfigError(f'policy deny entry {item!r} is not "app.function" or "app.*"')
    return tuple(items)


def _read_toml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
