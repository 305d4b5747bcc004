"""Teach the rubric: ``trainer.core.yamledit`` splices one list item into a YAML file keeping
everything else byte for byte, and ``trainer.services.teach`` builds, tries (validate, check,
re-score) and saves such an edit atomically, refusing a bad one and leaving the file as it was."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from trainer import paths
from trainer.core import yamledit
from trainer.core.content import default_lexicon
from trainer.core.loader import load_content
from trainer.services import teach

ROOT = paths.bundled_content_dir()
SCENARIO = "case-colour-mismatch"
TARGET = teach.Target("scenario", SCENARIO, "open")
REPLY = "親，深感歉意，麻煩您拍張照片，我給您換貨。"  # the scorer misses 道歉


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


# --- yamledit: one item in, nothing else touched ----------------------------------------------


def test_a_key_point_of_every_bundled_file_takes_a_phrase_on_one_line_only() -> None:
    files = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "interview_bank").glob("*.yaml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        data = yamledit.load(text)
        top, key = ("nodes", next(iter(data["nodes"]))) if "nodes" in data else ("questions", 0)
        after = yamledit.append(text, [top, key, "points", 0, "any"], "新加的短語")
        lines = changed_lines(text, after)
        assert len(lines) == 2 and ", 新加的短語]" in lines[1], (path, key, lines)
    assert len(files) > 25


TEXT = """\
# 評分說明：這行註解要留著
rules:
  - id: off-platform
    any: [加微信, 加個微信,
          微信號, 'a: b']   # 換行的清單
    why: 站外交易
  - id: block
    any:
      - 第一個
      # 中間的註解
      - "第二個"
    why: x
"""


@pytest.mark.parametrize(("path", "value", "expected"), [
    (["rules", 0, "any"], "私下轉賬", "          微信號, 'a: b', 私下轉賬]   # 換行的清單"),
    (["rules", 1, "any"], "第三個", "      - 第三個"),
    (["rules", 0, "any"], "is: it", "          微信號, 'a: b', 'is: it']   # 換行的清單"),
    (["rules", 0, "any"], "yes", "          微信號, 'a: b', 'yes']   # 換行的清單"),
    (["rules", 0, "any"], "它's #1", "          微信號, 'a: b', '它''s #1']   # 換行的清單"),
    (["rules", 0, "any"], "- 開頭", "          微信號, 'a: b', '- 開頭']   # 換行的清單"),
])
def test_a_flow_or_block_list_gets_the_item_quoted_only_when_it_must_be(path: list[yamledit.Key], value: str,
                                                                        expected: str) -> None:
    after = yamledit.append(TEXT, path, value)
    assert expected in after.splitlines()
    assert "# 評分說明：這行註解要留著" in after and "# 中間的註解" in after
    assert yamledit.walk(yamledit.load(after), path)[2][-1] == value


def test_line_endings_and_a_missing_final_newline_are_kept() -> None:
    crlf = "a:\r\n  - x\r\n  - y"
    assert yamledit.append(crlf, ["a"], "z") == "a:\r\n  - x\r\n  - y\r\n  - z\r\n"
    assert yamledit.append("a: [x]\r\nb: 1\r\n", ["a"], "z") == "a: [x, z]\r\nb: 1\r\n"


@pytest.mark.parametrize(("text", "path", "value", "message"), [
    ("a: [x]\n", ["b"], "z", "nothing at b"),
    ("a: x\n", ["a"], "z", "not a list"),
    ("a: [x\n", ["a"], "z", "not valid YAML"),
    ("a: [x]\n", ["a"], "兩\n行", "one line"),
    ("a: [x]\n", ["a"], "  ", "empty"),
])
def test_an_edit_that_cannot_be_made_safely_is_refused(text: str, path: list[yamledit.Key], value: str,
                                                        message: str) -> None:
    with pytest.raises(yamledit.EditError, match=message):
        yamledit.append(text, path, value)


# --- the service: build, try, save ------------------------------------------------------------


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    shutil.copy(ROOT / "scenarios" / f"{SCENARIO}.yaml", tmp_path / "scenarios")
    (tmp_path / "thesaurus.yaml").write_text(
        "# 店裡自己的同義詞\ninclude_default: true\ngroups:\n  - [聯系快遞, 聯絡快遞]   # 常用\n", encoding="utf-8")
    return tmp_path


def content_of(root: Path) -> teach.Content:
    content, problems = load_content(root, default_lexicon(paths.default_thesaurus(root)))
    assert not [p for p in problems if p.severity == "error"]
    return content


def test_a_phrase_edit_keeps_comments_validates_and_the_reply_now_hits_the_point(root: Path) -> None:
    content = content_of(root)
    rubric = teach.rubric_of(content, TARGET)
    assert rubric is not None and "道歉" in content.scorer.score(rubric, REPLY).missed_labels
    file = root / "scenarios" / f"{SCENARIO}.yaml"
    before = file.read_text(encoding="utf-8")
    edit = teach.phrase_edit(content, TARGET, "道歉", "深感歉意")
    assert "+      - {label: 道歉, any: [抱歉, 不好意思, 對不起, 添麻煩了, 深感歉意]}" in edit.diff
    assert file.read_text(encoding="utf-8") == before  # nothing written yet
    tried = teach.trial(content, edit, TARGET, REPLY)
    assert tried.ok and tried.result is not None and "道歉" in tried.result.hit_labels
    teach.save(edit)
    after = file.read_text(encoding="utf-8")
    assert len(changed_lines(before, after)) == 2
    assert "# yaml-language-server: $schema=../trainer/schema/scenario.schema.json" in after
    assert "叫買家出運費由案情規則 fault.seller 檢查" in after  # a comment deep in the file
    reloaded, _ = teach.reload(content)
    new_rubric = teach.rubric_of(reloaded, TARGET)
    assert new_rubric is not None and "道歉" in reloaded.scorer.score(new_rubric, REPLY).hit_labels


def test_an_edit_that_breaks_an_example_is_refused_and_the_file_unchanged(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "content" / "good", root)
    file = root / "scenarios" / "parcel-late.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "      - {reply: 不關我們的事，找快遞去, max: 39}",
        "      - {reply: 不關我們的事，找快遞去, max: 39}\n      - {reply: 親，抱歉，我馬上查一下，查到通知您。, max: 70}"),
        encoding="utf-8")
    before = file.read_bytes()
    content = content_of(root)
    target = teach.Target("scenario", "parcel-late", "open")
    edit = teach.phrase_edit(content, target, "聯系快遞", "查一下")  # too loose: the ≤ 70 example scores 92
    tried = teach.trial(content, edit, target, "親，抱歉，我馬上查一下，查到通知您。")
    assert not tried.ok and len(tried.failures) == 1
    assert tried.failures[0].startswith(f"{file}:") and "expected ≤ 70" in tried.failures[0]
    assert file.read_bytes() == before


def test_an_edit_that_does_not_validate_is_refused(root: Path) -> None:
    content = content_of(root)
    edit = teach.phrase_edit(content, TARGET, "道歉", "深感歉意")
    broken = teach.Edit(edit.kind, edit.path, edit.before, edit.after.replace("start: open", "start: nowhere"),
                        edit.summary)
    tried = teach.trial(content, broken, TARGET, REPLY)
    assert not tried.ok and tried.errors and str(edit.path) in str(tried.errors[0])


def test_a_phrase_already_there_or_an_unknown_point_is_refused(root: Path) -> None:
    content = content_of(root)
    with pytest.raises(teach.EditError, match="已經是"):
        teach.phrase_edit(content, TARGET, "道歉", "抱歉")
    with pytest.raises(teach.EditError, match="找不到要點"):
        teach.phrase_edit(content, TARGET, "不存在", "抱歉")


def test_save_refuses_a_file_changed_since_and_a_failed_write_keeps_the_old_file(root: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    content = content_of(root)
    edit = teach.phrase_edit(content, TARGET, "道歉", "深感歉意")
    file = edit.path
    file.write_text(edit.before + "# 別人剛改過\n", encoding="utf-8")
    with pytest.raises(teach.EditError, match="被改過"):
        teach.save(edit)
    file.write_text(edit.before, encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(teach.EditError, match="disk full"):
        teach.save(edit)
    assert file.read_text(encoding="utf-8") == edit.before
    assert [p.name for p in file.parent.iterdir()] == [file.name]  # no temp file left


def test_a_synonym_joins_the_group_of_the_phrase_and_a_new_pair_starts_a_group(root: Path) -> None:
    content = content_of(root)
    edit = teach.synonym_edit(content, "聯絡快遞", "找快遞")
    assert edit.after.splitlines()[3] == "  - [聯系快遞, 聯絡快遞, 找快遞]   # 常用"
    edit = teach.synonym_edit(content, "歉意", "深感歉意")
    assert edit.after.endswith("  - [聯系快遞, 聯絡快遞]   # 常用\n  - [歉意, 深感歉意]\n")
    with pytest.raises(teach.EditError, match="已經在同義詞組"):
        teach.synonym_edit(content, "通知", "聯系快遞")


def test_a_synonym_edit_is_checked_on_the_whole_content_and_rescores_the_reply(root: Path) -> None:
    content = content_of(root)
    edit = teach.synonym_edit(content, "抱歉", "深感歉意")  # joins a new group in this folder's file
    tried = teach.trial(content, edit, TARGET, REPLY)
    assert tried.ok and tried.result is not None and "道歉" in tried.result.hit_labels
    teach.save(edit)
    assert (root / "thesaurus.yaml").read_text(encoding="utf-8").startswith("# 店裡自己的同義詞\n")


def test_a_folder_without_a_thesaurus_gets_a_new_one(root: Path) -> None:
    (root / "thesaurus.yaml").unlink()
    content = content_of(root)
    edit = teach.synonym_edit(content, "抱歉", "深感歉意")
    assert edit.before == "" and edit.after == "include_default: true\ngroups:\n  - [抱歉, 深感歉意]\n"
    assert teach.trial(content, edit, TARGET, REPLY).ok
    teach.save(edit)
    assert (root / "thesaurus.yaml").exists()


def test_an_interview_follow_up_point_takes_a_phrase_in_its_bank_file(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "content" / "good", root)
    content = content_of(root)
    target = teach.Target.of("interview", "screen-basic", "iv-quality#follow-up-1")
    assert target == teach.Target("question", "iv-quality", "iv-quality#follow-up-1")
    edit = teach.phrase_edit(content, target, "熟悉產品", "懂貨")
    assert edit.path == root / "interview_bank" / "basics.yaml"
    assert changed_lines(edit.before, edit.after)[1] == "+           - {label: 熟悉產品, any: [熟悉產品, 產品知識, 懂貨]}"
    tried = teach.trial(content, edit, target, "我很懂貨")
    assert tried.ok and tried.result is not None and "熟悉產品" in tried.result.hit_labels
