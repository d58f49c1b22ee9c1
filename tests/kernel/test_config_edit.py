"""config.toml edits (kernel/config_edit.py): one key changed, the rest kept as written."""

from __future__ import annotations

import tomllib

import pytest

from kernel.config import ConfigError
from kernel.config_edit import set_string


def test_adds_replaces_and_keeps_the_rest(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# my settings\n[llm]\nprovider = "offline"  # no network\n\n[runtime]\n')
    set_string(path, "ui", "theme", "light")
    set_string(path, None, "confirm", "write")
    set_string(path, "llm", "model", "tiny")
    set_string(path, "ui", "theme", "dark")
    text = path.read_text()
    assert text.startswith("# my settings\n") and "# no network" in text
    assert tomllib.loads(text) == {
        "confirm": "write",
        "llm": {"provider": "offline", "model": "tiny"},
        "runtime": {},
        "ui": {"theme": "dark"},
    }
    assert text.count("theme =") == 1


def test_a_new_file_and_quoting(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    set_string(path, "ui", "theme", 'a "quoted" name')
    assert tomllib.loads(path.read_text()) == {"ui": {"theme": 'a "quoted" name'}}
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_invalid_toml_or_key_changes_nothing(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("this is = = not toml\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        set_string(path, "ui", "theme", "dark")
    assert path.read_text() == "this is = = not toml\n"
    with pytest.raises(ConfigError, match="not a bare key"):
        set_string(path, "ui", "the me", "dark")
    path.write_text('ui = { theme = "x" }\n')
    with pytest.raises(ConfigError):
        set_string(path, "ui", "theme", "dark")
    assert path.read_text() == 'ui = { theme = "x" }\n'
