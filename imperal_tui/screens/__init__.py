"""Screens pushed over the chat (Esc returns to it)."""
