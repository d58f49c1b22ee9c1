import pytest

from kernel import Kernel, KernelConfig
from tests.kernel.router_llm.scripted import MODEL, Script


@pytest.fixture
def script():
    s = Script()
    yield s
    s.close()


@pytest.fixture
def llm_home(tmp_path, monkeypatch, script):
    """A data dir whose kernel uses the scripted server; `mode` and `timeout_s` in config."""
    monkeypatch.setenv("IMPERAL_SHELL_HOME", str(tmp_path))
    monkeypatch.setenv("IMPERAL_SHELL_LLM", "openai")
    monkeypatch.setenv("IMPERAL_SHELL_LLM_MODEL", MODEL)
    monkeypatch.setenv("OPENAI_BASE_URL", script.url)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return tmp_path


def configure(home, **llm):
    lines = ["[llm]"] + [f"{k} = {v!r}".replace("'", '"') for k, v in llm.items()]
    (home / "config.toml").write_text("\n".join(lines) + "\n")


@pytest.fixture
def open_kernel(llm_home):
    opened = []

    async def make(**llm):
        if llm:
            configure(llm_home, **llm)
        k = await Kernel.open(KernelConfig.load())
        opened.append(k)
        return k

    yield make
    # kernels close in the test's loop (see the tests)
