"""CLI commands for a manager's assignments and tracks (docs/assignments.md).

``trainer assign ITEM… --to NAME|@GROUP --due YYYY-MM-DD [--min-score N] [--passes N]
[--max-attempts N] [--mode coach|exam] [--by NAME]``, ``trainer assign --list``,
``trainer unassign ID``, ``trainer track add NAME ASSIGNMENT_ID…``, ``trainer track
list``, ``trainer track check [NAME]``, ``trainer leaderboard GROUP [--on|--off]``,
and the reports ``report assignments`` and ``report certificate NAME TRACK``. Each opens the store, calls
``trainer.services.assignments`` / ``trainer.services.certificates`` and closes
it. A refused request (unknown item, person or group, a bad or past due date, a
trainee assigning) prints a clear message, exits 2 and writes nothing. No
Textual here.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import paths
from trainer.cli_common import load, unreachable
from trainer.reports.output import EXIT_OK, EXIT_USAGE, error

if TYPE_CHECKING:
    from trainer.services.assignments import Catalog
    from trainer.store import Store

    Sub = argparse._SubParsersAction[argparse.ArgumentParser]


def add_assign_commands(sub: Sub) -> None:
    """Register ``assign``, ``unassign`` and ``track`` on the main parser."""
    p = sub.add_parser("assign", help="assign scenarios, categories, interview sets or typing with a due date",
                       description="Assign items to a trainee or a group (@GROUP: its trainees, also those "
                       "who join later). ITEM is a scenario id, category:NAME (e.g. category:售後), an "
                       "interview-question set id, or typing (--min-score is then 字/分鐘). With --list: "
                       "the current assignments.")
    p.add_argument("items", nargs="*", metavar="ITEM")
    p.add_argument("--to", metavar="NAME|@GROUP", help="a trainee, or @ and a group's name")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="the last day (today or later)")
    p.add_argument("--min-score", type=float, metavar="N", help="a passing attempt scores at least N "
                   "(default: the content's pass mark; typing: 60 字/分鐘)")
    p.add_argument("--passes", type=int, default=1, metavar="N", help="passing attempts needed (default 1)")
    p.add_argument("--max-attempts", type=int, metavar="N", help="attempts allowed (default: no limit)")
    p.add_argument("--mode", choices=("coach", "exam"), help="count only attempts in this mode")
    _by(p)
    p.add_argument("--list", action="store_true", help="list the current assignments")
    p.set_defaults(func=_cmd_assign)

    p = sub.add_parser("unassign", help="withdraw an assignment (its history stays)")
    p.add_argument("assignment_id", type=int, metavar="ID")
    _by(p)
    p.set_defaults(func=_cmd_unassign)

    _add_track(sub)
    _add_leaderboard(sub)


def _add_track(sub: Sub) -> None:
    p = sub.add_parser("track", help="tracks of assignments that lead to a certificate")
    what = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    q = what.add_parser("add", help="a track: a name and its assignments in order")
    q.add_argument("name", metavar="NAME")
    q.add_argument("steps", nargs="+", type=int, metavar="ASSIGNMENT_ID")
    _by(q)
    q.set_defaults(func=_cmd_track_add)
    q = what.add_parser("list", help="every track and its steps")
    q.set_defaults(func=_cmd_track_list)
    q = what.add_parser("check", help="issue the certificates earned (of one trainee, or everyone)")
    q.add_argument("name", nargs="?", metavar="NAME")
    q.set_defaults(func=_cmd_track_check)


def _add_leaderboard(sub: Sub) -> None:
    p = sub.add_parser("leaderboard", help="a group's weekly leaderboard (off by default): show, --on, --off",
                       description="This week's best practice score, sessions and streak of each trainee of "
                       "GROUP. --on shows it to the group's trainees on their progress screen; --off hides it.")
    p.add_argument("group", metavar="GROUP")
    switch = p.add_mutually_exclusive_group()
    switch.add_argument("--on", action="store_true", help="show it to the group (a manager's choice)")
    switch.add_argument("--off", action="store_true", help="hide it again")
    _by(p)
    p.set_defaults(func=_cmd_leaderboard)


def add_assignment_reports(what: Sub) -> None:
    """``report assignments`` and ``report certificate`` (called by ``trainer.cli_data``)."""
    q = what.add_parser("assignments", help="one row per person and assignment: status, best, attempts, due")
    q.add_argument("--format", choices=("csv", "md", "html"), default="md")
    q.add_argument("--group", metavar="G", help="only the members of this group")
    q.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here instead of stdout")
    q.set_defaults(func=_cmd_report_assignments)
    q = what.add_parser("certificate", help="a trainee's certificate for a track, printable")
    q.add_argument("name", metavar="NAME")
    q.add_argument("track", metavar="TRACK")
    q.add_argument("--format", choices=("html", "md"), default="html")
    q.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here instead of stdout")
    q.set_defaults(func=_cmd_report_certificate)


def _by(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", metavar="NAME", help="who is doing this (default: --user, $TRAINER_USER, "
                   "else the remembered trainee); with accounts, a manager")


def _who(args: argparse.Namespace) -> str | None:
    from trainer.store.access import remembered_user

    return (getattr(args, "by", None) or args.user or os.environ.get("TRAINER_USER")
            or remembered_user(paths.db_path(args.db)))


def _with_store(args: argparse.Namespace, action: Callable[[Store], int]) -> int:
    """Open the existing database, run ``action``; AssignError and StoreError exit 2 / 1."""
    from trainer.services.assignments import AssignError
    from trainer.store import Store, StoreError

    db = paths.db_path(args.db)
    if isinstance(db, Path) and not db.exists():  # (a database URL: the server says if it is there)
        return error(f"沒有進度資料庫 {db} / no progress database at {db} (use --db PATH)", EXIT_USAGE)
    try:
        with Store.open(db) as store:
            return action(store)
    except AssignError as exc:
        return error(str(exc), EXIT_USAGE)
    except StoreError as exc:
        return error(str(exc), EXIT_USAGE if unreachable(exc) else 1)


def _catalog(args: argparse.Namespace) -> tuple[Catalog, float]:
    """What the content in use offers to assign, and its pass mark."""
    from trainer.services.assignments import catalog_of

    content, _problems = load(args, [])
    return catalog_of(content), float(content.settings.pass_mark)


def _cmd_assign(args: argparse.Namespace) -> int:
    from trainer.services import assignments as svc

    if args.list:
        return _with_store(args, _list)
    if not args.items or not args.to or not args.due:
        return error("用法 / usage: trainer assign ITEM… --to NAME|@GROUP --due YYYY-MM-DD", EXIT_USAGE)
    catalog, pass_mark = _catalog(args)
    by = _who(args)

    from trainer.store import assignments as rows

    def act(store: Store) -> int:
        typing = "typing" in args.items
        score = args.min_score if args.min_score is not None else (svc.TYPING_CPM if typing else pass_mark)
        rule = svc.Rule(score, args.passes, args.max_attempts, args.mode)
        ids = svc.create(store, catalog, args.items, args.to, args.due, rule, by=by)
        for row in (rows.assignment(store, i) for i in ids):
            assert row is not None
            print(f"指派 {row.id}：{row.title} → {row.target}，截止 {row.due}，{_rule(row)}")
        return EXIT_OK

    return _with_store(args, act)


def _rule(row: object) -> str:
    from trainer.store.assignments import AssignmentRow

    assert isinstance(row, AssignmentRow)
    unit = " 字/分鐘" if row.item_kind == "typing" else " 分"
    text = f"至少{row.min_score:g}{unit}，通過 {row.passes} 次"
    if row.max_attempts:
        text += f"，最多 {row.max_attempts} 次"
    return text + (f"，{ {'coach': '教練', 'exam': '考試'}[row.mode] }模式" if row.mode else "")


def _list(store: Store) -> int:
    from trainer.core.visible import visible
    from trainer.services import assignments as svc
    from trainer.store import assignments as rows

    today = svc.today_of(store)
    found = rows.assignments(store)
    if not found:
        print("目前沒有指派 / no assignments")
    for row in found:
        people = svc.progress(store, row, today)
        passed = sum(1 for p in people if p.status == svc.PASSED)
        print(visible(f"{row.id}\t{svc.KIND_WORDS[row.item_kind]}\t{row.title}\t{row.target}\t截止 {row.due}"
                      f"\t{_rule(row)}\t已通過 {passed}/{len(people)}"))
    return EXIT_OK


def _cmd_unassign(args: argparse.Namespace) -> int:
    from trainer.services import assignments as svc

    by = _who(args)

    def act(store: Store) -> int:
        row = svc.remove(store, args.assignment_id, by=by)
        print(f"已取消指派 {row.id}：{row.title} → {row.target}")
        return EXIT_OK

    return _with_store(args, act)


def _cmd_track_add(args: argparse.Namespace) -> int:
    from trainer.services import certificates as certs

    by = _who(args)

    def act(store: Store) -> int:
        track_id = certs.add(store, args.name, list(args.steps), by=by)
        print(f"路徑 {track_id}：{args.name.strip()}，{len(args.steps)} 步（指派 "
              + "、".join(str(s) for s in args.steps) + "）")
        return EXIT_OK

    return _with_store(args, act)


def _cmd_track_list(args: argparse.Namespace) -> int:
    from trainer.core.visible import visible
    from trainer.store import assignments as rows
    from trainer.store import certificates as certs

    def act(store: Store) -> int:
        found = certs.tracks(store)
        if not found:
            print("目前沒有路徑 / no tracks")
        issued = certs.certificates(store)
        for track in found:
            steps = [rows.assignment(store, s) for s in track.steps]
            names = "、".join(f"{s.id} {s.title}" if s else "?" for s in steps)
            count = sum(1 for c in issued if c.track == track.name)
            print(visible(f"{track.name}\t{names}\t已發證書 {count}"))
        return EXIT_OK

    return _with_store(args, act)


def _cmd_track_check(args: argparse.Namespace) -> int:
    from trainer.core.visible import visible
    from trainer.services import certificates as certs

    def act(store: Store) -> int:
        if args.name:
            from trainer.services.assignments import AssignError
            from trainer.store import access

            if access.kind_of(store, args.name) != access.TRAINEE:
                raise AssignError(f"沒有這位學員「{args.name.strip()}」/ no trainee called {args.name.strip()!r}")
            new = [(args.name.strip(), t) for t in certs.check(store, args.name.strip())]
        else:
            new = certs.check_everyone(store)
        for person, track in new:
            print(visible(f"發出證書：{person}　{track}"))
        if not new:
            print("沒有新的證書 / no new certificates")
        return EXIT_OK

    return _with_store(args, act)


def _cmd_leaderboard(args: argparse.Namespace) -> int:
    from trainer.core.visible import visible
    from trainer.services import leaderboard
    from trainer.services.assignments import AssignError
    from trainer.store import groups
    from trainer.store import leaderboard as boards

    by = _who(args)

    def act(store: Store) -> int:
        if args.on or args.off:
            leaderboard.switch(store, args.group, bool(args.on), by=by)
            print(visible(f"「{args.group.strip()}」的排行榜已{'開啟' if args.on else '關閉'}"))
            return EXIT_OK
        if groups.group_id(store, args.group) is None:
            raise AssignError(f"沒有這個組「{args.group.strip()}」/ no group {args.group.strip()!r}")
        state = "開啟" if boards.is_on(store, args.group) else "關閉（--on 開啟）"
        print(visible(f"本週排行：{args.group.strip()}（學員看得到：{state}）"))
        for p in leaderboard.board(store, args.group):
            best = "—" if p.best is None else f"{p.best:.0f}"
            print(visible(f"{p.rank or '-'}\t{p.person}\t最佳 {best}\t{p.sessions} 場\t連續 {p.streak} 天"))
        return EXIT_OK

    return _with_store(args, act)


def _cmd_report_assignments(args: argparse.Namespace) -> int:
    from trainer.reports.assignments import cmd_report_assignments

    return _with_store(args, lambda s: cmd_report_assignments(s, args.format, args.group, args.output))


def _cmd_report_certificate(args: argparse.Namespace) -> int:
    from trainer.reports.certificate import cmd_report_certificate

    return _with_store(args, lambda s: cmd_report_certificate(s, args.name, args.track, args.format,
                                                              args.output))
