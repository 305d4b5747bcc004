"""Start the practice app from the command line: load, check, open the store, run.

``run`` refuses invalid content (every problem printed as ``file:line:col:
message`` on stderr, exit 1) and an unusable database (a clear message, exit 1,
the file untouched). ``trainer`` with no command calls it; so does ``trainer
play FILE`` with ``play_file`` and its options.

With a ``play_file`` in a content folder other than the bundled one, the
folder is loaded and checked before the app starts (an author previewing a file
wants the report, not a screen). In the bundled folder, the file's structure is
checked before (a broken file never opens: every problem is printed) and its
chat comes up as soon as it is read; the full check with the folder's thesaurus,
settings and rules runs behind it and closes the app with the same report, exit
1, if it finds a problem (the first reply waits for it). Without a file, the
home screen comes up first and the content loads behind it, with the same rule.

``--user NAME`` may not open someone else's history: a name other than the
remembered one that already has sessions, or a candidate's name, is refused
(exit 1; in the app, ``u`` switches with the staff passphrase). An allowed name
becomes the remembered one. A candidate lock left in the store (docs/interview.md)
makes the app start at the candidate's screen whatever the options.

On a shared store or one with accounts the app asks for a login instead
(``--user`` then only fills in the account field) and per-device settings are
read from the device's own settings file (``trainer.services.device``).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer import paths
from trainer.core.problems import Problem, errors

if TYPE_CHECKING:
    from trainer.core.content import Content
    from trainer.core.models import Scenario
    from trainer.core.readcache import Read
    from trainer.services.device import DeviceSettings
    from trainer.store import Store
    from trainer.ui.app import TrainerApp
    from trainer.ui.config import PlayTarget

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
LAST_LOGIN = "last_user"  # in the device settings of a shared store's terminal


class LaunchError(Exception):
    """Something to tell the user instead of running the app (exit 1).

    ``problems`` are printed first, one ``file:line:col: message`` per line.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def run(content_dir: Path, db_path: Path | str, user: str | None = None,
        script: str | None = None, play_file: Path | None = None,
        from_node: str | None = None, mood: int | None = None, mode: str = "coach") -> int:
    """Run the app until the trainee quits; returns the exit code.

    ``user`` overrides the remembered trainee; ``script`` (``hant``/``hans``)
    overrides the stored display-script setting; ``play_file`` opens the chat
    screen on that scenario file at ``from_node`` with the buyer's ``mood``.

    The garbage collector is paused until the first screen is drawn (the app turns
    it back on): start-up allocates hundreds of thousands of objects that all live
    on (imports, styles, widgets), and collecting them again and again only delays
    the first frame; reference counting still frees everything else.
    """
    gc.disable()
    try:
        return _run(Path(content_dir), db_path, user, script, play_file, from_node, mood, mode)
    finally:
        gc.enable()


def _run(root: Path, db_path: Path | str, user: str | None, script: str | None,
         play_file: Path | None, from_node: str | None, mood: int | None, mode: str) -> int:
    """``run`` with the collector paused."""
    try:
        content, play = _prepare(root, play_file, from_node, mood, mode)
    except LaunchError as error:
        _report(error)
        return EXIT_FAIL
    from trainer.store import Store, StoreError

    try:
        store = Store.open(db_path)
    except StoreError as error:
        _error(str(error))
        return EXIT_USAGE if _unreachable(error) else EXIT_FAIL
    try:
        accounts = _accounts(store, db_path, user)
        refused = None if accounts else _refuse_user(store, user)
        if refused:
            _error(refused)
            return EXIT_FAIL
        app = _build(content, store, user, script, play, accounts)
        app.run()
        app.keep_styles()  # what screens opened later parsed, for the next start
        _remember_login(app, accounts)
        if app.load_error is not None:
            if not isinstance(app.load_error, LaunchError):
                raise app.load_error
            _report(app.load_error)
            return EXIT_FAIL
        return app.return_code or EXIT_OK
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()


def _unreachable(error: Exception) -> bool:
    """A database URL that cannot be used (no server, refused login, no driver): a wrong --db, exit 2."""
    from trainer.store.postgres import StoreUnreachable

    return isinstance(error, StoreUnreachable)


def _prepare(root: Path, play_file: Path | None, node: str | None, mood: int | None,
             mode: str) -> tuple[Content | Callable[[], Content], PlayTarget | None]:
    """The content (or how to load it) and the play target, checked as far as needed now.

    The bundled content is checked by the test suite, so it loads behind the first
    screen; a played file is checked before the app starts, with the folder's
    thesaurus and settings only (the chat opens without waiting for the rest).
    Any other folder is checked whole before the app starts.
    """
    if paths.is_bundled(root):
        play = _play_first(root, play_file, node, mood, mode) if play_file else None
        return partial(_content, root), play
    content = _content(root)
    return content, (_play(content, play_file, node, mood, mode) if play_file else None)


def _play_first(root: Path, file: Path, node: str | None, mood: int | None, mode: str) -> PlayTarget:
    """The played file read far enough to draw its chat (its structure checked now); the full
    check, with the folder's thesaurus, settings and rules, runs behind the chat (``check``)."""
    from trainer.core import readcache

    file = Path(file).absolute()
    if not file.is_file():
        raise LaunchError(f"no such file: {file}")
    cache = paths.cache_dir()
    scenario = readcache.load(cache, file)  # a file played before: no YAML before the first frame
    if scenario is not None:
        return replace(_target(scenario, file, node, mood, mode, None),
                       check=partial(_checked, root, file, node, mood, mode))
    done = readcache.read(file)
    check = partial(_checked, root, file, node, mood, mode, (cache, done))
    if done.scenario is None or errors(done.problems):
        check()  # the full report (every problem, not only the first ones found), before the app
        raise LaunchError(f"{file} is not a scenario file (it has no `nodes`)")
    return replace(_target(done.scenario, file, node, mood, mode, None), check=check)


def _checked(root: Path, file: Path, node: str | None, mood: int | None, mode: str,
             keep: tuple[Path, Read] | None = None) -> Content:
    """The played file loaded and checked with the folder's settings (LaunchError if it has
    problems); with ``keep`` (a cache folder, and what was read before the first frame), what
    was read of a file that passes is kept there for the next play, not read a third time."""
    content = _play(_settings_only(root), file, node, mood, mode).content
    assert content is not None
    if keep is not None:
        from trainer.core import readcache

        readcache.keep_read(keep[0], file, keep[1])
    return content


def _settings_only(root: Path) -> Content:
    """A content with the folder's thesaurus and scoring settings, and nothing else."""
    from trainer.core.loader import load_paths

    files = [root / name for name in (paths.THESAURUS_FILE, paths.SCORING_FILE)]
    content, problems = load_paths([f for f in files if f.is_file()])
    _refuse(problems)
    return content


def _refuse_user(store: Store, user: str | None) -> str | None:
    """Why ``--user`` may not be used here (None: it may, and it is remembered from now on)."""
    from trainer.store import access

    name = (user or "").strip()
    if not name or name == store.get_setting(access.LAST_USER_KEY):
        return None
    kind = access.kind_of(store, name)
    if kind == access.CANDIDATE:
        return f"{name!r} is an interview candidate, not a trainee; pick another name"
    if kind is not None and access.has_history(store, name):
        return (f"{name!r} already has a history in this database; to switch to them, start "
                "trainer without --user and press u (it asks for the staff passphrase)")
    store.set_setting(access.LAST_USER_KEY, name)
    return None


def _accounts(store: Store, db_path: Path | str, user: str | None) -> dict[str, Any] | None:
    """The login options of this run (docs/accounts.md); None: a laptop store, the name prompt.

    Served behind a proxy trusted for the account name (``trainer serve
    --trust-header``), that account signs in without a password if it exists and
    is enabled; otherwise the app shows only a refusal.
    """
    from trainer.services import identity as ident

    if not ident.needs_login(store, db_path):
        return None
    options: dict[str, Any] = {"login": True, "shared": ident.is_shared(db_path)}
    trusted = ident.remote_user()
    if trusted is not None:
        found = ident.sign_in_trusted(store, trusted)
        options["identity" if found else "refusal"] = found or (
            f"帳號「{trusted}」在這裡不存在或已停用。 / No enabled account {trusted!r} here.")
    elif options["shared"] and not ident.served():
        options["user"] = user or _device().get(LAST_LOGIN)  # this terminal's last login, prefilled
    return options


def _device() -> DeviceSettings:
    from trainer.services.device import local_settings

    return local_settings()


def _remember_login(app: TrainerApp, accounts: dict[str, Any] | None) -> None:
    """A shared store's terminal remembers its last login locally (a browser tab remembers nothing)."""
    from trainer.services.identity import served

    identity = app.ctx.identity
    if accounts and accounts["shared"] and not served() and identity is not None:
        try:
            _device().set(LAST_LOGIN, identity.name)
        except OSError:
            pass  # only a convenience: the next login types the name


def _build(content: Content | Callable[[], Content], store: Store, user: str | None,
           script: str | None, play: PlayTarget | None, accounts: dict[str, Any] | None = None) -> TrainerApp:
    from trainer.services.device import saved_script
    from trainer.ui.app import make_app
    from trainer.ui.config import NO_TYPING, SCRIPTS, UiConfig

    settings: Store | DeviceSettings = _device() if accounts and accounts["shared"] else store
    script = script or saved_script(settings) or "hant"
    if script not in SCRIPTS:
        script = "hant"
    config = UiConfig(**{"user": user, "script": script, "play": play, "cache": paths.cache_dir(),
                         **(accounts or {})})
    if settings.get_setting("typing_pause") == "off":
        config = replace(config, typing=NO_TYPING)
    return make_app(content, store, config)


def _content(root: Path) -> Content:
    from trainer.core.content import default_lexicon
    from trainer.core.loader import load_content

    content, problems = load_content(root, default_lexicon(paths.default_thesaurus(root)))
    _refuse(problems)
    if not content.scenarios:
        raise LaunchError(f"no scenarios in {root}; nothing to practise")
    return content


def _play(content: Content, file: Path, node: str | None, mood: int | None,
          mode: str) -> PlayTarget:
    from trainer.core.loader import load_paths

    file = Path(file).absolute()
    if not file.is_file():
        raise LaunchError(f"no such file: {file}")
    loaded, problems = load_paths([file], base=content)
    _refuse(problems)
    if len(loaded.scenarios) != 1:
        raise LaunchError(f"{file} is not a scenario file (it has no `nodes`)")
    return _target(next(iter(loaded.scenarios.values())), file, node, mood, mode, loaded)


def _target(scenario: Scenario, file: Path, node: str | None, mood: int | None, mode: str,
            loaded: Content | None) -> PlayTarget:
    """The play target, once ``--from``, ``--mood`` and ``--mode`` are known to fit the scenario."""
    from trainer.ui.config import MODES, PlayTarget

    if node is not None and node not in scenario.nodes:
        raise LaunchError(f"no node {node!r} in {file}; available: {', '.join(scenario.nodes)}")
    if node is not None and scenario.nodes[node].end is not None:
        raise LaunchError(f"node {node!r} is an ending ({scenario.nodes[node].end}): it expects no reply")
    if mood is not None and not 0 <= mood <= 100:
        raise LaunchError(f"--mood must be between 0 and 100, got {mood}")
    if mode not in MODES:
        raise LaunchError(f"--mode must be one of {', '.join(MODES)}, got {mode!r}")
    return PlayTarget(scenario, node, mood, mode, loaded)


def _refuse(problems: Sequence[Problem]) -> None:
    """Stop if any problem is an error (the report then lists every problem)."""
    n = len(errors(list(problems)))
    if n:
        raise LaunchError(f"the content has {n} error{'s' if n != 1 else ''}; fix "
                          f"{'them' if n != 1 else 'it'} (see `trainer validate`) before starting",
                          problems)


def _report(error: LaunchError) -> None:
    from trainer.core.visible import visible  # content text: shown, never obeyed by the terminal

    for problem in error.problems:
        print(visible(str(problem)), file=sys.stderr)
    _error(str(error))


def _error(message: str) -> None:
    from trainer.core.visible import visible

    print(f"trainer: error: {visible(message)}", file=sys.stderr)
