"""Settings of this device rather than of a trainee: today, the display script (繁體 / 简体).

They are kept in the progress store's ``settings`` table. A store shared by
several machines (a server, PostgreSQL) would make one person's choice
everyone's; then only this module changes, to keep them in a local settings
file (``trainer.paths`` decides where), and its callers stay as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.store import Store

SCRIPT_KEY = "script"
SCRIPTS = ("hant", "hans")  # 繁體, 简体
SCRIPT_NAMES = {"hant": "繁體", "hans": "简体"}


def saved_script(store: Store) -> str | None:
    """The display script saved on this device, if any (an unknown value counts as none)."""
    value = store.get_setting(SCRIPT_KEY)
    return value if value in SCRIPTS else None


def save_script(store: Store, script: str) -> None:
    """Remember ``script`` (``hant`` or ``hans``) as this device's display script."""
    if script not in SCRIPTS:
        raise ValueError(f"unknown display script {script!r} (expected hant or hans)")
    store.set_setting(SCRIPT_KEY, script)
