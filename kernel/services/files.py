"""`ctx.storage` in the kernel: files under `<data_dir>/files/<user>/<extension>/`.

A path is relative and POSIX-style: absolute paths, `..`, backslashes, NUL and symlinks that lead
out of the extension's folder are refused. Ids become folder names with every character outside
`[A-Za-z0-9_.@-]` (and a leading dot) percent-encoded, so no id can name another's folder;
another tenant than "default" adds `+<tenant>` to the user folder. Content types are kept in
`<data_dir>/files/.meta/<user>/<extension>.json`. Writes are atomic and fsync'd, and happen when
the handler calls them (they are not part of the action's store commit).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import mimetypes
import os
import re
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import acting_user, param, refuse_in_read_only

MAX_FILE_BYTES = 10 * 1024 * 1024  # base64 in one 16 MiB protocol frame
MAX_PATH_CHARS = 1024
MAX_COMPONENT_BYTES = 255
TMP_PREFIX = ".imperal-tmp-"
META_DIR = ".meta"
DEFAULT_TYPE = "application/octet-stream"
_SAFE = re.compile(r"[A-Za-z0-9_.@\-]")


def encode_component(value: str) -> str:
    """An id as one folder name that cannot be `.`, `..`, empty, hidden or contain `/`."""
    out = []
    for i, ch in enumerate(value):
        if _SAFE.fullmatch(ch) and not (i == 0 and ch == "."):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out) or "%00"


def clean_path(path: Any) -> str:
    """The normalised relative path, or ValueError saying why it is refused."""
    if not isinstance(path, str) or not path.strip():
        raise ValueError("a storage path must be a non-empty str")
    if len(path) > MAX_PATH_CHARS:
        raise ValueError(f"storage path is longer than {MAX_PATH_CHARS} characters")
    if "\x00" in path or "\\" in path:
        raise ValueError("storage paths may not contain NUL or backslashes")
    if path.startswith("/"):
        raise ValueError(f"absolute storage paths are refused: {path!r}")
    parts = [p for p in PurePosixPath(path).parts if p not in ("", ".")]
    if not parts:
        raise ValueError(f"storage path {path!r} names no file")
    for part in parts:
        if part == "..":
            raise ValueError(f"storage path {path!r} leaves the extension's folder (..)")
        if part.startswith(TMP_PREFIX):
            raise ValueError(f"storage path component {part!r} is reserved")
        if len(part.encode("utf-8")) > MAX_COMPONENT_BYTES:
            raise ValueError(f"storage path component is longer than {MAX_COMPONENT_BYTES} bytes")
    return "/".join(parts)


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base + os.sep)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileService:
    """Blocking file operations behind an async lock per extension folder."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._locks: dict[tuple[str, str, str], asyncio.Lock] = {}

    def scope_dir(self, tenant_id: str, user_id: str, app_id: str) -> Path:
        user = encode_component(user_id)
        if tenant_id != "default":
            user += "+" + encode_component(tenant_id)
        return self.root / user / encode_component(app_id)

    def _meta_path(self, tenant_id: str, user_id: str, app_id: str) -> Path:
        folder = self.scope_dir(tenant_id, user_id, app_id)
        return self.root / META_DIR / folder.parent.name / f"{folder.name}.json"

    def _lock(self, where: tuple[str, str, str]) -> asyncio.Lock:
        return self._locks.setdefault(where, asyncio.Lock())

    # -- path resolution (symlinks included) --------------------------------------------------
    def _base(self, where: tuple[str, str, str], *, create: bool) -> str | None:
        base = self.scope_dir(*where)
        if create:
            base.mkdir(parents=True, exist_ok=True, mode=0o700)
        elif not base.is_dir():
            return None
        return os.path.realpath(base)

    def _target(self, base: str, rel: str, *, create_parents: bool) -> str:
        target = os.path.join(base, *rel.split("/"))
        parent = os.path.dirname(target)
        if create_parents:
            # each level is checked before the next is created under it
            current = base
            for part in rel.split("/")[:-1]:
                current = os.path.join(current, part)
                if not _inside(os.path.realpath(current), base):
                    raise PermissionError(f"storage path {rel!r} leaves the extension's folder")
                os.makedirs(current, mode=0o700, exist_ok=True)
        if not _inside(os.path.realpath(parent), base):
            raise PermissionError(f"storage path {rel!r} leaves the extension's folder")
        return target

    # -- content types ----------------------------------------------------------------------
    def _read_meta(self, where: tuple[str, str, str]) -> dict[str, str]:
        try:
            data = json.loads(self._meta_path(*where).read_text())
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_meta(self, where: tuple[str, str, str], meta: dict[str, str]) -> None:
        path = self._meta_path(*where)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
        with os.fdopen(fd, "w") as fh:
            json.dump(meta, fh, sort_keys=True)
        os.replace(tmp, path)

    def _type_of(self, meta: dict[str, str], rel: str) -> str:
        return meta.get(rel) or mimetypes.guess_type(rel)[0] or DEFAULT_TYPE

    # -- operations (blocking) ----------------------------------------------------------------
    def _upload(
        self, where: tuple[str, str, str], rel: str, data: bytes, content_type: str
    ) -> dict[str, Any]:
        base = self._base(where, create=True)
        assert base is not None
        target = self._target(base, rel, create_parents=True)
        if os.path.isdir(target) and not os.path.islink(target):
            raise IsADirectoryError(f"storage path {rel!r} is a folder")
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=os.path.dirname(target))
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)  # replaces a symlink itself, never what it points to
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(Path(target).parent)
        meta = self._read_meta(where)
        if meta.get(rel) != content_type:
            meta[rel] = content_type
            self._write_meta(where, meta)
        st = os.stat(target)
        return {"path": rel, "size": st.st_size, "content_type": content_type,
                "created_at": _iso(st.st_mtime), "url": ""}  # fmt: skip

    def _download(self, where: tuple[str, str, str], rel: str) -> bytes:
        base = self._base(where, create=False)
        if base is None:
            raise FileNotFoundError(f"no file {rel!r} in this extension's storage")
        target = self._target(base, rel, create_parents=False)
        try:
            fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            raise FileNotFoundError(f"no file {rel!r} in this extension's storage") from None
        except OSError as exc:  # ELOOP: the last component is a symlink
            raise PermissionError(f"storage path {rel!r} is a symlink; refused") from exc
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise IsADirectoryError(f"storage path {rel!r} is not a file")
            return fh.read()

    def _delete(self, where: tuple[str, str, str], rel: str) -> bool:
        base = self._base(where, create=False)
        if base is None:
            return False
        target = self._target(base, rel, create_parents=False)
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            return False
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(f"storage path {rel!r} is a folder")
        os.unlink(target)
        _fsync_dir(Path(target).parent)
        meta = self._read_meta(where)
        if meta.pop(rel, None) is not None:
            self._write_meta(where, meta)
        return True

    def _list(self, where: tuple[str, str, str], prefix: str) -> list[dict[str, Any]]:
        base = self._base(where, create=False)
        if base is None:
            return []
        meta = self._read_meta(where)
        out = []
        for folder, dirs, files in os.walk(base, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(folder, name)
                if name.startswith(TMP_PREFIX) or os.path.islink(full):
                    continue
                rel = os.path.relpath(full, base).replace(os.sep, "/")
                if not rel.startswith(prefix):
                    continue
                st = os.stat(full)
                out.append({"path": rel, "size": st.st_size,
                            "content_type": self._type_of(meta, rel),
                            "created_at": _iso(st.st_mtime), "url": ""})  # fmt: skip
        return out

    # -- async API ---------------------------------------------------------------------------
    async def upload(
        self,
        where: tuple[str, str, str],
        path: str,
        data: bytes,
        content_type: str = DEFAULT_TYPE,
    ) -> dict[str, Any]:
        rel = clean_path(path)
        if not isinstance(data, bytes | bytearray):
            raise TypeError("storage upload data must be bytes")
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
        async with self._lock(where):
            return await asyncio.to_thread(self._upload, where, rel, bytes(data), content_type)

    async def download(self, where: tuple[str, str, str], path: str) -> bytes:
        rel = clean_path(path)
        async with self._lock(where):
            return await asyncio.to_thread(self._download, where, rel)

    async def delete(self, where: tuple[str, str, str], path: str) -> bool:
        rel = clean_path(path)
        async with self._lock(where):
            return await asyncio.to_thread(self._delete, where, rel)

    async def list(self, where: tuple[str, str, str], prefix: str = "") -> list[dict[str, Any]]:
        if not isinstance(prefix, str):
            raise TypeError("storage list prefix must be a str")
        async with self._lock(where):
            return await asyncio.to_thread(self._list, where, prefix)


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`upload` (data as base64), `download` (base64), `delete`, `list`."""
    service = scope.services.get("files")
    if service is None:
        service = scope.services.setdefault("files", FileService(scope.data_dir / "files"))
    where = (scope.tenant_id, acting_user(scope, params), scope.app_id)
    if method == "list":
        return {"data": await service.list(where, param(params, "prefix", str, ""))}
    path = param(params, "path", str)
    if method == "download":
        return base64.b64encode(await service.download(where, path)).decode("ascii")
    refuse_in_read_only(scope, f"ctx.storage.{method}({path!r})")
    if method == "delete":
        return await service.delete(where, path)
    if method == "upload":
        encoded = param(params, "data", str)
        if len(encoded) > (MAX_FILE_BYTES * 4) // 3 + 4:
            raise RemoteError("ValueError", f"file is larger than {MAX_FILE_BYTES} bytes")
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise RemoteError("ValueError", "upload data is not valid base64") from None
        content_type = param(params, "content_type", str, DEFAULT_TYPE) or DEFAULT_TYPE
        return await service.upload(where, path, data, content_type)
    raise RemoteError("NotImplementedError", f"ctx.storage has no method {method!r}")
