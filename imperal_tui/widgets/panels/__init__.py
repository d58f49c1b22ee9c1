"""Extension panels: one PanelView per panel, stacked in a column per slot."""

from imperal_tui.widgets.panels.column import PanelColumn
from imperal_tui.widgets.panels.view import PanelView

__all__ = ["PanelColumn", "PanelView"]
