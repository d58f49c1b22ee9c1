"""Keyboard-first commands: slash commands typed at the prompt (`slash`), the help screen
(`help`), the ctrl+p command palette (`palette`), and the prompt's input history (`history`).

Kept import-light: the prompt widget imports `history` from here at startup."""
