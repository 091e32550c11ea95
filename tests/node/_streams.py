"""What the ``test-stream-*.js`` ports repeat (Node's ``test/common`` bits and
the shapes of their streams), on top of ``tests/node/_common.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from nodekit import process
from nodekit.stream.pipeline import _started  # pipeline's eager start of an async stage


@contextmanager
def on_uncaught(common: Any, check: Callable[[BaseException], Any] | None = None,
                n: int = 1) -> Iterator[Callable[..., Any]]:
    """``process.on('uncaughtException', common.mustCall(check, n))`` for the
    duration of the block (Node's process exits; here the listener is removed,
    so the next test starts clean)."""

    def listener(err: BaseException, *_origin: Any) -> None:
        if check is not None:
            check(err)

    counted = common.must_call(listener, n=n)
    process.on("uncaughtException", counted)
    try:
        yield counted
    finally:
        process.off("uncaughtException", counted)


def message_is(text: str) -> Callable[[BaseException], None]:
    """A check that an error's message (Node's ``err.message``) is ``text``."""

    def check(err: BaseException) -> None:
        got = err.args[0] if err.args else str(err)
        assert got == text, f"{got!r} != {text!r}"

    return check


def to_str(chunk: Any) -> str:
    """``chunk.toString()`` of a bytes or str chunk."""
    return chunk.decode() if isinstance(chunk, (bytes, bytearray, memoryview)) else str(chunk)


def run_async(common: Any, coro: Any, then: Callable[[Any], Any] | None = None,
              catch: Callable[[BaseException], Any] | None = None) -> Any:
    """Node's ``asyncFn().then(mustCall(then))`` / ``.catch(mustCall(catch))``:
    run ``coro`` as a task that keeps the loop alive; exactly one of the two
    runs (once). A rejection with no ``catch`` fails the test. As a JS async
    function, the coroutine runs at once up to its first ``await``."""
    from nodekit import runtime

    rt = runtime.current()
    task = rt.loop.create_task(_started(coro))
    rt.ref()
    on_value = common.must_call(then) if catch is None else then
    on_error = common.must_call(catch) if catch is not None else None

    def done(t: Any) -> None:
        rt.unref()
        exc = t.exception()
        if exc is None:
            assert on_error is None, "expected the coroutine to raise"
            if on_value is not None:
                on_value(t.result())
        elif on_error is None:
            rt.uncaught(exc)
        else:
            on_error(exc)

    task.add_done_callback(lambda t: runtime.call(done, t))
    return task


def file_stream(path: str, **options: Any) -> Any:
    """``fs.createReadStream(path)`` stands in: a Readable of the file's bytes,
    pushed asynchronously in 4 KiB chunks (NodeKit has no ``fs``). A missing
    file errors with ENOENT after the open, as the ReadStream does."""
    import errno
    from pathlib import Path

    from nodekit import next_tick
    from nodekit.errors import SystemError_
    from nodekit.stream import Readable

    try:
        data: bytes | None = Path(path).read_bytes()
    except FileNotFoundError:
        data = None
    box = {"pos": 0}

    def read(size: int) -> None:
        def later() -> None:
            if data is None:
                return
            chunk = data[box["pos"]:box["pos"] + 4096]
            box["pos"] += len(chunk)
            rs.push(chunk if chunk else None)

        next_tick(later)

    rs = Readable(read=read, **options)
    if data is None:
        next_tick(rs.destroy, SystemError_(errno.ENOENT, "ENOENT", "open", path))
    return rs


def start_now(coro: Any) -> Any:
    """A task for ``coro``, stepped now up to its first wait: a JS promise of an
    async call (``it.next()``) that started at the call. (pipeline's own
    eager start, the one its async stages use.)"""
    import asyncio

    return asyncio.ensure_future(_started(coro))
