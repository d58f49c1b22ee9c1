import os
import stat

import pytest

from kernel.host.scope import RemoteError
from kernel.services import dispatch
from kernel.services.files import MAX_FILE_BYTES, FileService, clean_path, encode_component
from sdk.types.models import FileInfo

WHERE = ("default", "alice", "notes")


@pytest.fixture
def files(tmp_path):
    return FileService(tmp_path / "files")


async def test_upload_download_list_delete(files, tmp_path):
    info = await files.upload(WHERE, "reports/q3.txt", b"hello", "text/plain")
    assert info["path"] == "reports/q3.txt" and info["size"] == 5
    on_disk = tmp_path / "files" / "alice" / "notes" / "reports" / "q3.txt"
    assert on_disk.read_bytes() == b"hello"
    assert stat.S_IMODE(on_disk.stat().st_mode) == 0o600
    assert await files.download(WHERE, "reports/q3.txt") == b"hello"
    assert await files.download(WHERE, "./reports//q3.txt") == b"hello"

    await files.upload(WHERE, "a.json", b"{}", "application/json")
    await files.upload(WHERE, "a.json", b'{"x":1}', "application/json")
    listing = await files.list(WHERE)
    assert [(f["path"], f["content_type"]) for f in listing] == [
        ("a.json", "application/json"),
        ("reports/q3.txt", "text/plain"),
    ]
    assert [f["path"] for f in await files.list(WHERE, "reports/")] == ["reports/q3.txt"]

    assert await files.delete(WHERE, "a.json") is True
    assert await files.delete(WHERE, "a.json") is False
    with pytest.raises(FileNotFoundError, match="no file 'a.json'"):
        await files.download(WHERE, "a.json")


async def test_users_and_extensions_have_separate_folders(files):
    await files.upload(WHERE, "x.txt", b"alice-notes")
    assert await files.list(("default", "bob", "notes")) == []
    assert await files.list(("default", "alice", "mail")) == []
    with pytest.raises(FileNotFoundError):
        await files.download(("default", "bob", "notes"), "x.txt")
    await files.upload(("acme", "alice", "notes"), "x.txt", b"acme")
    assert await files.download(WHERE, "x.txt") == b"alice-notes"


def test_ids_cannot_name_other_folders():
    assert encode_component("alice") == "alice"
    for hostile in ("..", ".", "", "a/b", "../bob", ".hidden", "a+b", "x\x00"):
        enc = encode_component(hostile)
        assert "/" not in enc and enc not in (".", "..", "") and not enc.startswith(".")
    assert encode_component("a/b") != encode_component("a_b")


@pytest.mark.parametrize(
    "path",
    ["../x", "a/../../x", "/etc/passwd", "a\\..\\b", "a\x00b", "", "   ", ".", "a/..", "x" * 2000],
)
async def test_traversal_and_odd_paths_are_refused(files, path):
    with pytest.raises(ValueError):
        clean_path(path)
    with pytest.raises(ValueError):
        await files.upload(WHERE, path, b"x")
    with pytest.raises(ValueError):
        await files.download(WHERE, path)


async def test_symlinks_leading_out_are_refused(files, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"not yours")
    await files.upload(WHERE, "keep.txt", b"mine")
    base = tmp_path / "files" / "alice" / "notes"
    os.symlink(outside, base / "escape")
    os.symlink(outside / "secret.txt", base / "link.txt")

    with pytest.raises(PermissionError, match="leaves"):
        await files.download(WHERE, "escape/secret.txt")
    with pytest.raises(PermissionError, match="leaves"):
        await files.upload(WHERE, "escape/new.txt", b"x")
    assert not (outside / "new.txt").exists()
    with pytest.raises(PermissionError, match="symlink"):
        await files.download(WHERE, "link.txt")
    assert [f["path"] for f in await files.list(WHERE)] == ["keep.txt"]
    # overwriting the link replaces the link itself, never its target
    await files.upload(WHERE, "link.txt", b"replaced")
    assert (outside / "secret.txt").read_bytes() == b"not yours"
    assert await files.download(WHERE, "link.txt") == b"replaced"


async def test_the_size_limit(files):
    with pytest.raises(ValueError, match="limit"):
        await files.upload(WHERE, "big.bin", b"\0" * (MAX_FILE_BYTES + 1))


async def test_dispatch_refuses_writes_in_read_only_renders_and_other_users(make_scope):
    panel = make_scope(read_only=True, tool_type="panel")
    with pytest.raises(RemoteError) as err:
        await dispatch(panel, "storage", "upload", {"path": "a.txt", "data": "eA=="})
    assert err.value.kind == "PermissionError" and "read-only" in err.value.message
    with pytest.raises(RemoteError) as err:
        await dispatch(make_scope(), "storage", "list", {"prefix": "", "user_id": "bob"})
    assert err.value.kind == "PermissionError"
    with pytest.raises(RemoteError) as err:
        await dispatch(make_scope(), "storage", "upload", {"path": "a.txt", "data": "%%%"})
    assert err.value.kind == "ValueError"


# -- through the worker's ctx.storage -----------------------------------------------------------


async def test_ctx_storage_through_the_proxy(worker_ctx, tmp_path):
    _, ctx = worker_ctx()
    data = bytes(range(256)) * 10
    info = await ctx.storage.upload("bin/blob.dat", data)
    assert isinstance(info, FileInfo) and info.size == len(data)
    assert info.content_type == "application/octet-stream"
    assert await ctx.storage.download("bin/blob.dat") == data
    page = await ctx.storage.list()
    assert [f.path for f in page] == ["bin/blob.dat"] and isinstance(page.data[0], FileInfo)
    assert (tmp_path / "data" / "files" / "alice" / "notes" / "bin" / "blob.dat").exists()

    with pytest.raises(ValueError, match="leaves"):
        await ctx.storage.download("../../kernel.db")
    with pytest.raises(ValueError, match="absolute"):
        await ctx.storage.upload("/tmp/x", b"x")
    with pytest.raises(TypeError):
        await ctx.storage.upload("s.txt", "not bytes")
    with pytest.raises(FileNotFoundError):
        await ctx.storage.download("missing.txt")

    _, bob = worker_ctx(user_id="bob")
    assert list(await bob.storage.list()) == []
    assert await ctx.storage.delete("bin/blob.dat") is True
