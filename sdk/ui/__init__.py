"""`imperal_sdk.ui`: declarative UI nodes an extension returns from panels and results.

Every constructor returns a `UINode` (or a `UIAction` for the actions; `DataColumn` returns a
plain dict) whose `to_dict()` is the documented wire shape `{"type", "props"}`. The 6.x nodes
`Stage` and `MorphingState` add top-level keys beside those, as the real SDK does; `Affordance`,
`CognitiveContext`, `CanvasNode`, `CanvasEdge` and `UISignal` are plain values with `to_dict()`.

Enumerated keywords (Alert/Toast variants, Stack directions, Modal sizes, Input types, ...) are
checked when the node is built: an unknown value raises a `ValueError` that names the allowed ones.
"""

from sdk.ui import theme
from sdk.ui.actions import Call, Navigate, Open, Send, TrayResponse
from sdk.ui.base import UIAction, UINode
from sdk.ui.canvas import Canvas, CanvasEdge, CanvasNode
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
from sdk.ui.feedback import (
    AgentPresence,
    Alert,
    Chart,
    Error,
    Ghost,
    Loading,
    Progress,
    Toast,
)
from sdk.ui.graph import Graph
from sdk.ui.input_components import (
    Checkbox,
    DatePicker,
    FileUpload,
    Form,
    Input,
    MultiSelect,
    Password,
    RadioGroup,
    RichEditor,
    Select,
    Slider,
    TagInput,
    TextArea,
    Toggle,
)
from sdk.ui.interactive import (
    MODAL_SIZES,
    BackButton,
    Button,
    Card,
    Dialog,
    Link,
    Menu,
    Modal,
    SlideOver,
    Tooltip,
)
from sdk.ui.layout import Accordion, Column, Grid, Page, Row, Section, Stack, Tabs
from sdk.ui.liquid import Affordance, CognitiveContext, MorphingState
from sdk.ui.signals import Signal, UISignal
from sdk.ui.stage import Stage
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
    "Modal",
    "BackButton",
    "MODAL_SIZES",
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
    "Checkbox",
    "RadioGroup",
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
    "Toast",
    "AgentPresence",
    "Ghost",
    # graph and canvas
    "Graph",
    "Canvas",
    "CanvasNode",
    "CanvasEdge",
    # 6.x: stages, liquid intent states, signals
    "Stage",
    "MorphingState",
    "Affordance",
    "CognitiveContext",
    "Signal",
    "UISignal",
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
