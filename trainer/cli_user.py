"""``trainer user add | list | passwd | disable``: accounts, with the store's own credentials.

No app login here: whoever can open the store (the file, or the database URL
and its password) manages its accounts. Every input is checked before the
store is opened, and each change is one transaction, so a refused command
(exit 2) leaves the store as it was — and creates no database file either.
Passwords come from ``--password-stdin`` (one line) or, on a terminal, from
two hidden prompts; never from the command line. None of this imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from trainer import paths

if TYPE_CHECKING:
    from trainer.store import Store

    Sub = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A refused ``user`` command: printed as ``trainer: error: …`` with exit ``code``."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def add_user_commands(sub: Sub) -> None:
    p = sub.add_parser("user", help="accounts: add, list, passwd, disable (docs/accounts.md)",
                       description="Manage the accounts people log in with. Roles: trainee, manager, "
                       "interviewer, admin. Acts with the store's own credentials (no app login).")
    what = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    q = what.add_parser("add", help="add an account")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", action="append", required=True, metavar="ROLE",
                   help="trainee, manager, interviewer or admin; repeat it or give a,b")
    q.add_argument("--group", action="append", default=[], metavar="G",
                   help="put the person in this group (created if missing); may be repeated")
    q.add_argument("--claim", action="store_true",
                   help="NAME is already a trainee here (a laptop name): make it an account, keeping its history")
    _password_stdin(q)
    q.set_defaults(func=_guarded(_cmd_add))
    q = what.add_parser("list", help="every account: roles, groups, disabled, created")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=_guarded(_cmd_list))
    q = what.add_parser("passwd", help="set a new password for an account")
    q.add_argument("name", metavar="NAME")
    _password_stdin(q)
    q.set_defaults(func=_guarded(_cmd_passwd))
    q = what.add_parser("disable", help="the account can no longer log in (its history stays)")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=_guarded(_cmd_disable))


def _password_stdin(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from one line of standard input (else: asked twice on the terminal)")


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run ``command``; a refusal or a store error is one clear line and its exit code."""
    from trainer.store.errors import StoreError

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except (UserError, StoreError) as error:
            from trainer.core.visible import visible

            print(f"trainer: error: {visible(str(error))}", file=sys.stderr)
            return error.code if isinstance(error, UserError) else EXIT_USAGE
    return run


def _open(args: argparse.Namespace, *, must_exist: bool = True) -> Store:
    from trainer.store import Store

    db = paths.db_path(args.db)  # a file, or a postgresql:// URL
    if must_exist and not isinstance(db, str) and not db.exists():
        raise UserError(f"no progress database at {db} (use --db PATH to pick one)", EXIT_FAIL)
    return Store.open(db)


def _password(args: argparse.Namespace) -> str:
    """The new password, checked (empty, too short) before anything is opened."""
    from trainer.store import accounts as acc

    if args.password_stdin:
        password = sys.stdin.readline(acc.MAX_PASSWORD + 2).rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise UserError("the two passwords differ; nothing was changed")
    else:
        raise UserError("no terminal to ask the password on: give it on standard input with --password-stdin")
    acc.check_password(password)
    return password


def _cmd_add(args: argparse.Namespace) -> int:
    from trainer.store import accounts as acc

    name = acc.check_name(args.name)
    roles = acc.check_roles(r for given in args.role for r in given.split(","))
    groups = list(args.group)
    if any(not g.strip() for g in groups):
        raise UserError("a group name cannot be empty")
    password = _password(args)
    with _open(args, must_exist=False) as store:
        acc.add_account(store, name, roles, password, groups, claim=args.claim)
        where = store.path
    joined = f" in {', '.join(g.strip() for g in groups)}" if groups else ""
    _out(f"added {name} ({', '.join(roles)}){joined} to {where}")
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    from trainer.store import accounts as acc

    with _open(args) as store:
        people = acc.accounts(store)
    if args.json:
        import json

        from trainer.core.visible import json_safe

        rows = [{"name": a.name, "roles": list(a.roles), "groups": list(a.groups), "disabled": a.disabled,
                 "created": a.created} for a in people]
        print(json_safe(json.dumps(rows, ensure_ascii=False)))
        return EXIT_OK
    table = [("name", "roles", "groups", "disabled", "created")]
    table += [(a.name, ",".join(a.roles), ",".join(a.groups) or "-", "yes" if a.disabled else "no",
               a.created[:16].replace("T", " ")) for a in people]
    widths = [max(_width(row[i]) for row in table) for i in range(5)]
    for row in table:
        _out("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not people:
        _out("(no accounts yet: `trainer user add NAME --role ROLE`)")
    return EXIT_OK


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cmd_passwd(args: argparse.Namespace) -> int:
    from trainer.store import accounts as acc

    password = _password(args)
    with _open(args) as store:
        acc.set_password(store, args.name, password)
    _out(f"new password set for {args.name.strip()} (only a salted hash is kept)")
    return EXIT_OK


def _cmd_disable(args: argparse.Namespace) -> int:
    from trainer.store import accounts as acc

    with _open(args) as store:
        changed = acc.disable(store, args.name)
    _out(f"{args.name.strip()} " + ("can no longer log in" if changed else "was already disabled"))
    return EXIT_OK


def _out(text: str) -> None:
    from trainer.core.visible import visible

    print(visible(text))
