"""``trainer score``: score replies against one node's or question's rubric, from the command line.

One reply (``--reply``) prints the whole explanation; a file of replies
(``--replies``) prints one line per reply (its score, points hit and missed,
signals); ``--json`` prints the result as JSON (JSON Lines for a file).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trainer.cli_common import CliError, errors, existing, load, out, report
from trainer.reports.output import EXIT_FAIL, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from trainer.core.content import Content
    from trainer.core.models import Rubric
    from trainer.core.result import Result


def add_score_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def cmd_score(args: argparse.Namespace) -> int:
    file = existing(args.file)
    if file.is_dir():
        raise CliError(f"{args.file} is a folder; give one scenario or interview bank file", EXIT_USAGE)
    replies = _read_replies(args.replies) if args.replies else [(0, _arg_text(args.reply))]
    content, problems = load(args, [file])
    if errors(problems):
        report(problems, 1)
        return EXIT_FAIL
    rubric = _find_rubric(content, args)
    single = args.replies is None
    for line_no, reply in replies:
        result = content.scorer.score(rubric, reply)
        out(_format_score(result, reply, line_no, as_json=args.json, single=single))
    return EXIT_OK


def _read_replies(name: str) -> list[tuple[int, str]]:
    """Every non-blank line of a UTF-8 file, with its 1-based line number."""
    from trainer.cli_replies import RepliesError, read_replies

    existing(name)
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
