import pytest

from kernel import Kernel, KernelConfig


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("IMPERAL_SHELL_CONFIRM", raising=False)
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
async def kernel(home):
    k = await Kernel.open(KernelConfig.load())
    yield k
    await k.close()


@pytest.fixture
def session(kernel):
    return kernel.session("alice")


@pytest.fixture
def send(session):
    """Send a chat message and collect every event of the turn."""

    async def run(message, who=None):
        return [e async for e in (who or session).send(message)]

    return run


@pytest.fixture
def write_extension(home):
    """Write `<home>/extensions/<name>/main.py`, the user's extensions dir."""

    def write(name, source):
        folder = home / "extensions" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "main.py").write_text(source)
        return folder

    return write
