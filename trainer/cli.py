"""The ``trainer`` command line: a thin argparse front end over ``trainer.core``.

Global options (``--content``, ``--db``, ``--user``) go before the subcommand.
Commands other than the (default) UI never import Textual, and everything heavy
(YAML, the scorer, OpenCC) is imported inside the command that needs it, so
``trainer --help`` stays fast.

Exit codes: 0 fine, 1 invalid content / failed check / unreadable file,
2 bad command-line arguments, 130 interrupted. Errors print as
``trainer: error: …``, never as a traceback (``TRAINER_DEBUG=1`` re-raises
unexpected ones).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from trainer import __version__, paths
from trainer import cli_common as common
from trainer.cli_assign import add_assign_commands
from trainer.cli_common import EXIT_INTERRUPTED, PROG, CliError, out, plural
from trainer.cli_data import DataError, add_data_commands
from trainer.cli_score import add_score_command
from trainer.cli_user import add_user_commands
from trainer.core.problems import ContentError
from trainer.dburl import DbUrlError
from trainer.reports.output import EXIT_FAIL, EXIT_OK, EXIT_USAGE, error
from trainer.serve.options import add_serve_command

if TYPE_CHECKING:
    Sub = argparse._SubParsersAction[argparse.ArgumentParser]

DEBUG_ENV = "TRAINER_DEBUG"
USER_ENV = "TRAINER_USER"


# ---------------------------------------------------------------- parser


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv`` (None: the whole one, for any command line).

    With a command word it knows, only that command's part is built, and with none
    (the app) no command at all: building all of them is ~4 ms of every start. Help,
    an unknown word or a stray option get the whole parser, so ``--help`` lists every
    command and a wrong word is answered with the list of right ones.
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="淘寶客服培訓與面試模擬器 — offline training and interview simulator "
        "for customer-support staff. With no command: start the app on the content in use.",
        epilog="Global options go before the command, e.g. "
        "`trainer --content ./my-content validate`.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_global_options(parser)
    parser.set_defaults(func=cmd_app)
    word = None if argv is None else _command_word(argv)
    if word == "":
        return parser
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    adders = list(dict.fromkeys(COMMANDS.values())) if word not in COMMANDS else [COMMANDS[word]]
    for add in adders:
        add(sub)
    return parser


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR",
                        help=f"content folder (default: ${paths.CONTENT_ENV}, else the bundled content)")
    parser.add_argument("--db", metavar="PATH",
                        help=f"progress database (default: ${paths.DB_ENV}, else in the user data folder)")
    parser.add_argument("--user", metavar="NAME",
                        help=f"who is practising (default: ${USER_ENV}, else the name the app "
                        "asked for once and remembers)")
    parser.add_argument("--script", choices=("hant", "hans"),
                        help="display script: hant 繁體 or hans 简体 (default: the saved setting, "
                        "else hant); scoring is the same either way")


def _command_word(argv: Sequence[str]) -> str | None:
    """The command word after the global options ("" for none), or None when help is asked
    for or something else comes first (the whole parser then answers)."""
    if any(arg in ("-h", "--help") for arg in argv):
        return None
    peek = argparse.ArgumentParser(add_help=False, allow_abbrev=True)
    _add_global_options(peek)
    try:
        _known, rest = peek.parse_known_args(list(argv))
    except SystemExit:  # a bad global option: the whole parser says so
        return None
    if not rest:
        return ""
    return None if rest[0].startswith("-") else rest[0]


def _add_app_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("play", help="open the chat screen on any scenario file",
                       description="Practise one scenario file (bundled or not), from any node "
                       "and with any starting mood: for authors previewing their work.")
    p.add_argument("file", metavar="FILE", help="a scenario file")
    p.add_argument("--from", dest="from_node", metavar="NODE", help="start at this node (default: start)")
    p.add_argument("--mood", type=int, metavar="N", help="the buyer's starting mood, 0 calm .. 100 furious")
    p.add_argument("--mode", choices=("coach", "exam"), default="coach",
                   help="coach: feedback after every reply (default); exam: only at the end")
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("info", help="show what is loaded and where progress is kept",
                       description="Print the content folder in use, what it holds, the progress "
                       "database and the commands; exit 1 if the content is invalid.")
    p.set_defaults(func=cmd_info)


def _add_content_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("validate", help="report every problem in the content",
                       description="Report every problem as file:line:col: message; exit 1 on any error.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the content in use)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("check", help="run every example reply and flag untested branches",
                       description="Score every `examples` entry against its range (exit 1 on any "
                       "failure) and warn about `next` branches no example takes.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the content in use)")
    p.set_defaults(func=cmd_check)


def _add_serve(sub: Sub) -> None:
    add_serve_command(sub, cmd_serve)


# Each command word and what adds it (with the rest of its group) to the parser;
# tests/test_cli.py checks that the whole parser has exactly these words.
COMMANDS: dict[str, Callable[[Sub], None]] = {
    "play": _add_app_commands, "info": _add_app_commands,
    "validate": _add_content_commands, "check": _add_content_commands,
    "score": add_score_command,
    **dict.fromkeys(("report", "export", "passphrase", "import"), add_data_commands),
    **dict.fromkeys(("assign", "unassign", "track", "leaderboard"), add_assign_commands),
    "user": add_user_commands,
    "serve": _add_serve,
}


# ---------------------------------------------------------------- commands


def cmd_app(args: argparse.Namespace) -> int:
    """No command: start the app on the content in use."""
    from trainer.ui.launch import run

    choice = common.content_choice(args)
    return run(choice.path, paths.db_path(args.db), user=_chosen_user(args), script=args.script)


def cmd_play(args: argparse.Namespace) -> int:
    """``play FILE``: the chat screen straight on one scenario file."""
    from trainer.ui.launch import run

    choice = common.content_choice(args)
    return run(choice.path, paths.db_path(args.db), user=_chosen_user(args), script=args.script,
               play_file=common.existing(args.file), from_node=args.from_node, mood=args.mood,
               mode=args.mode)


def cmd_serve(args: argparse.Namespace) -> int:
    """``serve``: the app in browsers, one app process per tab, with this command's global options."""
    from trainer.serve.command import AppOptions, app_argv, shell_command

    try:
        from trainer.serve.server import TrainerServer
    except ImportError as exc:
        raise CliError(f"`serve` needs textual-serve ({exc}); install it with: pip install textual-serve") from None

    options = AppOptions(db=paths.db_path(args.db), content=common.content_choice(args).path,
                         user=_chosen_user(args), script=args.script)
    if isinstance(options.db, str):  # a URL reaches each app process by environment, not argv
        os.environ[paths.DB_ENV] = options.db
    server = TrainerServer(shell_command(app_argv(options)), host=args.host, port=args.port,
                           public_url=args.public_url, trust_header=args.trust_header)
    server.serve()
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    """``info``: show what is loaded and the commands available."""
    choice = common.content_choice(args)
    content, problems = common.load(args, [])
    if common.errors(problems):
        common.report(problems, common.count_files([choice.path]))
        return EXIT_FAIL
    out(f"{PROG} {__version__}")
    out(f"content: {choice.path}  ({choice.source})")
    out(f"  {plural(len(content.scenarios), 'scenario')}, "
        f"{plural(len(content.questions), 'interview question')}, "
        f"{plural(len(content.sets), 'interview set')}")
    if problems:
        out(f"  {plural(len(problems), 'warning')} (see `{PROG} validate`)")
    out(f"progress: {paths.shown_db(paths.db_path(args.db))}  (user: {_user(args)})")
    out(f"cache:    {paths.cache_dir()}  (played files and styles, kept to start faster; safe to delete)")
    out("")
    out("Commands:")
    out(f"  {PROG}                    start the app (practice with a difficult buyer)")
    out(f"  {PROG} play FILE [--from NODE] [--mood N] [--mode coach|exam]")
    out(f"  {PROG} validate [PATH…]   report every problem in the content")
    out(f"  {PROG} check [PATH…]      run every example reply, flag untested branches")
    out(f"  {PROG} score FILE (--node ID | --question ID) (--reply TEXT | --replies FILE) [--json]")
    out(f"  {PROG} serve [--host H] [--port N] [--public-url URL]   the app in a browser")
    out(f"  {PROG} assign ITEM… --to NAME|@GROUP --due YYYY-MM-DD   assignments (also --list, unassign, track)")
    out(f"  {PROG} user add|list|passwd|disable   accounts and roles (docs/accounts.md)")
    out(f"  {PROG} --help             all options")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    targets = common.targets(args)
    _content, problems = common.load(args, targets)
    common.report(problems, common.count_files(targets or [common.content_choice(args).path]))
    return EXIT_FAIL if common.errors(problems) else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    targets = common.targets(args)
    content, problems = common.load(args, targets)
    if common.errors(problems):
        common.report(problems, common.count_files(targets or [common.content_choice(args).path]))
        return EXIT_FAIL
    from trainer.core.check import run_checks

    report = run_checks(content)
    for problem in problems:
        out(str(problem))
    text = report.format()
    if text:
        out(text)
    return EXIT_FAIL if report.failures else EXIT_OK


def _chosen_user(args: argparse.Namespace) -> str | None:
    """``--user`` > ``$TRAINER_USER`` > None (the app asks once and remembers)."""
    return args.user or os.environ.get(USER_ENV) or None


def _user(args: argparse.Namespace) -> str:
    """Whose progress, as the app decides: ``--user`` > ``$TRAINER_USER`` > the remembered trainee."""
    from trainer.store.access import remembered_user

    db, chosen = paths.db_path(args.db), _chosen_user(args)
    if isinstance(db, str):  # a shared store (info does not connect): the app asks everyone to log in
        return "each person logs in" + (f" (the form starts with {chosen})" if chosen else "")
    chosen = chosen or remembered_user(db)
    return chosen or "none yet (the app asks for a name on first start)"


# ---------------------------------------------------------------- output and entry point


def _utf8_streams() -> None:
    """Print UTF-8 whatever the locale (a C locale would choke on Chinese)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # not on every replacement stream
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def _silence_stdout() -> None:
    # The reader went away (`trainer score … | head`): drop further output quietly.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``trainer`` console script and ``python -m trainer``."""
    _utf8_streams()
    try:
        words = sys.argv[1:] if argv is None else argv
        args = build_parser(words).parse_args(words)
        command: Callable[[argparse.Namespace], int] = args.func
        return command(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except CliError as exc:
        return error(str(exc), exc.code)
    except DataError as exc:
        return error(str(exc), exc.code)
    except DbUrlError as exc:
        return error(str(exc), EXIT_USAGE)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_FAIL
    except UnicodeDecodeError as exc:
        return error(f"a file is not UTF-8 text ({exc.reason} at byte {exc.start})")
    except ContentError as exc:
        common.report(exc.problems, len({p.loc.file for p in exc.problems}))
        return EXIT_FAIL
    except OSError as exc:
        return error(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    except Exception as exc:  # a bug: still no traceback unless asked for
        if os.environ.get(DEBUG_ENV):
            raise
        return error(f"internal error: {type(exc).__name__}: {exc} "
                     f"(a bug, please report it; {DEBUG_ENV}=1 shows the traceback)")
