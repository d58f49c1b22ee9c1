"""Themes from `themes/*.toml`: all four load, the configured one is used, a bad one is said."""

from __future__ import annotations

import pytest

from imperal_tui.theming import THEMES_DIR, configured_theme, load_themes, theme_from
from imperal_tui.widgets.chat.messages import ErrorLine

from .conftest import SIZE


def test_the_shipped_themes_load():
    assert {t.name for t in load_themes()} == {"dark", "light", "high-contrast", "imperal"}
    assert all(path.suffix == ".toml" for path in THEMES_DIR.glob("*.toml"))


def test_a_bad_theme_file_is_skipped(tmp_path):
    (tmp_path / "ok.toml").write_text('primary = "#112233"\n')
    (tmp_path / "no-primary.toml").write_text("dark = true\n")
    (tmp_path / "typo.toml").write_text('primary = "#112233"\nprimray = "#000"\n')
    (tmp_path / "broken.toml").write_text("primary = \n")
    assert [t.name for t in load_themes(tmp_path)] == ["ok"]
    with pytest.raises(ValueError, match="unknown keys primray"):
        theme_from({"primary": "#112233", "primray": "#000"}, "x")


def test_configured_theme_order(tmp_path):
    (tmp_path / "config.toml").write_text('[ui]\ntheme = "light"\n')
    assert configured_theme(tmp_path, {}) == "light"
    assert configured_theme(tmp_path, {"IMPERAL_SHELL_THEME": "imperal"}) == "imperal"
    assert configured_theme(None, {}) == ""


async def test_the_app_starts_in_the_configured_theme(make_app, settle, home):
    (home / "config.toml").write_text('[ui]\ntheme = "high-contrast"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "high-contrast"
        assert {"dark", "light", "imperal"} <= set(app.available_themes)


async def test_an_unknown_theme_is_said_and_the_default_kept(make_app, settle, home):
    (home / "config.toml").write_text('[ui]\ntheme = "sepia"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("unknown theme 'sepia'" in str(w.render()) for w in app.query(ErrorLine))


async def test_no_color_is_honoured(make_app, settle, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
