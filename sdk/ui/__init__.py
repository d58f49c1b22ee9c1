"""`imperal_sdk.ui`: declarative UI nodes an extension returns from panels and results.

Every constructor returns a `UINode` (or a `UIAction` for the actions; `DataColumn` returns a
plain dict) whose `to_dict()` is the documented wire shape `{"type", "props"}`.
"""

from sdk.ui import theme
from sdk.ui.actions import Call, Navigate, Open, Send, TrayResponse
from sdk.ui.base import UIAction, UINode
from sdk.ui.data import (
    Avatar,
    Badge,
    DataColumn,
    DataTable,
    KeyValue,
    List,
    ListItem,
    Stat,
    Stats,
    Timeline,
    Tree,
)
from sdk.ui.display import (
    Audio,
    Code,
    Divider,
    Empty,
    Header,
    Html,
    Icon,
    Image,
    Markdown,
    Text,
    Video,
)
from sdk.ui.feedback import Alert, Chart, Error, Loading, Progress
from sdk.ui.graph import Graph
from sdk.ui.input_components import (
    DatePicker,
    FileUpload,
    Form,
    Input,
    MultiSelect,
    Password,
    RichEditor,
    Select,
    Slider,
    TagInput,
    TextArea,
    Toggle,
)
from sdk.ui.interactive import Button, Card, Dialog, Link, Menu, SlideOver, Tooltip
from sdk.ui.layout import Accordion, Column, Grid, Page, Row, Section, Stack, Tabs
from sdk.ui.theme import AgencyTheme, ColorPair

__all__ = [
    # layout
    "Stack",
    "Grid",
    "Tabs",
    "Page",
    "Section",
    "Row",
    "Column",
    "Accordion",
    # display
    "Text",
    "Icon",
    "Header",
    "Image",
    "Code",
    "Markdown",
    "Empty",
    "Divider",
    "Html",
    "Video",
    "Audio",
    # interactive
    "Button",
    "Card",
    "Menu",
    "Dialog",
    "Tooltip",
    "Link",
    "SlideOver",
    # input
    "Input",
    "Password",
    "Form",
    "Select",
    "MultiSelect",
    "Toggle",
    "Slider",
    "DatePicker",
    "FileUpload",
    "TextArea",
    "RichEditor",
    "TagInput",
    # data
    "Badge",
    "Avatar",
    "Stat",
    "Stats",
    "ListItem",
    "List",
    "DataColumn",
    "DataTable",
    "Timeline",
    "Tree",
    "KeyValue",
    # feedback
    "Alert",
    "Progress",
    "Chart",
    "Loading",
    "Error",
    # graph
    "Graph",
    # actions
    "Call",
    "Navigate",
    "Send",
    "Open",
    "TrayResponse",
    # theme
    "theme",
    "ColorPair",
    "AgencyTheme",
    # base
    "UINode",
    "UIAction",
]
