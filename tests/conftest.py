"""Suite-wide settings: resident kernels started by tests go away soon after their last use."""

import os

os.environ.setdefault("IMPERAL_SHELL_SERVER_IDLE", "5")
os.environ.pop("IMPERAL_SHELL_CONFIRM", None)
# A model server on the developer's machine (Ollama, OPENAI_BASE_URL) must not change what the
# suite sees: kernels start offline; the LLM tests name their provider (a scripted server on
# 127.0.0.1, or the real local model in the e2e tier).
os.environ["IMPERAL_SHELL_LLM"] = "offline"
