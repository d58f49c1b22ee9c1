"""Full screens over the chat, each opened by a slash command and the ctrl+p palette:
`/audit` (audit.py), `/ext` (extensions.py), `/settings` (settings.py), `/history`
(history.py), `/panel` (center.py: an extension's center panel). Each closes with Esc and
leaves the chat as it was."""
