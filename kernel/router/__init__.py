"""Routers turn a message into a plan of typed calls."""
