"""The tray: a strip of extension tray items with badges, their dropdowns, and toasts."""

from imperal_tui.widgets.tray.controller import TrayController
from imperal_tui.widgets.tray.dropdown import TrayDropdown
from imperal_tui.widgets.tray.strip import TrayButton, TrayStrip
from imperal_tui.widgets.tray.toasts import is_toast, show_notification, show_toast

__all__ = [
    "TrayButton",
    "TrayController",
    "TrayDropdown",
    "TrayStrip",
    "is_toast",
    "show_notification",
    "show_toast",
]
