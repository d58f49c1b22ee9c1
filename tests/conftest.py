"""Suite-wide settings: resident kernels started by tests go away soon after their last use."""

import os

os.environ.setdefault("IMPERAL_SHELL_SERVER_IDLE", "5")
os.environ.pop("IMPERAL_SHELL_CONFIRM", None)
os.environ.pop("IMPERAL_SHELL_LLM", None)
