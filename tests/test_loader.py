"""Loading content files: models, and one table row per kind of bad content.

Each bad-content row gives the file, its text, the exact ``line:col`` the
problem must be reported at and a fragment of the message. Whatever the file
holds, loading never raises: it returns problems.
"""

from __future__ import annotations

import gc
import json
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.core.loader import load_content, load_paths
from trainer.core.models import Condition
from trainer.core.yamlpos import load_bytes, load_file

ROOT = Path(__file__).resolve().parents[1]
GOOD = Path(__file__).parent / "fixtures" / "content" / "good"
SCHEMA_LINE = "# yaml-language-server: $schema=../trainer/schema/{kind}.schema.json"

S = "scenarios/s.yaml"
B = "interview_bank/b.yaml"
T = "thesaurus.yaml"
C = "scoring.yaml"


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def problems_in(root: Path) -> list[str]:
    """``file:line:col: message`` rows with the file relative to ``root``."""
    _, problems = load_content(root)
    return [str(p).replace(f"{root}/", "") for p in problems]


# --- one row per bad content --------------------------------------------

CASES = [
    # (case, file, text, "line:col", message fragment)
    ("yaml syntax", S, "id: s\ntitle: [a, b\nstart: a\n", "3:6", "YAML syntax error"),
    ("unclosed quote", S, "id: s\ntitle: 'abc\n", "3:1", "while scanning a quoted scalar at line 2"),
    ("tab indent", S, "id: s\nnodes:\n\ta: 1\n", "3:1", "not tabs"),
    ("two documents", S, "id: s\n---\nid: t\n", "2:1", "expected a single document"),
    ("control character", S, "id: s\ntitle: 中\x01\n", "2:9", "control characters"),
    ("unknown field", S, """
        id: s
        titel: t
        start: a
        nodes: {a: {buyer: hi, answers: [ok]}}
        """, "2:1", "unknown field `titel` in a scenario (did you mean `title`?)"),
    ("missing field", S, """
        id: s
        title: t
        nodes: {a: {buyer: hi, answers: [ok]}}
        """, "1:1", "missing the required field `start`"),
    ("empty required field", S, "id: s\ntitle:\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "2:7", "`title` is empty"),
    ("bad id", S, "id: Case_1\ntitle: t\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "1:5", "id `Case_1` may only use a-z, 0-9 and '-'"),
    ("list expected", S, "id: s\ntitle: t\ntags: 物流\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "3:7", "`tags`: expected a list, got text"),
    ("mapping expected", S, "id: s\ntitle: t\nstart: a\nnodes: [a, b]\n",
     "4:8", "`nodes`: expected a mapping (`name: value` lines), got a list"),
    ("difficulty range", S, "id: s\ntitle: t\ndifficulty: 7\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "3:13", "`difficulty` must be between 1 and 5, got 7"),
    ("difficulty type", S, "id: s\ntitle: t\ndifficulty: two\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "3:13", "`difficulty`: expected a whole number, got text"),
    ("patience zero", S, "id: s\ntitle: t\npatience: 0\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "3:11", "`patience` must be at least 1"),
    ("mood range", S, "id: s\ntitle: t\nbuyer: {name: 李, mood: 120}\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "3:24", "`mood` must be between 0 and 100, got 120"),
    ("buyer unknown field", S, "id: s\ntitle: t\nbuyer: {nam: 李}\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "3:9", "unknown field `nam` in `buyer` (did you mean `name`?)"),
    ("duplicate key", S, "id: s\ntitle: t\ntitle: u\nstart: a\nnodes: {a: {buyer: hi, answers: [ok]}}\n",
     "3:1", "duplicate key `title` (first at line 2)"),
    ("start names no node", S, "id: s\ntitle: t\nstart: opn\nnodes: {open: {buyer: hi, answers: [ok]}}\n",
     "3:8", "`start: opn` names no node in `nodes`; did you mean `open`?"),
    ("start is an ending", S, "id: s\ntitle: t\nstart: a\nnodes: {a: {buyer: bye, end: lost}}\n",
     "3:8", "is an ending node"),
    ("node not a mapping", S, "id: s\ntitle: t\nstart: a\nnodes:\n  a: 你好\n",
     "5:6", "node `a`: expected a mapping"),
    ("node without answers", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answer: [ok]
        """, "5:3", "node `a` is missing the required field `answers`"),
    ("node misspelt field", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answer: [ok]
        """, "7:5", "unknown field `answer` in node `a` (did you mean `answers`?)"),
    ("empty buyer list", S, "id: s\ntitle: t\nstart: a\nnodes:\n  a: {buyer: [], answers: [ok]}\n",
     "5:14", "`buyer` must not be an empty list"),
    ("answers not a list", S, "id: s\ntitle: t\nstart: a\nnodes:\n  a: {buyer: hi, answers: ok}\n",
     "5:27", "`answers`: expected a list, got text"),
    ("bad ending", S, "id: s\ntitle: t\nstart: a\nnodes:\n  a: {buyer: hi, answers: [ok]}\n  b: {buyer: bye, end: win}\n",
     "6:24", "`end` must be one of resolved, escalated, lost; got `win`"),
    ("reply fields on an ending", S, """
        id: s
        title: t
        start: a
        nodes:
          a: {buyer: hi, answers: [ok], next: [{goto: b}]}
          b:
            buyer: bye
            end: lost
            answers: [x]
        """, "9:5", "`answers` is not allowed in an ending node"),
    ("point without label", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points:
              - {any: [抱歉]}
        """, "9:9", "a key point is missing the required field `label`"),
    ("empty phrase list", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points:
              - {label: 道歉, any: []}
        """, "9:26", "`any` must not be an empty list"),
    ("phrase not text", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points:
              - {label: 道歉, any: [抱歉, [x]]}
        """, "9:31", "`any`: each item must be text, got a list"),
    ("weight not positive", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points:
              - {label: 道歉, any: [抱歉], weight: 0}
        """, "9:40", "`weight` must be greater than 0"),
    ("duplicate label", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points:
              - {label: 道歉, any: [抱歉]}
              - {label: 道歉, any: [對不起]}
        """, "10:17", "duplicate key-point label `道歉` (first at line 9)"),
    ("avoid without why", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            avoid:
              - {any: [你看錯了]}
        """, "9:9", "an avoid rule is missing the required field `why`"),
    ("regex flag not boolean", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            avoid:
              - {any: [x], why: y, regex: maybe}
        """, "9:35", "`regex`: expected true or false, got text"),
    ("example without range", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            examples:
              - {reply: 好的}
        """, "9:9", "an example needs `min`, `max` or both"),
    ("example above 100", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            examples:
              - {reply: 好的, min: 120}
        """, "9:26", "`min` must be between 0 and 100, got 120"),
    ("next without goto", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {if: {score_below: 40}}
        """, "9:9", "a `next` rule is missing the required field `goto`"),
    ("unknown condition", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {if: {score_bellow: 40}, goto: a}
        """, "9:15", "unknown field `score_bellow` in a condition (`if`) (did you mean `score_below`?)"),
    ("empty condition", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {if: {}, goto: a}
        """, "9:14", "`if` is empty"),
    ("condition not a number", S, """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {if: {score_below: low}, goto: a}
        """, "9:28", "`score_below`: expected a number, got text"),
    ("bank without category", B, "questions: [{id: q, ask: x, answers: [y]}]\n",
     "1:1", "an interview bank is missing the required field `category`"),
    ("bank without questions", B, "category: c\nquestions: []\n",
     "2:12", "`questions` must not be an empty list"),
    ("question without answers", B, "category: c\nquestions:\n  - id: q\n    ask: x\n",
     "3:5", "a question is missing the required field `answers`"),
    ("question bad id", B, "category: c\nquestions:\n  - {id: Q1, ask: x, answers: [y]}\n",
     "3:10", "question id `Q1` may only use"),
    ("question time limit", B, "category: c\nquestions:\n  - {id: q, ask: x, answers: [y], time_limit: -5}\n",
     "3:47", "`time_limit` must be at least 1, got -5"),
    ("mood in a follow-up", B, """
        category: c
        questions:
          - id: q
            ask: x
            answers: [y]
            follow_ups:
              - {ask: z, answers: [w], if: {mood_above: 50}}
        """, "7:37", "unknown field `mood_above` in a condition"),
    ("set without questions", B, "category: c\nquestions: [{id: q, ask: x, answers: [y]}]\nsets:\n  - {id: s1}\n",
     "4:5", "an interview set is missing the required field `questions`"),
    ("thesaurus group of one", T, "groups:\n  - [運費, 郵費]\n  - [快遞]\n",
     "3:5", "a thesaurus group needs at least two words"),
    ("thesaurus group not a list", T, "groups:\n  - 運費\n",
     "2:5", "each group must be a list of words, got text"),
    ("thesaurus word twice", T, "groups:\n  - [運費, 郵費]\n  - [郵費, 快遞費]\n",
     "3:6", "warning: `郵費` is already in the group at line 2"),
    ("scoring unknown key", C, "pass_mrk: 70\n",
     "1:1", "unknown field `pass_mrk` in scoring.yaml (did you mean `pass_mark`?)"),
    ("scoring bad value", C, "pass_mark: 200\n",
     "1:12", "`pass_mark` must be between 1 and 100, got 200"),
]


@pytest.mark.parametrize(("file", "text", "where", "fragment"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_content_is_reported_where_it_is(tmp_path: Path, file: str, text: str, where: str,
                                             fragment: str) -> None:
    write(tmp_path, file, text)
    found = problems_in(tmp_path)
    assert any(p.startswith(f"{file}:{where}: ") and fragment in p for p in found), found


# --- whole files that are not content ------------------------------------

FILE_CASES = [
    # (case, bytes, "line:col", message fragment)
    ("empty file", b"", "1:1", "the file is empty"),
    ("only comments", b"# nothing yet\n", "1:1", "the file is empty"),
    ("list instead of mapping", b"- id: s\n- title: t\n", "1:1", "must be a mapping of fields"),
    ("scalar instead of mapping", b"hello\n", "1:1", "got text"),
    ("non-UTF-8 bytes", "id: s\ntitle: 中".encode() + b"\xff\xfe\n", "2:9", "not UTF-8 text (byte 0xff)"),
    ("UTF-16 file", "id: s\n".encode("utf-16"), "1:1", "not UTF-8 text"),
    ("deep nesting", b"a: " + b"[" * 100_000, "1:1003", "nesting depth"),
    ("deep block nesting", b"- " * 50_000 + b"x\n", "1:401", "nested more than 200 levels"),
    ("recursive alias", b"a: &x [1, *x]\n", "1:4", "an alias refers to a mapping or list that contains it"),
    ("undefined alias", b"a: *nope\n", "1:4", "found undefined alias"),
    ("mapping as a key", b"? [a]\n: 1\n", "1:3", "a key must be a plain name"),
]


@pytest.mark.parametrize(("data", "where", "fragment"), [c[1:] for c in FILE_CASES],
                         ids=[c[0] for c in FILE_CASES])
def test_files_that_are_not_content(tmp_path: Path, data: bytes, where: str, fragment: str) -> None:
    write(tmp_path, S, data)
    found = problems_in(tmp_path)
    assert any(p.startswith(f"{S}:{where}: ") and fragment in p for p in found), found


def test_a_50_mb_file_is_refused_unread_and_quickly(tmp_path: Path) -> None:
    path = tmp_path / "scenarios" / "huge.yaml"
    path.parent.mkdir()
    with path.open("wb") as fh:
        fh.write(b"id: huge\nbrief: ")
        fh.write(b"x" * (50 * 1024 * 1024))
    start = time.perf_counter()
    content, problems = load_content(tmp_path)
    assert time.perf_counter() - start < 1.0
    assert [str(p).replace(f"{tmp_path}/", "") for p in problems] == [
        ("scenarios/huge.yaml:1:1: the file is too large (50.0 MB; content files may be at most "
         "5 MB), so it was not read")
    ]
    assert content.scenarios == {}


def test_exponential_aliases_are_refused_with_a_place(tmp_path: Path) -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    rows += [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    value, problems = load_bytes("\n".join(rows).encode(), "laughs.yaml")
    assert value is None and len(problems) == 1
    assert str(problems[0]).startswith("laughs.yaml:") and "aliases (`*name`) expand" in str(problems[0])


def test_a_few_aliases_still_share_their_value() -> None:
    rows = ["a: &a [x, x, x]", "b: [*a, *a, *a]", "c: *a"]
    value, problems = load_bytes("\n".join(rows).encode(), "few.yaml")
    assert problems == [] and value["b"][2] is value["a"] is value["c"]


ALIAS_BOMBS = [
    # (case, one repeated value, how many aliases)
    ("100,000 aliases of a long answer", '"' + "您好，非常抱歉給您帶來不便" * 40 + '"', 100_000),
    ("10,000 aliases of a long list", "[" + ", ".join(["退款"] * 200) + "]", 10_000),
]


@pytest.mark.parametrize(("value", "count"), [c[1:] for c in ALIAS_BOMBS], ids=[c[0] for c in ALIAS_BOMBS])
def test_alias_bombs_are_refused_at_the_anchor(tmp_path: Path, value: str, count: int) -> None:
    text = f"id: s\ntitle: t\nstart: a\nnodes:\n  a:\n    buyer: hi\n    answers: [&x {value}, "
    write(tmp_path, S, (text + ", ".join(["*x"] * count) + "]\n").encode())
    found = problems_in(tmp_path)
    assert len(found) == 1 and found[0].startswith(f"{S}:7:15: aliases (`*name`) expand"), found


def test_a_utf8_bom_is_fine(tmp_path: Path) -> None:
    value, problems = load_file(write(tmp_path, "x.yaml", "\ufeffid: s\n".encode()))
    assert (value, problems) == ({"id": "s"}, [])


def test_merge_keys_and_scalar_types() -> None:
    text = b"base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\nf: 1.5\nt: yes\nn: ~\n1: one\n"
    value, problems = load_bytes(text, "m.yaml")
    assert problems == []
    assert value["c"] == {"x": 1, "y": 3}
    assert (value["f"], value["t"], value["n"], value["1"]) == (1.5, True, None, "one")
    assert value.at["c"][0].line == 1 and value["c"].at["y"][1].column == 5


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(alphabet="abc: -[]{}&*!?|>'\"\n\t#,~%@`中", max_size=200))
def test_loading_never_raises(data: bytes | str) -> None:
    raw = data.encode() if isinstance(data, str) else data
    _, problems = load_bytes(raw, "fuzz.yaml")
    assert all(p.loc.line >= 1 and p.loc.col >= 1 for p in problems)


# --- good content ---------------------------------------------------------


def test_good_fixture_loads_without_problems() -> None:
    content, problems = load_content(GOOD)
    assert problems == []
    assert list(content.scenarios) == ["parcel-late"]
    assert list(content.questions) == ["iv-quality", "iv-typing"]
    assert list(content.sets) == ["screen-basic"]
    assert content.settings.pass_mark == 65
    assert [label for label, _ in content.rubrics()] == [
        "parcel-late/open", "parcel-late/thanks", "iv-quality",
        "iv-quality#follow-up-1", "iv-quality#follow-up-2", "iv-typing",
    ]


def test_scenario_fields_map_to_the_models() -> None:
    content, _ = load_content(GOOD)
    s = content.scenarios["parcel-late"]
    assert (s.title, s.category, s.difficulty, s.tags, s.patience) == (
        "包裹三天沒動", "物流/延遲", 2, ("物流", "催單"), 45)
    assert (s.buyer.name, s.buyer.mood, s.start) == ("王小姐", 40, "open")
    assert s.path == str(GOOD / "scenarios" / "parcel-late.yaml")
    open_ = s.nodes["open"]
    assert open_.buyer == ("我的包裹三天都沒動了，怎麼回事？", "物流怎麼一直不更新？")
    assert open_.rubric is not None and open_.rubric.prompt == open_.buyer
    assert [(p.label, p.phrases, p.weight) for p in open_.rubric.points] == [
        ("道歉", ("抱歉", "不好意思"), 1.0), ("聯系快遞", ("聯系快遞", "快遞公司"), 2.0),
        ("主動回覆", ("通知您", "回覆您"), 1.0)]
    assert [(a.regex, a.phrases) for a in open_.rubric.avoid] == [
        (False, ("不關我們的事", "找快遞去")), (True, ("^不知道$",))]
    assert [(e.min, e.max) for e in open_.rubric.examples] == [(70.0, None), (None, 39.0)]
    assert [(r.goto, r.when) for r in open_.next] == [
        ("angry", Condition(score_below=40)),
        ("angry", Condition(missed="聯系快遞", mood_above=60)),
        ("thanks", None)]
    assert (str(open_.loc), str(open_.next[1].loc)) == (
        f"{s.path}:12:3", f"{s.path}:29:9")
    angry = s.nodes["angry"]
    assert (angry.end, angry.rubric, angry.next) == ("escalated", None, ())


def test_question_fields_map_to_the_models() -> None:
    content, _ = load_content(GOOD)
    q = content.questions["iv-quality"]
    assert (q.ask, q.category, q.time_limit, q.tags) == (
        "你認為客服最重要的一點是什麼？", "面試/基本功", 90, ("素質",))
    assert q.rubric.prompt == (q.ask,)
    first, second = q.follow_ups
    assert (first.ask, first.when, first.rubric.prompt) == ("除了{hit}呢？", Condition(hit="耐心"), ("除了{hit}呢？",))
    assert second.when is None
    assert content.sets["screen-basic"].questions == ("iv-quality", "iv-typing")
    assert content.find_question_rubric("iv-quality#follow-up-2") is second.rubric
    assert content.find_question_rubric("iv-quality#follow-up-3") is None
    assert content.find_node_rubric("parcel-late", "open") is content.scenarios["parcel-late"].nodes["open"].rubric
    assert content.find_node_rubric("parcel-late", "angry") is None


def test_an_empty_folder_is_a_warning_and_a_missing_one_an_error(tmp_path: Path) -> None:
    _, problems = load_content(tmp_path)
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "no scenarios/ or interview_bank/ folder here")]
    _, problems = load_content(tmp_path / "nope")
    assert [(p.severity, p.message) for p in problems] == [
        ("error", "the content folder does not exist")]


def test_comment_only_settings_files_mean_the_defaults(tmp_path: Path) -> None:
    write(tmp_path, "interview_bank/b.yaml", "category: c\nquestions: [{id: q, ask: x, answers: [y]}]\n")
    write(tmp_path, T, "# no groups yet\n")
    write(tmp_path, C, "# pass_mark: 60\n")
    content, problems = load_content(tmp_path)
    assert problems == [] and len(content.lexicon) == 0


# --- load_paths -----------------------------------------------------------


def test_load_paths_classifies_files_by_their_fields(tmp_path: Path) -> None:
    scenario = GOOD / "scenarios" / "parcel-late.yaml"
    bank = GOOD / "interview_bank" / "basics.yaml"
    other = write(tmp_path, "notes.yaml", "title: 筆記\n")
    content, problems = load_paths([scenario, bank, other, tmp_path / "missing.yaml"])
    assert list(content.scenarios) == ["parcel-late"] and "iv-typing" in content.questions
    assert [str(p).replace(f"{tmp_path}/", "") for p in problems] == [
        "missing.yaml:1:1: no such file or folder",
        ("notes.yaml:1:1: not a scenario (it has no `nodes`) nor an interview bank "
         "(it has no `questions`)"),
    ]


def test_load_paths_takes_settings_from_base_or_from_a_root(tmp_path: Path) -> None:
    base, _ = load_content(GOOD)
    scenario = GOOD / "scenarios" / "parcel-late.yaml"
    content, problems = load_paths([scenario], base)
    assert problems == [] and content.settings.pass_mark == 65 and content.lexicon is base.lexicon
    content, _ = load_paths([scenario])
    assert content.settings.pass_mark == 60 and len(content.lexicon) == 0
    content, problems = load_paths([GOOD])
    assert problems == [] and content.root == GOOD and content.settings.pass_mark == 65


def test_load_paths_reads_every_yaml_under_a_plain_folder(tmp_path: Path) -> None:
    write(tmp_path, "a/one.yaml", (GOOD / "scenarios" / "parcel-late.yaml").read_text(encoding="utf-8"))
    write(tmp_path, "a/b/two.yaml", (GOOD / "interview_bank" / "basics.yaml").read_text(encoding="utf-8"))
    content, problems = load_paths([tmp_path / "a", tmp_path / "a" / "one.yaml"])
    assert problems == []
    assert list(content.scenarios) == ["parcel-late"] and len(content.questions) == 2


# --- the bundled content and the schemas ---------------------------------


def bundled_files(kind: str) -> list[Path]:
    folder = ROOT / ("scenarios" if kind == "scenario" else "interview_bank")
    return sorted(folder.glob("*.yaml"))


def test_the_bundled_content_loads_without_problems() -> None:
    content, problems = load_content(ROOT)
    assert [str(p) for p in problems] == []
    assert len(content.scenarios) == len(bundled_files("scenario"))


def test_loading_leaves_the_garbage_collector_as_it_was() -> None:
    assert gc.isenabled()
    load_content(GOOD)
    assert gc.isenabled()
    gc.disable()
    try:
        load_content(GOOD)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("kind", ["scenario", "interview"])
def test_bundled_files_start_with_the_schema_line(kind: str) -> None:
    for path in bundled_files(kind):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == SCHEMA_LINE.format(kind=kind), path


@pytest.mark.parametrize("kind", ["scenario", "interview"])
def test_schemas_accept_the_bundled_and_fixture_files(kind: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    schema = json.loads((ROOT / "trainer" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    sub = "scenarios" if kind == "scenario" else "interview_bank"
    for path in [*bundled_files(kind), *sorted((GOOD / sub).glob("*.yaml"))]:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert errors == [], path


def test_the_scenario_schema_rejects_what_the_loader_rejects() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "trainer" / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    node = {"buyer": "hi", "answers": ["ok"]}
    bad = [
        {"id": "s", "title": "t", "start": "a", "nodes": {"a": node}, "titel": "x"},
        {"id": "S_1", "title": "t", "start": "a", "nodes": {"a": node}},
        {"id": "s", "title": "t", "start": "a", "nodes": {"a": {"buyer": "hi"}}},
        {"id": "s", "title": "t", "start": "a", "nodes": {"a": {**node, "end": "lost"}}},
        {"id": "s", "title": "t", "start": "a", "nodes": {"a": {**node, "examples": [{"reply": "x"}]}}},
    ]
    assert [validator.is_valid(doc) for doc in bad] == [False] * len(bad)
    assert validator.is_valid({"id": "s", "title": "t", "start": "a", "nodes": {"a": node}})


def test_the_worked_examples_in_the_format_reference_load_cleanly(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    bodies = [b.split("```", 1)[0] for b in text.split("```yaml\n")[1:]]
    examples = [b for b in bodies if b.startswith("# yaml-language-server") and b.count("\n") > 1]
    assert len(examples) == 2
    for body in examples:
        folder = "scenarios" if "scenario.schema" in body.splitlines()[0] else "interview_bank"
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "example.yaml").write_text(body, encoding="utf-8")
    content, problems = load_content(tmp_path)
    assert problems == [] and len(content.scenarios) == 1 and len(content.questions) == 1
