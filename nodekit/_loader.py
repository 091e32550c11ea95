"""Which file each NodeKit module is loaded from: compiled or source.

setup.py compiles the hot modules with Cython from the unchanged ``.py``
sources. Python's import system prefers a compiled module over its source;
this finder makes the source win instead when

- ``NODEKIT_PURE=1`` is set (run everything as pure Python), or
- the ``.py`` is newer than its compiled module (it was edited since the
  build: running stale code would be worse than running slower code).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

_SUFFIXES = importlib.machinery.EXTENSION_SUFFIXES


def _compiled_path(directory: str, leaf: str) -> str | None:
    for suffix in _SUFFIXES:
        path = os.path.join(directory, leaf + suffix)
        if os.path.exists(path):
            return path
    return None


class SourceFirst:
    """A meta-path finder for ``nodekit.*``: the source when it must win, else defer."""

    def __init__(self, pure: bool) -> None:
        self.pure = pure

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if not name.startswith("nodekit.") or not path:
            return None
        leaf = name.rpartition(".")[2]
        for directory in path:
            source = os.path.join(directory, leaf + ".py")
            if not os.path.isfile(source):
                continue
            compiled = _compiled_path(directory, leaf)
            if compiled is None:
                return None  # the normal finder loads the source
            if self.pure or os.path.getmtime(compiled) < os.path.getmtime(source):
                return importlib.util.spec_from_file_location(name, source)
            return None  # the compiled module is up to date: the normal finder takes it
        return None


def install() -> None:
    if not any(isinstance(f, SourceFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, SourceFirst(bool(os.environ.get("NODEKIT_PURE"))))


install()  # on import: before nodekit/__init__ imports any other submodule


def native_module(name: str) -> ModuleType | None:
    """``nodekit.<name>``, a module written for Cython only (a ``.pyx`` with no
    ``.py`` twin), or None where it must not or cannot run: ``NODEKIT_PURE=1``
    (everything pure Python), not built, or its ``.pyx`` edited since the build
    (a stale build would be worse than the slower path its caller falls back to)."""
    if os.environ.get("NODEKIT_PURE"):
        return None
    try:
        module = importlib.import_module("nodekit." + name)
    except ImportError:
        return None
    source = os.path.join(os.path.dirname(__file__), *name.split(".")) + ".pyx"
    if os.path.exists(source) and os.path.getmtime(source) > os.path.getmtime(module.__file__):
        return None
    return module


def compiled_modules() -> tuple[str, ...]:
    """The names of the NodeKit modules running compiled in this process."""
    return tuple(sorted(
        name for name, mod in list(sys.modules.items())
        if name.startswith("nodekit.") and getattr(mod, "__file__", "")
        and not mod.__file__.endswith((".py", ".pyc"))))
