"""`imperal_sdk.code_index`: the hosted platform's repository index (symbols, chunks,
embeddings, API contracts) of connected source trees.

In imperal-shell the constants, the dataclasses and the small pure path/text helpers are real;
parsing (tree-sitter), chunking, embedding and SFTP syncing belong to the hosted indexing
service and raise `NotAvailableInShell`.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sdk._platform_only import unavailable

APPLY_BATCH_BYTES = 10_000_000
APPLY_BATCH_FILES = 20
CONFIG_NAMES = ("pyproject.toml", "setup.cfg", "jsconfig.json", "package.json")
_TS_NODES = {
    "function_declaration": "function",
    "class_declaration": "class",
    "method_definition": "method",
    "interface_declaration": "class",
    "type_alias_declaration": "type",
    "enum_declaration": "class",
}
DEF_NODES = {
    "python": {"function_definition": "function", "class_definition": "class"},
    "typescript": dict(_TS_NODES),
    "javascript": {
        "function_declaration": "function",
        "class_declaration": "class",
        "method_definition": "method",
    },
    "tsx": dict(_TS_NODES),
}
EXTRACTOR_VERSION = "2"
INDEXABLE_EXT = (".py", ".pyi", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")
LANG_BY_EXT = {
    ".py": "python",
    ".pyi": "python",
    ".ts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
}
MAX_FILE_BYTES = 10_485_760
MAX_REPO_FILES = 20_000
READ_BATCH = 200
SECRET_PATTERNS = (
    ".env*",
    "*.pem",
    "*.key",
    "*.crt",
    "id_*",
    "*.p12",
    "*.pfx",
    "*.kdbx",
    "secrets/",
    ".ssh/",
    ".aws/",
    ".git/",
)
SKIP_DIRS = frozenset(
    {
        "AppData",
        "Library",
        "__pycache__",
        "bower_components",
        "build",
        "coverage",
        "dist",
        "dist-packages",
        "node_modules",
        "out",
        "secrets",
        "site-packages",
        "third_party",
        "vendor",
        "venv",
        "virtualenv",
    }
)

_REASON = (
    "the code index is the hosted platform's repository search service (tree-sitter parsing, "
    "embeddings, SFTP sync), which imperal-shell does not run"
)


# ---- data ---------------------------------------------------------------------------------


@dataclass
class Def:
    name: str
    qualname: str
    kind: str
    start_line: int
    end_line: int
    signature: str = ""
    exported: bool = False


@dataclass
class Binding:
    local_name: str
    module: str
    imported: str
    kind: str
    line: int


@dataclass
class Ref:
    head: str
    chain: str
    in_def: str
    kind: str
    line: int


@dataclass
class StringKey:
    domain: str
    key: str
    role: str
    in_def: str
    line: int


@dataclass
class BlobFacts:
    lang: str
    lines: int
    defs: list[Def] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    strings: list[StringKey] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BlobFacts:
        return cls(
            lang=d["lang"],
            lines=d["lines"],
            defs=[Def(**x) for x in d.get("defs") or []],
            bindings=[Binding(**x) for x in d.get("bindings") or []],
            refs=[Ref(**x) for x in d.get("refs") or []],
            strings=[StringKey(**x) for x in d.get("strings") or []],
        )


@dataclass
class Symbol:
    name: str
    kind: str
    path: str
    start_line: int
    end_line: int
    signature: str = ""


@dataclass
class Chunk:
    id: str
    symbol: str
    kind: str
    path: str
    start_line: int
    end_line: int
    text: str
    content_hash: str


@dataclass(frozen=True)
class EndpointEvidence:
    method: str
    route: str
    handler: str
    path: str
    line: int
    schema_refs: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class SchemaEvidence:
    name: str
    schema_kind: str
    path: str
    line: int
    fields: tuple[str, ...] = ()
    storage_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class FileIndex:
    path: str
    lang: str
    symbols: list[Symbol] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    content_hash: str = ""
    endpoints: list[EndpointEvidence] = field(default_factory=list)
    schemas: list[SchemaEvidence] = field(default_factory=list)


@dataclass
class ProjectIndex:
    files: dict[str, FileIndex] = field(default_factory=dict)
    git_ref: str = ""


# ---- pure helpers -------------------------------------------------------------------------


def blob_hash(text: str) -> str:
    """SHA-256 hex digest of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_path(path: str, root: str, windows: bool = False) -> str:
    """`path` relative to `root`, with forward slashes and `.`/`..` folded; a path outside
    `root` stays as it is (normalised)."""
    if windows:
        path, root = path.replace("\\", "/"), root.replace("\\", "/")
    norm = posixpath.normpath(path) if path else ""
    base = posixpath.normpath(root).rstrip("/") if root else ""
    fold = str.lower if windows else (lambda s: s)
    if base and fold(norm) == fold(base):
        return ""
    if base and fold(norm).startswith(fold(base) + "/"):
        return norm[len(base) + 1 :]
    return norm


def clean_remote(url: Any) -> str:
    """A git remote without credentials, query or fragment (scp-style remotes unchanged)."""
    if not url:
        return ""
    text = str(url).strip()
    match = re.match(r"^([a-zA-Z][\w+.-]*://)([^/]*@)?([^?#]*)", text)
    if match is None:
        return text
    return match.group(1) + match.group(3)


def _parts(rel_path: str) -> list[str]:
    return [p for p in rel_path.replace("\\", "/").split("/") if p]


def indexable(rel_path: str) -> str | None:
    """'code' or 'config' for a file the index reads, None for one it skips (skipped
    directories, secrets, other file types)."""
    parts = _parts(rel_path)
    if not parts:
        return None
    *dirs, name = parts
    secret_dirs = {p.rstrip("/") for p in SECRET_PATTERNS if p.endswith("/")}
    if any(d in SKIP_DIRS or d in secret_dirs for d in dirs):
        return None
    if any(fnmatch.fnmatch(name, p) for p in SECRET_PATTERNS if not p.endswith("/")):
        return None
    if name in CONFIG_NAMES:
        return "config"
    if posixpath.splitext(name)[1].lower() in INDEXABLE_EXT:
        return "code"
    return None


def normalise_text(raw: bytes) -> str | None:
    """Decode file bytes to text with `\\n` line ends; None for binary or undecodable input."""
    if not isinstance(raw, bytes | bytearray):
        return None
    data = bytes(raw)
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def route_key(method: str, route: str) -> str:
    """`"GET /users/{}"`: upper-case method, no trailing slash, path parameters as `{}`."""
    path = "/" + route.strip("/") if route.startswith("/") else route.rstrip("/")
    path = re.sub(r"\{[^/{}]*\}|(?<=/):[^/]+|^:[^/]+", "{}", path or "/")
    return f"{method.upper()} {path}"


def gitignore_rules(text: str, base: str) -> list[tuple[str, bool, bool, str]]:
    """Parse .gitignore text into `(pattern, dir_only, anchored, base)` rules (negations are
    not supported and are dropped)."""
    rules = []
    for line in text.splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith(("#", "!")):
            continue
        dir_only = pattern.endswith("/")
        pattern = pattern.rstrip("/")
        anchored = pattern.startswith("/") or "/" in pattern
        pattern = pattern.lstrip("/")
        if pattern:
            rules.append((pattern, dir_only, anchored, base))
    return rules


def gitignored(rules: list[tuple[str, bool, bool, str]], rel: str, is_dir: bool) -> bool:
    for pattern, dir_only, anchored, base in rules:
        if dir_only and not is_dir:
            continue
        path = rel
        if base:
            prefix = base.rstrip("/") + "/"
            if not rel.startswith(prefix):
                continue
            path = rel[len(prefix) :]
        target = path if anchored else posixpath.basename(path)
        if fnmatch.fnmatchcase(target, pattern):
            return True
    return False


def sftp_os(root: str) -> str:
    """'windows' for a drive-letter root, else 'posix'."""
    return "windows" if re.match(r"^[A-Za-z]:", root) else "posix"


# ---- hosted indexing service (platform-only) ----------------------------------------------


class FastEmbedBackend:
    def __init__(self, model: str):
        self.model = model

    def embed(self, texts: list[str]) -> list[Any]:
        unavailable("FastEmbedBackend.embed", _REASON)

    def embed_query(self, text: str) -> bytes:
        unavailable("FastEmbedBackend.embed_query", _REASON)


class Model2VecBackend:
    def __init__(self, model: str):
        self.model = model

    def embed(self, texts: list[str]) -> list[Any]:
        unavailable("Model2VecBackend.embed", _REASON)

    def embed_query(self, text: str) -> bytes:
        unavailable("Model2VecBackend.embed_query", _REASON)


def apply_batches(
    files: list, blobs: list, chunks: list, limit: int = 10_000_000, max_blobs: int = 20
) -> list:
    unavailable("code_index.apply_batches", _REASON)


def build_index(root: str, files: list[str]) -> ProjectIndex:
    unavailable("code_index.build_index", _REASON)


def chunk_blob(facts: BlobFacts | dict | None, text: str) -> list:
    unavailable("code_index.chunk_blob", _REASON)


def chunk_file(root: str, fi: FileIndex) -> list:
    unavailable("code_index.chunk_file", _REASON)


def chunk_index(root: str, index: ProjectIndex) -> list:
    unavailable("code_index.chunk_index", _REASON)


def chunk_text(path: str, text: str, spans: list) -> list:
    unavailable("code_index.chunk_text", _REASON)


def chunks_for(blob: str, facts: Any, text: str) -> list:
    unavailable("code_index.chunks_for", _REASON)


def embed(texts: list) -> list:
    unavailable("code_index.embed", _REASON)


def embed_query(text: str) -> bytes:
    unavailable("code_index.embed_query", _REASON)


def extract_contracts(path: str, text: str, lang: str) -> Any:
    unavailable("code_index.extract_contracts", _REASON)


def git_identity(meta: dict) -> dict:
    unavailable("code_index.git_identity", _REASON)


def language(lang: str) -> Any:
    unavailable("code_index.language", _REASON)


def load_backend() -> Any:
    unavailable("code_index.load_backend", _REASON)


def match_contracts(repos: Iterable[dict]) -> list[dict]:
    unavailable("code_index.match_contracts", _REASON)


def parse_file(path: str, text: str) -> FileIndex | None:
    unavailable("code_index.parse_file", _REASON)


def scope_facts(path: str, text: str) -> BlobFacts | None:
    unavailable("code_index.scope_facts", _REASON)


def string_keys(lang: str, tree: Any, text: str, defs: list, path: str = "") -> list[StringKey]:
    unavailable("code_index.string_keys", _REASON)


async def sftp_list_tree(sftp: Any, root: str, max_files: int = 20_000) -> dict:
    unavailable("code_index.sftp_list_tree", _REASON)


async def sftp_read_many(
    sftp: Any,
    root: str,
    paths: list,
    max_bytes: int = 10_485_760,
    batch_bytes: int = 8_388_608,
) -> dict:
    unavailable("code_index.sftp_read_many", _REASON)


async def sftp_read_meta(sftp: Any, root: str) -> dict:
    unavailable("code_index.sftp_read_meta", _REASON)


async def sftp_repo_root(sftp: Any, path: str) -> str:
    unavailable("code_index.sftp_repo_root", _REASON)


async def sync_source(
    plan: Any, apply: Any, meta: dict, listing: list, read: Any, *, embed_chunks: bool = True
) -> dict:
    unavailable("code_index.sync_source", _REASON)
