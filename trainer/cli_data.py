"""CLI commands over the progress database: reports, exports and imports.

``trainer [--db PATH] report interview ID | report team | report user NAME``
(``report assignments`` and ``report certificate`` come from ``trainer.cli_assign``),
``export xapi | export json``, ``import json FILE`` and ``passphrase [--reset]``
(the staff passphrase: whether one is set; the machine owner's reset of a forgotten one).
Each opens the store,
calls one function of ``trainer.reports`` / ``trainer.store.transfer`` and
closes it. None of them imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import paths
from trainer.cli_common import content_choice, load, unreachable

if TYPE_CHECKING:
    from trainer.store import Store

    Sub = argparse._SubParsersAction[argparse.ArgumentParser]


class DataError(Exception):
    """A clean failure of a data command (printed as ``trainer: error: …``, exit ``code``)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def add_data_commands(sub: Sub) -> None:
    """Register ``report``, ``export``, ``import`` and ``passphrase`` on the main parser."""
    _add_report(sub)
    _add_export(sub)
    _add_passphrase(sub)
    p = sub.add_parser("import", help="import a trainee's history exported with `export json`")
    what = p.add_subparsers(title="what", metavar="WHAT", required=True)
    q = what.add_parser("json", help="a JSON file from `trainer export json`")
    q.add_argument("file", metavar="FILE")
    q.set_defaults(func=_cmd_import_json)


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here instead of stdout")


def _add_report(sub: Sub) -> None:
    p = sub.add_parser("report", help="reports from the progress database (interview, team, user, "
                       "assignments, certificate)")
    what = p.add_subparsers(title="reports", metavar="REPORT", required=True)
    q = what.add_parser("interview", help="a candidate's interview report")
    q.add_argument("session_id", metavar="ID", type=int, help="the interview's id (shown in the console)")
    q.add_argument("--format", choices=("md", "html"), default="md")
    _output(q)
    q.set_defaults(func=_cmd_report_interview)
    q = what.add_parser("team", help="everyone in the database: activity, averages, weak points")
    q.add_argument("--format", choices=("csv", "md", "html"), default="md")
    _output(q)
    q.set_defaults(func=_cmd_report_team)
    q = what.add_parser("user", help="one trainee's progress")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--format", choices=("csv", "md", "html"), default="md")
    _output(q)
    q.set_defaults(func=_cmd_report_user)
    from trainer.cli_assign import add_assignment_reports

    add_assignment_reports(what)


def _add_export(sub: Sub) -> None:
    p = sub.add_parser("export", help="export progress (xAPI statements or JSON)")
    what = p.add_subparsers(title="formats", metavar="FORMAT", required=True)
    q = what.add_parser("xapi", help="every completed session and reply as xAPI statements")
    q.add_argument("--since", metavar="DATE", type=_day, help="only from this day (YYYY-MM-DD)")
    q.add_argument("--base", metavar="URL", type=_base_url,
                   help="the IRI base of activities and extensions, e.g. https://lms.example.com/xapi "
                        "(default https://trainer.invalid/xapi)")
    _output(q)
    q.set_defaults(func=_cmd_export_xapi)
    q = what.add_parser("json", help="a trainee's (or everyone's) full history, for `import json`")
    q.add_argument("--user", dest="export_user", metavar="NAME", help="only this trainee (default: everyone)")
    _output(q)
    q.set_defaults(func=_cmd_export_json)


def _day(text: str) -> date:
    """``--since``: a calendar day, refused in plain words (argparse would say 「invalid fromisoformat」)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期要寫成 年-月-日，例如 2026-11-01 / a date must be YYYY-MM-DD, e.g. 2026-11-01 "
            f"(got {text!r})") from None


def _base_url(text: str) -> str:
    """``--base``: an absolute http(s) address with a host, no spaces, query or fragment."""
    from urllib.parse import urlsplit

    value = text.strip()
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (a port that is not a number raises ValueError)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok or any(c.isspace() or ord(c) < 0x20 for c in value) or "?" in value or "#" in value:
        raise argparse.ArgumentTypeError(
            f"xAPI 基礎網址要是完整的 http(s) 網址，例如 https://lms.example.com/xapi（不含空格、? 或 #） / "
            f"--base must be an absolute http(s) URL such as https://lms.example.com/xapi "
            f"(no spaces, ? or #; got {text!r})")
    return value.rstrip("/")


def _add_passphrase(sub: Sub) -> None:
    p = sub.add_parser(
        "passphrase", help="the staff passphrase: whether one is set, or --reset a forgotten one",
        description="The staff passphrase guards other people's data in the app (the team view, "
        "interviews and their scores, another trainee's history) and the candidate's screen. Only "
        "a salted hash is kept. --reset forgets it and the count of wrong tries: the next guarded "
        "entry in the app asks for a new one (twice). Nothing else changes. Resetting is the right "
        "of whoever owns this machine and its progress database.")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--reset", action="store_true",
                      help="forget the passphrase (and the wrong-try count); the app then asks for a new one")
    what.add_argument("--set", action="store_true",
                      help="set the first passphrase, read from standard input (a line, at least 6 characters); "
                      "the app lets only the first user of a machine set it there")
    p.set_defaults(func=_cmd_passphrase)


def _cmd_passphrase(args: argparse.Namespace) -> int:
    from trainer.store import access
    from trainer.store import interviews as records

    def act(store: Store) -> int:
        if args.set:
            return _set_passphrase(store)
        if args.reset:
            had = access.reset_passphrase(store)
            print(f"staff passphrase reset in {store.path}: set a new one with `passphrase --set` (the app "
                  "asks for one only while nobody else has a history here); nothing else changed" if had else
                  f"no staff passphrase was set in {store.path}; nothing changed")
            return 0
        if not records.has_passphrase(store):
            print(f"no staff passphrase is set in {store.path}; set one with `passphrase --set` "
                  "(the app asks for one on first use only while nobody else has a history here)")
            return 0
        wait = access.wait_left(store)
        print(f"a staff passphrase is set in {store.path}"
              + (f"; after wrong tries, the next try is allowed in {wait} s" if wait else "")
              + f" (forgotten? `trainer --db {store.path} passphrase --reset`)")
        return 0

    return _with_store(args, act, must_exist=not args.set)  # --set may be the first thing on a machine


def _set_passphrase(store: Store) -> int:
    """``passphrase --set``: the first passphrase, from one line of standard input."""
    from trainer.store import interviews as records

    if records.has_passphrase(store):
        print(f"trainer: error: a staff passphrase is already set in {store.path}; change it in the app "
              f"(interviewer desk, p) or `passphrase --reset` first", file=sys.stderr)
        return 1
    line = sys.stdin.readline(1000).rstrip("\r\n")
    if len(line) < 6:
        print("trainer: error: the passphrase must have at least 6 characters (one line on standard input)",
              file=sys.stderr)
        return 2
    records.set_passphrase(store, line)
    print(f"staff passphrase set in {store.path} (only a salted hash is kept)")
    return 0


def _with_store(args: argparse.Namespace, action: Callable[[Store], int], *, must_exist: bool = True) -> int:
    from trainer.store import Store, StoreError

    db = paths.db_path(args.db)
    if must_exist and isinstance(db, Path) and not db.exists():
        raise DataError(f"no progress database at {db} (use --db PATH to pick one)")
    try:
        store = Store.open(db)
    except StoreError as error:
        # a database server that cannot be used is a wrong --db, like a bad option: exit 2
        raise DataError(str(error), 2 if isinstance(db, str) and unreachable(error) else 1) from None
    with store:
        return action(store)


def _cmd_report_interview(args: argparse.Namespace) -> int:
    from trainer.reports.interview import cmd_report_interview

    content_choice(args)
    content, _ = load(args, [])
    return _with_store(args, lambda s: cmd_report_interview(s, content, args.session_id, args.format, args.output))


def _cmd_report_team(args: argparse.Namespace) -> int:
    from trainer.reports.team import cmd_report_team

    return _with_store(args, lambda s: cmd_report_team(s, args.format, args.output))


def _cmd_report_user(args: argparse.Namespace) -> int:
    from trainer.reports.team import cmd_report_user

    return _with_store(args, lambda s: cmd_report_user(s, args.name, args.format, args.output))


def _cmd_export_xapi(args: argparse.Namespace) -> int:
    from trainer.reports.xapi import DEFAULT_BASE, cmd_export_xapi

    base = args.base or DEFAULT_BASE
    return _with_store(args, lambda s: cmd_export_xapi(s, args.since, args.output, base=base))


def _cmd_export_json(args: argparse.Namespace) -> int:
    from trainer.store.transfer import cmd_export_json

    return _with_store(args, lambda s: cmd_export_json(s, args.export_user, args.output))


def _cmd_import_json(args: argparse.Namespace) -> int:
    from trainer.store.transfer import cmd_import_json

    path = Path(args.file)
    if not path.exists():
        raise DataError(f"no such file: {path}")
    return _with_store(args, lambda s: cmd_import_json(s, path), must_exist=False)
