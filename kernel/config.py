"""Kernel configuration: where data lives and the user's policy (config.toml, env overrides)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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
    llm_provider: str = "offline"
    deny: tuple[str, ...] = ()  # "app.function" or "app.*": refused whoever asks
    extension_dirs: tuple[Path, ...] = field(default_factory=tuple)
    home: Path | None = None

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
        llm = settings.get("llm", {})
        provider = env.get("IMPERAL_SHELL_LLM") or (
            llm.get("provider") if isinstance(llm, dict) else None
        )
        return cls(
            data_dir=data_dir,
            config_dir=config_dir,
            confirm=confirm,
            llm_provider=provider or "offline",
            deny=deny,
            extension_dirs=(BUILTIN_EXTENSIONS, data_dir / "extensions"),
            home=home or None,
        )


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
