"""A card left pending by `run` (exit 3) can be answered later with `confirm` or `deny`, as long
as the resident kernel holds it; `--digest` makes sure it is the card the person reviewed."""


def pending_card(shell, message):
    assert shell("run", "show my notes").code == 0  # a resident kernel is up from here on
    result = shell("run", "--json", message)
    assert result.code == 3, result.err
    (card,) = result.json["pending"]
    assert "imperal-shell confirm" in result.err
    return card


def wait_resident(shell):
    """Ask through the CLI itself: a client built from other code would look stale to it."""
    import time

    deadline = time.monotonic() + 20
    while not shell("kernel", "status", "--json").json["running"]:
        assert time.monotonic() < deadline, "no resident kernel came up"
        time.sleep(0.05)


def test_confirm_later_with_the_digest(resident_shell):
    resident = resident_shell
    assert resident("run", "create a note titled Old").code == 0
    wait_resident(resident)
    card = pending_card(resident, "delete the note Old")
    wrong = resident("confirm", card["card_id"], "--digest", "00000000")
    assert wrong.code == 1 and "still pending" in wrong.err
    assert [n["title"] for n in resident.notes()] == ["Old"]
    done = resident("confirm", card["card_id"], "--digest", card["short_digest"], "--json")
    assert done.code == 0, done.err
    assert done.json["steps"][0]["status"] == "ok"
    assert resident.notes() == []
    again = resident("confirm", card["card_id"], "--digest", card["short_digest"])
    assert again.code == 1 and "No pending card" in again.err


def test_deny_later_is_recorded_and_exits_0(resident_shell):
    resident = resident_shell
    assert resident("run", "create a note titled Keep").code == 0
    wait_resident(resident)
    card = pending_card(resident, "delete the note Keep")
    out = resident("deny", card["card_id"], "--reason", "not today")
    assert out.code == 0, out.err
    assert [n["title"] for n in resident.notes()] == ["Keep"]
    rows = resident("audit", "--json").json["rows"]
    assert any(r["status"] == "denied" and r["error"] == "not today" for r in rows)
