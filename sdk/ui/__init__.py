"""`imperal_sdk.ui`: declarative UI nodes an extension returns from panels and results."""

from sdk.ui.actions import Call, Navigate, Open, Send, TrayResponse
from sdk.ui.base import UIAction, UINode
from sdk.ui.data import Badge, List, ListItem
from sdk.ui.display import Code, Divider, Empty, Header, Markdown, Text
from sdk.ui.feedback import Alert, Progress
from sdk.ui.interactive import Button
from sdk.ui.layout import Column, Page, Row, Section, Stack

__all__ = [
    "Alert",
    "Badge",
    "Button",
    "Call",
    "Code",
    "Column",
    "Divider",
    "Empty",
    "Header",
    "List",
    "ListItem",
    "Markdown",
    "Navigate",
    "Open",
    "Page",
    "Progress",
    "Row",
    "Section",
    "Send",
    "Stack",
    "Text",
    "TrayResponse",
    "UIAction",
    "UINode",
]
