"""``nodekit script.py [args…]`` / ``python -m nodekit script.py``: run a script like ``node``.

As Node runs a main module, then its loop: the module body runs first, with
NodeKit's loop current but not yet running, then the loop runs until idle.
So a script behaves the same under ``python script.py``: one that ends with
``nodekit.run(main)`` runs ``main`` in that loop and ``run()`` returns when
the program is idle, and one written without ``run()`` has its scheduled
work run at the end of the module (see ``runtime._at_interpreter_exit``).
"""

from __future__ import annotations

import gc
import runpy
import sys

from . import runtime
from .process import process

# A runtime setting, like node's heap flags: run() applies it only while it
# runs (see runtime.GC_THRESHOLD); the command line sets it for the process.
GC_THRESHOLD = runtime.GC_THRESHOLD


def run_script(path: str, argv: list[str]) -> int:
    """Run ``path``'s module body, then the loop until idle; return the exit status."""
    gc.set_threshold(*GC_THRESHOLD)
    sys.argv = [path, *argv]
    process.argv = ["nodekit", path, *argv]
    try:
        _run_module(path)
    except BaseException as exc:  # noqa: BLE001 - an uncaught error ends the program, like node
        return process.finish(runtime.exit_status(exc))
    return process.finish(runtime.run_to_exit())


def _run_module(path: str) -> None:
    """The module body, outside the loop; an error in it is uncaught (Node: a
    throw in the main module goes to 'uncaughtException' when listened)."""
    try:
        runpy.run_path(path, run_name="__main__")
    except Exception as exc:
        if not process.listener_count("uncaughtException"):
            raise
        process.emit("uncaughtException", exc, "uncaughtException")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print("usage: nodekit script.py [args...]", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(run_script(args[0], args[1:]))


if __name__ == "__main__":
    main()
