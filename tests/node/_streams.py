"""What the ``test-stream-*.js`` ports repeat (Node's ``test/common`` bits and
the shapes of their streams), on top of ``tests/node/_common.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from nodekit import process


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
    runs (once). A rejection with no ``catch`` fails the test."""
    from nodekit import runtime

    rt = runtime.current()
    task = rt.loop.create_task(coro)
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
