"""Textual widgets of the shell, by feature: chat/, panels/, cards/, plus the banner."""
