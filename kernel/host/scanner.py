"""Learn what each extension folder declares, without importing it into the kernel.

Each folder is imported once in a worker process, which reports its manifest (or why it did
not load: a syntax error, a failing import, `sys.exit` at import, a crash); the manifests are
cached by a fingerprint of the folder's files and of the SDK, so a kernel with many
extensions starts without importing any of them again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import signal
import socket
from pathlib import Path

from kernel.catalog import LoadError
from kernel.host import frames
from kernel.host.manifest import ExtensionManifest
from kernel.host.supervisor import Host, describe_exit

_SDK_ROOT = Path(__file__).resolve().parent.parent.parent
CACHE_VERSION = 1


def discover(dirs) -> list[Path]:
    """Extension folders in order (one with `main.py` each)."""
    found: list[Path] = []
    for base in dirs:
        base = Path(base)
        if not base.is_dir():
            continue
        for child in sorted(base.iterdir()):
            if child.is_dir() and (child / "main.py").is_file():
                found.append(child.resolve())
    return found


def _tree(base: Path, depth: int = 4) -> list[str]:
    out: list[str] = []
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        if entry.name.startswith((".", "__pycache__")):
            continue
        if entry.is_dir(follow_symlinks=False) and depth > 0:
            out.extend(_tree(Path(entry.path), depth - 1))
        elif entry.name.endswith((".py", ".toml", ".json")):
            try:
                st = entry.stat()
            except OSError:
                continue
            out.append(f"{entry.path}:{st.st_mtime_ns}:{st.st_size}")
    return out


_sdk_key: str | None = None


def folder_key(path: Path) -> str:
    global _sdk_key
    if _sdk_key is None:
        parts = _tree(_SDK_ROOT / "sdk") + _tree(_SDK_ROOT / "kernel" / "host")
        _sdk_key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    body = "\n".join([str(CACHE_VERSION), _sdk_key, *_tree(path)])
    return hashlib.sha256(body.encode()).hexdigest()[:32]


_seen: dict[tuple[str, str], dict] = {}  # (path, key) -> manifest JSON, for this process


class ManifestCache:
    """Manifests by folder and key: in a JSON file in the data dir, and in memory."""

    def __init__(self, file: Path):
        self.file = Path(file)
        try:
            self.entries = json.loads(self.file.read_text("utf-8"))
            if not isinstance(self.entries, dict):
                self.entries = {}
        except (OSError, ValueError):
            self.entries = {}
        self.dirty = False

    def get(self, path: Path, key: str) -> ExtensionManifest | LoadError | None:
        seen = _seen.get((str(path), key))
        if seen is not None:
            manifest = ExtensionManifest.from_json(seen)
            self.put(path, key, manifest)
            return manifest
        entry = self.entries.get(str(path))
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            if "error" in entry:
                return LoadError(path.name, str(path), entry["error"])
            return ExtensionManifest.from_json(entry["manifest"])
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, path: Path, key: str, result: ExtensionManifest | LoadError) -> None:
        if isinstance(result, LoadError):
            self.entries[str(path)] = {"key": key, "error": result.message}
        else:
            manifest = result.to_json()
            if self.entries.get(str(path)) == {"key": key, "manifest": manifest}:
                return
            self.entries[str(path)] = {"key": key, "manifest": manifest}
            _seen[(str(path), key)] = manifest
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        self.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries), "utf-8")
        os.replace(tmp, self.file)
        self.dirty = False


async def scan_one(host: Host, path: Path) -> ExtensionManifest | LoadError:
    """What one folder declares now (a dev reload), read the way every start reads them."""
    return (await scan_batch(host, [path]))[path]


async def scan_batch(host: Host, paths: list[Path]) -> dict[Path, ExtensionManifest | LoadError]:
    """Import `paths` one after another in one scan process (much cheaper than a worker each);
    when an import kills it, that folder is the load error and a new scan takes the rest."""
    results: dict[Path, ExtensionManifest | LoadError] = {}
    todo = list(paths)
    while todo:
        ours, theirs = socket.socketpair()
        try:
            pid = await host.zygote.spawn(theirs, {
                "paths": [str(p) for p in todo], "log_file": str(host.log_file("scan")),
                "memory_mb": host.limits.memory_mb,
            })  # fmt: skip
        finally:
            theirs.close()
        reader, writer = await asyncio.open_connection(sock=ours)
        current: Path | None = None
        try:
            while len(results) < len(paths):
                msg = await asyncio.wait_for(frames.read(reader), host.limits.start_timeout_s)
                path = Path(msg.get("path", ""))
                if msg.get("op") == "scanning":
                    current = path
                elif msg.get("op") == "scan_error":
                    results[path] = LoadError(path.name, str(path), msg.get("message", ""))
                elif msg.get("op") == "scanned":
                    try:
                        results[path] = ExtensionManifest.from_json(
                            {**msg["manifest"], "path": str(path)}
                        )
                    except (KeyError, TypeError, ValueError) as exc:
                        results[path] = LoadError(path.name, str(path), f"bad manifest: {exc}")
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError, ValueError):
            code = await host.zygote.exit_code(pid)
            if current is not None and current not in results:
                results[current] = LoadError(
                    current.name, str(current),
                    f"the extension's worker {describe_exit(code)} while importing it",
                )  # fmt: skip
        finally:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            writer.close()
        todo = [p for p in paths if p not in results]
        if todo and current is None:  # it died before reporting anything: do not loop
            for p in todo:
                results[p] = LoadError(p.name, str(p), "the scan process could not start")
            todo = []
    return results


async def scan(
    host: Host, paths: list[Path], cache: ManifestCache, *, parallel: int = 2
) -> list[ExtensionManifest | LoadError]:
    """Manifests for `paths` in order: from the cache when the folder is unchanged."""
    results: list[ExtensionManifest | LoadError | None] = []
    todo: list[tuple[int, Path, str]] = []
    for path in paths:
        key = folder_key(path)
        hit = cache.get(path, key)
        results.append(hit)
        if hit is None:
            todo.append((len(results) - 1, path, key))
    groups = [todo[i::parallel] for i in range(parallel)] if len(todo) > 1 else [todo]

    async def one_group(group: list[tuple[int, Path, str]]) -> None:
        if not group:
            return
        found = await scan_batch(host, [path for _, path, _ in group])
        for index, path, key in group:
            result = found[path]
            results[index] = result
            if not isinstance(result, LoadError):  # a failure is tried again next start
                cache.put(path, key, result)

    await asyncio.gather(*(one_group(g) for g in groups))
    cache.save()
    return [r for r in results if r is not None]
