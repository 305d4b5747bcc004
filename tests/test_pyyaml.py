"""PyYAML imported through trainer.core.pyyaml: the unused reader pattern is deferred, nothing else changes.

Each check runs in a fresh interpreter, where nothing has imported PyYAML yet.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_reader_pattern_is_deferred_and_re_compile_restored() -> None:
    out = _run("""
        import re
        before = re.compile
        import trainer.core.yamlpos
        import yaml
        print(type(yaml.reader.Reader.NON_PRINTABLE).__name__, re.compile is before)
    """)
    assert out == "LazyPattern True"


def test_the_pure_python_loader_still_rejects_a_control_character() -> None:
    out = _run("""
        from trainer.core.pyyaml import yaml
        print(yaml.safe_load("a: 好") == {"a": "好"})
        try:
            yaml.load("a: b\\x07", Loader=yaml.SafeLoader)
        except yaml.reader.ReaderError as error:
            print("rejected", error.character == 7)
    """)
    assert out == "True\nrejected True"


def test_the_deferred_pattern_matches_as_the_compiled_one() -> None:
    out = _run("""
        import re
        from trainer.core import pyyaml
        lazy, real = pyyaml.yaml.reader.Reader.NON_PRINTABLE, re.compile(pyyaml.NON_PRINTABLE)
        samples = ["plain", "中文，標點", "tab\\there", "bell\\x07", "\\ufffe", "emoji 😀", "\\x85\\xa0"]
        print(all((lazy.search(s) is None) == (real.search(s) is None) for s in samples))
        print(lazy.search("ok\\x07").start())
    """)
    assert out == "True\n2"


def test_libyaml_reads_the_bundled_content_as_before() -> None:
    out = _run("""
        from pathlib import Path
        from trainer.core.yamlpos import load_file
        data, problems = load_file(Path("scenarios/case-colour-mismatch.yaml"))
        print(type(data).__name__, problems == [], "nodes" in data)
    """)
    assert out == "YMap True True"
