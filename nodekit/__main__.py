"""``nodekit script.py [args…]`` / ``python -m nodekit script.py``: run a script like ``node``."""

from __future__ import annotations

import gc
import runpy
import sys
import traceback

from . import runtime

# Every HTTP client exchange leaves one reference cycle (request <-> response,
# as Node's objects refer to each other) for the cyclic collector. CPython's
# default first-generation threshold (700 allocations) runs it so often that
# it costs a busy client ~5-8% of its time; a larger one collects the same
# garbage in fewer passes. Like node's heap flags, a runtime setting: only the
# command line sets it (nodekit.run() inside another program does not).
GC_THRESHOLD = (2000, 10, 10)


def run_script(path: str, argv: list[str]) -> int:
    """Run ``path`` inside the loop, then the loop until idle; return the exit status."""
    gc.set_threshold(*GC_THRESHOLD)
    sys.argv = [path, *argv]
    from .process import process

    process.argv = ["nodekit", path, *argv]

    def main() -> None:
        runpy.run_path(path, run_name="__main__")

    try:
        runtime.run(main)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        return 130
    except BaseException:  # noqa: BLE001 - an uncaught error ends the program, like node
        traceback.print_exc()
        return 1
    return 0


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print("usage: nodekit script.py [args...]", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(run_script(args[0], args[1:]))


if __name__ == "__main__":
    main()
