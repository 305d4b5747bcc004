"""Per-device settings and the candidate lock, kept off a shared store.

On a laptop the store is the device's own, so its ``settings`` table holds the
display script, the last user and the candidate lock, as it always has. A
shared store (PostgreSQL, or served to browsers) is everybody's: one person's
script must not become everyone's, and a candidate sitting at one screen must
not lock every other screen. There, per-device settings live in a small JSON
file in the data folder (``device-settings.json``) and the candidate lock
lives in the app process only (a restarted app asks for a login, which the
candidate cannot give). Team settings (house rules, pass marks, accounts)
stay in the store either way.

The display script (繁體 / 简体) is one of them: ``saved_script`` and
``save_script`` take whichever holder applies (the store or ``DeviceSettings``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from trainer.store import Store, access

DEVICE_FILE = "device-settings.json"
SCRIPT_KEY = "script"
SCRIPTS = ("hant", "hans")  # 繁體, 简体
SCRIPT_NAMES = {"hant": "繁體", "hans": "简体"}
MAX_BYTES = 64 * 1024  # a settings file this big is not ours: ignore it


class DeviceSettings:
    """A few string settings of this device in a JSON file; a damaged file reads as empty."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        import json  # a local store (most starts) never reads this file: json off the start path

        try:
            if self.path.stat().st_size > MAX_BYTES:
                return {}
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._read().get(key, default)

    get_setting = get  # read like the store's settings

    def set(self, key: str, value: str) -> None:
        import json

        from trainer.core.atomic import write_atomic  # a failed write keeps the old file

        data = self._read()
        data[key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    set_setting = set  # written like the store's settings


def local_settings() -> DeviceSettings:
    """This device's settings file in the data folder (``trainer.paths`` decides where)."""
    from trainer import paths

    return DeviceSettings(paths.data_dir() / DEVICE_FILE)


class Settings(Protocol):
    """Where this device's settings live: the laptop's store, or ``DeviceSettings``."""

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...
    def set_setting(self, key: str, value: str) -> None: ...


def saved_script(settings: Settings) -> str | None:
    """The display script saved on this device, if any (an unknown value counts as none)."""
    value = settings.get_setting(SCRIPT_KEY)
    return value if value in SCRIPTS else None


def save_script(settings: Settings, script: str) -> None:
    """Remember ``script`` (``hant`` or ``hans``) as this device's display script."""
    if script not in SCRIPTS:
        raise ValueError(f"unknown display script {script!r} (expected hant or hans)")
    settings.set_setting(SCRIPT_KEY, script)


class CandidateLock(Protocol):
    """While a candidate has the screen: the interview's session id."""

    def get(self) -> int | None: ...
    def hold(self, session_id: int) -> None: ...
    def release(self) -> None: ...


def starting_user(store: Store, given: str) -> str:
    """Who practises as the app starts: the name given, else the last one; never a candidate."""
    user = given or store.get_setting(access.LAST_USER_KEY) or ""
    if user and access.kind_of(store, user) == access.CANDIDATE:
        return ""  # a candidate is nobody's trainee: their results stay hidden
    return user


class StoredLock:
    """The laptop's lock: a store setting, so a restarted app reopens at the candidate's screen.

    The store is read once (the app does it off the UI thread as it starts) and
    remembered: ``get`` on the UI thread then never touches the store. ``hold`` and
    ``release`` write it (screens call them in workers) before they change what
    ``get`` says.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._held: int | None = None
        self._read = False

    def get(self) -> int | None:
        if not self._read:
            self._held, self._read = access.candidate_lock(self.store), True
        return self._held

    def hold(self, session_id: int) -> None:
        access.lock_candidate(self.store, session_id)
        self._held, self._read = int(session_id), True

    def release(self) -> None:
        access.release_candidate(self.store)
        self._held, self._read = None, True


class ProcessLock:
    """A shared store's lock: this app process only."""

    def __init__(self) -> None:
        self.session_id: int | None = None

    def get(self) -> int | None:
        return self.session_id

    def hold(self, session_id: int) -> None:
        self.session_id = int(session_id)

    def release(self) -> None:
        self.session_id = None
