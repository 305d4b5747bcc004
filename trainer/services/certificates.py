"""Tracks and certificates: a track is an ordered list of assignments; passing every step certifies.

``check(store, person)`` issues the certificates a person has earned and not yet
received (the debrief calls it when a session finishes; ``trainer track check``
and ``report certificate`` call it on demand). A step is passed when the
assignment's status for that person is 已通過; a typing step is a ``typing``
assignment whose minimum is a speed in 字/分鐘. The certificate keeps the
figures of every step at the moment it was issued. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trainer.services.assignments import PASSED, AssignError, Progress, may_manage, progress, today_of
from trainer.store import Store, StoreError
from trainer.store import assignments as rows
from trainer.store import certificates as certs
from trainer.store.certificates import CertificateRow, TrackRow


@dataclass(frozen=True)
class TrackProgress:
    """One person's steps of one track, in order (a removed or unreachable step is None)."""

    track: TrackRow
    person: str
    steps: tuple[Progress | None, ...]

    @property
    def passed(self) -> bool:
        return all(step is not None and step.status == PASSED for step in self.steps)

    @property
    def done(self) -> int:
        return sum(1 for step in self.steps if step is not None and step.status == PASSED)


def add(store: Store, name: str, steps: list[int], *, by: str | None) -> int:
    """A new track of current assignments, for managers (AssignError otherwise)."""
    if not may_manage(store, by):
        raise AssignError(f"「{by or '（未登入）'}」沒有主管權限 / only a manager may define a track")
    try:
        return certs.add_track(store, name, steps, by or "")
    except StoreError as exc:
        raise AssignError(f"無法建立路徑：{exc} / cannot add the track: {exc}") from None


def of_person(store: Store, track: TrackRow, person: str, today: date) -> TrackProgress:
    found: list[Progress | None] = []
    for step in track.steps:
        row = rows.assignment(store, step)
        got = progress(store, row, today, [person]) if row is not None and row.removed_at is None else []
        found.append(got[0] if got else None)
    return TrackProgress(track, person, tuple(found))


def figures(tp: TrackProgress) -> dict[str, object]:
    """What a certificate keeps: every step's item, rule and result."""
    return {"track": tp.track.name, "steps": [
        {"assignment": p.assignment.id, "kind": p.assignment.item_kind, "item": p.assignment.item_id,
         "title": p.assignment.title, "min_score": p.assignment.min_score, "passes": p.passes,
         "attempts": p.attempts, "best": p.best, "last_at": p.last_at}
        for p in tp.steps if p is not None]}


def check(store: Store, person: str, today: date | None = None, *, only: str | None = None) -> list[str]:
    """Issue ``person``'s earned certificates (of the track ``only``, if given); the tracks newly certified."""
    today = today or today_of(store)
    issued = {c.track for c in certs.certificates(store, person)}
    new: list[str] = []
    for track in certs.tracks(store):
        if track.name in issued or (only is not None and track.name != only.strip()):
            continue
        tp = of_person(store, track, person, today)
        if tp.passed and certs.issue(store, person, track.id, figures(tp)):
            new.append(track.name)
    return new


def check_everyone(store: Store) -> list[tuple[str, str]]:
    """``check`` for every trainee reached by some track step: (person, track) newly issued."""
    today = today_of(store)
    people: set[str] = set()
    steps = {step for track in certs.tracks(store) for step in track.steps}
    for step in steps:
        row = rows.assignment(store, step)
        if row is not None:
            people.update(name for _uid, name in rows.recipients(store, row))
    return [(person, name) for person in sorted(people) for name in check(store, person, today)]


def of(store: Store, person: str) -> list[CertificateRow]:
    """``person``'s certificates, oldest first."""
    return certs.certificates(store, person)


def certificate(store: Store, person: str, track: str) -> CertificateRow | None:
    return next((c for c in certs.certificates(store, person) if c.track == track.strip()), None)
