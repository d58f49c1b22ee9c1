"""The extension author's commands: init, validate, build, test, dev (one module each)."""
