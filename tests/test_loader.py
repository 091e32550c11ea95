"""nodekit/_loader.py: a compiled module is used only when it is not older than
its source, and never with NODEKIT_PURE=1."""

import importlib.machinery
import os
import subprocess
import sys

from nodekit._loader import SourceFirst

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _module_pair(tmp_path, compiled_newer: bool):
    source = tmp_path / "fake.py"
    compiled = tmp_path / f"fake{SUFFIX}"
    source.write_text("X = 1\n")
    compiled.write_bytes(b"")  # never loaded by these tests: only its mtime counts
    old, new = 1_000_000_000, 1_000_000_100
    os.utime(source, (new, old if compiled_newer else new))
    os.utime(compiled, (new, new if compiled_newer else old))
    return source


def test_an_up_to_date_compiled_module_is_left_to_the_normal_finder(tmp_path):
    _module_pair(tmp_path, compiled_newer=True)
    assert SourceFirst(pure=False).find_spec("nodekit.fake", [str(tmp_path)]) is None


def test_a_source_newer_than_its_compiled_module_wins(tmp_path):
    source = _module_pair(tmp_path, compiled_newer=False)
    spec = SourceFirst(pure=False).find_spec("nodekit.fake", [str(tmp_path)])
    assert spec is not None and spec.origin == str(source)


def test_pure_mode_always_takes_the_source(tmp_path):
    source = _module_pair(tmp_path, compiled_newer=True)
    spec = SourceFirst(pure=True).find_spec("nodekit.fake", [str(tmp_path)])
    assert spec is not None and spec.origin == str(source)


def test_other_packages_and_source_only_modules_are_not_touched(tmp_path):
    _module_pair(tmp_path, compiled_newer=False)
    finder = SourceFirst(pure=True)
    assert finder.find_spec("other.fake", [str(tmp_path)]) is None
    (tmp_path / "plain.py").write_text("")
    assert finder.find_spec("nodekit.plain", [str(tmp_path)]) is None


def test_nodekit_pure_runs_every_module_from_source():
    code = "import nodekit, nodekit.http; print(nodekit.compiled_modules())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "NODEKIT_PURE": "1"}, timeout=30)
    assert out.stdout.strip() == "()"
