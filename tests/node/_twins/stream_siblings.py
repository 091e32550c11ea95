"""Bodies and set-ups shared by sibling stream ports that Node writes twice
with one thing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nodekit.stream import Readable, Writable


def writable_finished_state(common: Any, finished: Callable[[Any], bool]) -> None:
    """test-stream-writable-finished.js's first block and
    test-stream-writable-finished-state.js: ``finished(writable)`` is false
    in ``_write`` and true at 'finish' and in the end() callback."""
    def main() -> None:
        writable = Writable()

        def _write(chunk: Any, encoding: str, cb: Callable[..., Any]) -> None:
            assert finished(writable) is False
            cb()

        def on_finished(*_: Any) -> None:
            assert finished(writable) is True

        writable._write = _write
        writable.on("finish", common.must_call(on_finished))
        writable.end("testing finished state", common.must_call(on_finished))

    common.run(main)


def readable_without_its_readable_listener() -> Any:
    """test-stream-readable-data.js and the last block of
    test-stream-readable-pause-and-resume.js: a utf8 readable that had a
    'readable' listener, removed again."""
    readable = Readable(read=lambda size: None)

    def read() -> None:
        pass

    readable.set_encoding("utf8")
    readable.on("readable", read)
    readable.remove_listener("readable", read)
    return readable
