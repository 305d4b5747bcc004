"""`trainer export xapi --since DATE --base URL`: bad values refused in plain words (exit 2,
nothing written), a good base address used for every activity and extension IRI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.progress_helpers import History

ROOT = Path(__file__).resolve().parents[1]


def trainer(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINER_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "trainer", "--db", str(db), "export", "xapi", *args],
                          capture_output=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "progress.sqlite3"
    h = History.open(path)
    h.practice("小明", "logistics-slow-shipping", 72, day=1)
    h.store.close()
    return path


@pytest.mark.parametrize(("args", "says"), [
    (("--since", "2026-13-01"), "日期要寫成 年-月-日"),
    (("--since", "yesterday"), "a date must be YYYY-MM-DD"),
    (("--since", ""), "a date must be YYYY-MM-DD"),
    (("--base", "ftp://lms.example.com/xapi"), "xAPI 基礎網址要是完整的 http(s) 網址"),
    (("--base", "lms.example.com/xapi"), "--base must be an absolute http(s) URL"),
    (("--base", "https://lms example.com"), "no spaces"),
    (("--base", "https://lms.example.com/x?y=1"), "no spaces, ? or #"),
    (("--base", "https://lms.example.com:port/"), "--base must be"),
    (("--base", "https://"), "--base must be"),
])
def test_bad_values_are_refused_in_plain_words(db: Path, tmp_path: Path, args: tuple[str, ...],
                                               says: str) -> None:
    out = tmp_path / "out.json"
    done = trainer(db, *args, "-o", str(out))
    assert done.returncode == 2
    assert says in done.stderr
    assert "fromisoformat" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "" and not out.exists()


def test_the_base_address_is_used_for_every_iri(db: Path) -> None:
    done = trainer(db, "--base", "https://lms.example.com/xapi/", "--since", "2026-11-01")
    assert done.returncode == 0, done.stderr
    statements = json.loads(done.stdout)
    assert statements
    text = json.dumps(statements, ensure_ascii=False)
    assert "trainer.invalid" not in text
    for s in statements:
        assert s["object"]["id"].startswith("https://lms.example.com/xapi/activities/")
        assert s["actor"]["account"]["homePage"] == "https://lms.example.com/xapi"


def test_without_base_the_never_resolving_default_is_kept(db: Path) -> None:
    done = trainer(db)
    assert done.returncode == 0, done.stderr
    assert "https://trainer.invalid/xapi/activities/" in done.stdout
