"""The kernel's fingerprint follows config.toml's policy, not the TUI's [ui] tables: saving a
theme does not replace a running kernel, changing `confirm` does."""

from __future__ import annotations

from kernel.config import KernelConfig
from kernel.config_edit import set_string
from kernel.fingerprint import fingerprint


def test_a_theme_keeps_the_fingerprint_and_policy_changes_it(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('confirm = "destructive"\n')
    before = fingerprint(KernelConfig.load(home=tmp_path, env={}))
    set_string(path, "ui", "theme", "light")
    path.write_text(path.read_text() + '\n[ui.keys]\nhelp = "f2"\n')
    assert fingerprint(KernelConfig.load(home=tmp_path, env={})) == before
    set_string(path, None, "confirm", "write")
    assert fingerprint(KernelConfig.load(home=tmp_path, env={})) != before
    set_string(path, None, "confirm", "destructive")
    path.write_text(path.read_text() + '\n[policy]\ndeny = ["notes.*"]\n')
    assert fingerprint(KernelConfig.load(home=tmp_path, env={})) != before
