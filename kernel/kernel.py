"""Kernel: opens the SQLite file, loads extensions, and hands out sessions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from kernel import events as ev
from kernel import ledger
from kernel.cards import CardStore
from kernel.catalog import Catalog, ExtensionInfo, LoadError, PanelInfo
from kernel.config import KernelConfig
from kernel.db import Database
from kernel.executor import Executor
from kernel.loader import load_all
from kernel.router.offline import OfflineRouter
from kernel.session import Session


class Kernel:
    def __init__(self, config: KernelConfig, db: Database, catalog: Catalog):
        self.config = config
        self.db = db
        self.catalog = catalog
        self.cards = CardStore()
        self.executor = Executor(
            db, catalog, self.cards, confirm_policy=config.confirm, deny=config.deny
        )
        self.router = OfflineRouter(catalog)
        self.log = logging.getLogger("kernel")
        self._subscribers: dict[str, set[asyncio.Queue]] = {}
        self._closed = False

    @classmethod
    async def open(
        cls, config: KernelConfig | None = None, extra_extensions: Iterable[Path] = ()
    ) -> Kernel:
        """`extra_extensions`: extension folders loaded on top of the configured dirs (`dev`)."""
        config = config or KernelConfig.load()
        config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        config.user_extensions_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        db = await Database.open(config.db_path)
        loaded, errors = load_all(config.extension_dirs)
        catalog = Catalog(loaded, errors)
        if extra_extensions:
            from kernel import reload

            reload.add_extensions(catalog, extra_extensions)
        return cls(config, db, catalog)

    async def __aenter__(self) -> Kernel:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self.db.close()

    # --- what is loaded --------------------------------------------------------------
    @property
    def llm_mode(self) -> str:
        return "offline"

    @property
    def load_errors(self) -> list[LoadError]:
        return list(self.catalog.errors)

    def extensions(self) -> list[ExtensionInfo]:
        return [le.info() for le in self.catalog.extensions.values()]

    def panels(self, slot: str | None = None) -> list[PanelInfo]:
        return [
            p
            for le in self.catalog.extensions.values()
            for p in le.panels()
            if slot is None or p.slot == slot
        ]

    # --- development: hot reload (imperal-shell dev) ------------------------------------
    async def reload_extension(self, path: Path) -> LoadError | ExtensionInfo:
        """Re-import the extension folder at `path` and swap it in; on failure keep the old."""
        from kernel import reload

        return reload.reload_into(self.catalog, path)

    # --- sessions, audit, proactive stream ----------------------------------------
    def session(self, user_id: str) -> Session:
        return Session(self, user_id)

    async def audit(self, limit: int = 50, user_id: str | None = None) -> list[dict[str, Any]]:
        async with self.db.reading() as conn:
            return await ledger.rows(conn, limit=limit, user_id=user_id)

    async def verify_ledger(self) -> int | None:
        """None when the hash chain is intact, else the id of the first row that breaks it."""
        async with self.db.reading() as conn:
            return await ledger.verify(conn)

    async def subscribe(self, user_id: str) -> AsyncIterator[ev.Event]:
        queue: asyncio.Queue = asyncio.Queue()
        self._subscribers.setdefault(user_id, set()).add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers[user_id].discard(queue)

    def publish(self, user_id: str, event: ev.Event) -> None:
        for queue in self._subscribers.get(user_id, ()):
            queue.put_nowait(event)
