"""Language model providers: Ollama, any OpenAI-compatible server, Anthropic, and offline.

Every provider has the interface of `kernel.llm.base.LLM`; `kernel.llm.select.select_provider`
picks one from explicit overrides, the environment and `[llm]` in config.toml. Importing this
package is cheap: a provider's HTTP client loads only when that provider is built.
"""

from kernel.llm.base import LLM, Completion, Health, ProviderError, Timeouts
from kernel.llm.select import select_provider

__all__ = ["LLM", "Completion", "Health", "ProviderError", "Timeouts", "select_provider"]
