# shared/seeds/003_a5275bd94ea2b98f.txt — v4.2.11 — Fix: ui.Link(text=...) no longer breaks panel render
# All three are equivalent
ui.Link("Read docs", href="https://docs.imperal.io")           # positional
ui.Link(label="Read docs", href="https://docs.imperal.io")     # canonical kwarg
ui.Link(text="Read docs",  href="https://docs.imperal.io")     # alias kwarg
