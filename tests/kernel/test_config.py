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
