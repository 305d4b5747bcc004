"""Widgets of the practice app, one per module; each gets values and posts messages."""
