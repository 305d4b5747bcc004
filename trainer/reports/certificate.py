"""``trainer report certificate NAME TRACK``: a printable certificate, and its xAPI statement.

The certificate is checked first (issued now if the trainee has just earned it);
a trainee who has not passed every step gets a clear refusal listing the steps
still open (exit 2). The page is self-contained HTML (the team report's style),
every name escaped. ``statement`` gives the xAPI ``passed`` statement (the track
as the activity) that ``trainer export xapi`` includes for each certificate.
"""

from __future__ import annotations

import uuid
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from trainer.reports.output import EXIT_USAGE, emit, error
from trainer.reports.team_html import _page
from trainer.reports.words import local_time, number
from trainer.services import certificates as certs
from trainer.services.assignments import PASSED, today_of
from trainer.store import Store, StoreError, access
from trainer.store import certificates as rows
from trainer.store.certificates import CertificateRow

ADL = "http://adlnet.gov/expapi"
PASSED_VERB = {"id": f"{ADL}/verbs/passed", "display": {"zh-TW": "通過", "en-US": "passed"}}


def cmd_report_certificate(store: Store, name: str, track: str, fmt: str, out: Path | None) -> int:
    try:
        refusal = _refusal(store, name, track)
        if refusal:
            return error(refusal, EXIT_USAGE)
        certs.check(store, name.strip(), only=track)  # this track only: a refusal writes nothing
        cert = certs.certificate(store, name.strip(), track)
        if cert is None:
            return error(_not_yet(store, name.strip(), track), EXIT_USAGE)
    except StoreError as exc:
        return error(str(exc))
    return emit(page(cert) if fmt == "html" else markdown(cert), out)


def _refusal(store: Store, name: str, track: str) -> str | None:
    if access.kind_of(store, name) != access.TRAINEE:
        return f"沒有這位學員「{name.strip()}」/ no trainee called {name.strip()!r}"
    if rows.track(store, track) is None:
        known = "、".join(t.name for t in rows.tracks(store)) or "（沒有）"
        return f"沒有這條路徑「{track.strip()}」（有：{known}）/ no track {track.strip()!r}"
    return None


def _not_yet(store: Store, name: str, track: str) -> str:
    found = rows.track(store, track)
    assert found is not None
    tp = certs.of_person(store, found, name, today_of(store))
    open_steps = "、".join(p.assignment.title + f"（{p.status}）" if p else "（已取消的指派）"
                           for p in tp.steps if p is None or p.status != PASSED)
    return (f"「{name}」還沒有通過「{found.name}」（{tp.done}/{len(tp.steps)} 步）：{open_steps} / "
            f"{name!r} has not passed track {found.name!r} yet")


def _steps(cert: CertificateRow) -> list[dict[str, Any]]:
    steps = cert.figures.get("steps")
    return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []


def markdown(cert: CertificateRow) -> str:
    lines = [f"# 結業證書：{cert.track}", "", f"茲證明 **{cert.person}** 已通過「{cert.track}」的每一步。",
             "", f"發證日期：{local_time(cert.issued_at)[:10]}", "", "| 步驟 | 最佳 | 通過次數 | 次數 |",
             "|---|---|---|---|"]
    lines += [f"| {_cell(s.get('title'))} | {number(s.get('best'))} | {s.get('passes')} | {s.get('attempts')} |"
              for s in _steps(cert)]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value or "").replace("|", "｜").replace("\n", " ")


def page(cert: CertificateRow) -> str:
    rows_html = "".join(
        f"<tr><td>{escape(str(s.get('title') or ''))}</td><td class=\"num\">{escape(number(s.get('best')))}</td>"
        f"<td class=\"num\">{escape(str(s.get('passes')))}</td><td class=\"num\">{escape(str(s.get('attempts')))}"
        "</td></tr>" for s in _steps(cert))
    body = [f"<h1>結業證書：{escape(cert.track)}</h1>",
            f"<p style=\"font-size:1.3rem\">茲證明 <b>{escape(cert.person)}</b> "
            f"已通過「{escape(cert.track)}」的每一步。</p>",
            f"<p class=\"meta\">發證日期：{escape(local_time(cert.issued_at)[:10])}</p>",
            "<table><thead><tr><th>步驟</th><th>最佳</th><th>通過次數</th><th>次數</th></tr></thead>"
            f"<tbody>{rows_html}</tbody></table>"]
    return _page(f"結業證書：{cert.track} — {cert.person}", body)


def statement(cert: CertificateRow, base: str) -> dict[str, Any]:
    """The xAPI ``passed`` statement of a certificate: the person passed the track."""
    track_iri = f"{base}/activities/track/{quote(cert.track, safe='-._~')}"
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/certificate/{cert.person}/{cert.track}")),
        "actor": {"objectType": "Agent", "name": cert.person, "account": {"homePage": base, "name": cert.person}},
        "verb": PASSED_VERB,
        "object": {"objectType": "Activity", "id": track_iri,
                   "definition": {"name": {"zh-TW": cert.track}, "type": f"{ADL}/activities/course"}},
        "result": {"success": True, "completion": True,
                   "extensions": {f"{base}/extensions/certificate": cert.figures}},
        "context": {"platform": "trainer", "language": "zh-TW"},
        "timestamp": cert.issued_at, "version": "1.0.3",
    }


def statements(store: Store, base: str, since: str = "") -> list[dict[str, Any]]:
    return [statement(c, base) for c in rows.certificates(store) if c.issued_at >= since]
