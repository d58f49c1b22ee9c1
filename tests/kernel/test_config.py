import pytest

from kernel import ConfigError, KernelConfig


def test_home_overrides_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    cfg = KernelConfig.load()
    assert cfg.data_dir == cfg.config_dir == tmp_path.resolve()
    assert cfg.db_path == tmp_path.resolve() / "kernel.db"
    assert cfg.user_extensions_dir == tmp_path.resolve() / "extensions"
    assert cfg.confirm == "destructive"


def test_config_file_and_env_override(tmp_path):
    (tmp_path / "config.toml").write_text('confirm = "write"\n')
    assert KernelConfig.load(home=tmp_path, env={}).confirm == "write"
    env = {"IMPERAL_SHELL_CONFIRM": "destructive"}
    assert KernelConfig.load(home=tmp_path, env=env).confirm == "destructive"


@pytest.mark.parametrize("text", ['confirm = "always"\n', "confirm = [\n"])
def test_bad_config_is_a_clear_error(tmp_path, text):
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(ConfigError, match="config.toml"):
        KernelConfig.load(home=tmp_path, env={})


def test_runtime_caps_from_config_and_env(tmp_path):

    (tmp_path / "config.toml").write_text("[runtime]\ninline_cap_s = 2.5\nworker_memory_mb = 256\n")
    config = KernelConfig.load(home=tmp_path, env={})
    assert (config.inline_cap_s, config.worker_memory_mb) == (2.5, 256)
    assert config.promote_after_s == 5.0 and config.long_running_cap_s == 1800.0
    env = {"IMPERAL_SHELL_PROMOTE_AFTER_S": "0.5"}
    assert KernelConfig.load(home=tmp_path, env=env).promote_after_s == 0.5


@pytest.mark.parametrize(
    "toml, fragment",
    [
        ("[runtime]\ninline_cap_s = -1\n", "between"),
        ("[runtime]\nworker_memory_mb = 'lots'\n", "not a number"),
        ("[runtime]\ncaps = 3\n", "unknown key"),
    ],
)
def test_bad_runtime_settings_are_clear_errors(tmp_path, toml, fragment):

    (tmp_path / "config.toml").write_text(toml)
    with pytest.raises(ConfigError, match=fragment):
        KernelConfig.load(home=tmp_path, env={})
