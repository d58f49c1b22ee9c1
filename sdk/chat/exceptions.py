"""Exceptions a chat function may raise or see."""


class TaskCancelled(Exception):
    """Raised by `ctx.progress` when the user cancels the running action."""
