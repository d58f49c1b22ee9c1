"""Help, version, errors without tracebacks, and the exit-code contract itself."""

from __future__ import annotations

from imperal_tui.headless.exit_codes import ExitCode, worst


def test_exit_codes_are_the_documented_numbers():
    assert {c.name: int(c) for c in ExitCode} == {
        "OK": 0,
        "ACTION_FAILED": 1,
        "USAGE": 2,
        "CONFIRMATION_NEEDED": 3,
        "DENIED": 4,
        "NO_LLM": 5,
        "TIMEOUT": 6,
        "INTERRUPTED": 130,
    }
    assert worst([]) is ExitCode.OK
    assert worst([ExitCode.CONFIRMATION_NEEDED, ExitCode.ACTION_FAILED]) is ExitCode.ACTION_FAILED
    assert worst([ExitCode.ACTION_FAILED, ExitCode.USAGE]) is ExitCode.USAGE


def test_help_and_version(embedded_shell):
    helped = embedded_shell("--help")
    assert helped.code == 0
    for word in ("run", "call", "audit", "extensions", "exit codes"):
        assert word in helped.out
    run_help = embedded_shell("run", "--help")
    assert run_help.code == 0 and "--yes" in run_help.out and "--json" in run_help.out
    version = embedded_shell("--version")
    assert version.code == 0
    assert version.out.startswith("imperal-shell ")


def test_unknown_command_is_usage(embedded_shell):
    result = embedded_shell("frobnicate")
    assert result.code == 2
    assert "invalid choice" in result.err
    result.assert_clean_stderr()


def test_broken_config_is_a_one_line_usage_error(embedded_shell):
    embedded_shell.home.mkdir(parents=True)
    (embedded_shell.home / "config.toml").write_text('confirm = "sometimes"\n')
    result = embedded_shell("run", "show my notes")
    assert result.code == 2
    assert "confirm" in result.err
    assert len(result.err.strip().splitlines()) == 1
    result.assert_clean_stderr()


def test_confirm_write_policy_makes_writes_ask(embedded_shell):
    env = {"IMPERAL_SHELL_CONFIRM": "write"}
    refused = embedded_shell("run", "--json", "add a task buy milk", env=env)
    assert refused.code == 3
    assert refused.json["pending"][0]["function"] == "add_task"
    accepted = embedded_shell("run", "--yes", "add a task buy milk", env=env)
    assert accepted.code == 0, accepted.err


def test_unusable_home_is_a_one_line_error(tmp_path, embedded_shell):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = embedded_shell("call", "notes.list_notes", env={"IMPERAL_SHELL_HOME": str(blocker)})
    assert result.code == 2  # a configuration problem: the user must fix the path
    assert result.err.startswith("imperal-shell: error:")
    assert len(result.err.strip().splitlines()) == 1
    result.assert_clean_stderr()


def test_unusable_database_fails_in_one_line(embedded_shell):
    embedded_shell.home.mkdir(mode=0o700)  # private: no warning about it
    (embedded_shell.home / "kernel.db").mkdir()
    result = embedded_shell("call", "notes.list_notes")
    assert result.code == 1
    assert result.err.startswith("imperal-shell: error:")
    result.assert_clean_stderr()


def test_no_command_without_a_terminal_points_to_run(embedded_shell):
    result = embedded_shell(input="")
    assert result.code == 2
    assert "imperal-shell run" in result.err
    assert result.out == ""
    result.assert_clean_stderr()
