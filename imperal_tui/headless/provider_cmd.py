"""`imperal-shell provider`: which model the kernel would use and whether it answers; API keys
into (and out of) the secrets store, read from stdin so they never sit in shell history."""

from __future__ import annotations

import asyncio
import getpass
import json
import sys
from typing import Any

from imperal_tui.headless import diagnostics as diag
from imperal_tui.headless.commands import is_tty, load_config, write
from imperal_tui.headless.exit_codes import ExitCode
from imperal_tui.headless.usage import UsageError

PROBE_S = 5.0


def run(args) -> int:
    if args.action == "status":
        return asyncio.run(_status(args))
    if not args.name:
        raise UsageError(f"provider {args.action} needs NAME (openai, anthropic, or the variable)")
    return asyncio.run(_key(args))


async def _status(args) -> int:
    from kernel.config import ConfigError
    from kernel.kernel import choose_llm
    from kernel.llm import keys
    from kernel.services.secrets import SecretsService

    config = load_config()
    secrets = SecretsService(config.data_dir, config.config_dir)
    try:
        llm = await choose_llm(config, _Services(secrets), provider=args.provider, model=args.model)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    try:
        health = await llm.health(PROBE_S)
        stored = sorted(await keys.load(secrets))
    finally:
        await llm.aclose()
    offline = llm.name == "offline"
    info: dict[str, Any] = {
        "provider": llm.name,
        "model": llm.model,
        "base_url": llm.base_url,
        "chosen_because": llm.source,
        "ok": health.ok or offline,
        "detail": health.detail,
        "stored_keys": stored,
    }
    if args.json:
        write(json.dumps(info) + "\n")
    else:
        lines = [f"provider  {llm.name}" + (f" {llm.model}" if llm.model else "")]
        if llm.base_url:
            lines.append(f"url       {llm.base_url}")
        lines.append(f"why       {llm.source}")
        if not offline:
            lines.append(f"health    {'ok' if health.ok else 'FAILING'}: {health.detail}")
        lines.append(f"keys      {', '.join(stored) or 'none stored'} (secrets store)")
        write("\n".join(lines) + "\n")
    if not info["ok"]:
        diag.error(f"{llm.name} does not answer: {health.detail}")
        return int(ExitCode.NO_LLM)
    return 0


async def _key(args) -> int:
    from kernel.llm import keys
    from kernel.services.secrets import SecretsService

    config = load_config()
    secrets = SecretsService(config.data_dir, config.config_dir)
    try:
        name = keys.key_name(args.name)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.action == "forget-key":
        gone = await keys.forget(secrets, name)
        write(f"{name}: {'forgotten' if gone else 'was not stored'}\n")
        return 0
    value = (getpass.getpass(f"{name}: ") if is_tty(sys.stdin) else sys.stdin.readline()).strip()
    if not value:
        raise UsageError(f"{name}: no key given on stdin; nothing stored")
    await keys.store(secrets, name, value)
    write(f"{name}: stored in the {secrets.backend_name()} secrets store\n")
    diag.hint("a running kernel reads keys when it starts: `imperal-shell kernel stop` to reload")
    return 0


class _Services:
    def __init__(self, secrets) -> None:
        self.secrets = secrets
