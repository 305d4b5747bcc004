"""Screens of the practice app, one per module; each owns its state and talks to the core."""
