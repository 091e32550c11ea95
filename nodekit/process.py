"""A small ``process`` object: the emitter for ``'uncaughtException'`` and ``'warning'``."""

from __future__ import annotations

import os
import sys

from .events import EventEmitter

__all__ = ["process"]


class Process(EventEmitter):
    """Node's ``process``, reduced to what NodeKit programs need."""

    def __init__(self) -> None:
        super().__init__()
        self.argv: list[str] = list(sys.argv)
        self.env = os.environ
        self.pid = os.getpid()
        self.exit_code = 0

    def exit(self, code: int = 0) -> None:
        raise SystemExit(code)

    def cwd(self) -> str:
        return os.getcwd()


process = Process()
