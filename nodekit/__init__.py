"""NodeKit: Node.js's ``http`` module, and the ``events``, ``stream`` and ``net`` layers
it stands on, for Python — on llhttp (httptools) and libuv (uvloop).

``from nodekit import http`` (or ``nodekit.require('http')``) gives Node's API
with snake_case names; ``nodekit.run()`` runs the loop until nothing ref'd is
left, as ``node script.js`` does.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

# First: decides, for every submodule, compiled or source (see _loader).
from ._loader import compiled_modules
from .abort import AbortController, AbortError, AbortSignal
from .process import process
from .runtime import (
    clear_immediate,
    clear_interval,
    clear_timeout,
    next_tick,
    run,
    set_immediate,
    set_interval,
    set_timeout,
)

__all__ = [
    "run", "require", "process", "set_timeout", "set_interval", "set_immediate",
    "clear_timeout", "clear_interval", "clear_immediate", "next_tick", "compiled_modules",
    "AbortController", "AbortSignal", "AbortError",
]
__version__ = "0.1.0"

_MODULES = {"events", "stream", "net", "http", "tls", "https", "cluster"}

if "NODE_UNIQUE_ID" in os.environ:
    # A cluster worker: its listen() must go through the primary from the start.
    from . import cluster  # noqa: F401


def require(name: str) -> ModuleType:
    """Node's ``require`` for NodeKit's modules: ``require('http')``."""
    name = name.removeprefix("node:")
    if name not in _MODULES:
        raise ModuleNotFoundError(f"Cannot find module '{name}'")
    return importlib.import_module(f"nodekit.{name}")


def __getattr__(name: str) -> ModuleType:
    # ``nodekit.http`` etc. load lazily so ``import nodekit`` stays cheap.
    if name in _MODULES:
        return importlib.import_module(f"nodekit.{name}")
    raise AttributeError(f"module 'nodekit' has no attribute {name!r}")
