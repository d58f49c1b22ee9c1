"""Kernel: opens the SQLite file, learns the extensions (in worker processes), and hands out
sessions. Extension code never runs in this process: `kernel.host` runs it in workers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kernel import anchor, disabled, ledger, retention
from kernel import events as ev
from kernel.cards import CardStore
from kernel.catalog import Catalog, ExtensionInfo, LoadError, PanelInfo
from kernel.config import KernelConfig
from kernel.db import Database
from kernel.executor import Executor
from kernel.history import HistoryStore
from kernel.host.scanner import ManifestCache, discover, scan, scan_one
from kernel.host.supervisor import Host, HostLimits
from kernel.private_paths import describe_fixes, make_private
from kernel.redact import redact_event
from kernel.router.offline import OfflineRouter
from kernel.session import Session
from kernel.stages.authorize import Policy
from kernel.stages.invoke import Invoker
from kernel.tasks_store import TaskStore

MAX_TURN_ROUTERS = 8  # per-turn model choices kept (oldest closed first)


class Kernel:
    def __init__(self, config: KernelConfig, db: Database, catalog: Catalog, host: Host,
                 *, services: Any = None):  # fmt: skip
        from kernel.services.dispatch import dispatch

        self.config = config
        self.db = db
        self.catalog = catalog
        self.host = host
        self.services = services
        self.cards = CardStore(db)
        self.tasks_store = TaskStore(db)
        self.history = HistoryStore(db)
        self.invoker = Invoker(
            host, db, catalog, data_dir=config.data_dir, services=dispatch, shared=services,
            inline_cap=config.inline_cap_s, long_cap=config.long_running_cap_s,
        )  # fmt: skip
        self.executor = Executor(
            db, catalog, self.cards, self.invoker,
            policy=Policy(confirm=config.confirm, deny=config.deny),
            tasks=self.tasks_store, publish=self.publish, promote_after=config.promote_after_s,
            directory=config.directory,
        )  # fmt: skip
        self.offline_router = OfflineRouter(catalog)
        self.router = self.offline_router
        self.llm = None  # the kernel's model provider (kernel.llm); None: offline only
        self._shortlist = None  # one BM25 index for every LLM router of this kernel
        self._turn_routers: dict[tuple[str, str], Any] = {}  # --provider/--model, kept
        self.log = logging.getLogger("kernel")
        self._subscribers: dict[str, set[asyncio.Queue]] = {}
        self._closed = False
        self._ledger_check: asyncio.Task | None = None
        self.ledger_problem = ""  # set by the start-up check when the ledger does not verify

    @classmethod
    async def open(
        cls, config: KernelConfig | None = None, extra_extensions: Iterable[Path] = ()
    ) -> Kernel:
        """`extra_extensions`: extension folders loaded on top of the configured dirs (`dev`)."""
        from kernel.services.dispatch import KernelServices

        config = config or KernelConfig.load()
        config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fixes = make_private(config.data_dir)  # NotOurs: another user's data dir is refused
        if fixes:
            logging.getLogger("kernel").warning("%s", describe_fixes(fixes))
        config.user_extensions_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        db = await Database.open(config.db_path)
        host = Host(
            config.data_dir / "logs",
            HostLimits(memory_mb=config.worker_memory_mb),
        )
        try:
            paths = discover(config.extension_dirs)
            extra = [Path(p).resolve() for p in extra_extensions]
            cache = ManifestCache(config.data_dir / "cache" / "manifests.json")
            results = await scan(host, [p for p in paths if p not in extra] + extra, cache)
            manifests = [r for r in results if not isinstance(r, LoadError)]
            errors = [r for r in results if isinstance(r, LoadError)]
            # a dev folder overrides an installed extension of the same app id
            dev = [m for m in manifests if Path(m.path).resolve() in extra]
            # installed extensions: a second one with the same app id is a load error ...
            catalog = Catalog([m for m in manifests if m not in dev], errors)
            for m in dev:  # ... while a dev folder replaces the installed one it shadows
                m.extras["code_path"] = str(_snapshot(config, Path(m.path)))
                catalog.replace(Path(m.path), m, None)
            catalog.park(disabled.load(config.data_dir))  # turned off on the extensions screen
            services = KernelServices.open(config.data_dir, config.config_dir)
            services.catalog = catalog  # ctx.apps lists the installed extensions
            services.db = db  # ctx.ai records its token usage
            await anchor.attach(db, services.secrets, config.data_dir)
            await _learn_secret_values(services.secrets)
        except BaseException:
            await host.close()
            await db.close()
            raise
        kernel = cls(config, db, catalog, host, services=services)
        try:
            await kernel.use_llm(await choose_llm(config, services))
        except BaseException:
            await kernel.close()
            raise
        kernel._ledger_check = asyncio.create_task(kernel._warn_unless_ledger_verifies())
        return kernel

    async def _warn_unless_ledger_verifies(self) -> None:
        """At start, in the background (a long ledger takes a while; nothing waits on it)."""
        try:
            verdict = await self.check_ledger()
        except Exception as exc:
            self.log.warning("the ledger could not be verified: %s", type(exc).__name__)
            return
        self.ledger_problem = "" if verdict.ok else verdict.reason
        if not verdict.ok:
            self.log.warning("the ledger does not verify: %s", verdict.reason)
            return
        try:  # retention only on a ledger that verifies: never blank evidence of tampering
            pruned = await self.prune_ledger()
        except Exception as exc:
            self.log.warning("ledger retention failed: %s", type(exc).__name__)
            return
        if pruned:
            self.log.info("ledger retention: %d expired rows pruned", pruned)

    async def __aenter__(self) -> Kernel:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            if self._ledger_check is not None:
                self._ledger_check.cancel()
                await asyncio.gather(self._ledger_check, return_exceptions=True)
            running = list(self.executor.running.values())
            for task in running:
                task.cancel()
            if running:  # their 'cancelled' rows are written before the database closes
                await asyncio.gather(*running, return_exceptions=True)
            await self.history.drain()  # a turn's record still being written
            for key in list(self._turn_routers):
                await self._drop_turn_router(key)
            await self.host.close()
            await self.db.close()

    @property
    def busy(self) -> bool:
        """Calls or background tasks still running (idle exit waits for them)."""
        return bool(self.executor.running) or self.host.busy

    # --- what is loaded --------------------------------------------------------------
    @property
    def llm_mode(self) -> str:
        """The model in use, for banners and `kernel status`: "offline (why)" or
        "openai gemma-3-270m at http://..."."""
        llm = self.llm
        if llm is None or llm.name == "offline":
            reason = getattr(llm, "source", "") if llm is not None else ""
            return f"offline ({reason})" if reason else "offline"
        where = f" at {llm.base_url}" if getattr(llm, "base_url", "") else ""
        return f"{llm.name} {llm.model or '(first listed model)'}{where}"

    # --- the model ----------------------------------------------------------------------
    async def use_llm(self, provider) -> None:
        """Make `provider` the kernel's model: for routing and for ctx.ai."""
        old, self.llm = self.llm, provider
        if self.services is not None:
            self.services.set_llm(provider)
        self.router = self.router_for(provider)
        if old is not None and old is not provider:
            await old.aclose()

    def router_for(self, provider):
        """The router that uses `provider` (the offline router when there is none)."""
        from kernel.router.llm import LLMRouter

        if provider is None or provider.name == "offline":
            return self.offline_router
        from kernel.router.shortlist import Shortlist

        if self._shortlist is None:
            self._shortlist = Shortlist(self.catalog)
        llm = self.config.llm
        return LLMRouter(
            self.catalog, provider, self.offline_router, shortlist=self._shortlist,
            mode=llm.get("mode", "offline-first"),
            shape=llm.get("answer", "plan"),
            budget_s=llm.get("turn_budget_s", 14.0),
            min_confidence=llm.get("min_confidence", 0.5),
            on_usage=self._record_usage,
        )  # fmt: skip

    async def turn_router(self, provider: str | None = None, model: str | None = None):
        """The router for one turn with `--provider`/`--model` (ConfigError if unknown)."""
        if not provider and not model:
            return self.router
        key = (provider or "", model or "")
        router = self._turn_routers.get(key)
        if router is None:  # built once per choice: a provider holds connections
            chosen = await choose_llm(self.config, self.services, provider=provider, model=model)
            if len(self._turn_routers) >= MAX_TURN_ROUTERS:
                await self._drop_turn_router(next(iter(self._turn_routers)))
            router = self._turn_routers[key] = self.router_for(chosen)
        return router

    async def _drop_turn_router(self, key: tuple[str, str]) -> None:
        router = self._turn_routers.pop(key)
        provider = getattr(router, "provider", None)
        if provider is not None and provider is not self.llm:
            await provider.aclose()

    async def _record_usage(self, purpose: str, provider: str, completion) -> None:
        from kernel.llm import usage
        from kernel.router.llm import turn_user

        await usage.record_usage(self.db, turn_user.get(), "", purpose, provider, completion)

    @property
    def load_errors(self) -> list[LoadError]:
        return list(self.catalog.errors)

    def extensions(self) -> list[ExtensionInfo]:
        return self.catalog.infos()

    def panels(self, slot: str | None = None) -> list[PanelInfo]:
        return [p for p in self.catalog.panels() if slot is None or p.slot == slot]

    def tray_items(self) -> list:
        """Every declared tray item (kernel.tray.TrayInfo), in drawing order."""
        from kernel import tray

        return tray.items(self.catalog.extensions.values())

    # --- development: hot reload (imperal-shell dev) ------------------------------------
    async def reload_extension(self, path: Path) -> LoadError | ExtensionInfo:
        """Re-read the extension folder at `path` and swap it in; on failure keep the old."""
        from kernel.catalog import info_of

        path = Path(path).resolve()
        if not (path / "main.py").is_file():
            error = LoadError(path.name, str(path), f"no main.py in {path}")
            self.catalog.replace(path, None, error)
            return error
        result = await scan_one(self.host, path)
        if isinstance(result, LoadError):
            self.catalog.replace(path, None, result)
            return result
        old = [a for a, m in self.catalog.extensions.items() if Path(m.path).resolve() == path]
        result.extras["code_path"] = str(_snapshot(self.config, path))
        self.catalog.replace(path, result, None)
        for app_id in {*old, result.app_id}:
            self.host.restart(app_id)
        return info_of(result)

    # --- sessions, audit, tasks, proactive stream ----------------------------------------
    def session(self, user_id: str) -> Session:
        return Session(self, user_id)

    async def audit(self, limit: int = 50, user_id: str | None = None) -> list[dict[str, Any]]:
        async with self.db.read() as conn:
            return await ledger.rows(conn, limit=limit, user_id=user_id)

    async def verify_ledger(self) -> int | None:
        """None when the ledger verifies, else the id of the first bad or missing row (0: a
        problem not tied to a row, such as a missing head file)."""
        verdict = await self.check_ledger()
        return None if verdict.ok else (verdict.row or 0)

    @property
    def ledger_state(self) -> str:
        """ "checking" while the start-up check runs, "ok", or why the ledger does not verify."""
        check = getattr(self, "_ledger_check", None)
        if check is not None and not check.done():
            return "checking"
        return self.ledger_problem or "ok"

    async def ledger_status(self, wait_s: float = 5.0) -> str:
        """`ledger_state`, after waiting up to `wait_s` for the start-up check to finish."""
        check = getattr(self, "_ledger_check", None)
        if check is not None and not check.done():
            await asyncio.wait({check}, timeout=wait_s)
        return self.ledger_state

    async def prune_ledger(self, now=None) -> int:
        """Blank the rows whose retention period ran out (kernel/retention.py); how many.
        Without a ledger key (an unanchored ledger) nothing is pruned."""
        anchor_ = getattr(self.db, "anchor", None)
        return await retention.prune(self.db, getattr(anchor_, "key", None), now=now)

    async def check_ledger(self) -> ledger.Verdict:
        """The ledger checked against its key and head (kernel/anchor.py), on a reader."""
        return await anchor.verify_db(self.db, self.services.secrets, self.config.data_dir)

    async def tasks(self, user_id: str, limit: int = 50) -> list[dict[str, Any]]:
        return await self.tasks_store.list(user_id, limit=limit)

    async def cancel_task(self, user_id: str, task_id: str) -> bool:
        return await self.executor.cancel_task(user_id, task_id)

    def subscribe(self, user_id: str) -> Subscription:
        """The user's proactive stream, registered at once (no event is missed after this
        returns); iterate it, and `aclose()` it when done."""
        return Subscription(self._subscribers.setdefault(user_id, set()))

    def publish(self, user_id: str, event: ev.Event) -> None:
        event = redact_event(event)
        for queue in list(self._subscribers.get(user_id, ())):
            if queue.full():  # a client that stopped reading loses its oldest events
                queue.get_nowait()
            queue.put_nowait(event)


class Subscription:
    """One subscriber's queue of events; bounded, so a stalled client cannot eat memory."""

    MAX_QUEUED = 10_000

    def __init__(self, registry: set):
        self._registry = registry
        self._queue: asyncio.Queue = asyncio.Queue(self.MAX_QUEUED)
        registry.add(self._queue)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> ev.Event:
        if self._queue not in self._registry:
            raise StopAsyncIteration
        try:
            return await self._queue.get()
        except BaseException:
            self._registry.discard(self._queue)
            raise

    async def aclose(self) -> None:
        self._registry.discard(self._queue)


async def choose_llm(config: KernelConfig, services: Any, **overrides: Any):
    """The model provider: `--provider`/`--model`, IMPERAL_SHELL_LLM, [llm], else probed
    (kernel.llm.select); API keys from the environment, then the secrets store."""
    from kernel.llm import keys
    from kernel.llm.base import Timeouts
    from kernel.llm.select import select_provider

    stored = await keys.load(getattr(services, "secrets", None))
    timeout = float(config.llm.get("timeout_s", 12.0))
    timeouts = Timeouts(total=timeout, idle=timeout)  # a whole answer may come in one piece
    return await select_provider(config, keys=stored, timeouts=timeouts, **overrides)


def _snapshot(config: KernelConfig, path: Path) -> Path:
    """A private copy of a dev extension's folder for its workers to import, so a later broken
    edit does not reach the working version until a reload succeeds."""
    import shutil
    import uuid

    target = config.data_dir / "cache" / "dev" / uuid.uuid4().hex[:12] / path.name
    shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    return target


async def _learn_secret_values(secrets) -> None:
    """Every stored secret value goes to the redactor before anything can echo it; a store
    that cannot be read now (a locked vault) is logged, and values are learnt as served."""
    try:
        await secrets.learn_values()
    except Exception as exc:
        logging.getLogger("kernel").warning(
            "stored secrets could not be read for redaction: %s", type(exc).__name__
        )
