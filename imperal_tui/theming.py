"""Colour themes: the `themes/*.toml` files (dark, light, high-contrast, imperal) as Textual
themes, and which one to start with: `IMPERAL_SHELL_THEME`, else `[ui] theme` in config.toml,
else Textual's default. A file that is not a valid theme is skipped with a log line; an
unknown name falls back to the default and says so. `NO_COLOR` is honoured by Textual itself
(every colour becomes monochrome)."""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path

from textual.theme import Theme

THEMES_DIR = Path(__file__).resolve().parent.parent / "themes"
FIELDS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground",
          "background", "surface", "panel", "boost")  # fmt: skip
log = logging.getLogger("imperal_tui.theming")


def load_themes(folder: Path = THEMES_DIR) -> list[Theme]:
    """Every valid `*.toml` theme in `folder`, sorted by name."""
    themes = []
    for path in sorted(folder.glob("*.toml")):
        try:
            themes.append(theme_from(tomllib.loads(path.read_text(encoding="utf-8")), path.stem))
        except (OSError, ValueError, TypeError) as exc:
            log.warning("theme %s skipped: %s", path.name, exc)
    return themes


def theme_from(data: dict, default_name: str) -> Theme:
    if not isinstance(data.get("primary"), str):
        raise ValueError("a theme needs a primary colour")
    unknown = set(data) - {*FIELDS, "name", "dark", "text_alpha", "luminosity_spread"}
    if unknown:
        raise ValueError(f"unknown keys {', '.join(sorted(unknown))}")
    colours = {k: str(data[k]) for k in FIELDS if k in data}
    extra = {k: float(data[k]) for k in ("text_alpha", "luminosity_spread") if k in data}
    return Theme(name=str(data.get("name") or default_name), dark=bool(data.get("dark", True)),
                 **colours, **extra)  # fmt: skip


def configured_theme(config_dir: Path | None, env: dict[str, str] | None = None) -> str:
    """The theme asked for (`IMPERAL_SHELL_THEME`, `[ui] theme`), or "" for the default."""
    env = os.environ if env is None else env
    if env.get("IMPERAL_SHELL_THEME"):
        return env["IMPERAL_SHELL_THEME"].strip()
    if config_dir is None:
        return ""
    try:
        settings = tomllib.loads((config_dir / "config.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    ui = settings.get("ui")
    theme = ui.get("theme") if isinstance(ui, dict) else None
    return theme.strip() if isinstance(theme, str) else ""


def install(app, config_dir: Path | None = None) -> str:
    """Register the shipped themes on `app` and switch to the configured one. Returns a
    warning to show the user ("" when all is well)."""
    for theme in load_themes():
        app.register_theme(theme)
    wanted = configured_theme(config_dir)
    if not wanted:
        return ""
    if wanted not in app.available_themes:
        names = ", ".join(sorted(app.available_themes))
        return f"unknown theme {wanted!r}; themes: {names}"
    app.theme = wanted
    return ""


def choose(app, name: str, config_dir: Path | None) -> str:
    """Switch `app` to the theme `name` now and save it as `[ui] theme` in config.toml.
    Returns a problem to show ("" when applied and saved); an unknown name changes nothing."""
    if name not in app.available_themes:
        return f"unknown theme {name!r}; themes: {', '.join(sorted(app.available_themes))}"
    app.theme = name
    if config_dir is None:
        return ""
    from kernel.config import ConfigError
    from kernel.config_edit import set_string

    try:
        set_string(Path(config_dir) / "config.toml", "ui", "theme", name)
    except (ConfigError, OSError) as exc:
        return f"theme {name} applied, but not saved: {exc}"
    return ""
