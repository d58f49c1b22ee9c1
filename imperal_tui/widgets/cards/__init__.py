"""Cards that ask the user something before the kernel acts.

How a confirmation card is answered (the design; README "Using it" says the same):

- A card never takes the focus. It is docked above the prompt (`CardQueue`); the prompt keeps
  the focus, so whatever the user types while a card is pending lands in the prompt, and no
  sequence of ordinary typing (letters, digits, Space, Enter, Backspace, punctuation) can
  answer a card.
- ctrl+y approves the card on show, a chord that typing cannot produce. It is ignored in the
  card's first `ARM_DELAY` seconds on show, so a chord meant for the previous card (or a held
  key) never approves the next one unseen. The digest shown is sent with the approval: the
  kernel runs nothing if the pending card's arguments are not the ones on screen.
- ctrl+n denies: it opens a one-line reason on the card (optional); Enter or a second ctrl+n
  denies with that reason, which the kernel records in the ledger and gives back to the
  model. Esc there closes the line and keeps the card pending.
- Several pending cards queue: the oldest is on show, titled "card 1 of N"; answering it shows
  the next.
- The arguments are the canonical JSON, laid out one member per line (`args.pretty`: line
  breaks only between tokens, never inside one), scrolled in both directions, never cut. They
  take the focus from shift+tab or a click, to scroll with the arrows and PageUp/PageDown; Esc
  or any typed key goes back to the prompt (the key with it).
"""

from imperal_tui.widgets.cards.confirmation import ConfirmationCard
from imperal_tui.widgets.cards.queue import CardQueue
from imperal_tui.widgets.cards.record import CardLine

__all__ = ["CardLine", "CardQueue", "ConfirmationCard"]
