"""scoring.yaml: every setting has a type and a range, and a bad one is reported where it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer import cli, paths
from trainer.core.content import read_scoring
from trainer.core.problems import Problem
from trainer.core.settings import ScoringSettings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


def problems_of(tmp_path: Path, text: str) -> tuple[ScoringSettings | None, list[str]]:
    path = tmp_path / "scoring.yaml"
    path.write_text(text, "utf-8")
    found: list[Problem] = []
    settings = read_scoring(path, found)
    return settings, [f"{p.loc.line}:{p.loc.col}: {p.message}" for p in found]


BAD = [
    # (case, scoring.yaml, "line:col", message fragment)
    ("nan weight", "weight_coverage: .nan\n", "1:18", "`weight_coverage` must be a finite number"),
    ("nan cap", "avoid_cap: .nan\n", "1:12", "`avoid_cap` must be a finite number"),
    ("infinite length", "short_reply_chars: .inf\n", "1:20", "`short_reply_chars` must be a finite number"),
    ("threshold over 100", "fuzzy_threshold: 1000\n", "1:18", "`fuzzy_threshold` must be between 0 and 100"),
    ("negative threshold", "fuzzy_threshold: -1\n", "1:18", "between 0 and 100, got -1"),
    ("text for a number", "pass_mark: sixty\n", "1:12", "`pass_mark` must be a number, got text"),
    ("bool for a number", "echo_cap: true\n", "1:11", "must be a number, got true/false"),
    ("count not whole", "short_reply_chars: 6.5\n", "1:20", "must be a whole number"),
    ("count zero", "short_reply_chars: 0\n", "1:20", "between 1 and 50"),
    ("weight over 1", "weight_tone: 2\n", "1:14", "between 0 and 1"),
    ("weights not summing to 1", "weight_tone: 0.5\n", "1:14", "must be 1, got 1.35"),
    ("cap at the pass mark", "avoid_cap: 60\n", "1:12", "`avoid_cap` (60) must be below pass_mark (60)"),
    ("pass mark under a cap", "pass_mark: 35\n", "1:12", "`short_cap` (40) must be below pass_mark (35)"),
    ("floor above full", "similarity_floor: 0.9\n", "1:19", "need similarity_floor < similarity_full"),
    ("stuffing share too low", "stuffing_share: 0.1\n", "1:17", "between 0.3 and 1"),
    ("words not a list", "polite: 親\n", "1:9", "`polite` must be a list of words, got text"),
    ("empty word", "rude: [你自己, '']\n", "1:13", "`rude`: each item must be a non-empty word, got nothing"),
    ("punctuation word", "insults:\n  - 滾\n  - '！！'\n", "3:5", "a word with no letters"),
    ("number in words", "innocent: [滾動, 3]\n", "1:16", "got a whole number"),
    ("mapping for words", "polite: {a: 1}\n", "1:9", "got a mapping"),
]


@pytest.mark.parametrize(("text", "where", "fragment"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_a_bad_setting_is_a_problem_at_its_value(tmp_path: Path, text: str, where: str, fragment: str) -> None:
    settings, found = problems_of(tmp_path, text)
    assert settings is None
    assert any(p.startswith(where + ": ") and fragment in p for p in found), found


def test_every_bad_value_is_reported_not_only_the_first(tmp_path: Path) -> None:
    _, found = problems_of(tmp_path, "avoid_cap: .nan\nfuzzy_threshold: 1000\nrude: ['']\n")
    assert [p.split(":")[0] for p in found] == ["1", "2", "3"], found


GOOD = [
    ("", {}),
    ("pass_mark: 70\navoid_cap: 30\n", {"pass_mark": 70.0, "avoid_cap": 30.0}),
    ("weight_coverage: 0.5\nweight_similarity: 0.3\nweight_tone: 0.2\n", {"weight_coverage": 0.5}),
    ("short_reply_chars: 8\n", {"short_reply_chars": 8}),
    ("insults: [滾開]\ninnocent: [滾開水]\n", {"insults": ("滾開",), "innocent": ("滾開水",)}),
    ("fuzzy_threshold: 100\nstuffing_share: 1\n", {"fuzzy_threshold": 100.0, "stuffing_share": 1.0}),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_good_settings_are_read(tmp_path: Path, text: str, expected: dict[str, object]) -> None:
    settings, found = problems_of(tmp_path, text)
    assert settings is not None and not found, found
    for key, value in expected.items():
        got = settings.weight(key.removeprefix("weight_")) if key.startswith("weight_") else getattr(settings, key)
        assert got == value


def test_the_bundled_scoring_yaml_and_the_defaults_are_valid(tmp_path: Path) -> None:
    settings, found = problems_of(tmp_path, (ROOT / "scoring.yaml").read_text("utf-8"))
    assert settings == ScoringSettings() and not found
    ScoringSettings().check()


def test_from_mapping_lists_problems_without_a_file() -> None:
    with pytest.raises(SettingsError) as caught:
        ScoringSettings.from_mapping({"pass_mark": float("nan"), "nonsense": 1})
    assert {p.key for p in caught.value.problems} == {"pass_mark", "nonsense"}


def test_validate_reports_a_bad_setting_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.CONTENT_ENV, raising=False)
    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "progress.sqlite3"))
    root = tmp_path / "content"
    shutil.copytree(ROOT / "scenarios", root / "scenarios")
    (root / "scoring.yaml").write_text("pass_mark: 60\nweight_coverage: .nan\n", "utf-8")
    code = cli.main(["validate", str(root)])
    out = capsys.readouterr()
    assert code != 0
    assert "scoring.yaml:2:18: `weight_coverage` must be a finite number" in out.out + out.err


@pytest.mark.parametrize("text", ["weight_coverage: .nan\n", "short_reply_chars: .inf\n", "avoid_cap: 75\n"])
def test_the_app_refuses_to_start_on_a_bad_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   text: str) -> None:
    from trainer.ui.launch import run

    root = tmp_path / "content"
    shutil.copytree(ROOT / "scenarios", root / "scenarios")
    (root / "scoring.yaml").write_text(text, "utf-8")
    code = run(root, tmp_path / "db.sqlite3", user="小明")
    err = capsys.readouterr().err
    assert code == 1
    assert f"{root / 'scoring.yaml'}:1:" in err and "trainer: error:" in err and "Traceback" not in err
    assert not (tmp_path / "db.sqlite3").exists()
