"""Cards that ask the user something before the kernel acts."""

from imperal_tui.widgets.cards.confirmation import ConfirmationCard

__all__ = ["ConfirmationCard"]
