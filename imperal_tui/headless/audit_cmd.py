"""`imperal-shell audit verify [--json]`: check the ledger's chain, key and head.

Exit 0 when the ledger verifies; 1 naming the first bad or missing row (or what else is wrong:
a missing or edited head file, an unavailable key). Runs without the kernel: it reads the key
from the secrets store and the database through a read-only snapshot, so a running kernel
goes on writing meanwhile.
"""

from __future__ import annotations

from imperal_tui.headless import commands
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.render import clean, to_json
from kernel import anchor


def run(args) -> int:
    config = commands.load_config()
    verdict = anchor.verify_file(config.db_path, config.data_dir, config.config_dir)
    if getattr(args, "json", False):
        body = {
            "ok": verdict.ok,
            "rows": verdict.rows,
            "row": verdict.row,
            "reason": verdict.reason,
        }
        commands.write(to_json(body) + "\n")
    elif verdict.ok:
        commands.write(f"ledger intact: {verdict.rows} rows\n")
    else:
        commands.write(f"ledger does not verify: {clean(verdict.reason)}\n")
    return int(ExitCode.OK if verdict.ok else ExitCode.ACTION_FAILED)
