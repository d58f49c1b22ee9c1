"""The secrets screen: an extension's declared secrets (and the shell's API keys), set or
replaced through a masked field, deleted with a confirming second key press."""

from imperal_tui.widgets.secrets.screen import SecretsScreen

__all__ = ["SecretsScreen"]
