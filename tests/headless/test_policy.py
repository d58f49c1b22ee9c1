"""Exit code 4: the user's policy refuses the call, whoever asks, and nothing changes."""


def test_policy_denial_exits_4_and_changes_nothing(shell):
    assert shell("run", "create a note titled Keep").code == 0
    deny = {"IMPERAL_SHELL_DENY": "notes.delete_note"}
    result = shell("run", "--yes", "--json", "delete the note Keep", env=deny)
    assert result.code == 4, result.err
    assert result.json["errors"][0]["code"] == "policy_denied"
    assert "denied by policy" in result.err
    result.assert_clean_stderr()
    assert [n["title"] for n in shell.notes()] == ["Keep"]
    rows = shell("audit", "--json").json["rows"]
    assert rows[-2]["function"] == "delete_note" and rows[-2]["status"] == "denied"


def test_policy_in_config_file(embedded_shell):
    embedded_shell.home.mkdir(parents=True, exist_ok=True)
    (embedded_shell.home / "config.toml").write_text('[policy]\ndeny = ["tasks.*"]\n')
    result = embedded_shell("call", "tasks.add_task", "--args", '{"title": "x"}')
    assert result.code == 4
    (embedded_shell.home / "config.toml").write_text("[policy]\ndeny = 3\n")
    bad = embedded_shell("run", "show my tasks")
    assert bad.code == 2 and "deny" in bad.err
    bad.assert_clean_stderr()
