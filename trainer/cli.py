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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import __version__, paths
from trainer.cli_assign import add_assign_commands
from trainer.cli_data import DataError, add_data_commands
from trainer.cli_user import add_user_commands
from trainer.core.problems import ContentError
from trainer.dburl import DbUrlError
from trainer.serve.options import add_serve_command

if TYPE_CHECKING:
    from trainer.core.content import Content
    from trainer.core.models import Rubric
    from trainer.core.problems import Problem
    from trainer.core.result import Result

PROG = "trainer"
DEBUG_ENV = "TRAINER_DEBUG"
USER_ENV = "TRAINER_USER"
EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CliError(Exception):
    """A clean failure: printed as ``trainer: error: …`` with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAIL):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="淘寶客服培訓與面試模擬器 — offline training and interview simulator "
        "for customer-support staff. With no command: start the app on the content in use.",
        epilog="Global options go before the command, e.g. "
        "`trainer --content ./my-content validate`.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
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
    parser.set_defaults(func=cmd_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_app_commands(sub)
    _add_content_commands(sub)
    _add_score_command(sub)
    add_data_commands(sub)
    add_assign_commands(sub)
    add_user_commands(sub)
    add_serve_command(sub, cmd_serve)
    return parser


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


def _add_score_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("score", help="score a reply against a node or question",
                       description="Score replies against one rubric. The thesaurus and scoring "
                       "settings come from the content in use.")
    p.add_argument("file", metavar="FILE", help="a scenario or interview bank file")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--node", metavar="ID", help="scenario node id")
    target.add_argument("--question", metavar="ID",
                        help="interview question id (ID#follow-up-1, … for its follow-ups)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--reply", metavar="TEXT", help="the reply to score")
    source.add_argument("--replies", metavar="FILE",
                        help="a UTF-8 text file: every non-empty line is a reply, one result per line")
    p.add_argument("--json", action="store_true", help="print JSON (JSON Lines with --replies)")
    p.set_defaults(func=cmd_score)


# ---------------------------------------------------------------- commands


def cmd_app(args: argparse.Namespace) -> int:
    """No command: start the app on the content in use."""
    from trainer.ui.launch import run

    choice = _content_choice(args)
    return run(choice.path, paths.db_path(args.db), user=_chosen_user(args), script=args.script)


def cmd_play(args: argparse.Namespace) -> int:
    """``play FILE``: the chat screen straight on one scenario file."""
    from trainer.ui.launch import run

    choice = _content_choice(args)
    return run(choice.path, paths.db_path(args.db), user=_chosen_user(args), script=args.script,
               play_file=_existing(args.file), from_node=args.from_node, mood=args.mood,
               mode=args.mode)


def cmd_serve(args: argparse.Namespace) -> int:
    """``serve``: the app in browsers, one app process per tab, with this command's global options."""
    from trainer.serve.command import AppOptions, app_argv, shell_command

    try:
        from trainer.serve.server import TrainerServer
    except ImportError as exc:
        raise CliError(f"`serve` needs textual-serve ({exc}); install it with: pip install textual-serve") from None

    options = AppOptions(db=paths.db_path(args.db), content=_content_choice(args).path,
                         user=_chosen_user(args), script=args.script)
    if isinstance(options.db, str):  # a URL reaches each app process by environment, not argv
        os.environ[paths.DB_ENV] = options.db
    server = TrainerServer(shell_command(app_argv(options)), host=args.host, port=args.port,
                           public_url=args.public_url, trust_header=args.trust_header)
    server.serve()
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    """``info``: show what is loaded and the commands available."""
    choice = _content_choice(args)
    content, problems = _load(args, [])
    if _errors(problems):
        _report(problems, _count_files([choice.path]))
        return EXIT_FAIL
    out(f"{PROG} {__version__}")
    out(f"content: {choice.path}  ({choice.source})")
    out(f"  {_plural(len(content.scenarios), 'scenario')}, "
        f"{_plural(len(content.questions), 'interview question')}, "
        f"{_plural(len(content.sets), 'interview set')}")
    if problems:
        out(f"  {_plural(len(problems), 'warning')} (see `{PROG} validate`)")
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
    targets = _targets(args)
    _content, problems = _load(args, targets)
    _report(problems, _count_files(targets or [_content_choice(args).path]))
    return EXIT_FAIL if _errors(problems) else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    targets = _targets(args)
    content, problems = _load(args, targets)
    if _errors(problems):
        _report(problems, _count_files(targets or [_content_choice(args).path]))
        return EXIT_FAIL
    from trainer.core.check import run_checks

    report = run_checks(content)
    for problem in problems:
        out(str(problem))
    text = report.format()
    if text:
        out(text)
    return EXIT_FAIL if report.failures else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    file = _existing(args.file)
    if file.is_dir():
        raise CliError(f"{args.file} is a folder; give one scenario or interview bank file", EXIT_USAGE)
    replies = _read_replies(args.replies) if args.replies else [(0, _arg_text(args.reply))]
    content, problems = _load(args, [file])
    if _errors(problems):
        _report(problems, 1)
        return EXIT_FAIL
    rubric = _find_rubric(content, args)
    single = args.replies is None
    for line_no, reply in replies:
        result = content.scorer.score(rubric, reply)
        out(_format_score(result, reply, line_no, as_json=args.json, single=single))
    return EXIT_OK


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


# ---------------------------------------------------------------- loading


def _content_choice(args: argparse.Namespace) -> paths.ContentChoice:
    choice = paths.content_dir(args.content)
    if not choice.path.is_dir():
        where = {"bundled": "the bundled content"}.get(choice.source, choice.source)
        raise CliError(f"content folder not found: {choice.path} (from {where})", EXIT_USAGE)
    return choice


def _targets(args: argparse.Namespace) -> list[Path]:
    return [_existing(p) for p in args.paths]


def _existing(name: str) -> Path:
    path = Path(name)
    if not os.path.lexists(path):  # a link loop or a dangling link is the loader's to report
        raise CliError(f"no such file or folder: {name}", EXIT_USAGE)
    return path


def _load(args: argparse.Namespace, targets: list[Path]) -> tuple[Content, list[Problem]]:
    """The content in use, or ``targets`` loaded over it (its thesaurus and settings)."""
    from trainer.core.content import default_lexicon
    from trainer.core.loader import load_content, load_paths

    choice = _content_choice(args)
    base, problems = load_content(choice.path, default_lexicon(paths.default_thesaurus(choice.path)))
    if not targets:
        return base, problems
    return load_paths(targets, base)


def _errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _count_files(targets: Sequence[Path]) -> int:
    """How many content files the targets hold (for the summary line)."""
    return sum(1 for _ in _yaml_files(targets))


def _yaml_files(targets: Sequence[Path]) -> Iterator[Path]:
    from trainer.core import files
    from trainer.core.loader import is_content_root

    ignored: list[Problem] = []  # the loader reports unlistable folders itself
    for target in targets:
        if not target.is_dir():
            yield target
        elif is_content_root(target):
            for sub in (paths.SCENARIOS_DIR, paths.INTERVIEW_DIR):
                yield from files.yaml_in(target / sub, ignored)
            for name in (paths.THESAURUS_FILE, paths.SCORING_FILE):
                if files.exists(target / name):
                    yield target / name
        else:
            yield from files.yaml_under(target, ignored)


def _report(problems: Sequence[Problem], files: int) -> None:
    """Every problem as ``file:line:col: message``, then a one-line summary."""
    for problem in problems:
        out(str(problem))
    n_err = len(_errors(problems))
    n_warn = len(problems) - n_err
    out(f"{_plural(n_err, 'error')}, {_plural(n_warn, 'warning')} in {_plural(files, 'file')}")


# ---------------------------------------------------------------- score helpers


def _read_replies(name: str) -> list[tuple[int, str]]:
    """Every non-blank line of a UTF-8 file, with its 1-based line number."""
    from trainer.cli_replies import RepliesError, read_replies

    _existing(name)
    try:
        return read_replies(name)
    except RepliesError as exc:
        raise CliError(str(exc)) from None


def _arg_text(text: str) -> str:
    """Command-line text as the user typed it, even under a non-UTF-8 locale.

    Python decodes argv with the locale's encoding; under ``LC_ALL=C`` the UTF-8
    bytes of Chinese text arrive as lone surrogates. Recover them.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", errors="replace")


def _find_rubric(content: Content, args: argparse.Namespace) -> Rubric:
    if args.node is not None:
        args.node = _arg_text(args.node)
        nodes = {nid: node for sc in content.scenarios.values() for nid, node in sc.nodes.items()}
        node = nodes.get(args.node)
        if node is None:
            raise CliError(_missing("node", args.node, args.file, list(nodes)), EXIT_USAGE)
        if node.rubric is None:
            raise CliError(f"node {args.node!r} is an ending ({node.end}): it expects no reply",
                           EXIT_USAGE)
        return node.rubric
    args.question = _arg_text(args.question)
    rubric = content.find_question_rubric(args.question)
    if rubric is None:
        ids = _question_ids(content)
        raise CliError(_missing("question", args.question, args.file, ids), EXIT_USAGE)
    return rubric


def _question_ids(content: Content) -> list[str]:
    """Question ids, each followed by its follow-ups as ``ID#follow-up-N``."""
    from trainer.core.content import FOLLOW_UP_TAG

    ids = []
    for qid, question in content.questions.items():
        ids.append(qid)
        ids += [f"{qid}{FOLLOW_UP_TAG}{n}" for n in range(1, len(question.follow_ups) + 1)]
    return ids


def _missing(kind: str, wanted: str, file: str, available: Sequence[str]) -> str:
    if not available:
        return f"no {kind} {wanted!r}: {file} has no {kind}s"
    return f"no {kind} {wanted!r} in {file}; available: {', '.join(available)}"


def _format_score(result: Result, reply: str, line_no: int, *, as_json: bool, single: bool) -> str:
    if as_json:
        import json

        from trainer.core.visible import json_safe

        data = result.to_dict()
        if not single:
            data = {"line": line_no, "reply": reply, **data}
        return json_safe(json.dumps(data, ensure_ascii=False))
    if single:
        from trainer.core.explain import format_result

        return format_result(result)
    marks = [f"✓{label}" for label in result.hit_labels]
    marks += [f"✗{label}" for label in result.missed_labels]
    marks += ["⚠" + hit.mark() for hit in result.signals if hit.listed]
    from trainer.core.visible import visible_line

    return f"{line_no}:	{result.score:3d}	{visible_line(' '.join(marks))}	{visible_line(reply)}"


# ---------------------------------------------------------------- output and entry point


def out(text: str = "") -> None:
    """Print to stdout; control characters from content or replies are shown, not obeyed."""
    from trainer.core.visible import visible

    print(visible(text), file=sys.stdout)


def _error(message: str) -> None:
    from trainer.core.visible import visible

    print(f"{PROG}: error: {visible(message)}", file=sys.stderr)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


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
        args = build_parser().parse_args(argv)
        command: Callable[[argparse.Namespace], int] = args.func
        return command(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except CliError as exc:
        _error(str(exc))
        return exc.code
    except DataError as exc:
        _error(str(exc))
        return exc.code
    except DbUrlError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_FAIL
    except UnicodeDecodeError as exc:
        _error(f"a file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return EXIT_FAIL
    except ContentError as exc:
        _report(exc.problems, len({p.loc.file for p in exc.problems}))
        return EXIT_FAIL
    except OSError as exc:
        _error(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
        return EXIT_FAIL
    except Exception as exc:  # a bug: still no traceback unless asked for
        if os.environ.get(DEBUG_ENV):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} "
               f"(a bug, please report it; {DEBUG_ENV}=1 shows the traceback)")
        return EXIT_FAIL
