"""Clients of the kernel: the Textual TUI, the headless runner and the command line.

Kept empty on purpose: `imperal-shell run` imports this package and must stay cheap.
"""
