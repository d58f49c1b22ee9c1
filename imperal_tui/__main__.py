"""`python -m imperal_tui` is the `imperal-shell` command."""

from imperal_tui.cli import main

raise SystemExit(main())
