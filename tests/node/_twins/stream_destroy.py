"""test-stream-{readable,writable,duplex,transform}-destroy.js: the shared scenarios.

Node's four destroy tests repeat one set of blocks with the stream class
changed; what differs between the copies (whether the stream is resumed,
which of 'end'/'finish' must stay silent, whether 'close' is listened for,
whether ``destroyed`` is asserted) is a keyword argument, so each port passes
exactly the listeners and assertions its Node original has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nodekit import next_tick
from nodekit.stream import Duplex, Readable, Transform, Writable


@dataclass(frozen=True)
class Kind:
    """One stream class of the destroy ports."""

    cls: type
    make: Callable[..., Any]  # make(**options): a stream whose read/write do nothing
    state: str  # the state object that holds errored/error_emitted


def _no_read(size: int) -> None:
    return None


def _write_ok(chunk: Any, enc: str, cb: Callable[..., Any]) -> None:
    cb()


def _transform_never(chunk: Any, enc: str, cb: Callable[..., Any]) -> None:
    return None


READABLE = Kind(Readable, lambda **o: Readable(read=_no_read, **o), "_readable_state")
WRITABLE = Kind(Writable, lambda **o: Writable(write=_write_ok, **o), "_writable_state")
DUPLEX = Kind(Duplex, lambda **o: Duplex(write=_write_ok, read=_no_read, **o),
              "_writable_state")
TRANSFORM = Kind(Transform, lambda **o: Transform(transform=_transform_never, **o),
                 "_writable_state")

# The stream call that would make each event fire, for the async-_destroy block.
_ENDING = {"end": lambda s: s.push(None), "finish": lambda s: s.end()}


def _is(a: Any, b: Any) -> None:
    assert a is b


def _silence(common: Any, stream: Any, events: Sequence[str]) -> None:
    for event in events:
        stream.on(event, common.must_not_call(f"no {event} event"))


def destroy(common: Any, kind: Kind, *, error: bool, resume: bool, silent: Sequence[str],
            close: bool = True, check_errored: bool = False,
            check_destroyed: bool = True, **options: Any) -> None:
    """``destroy()`` / ``destroy(expected)`` of a stream made with
    ``options``: 'close' (and 'error' with the error) but none of ``silent``."""

    def main() -> None:
        stream = kind.make(**options)
        if resume:
            stream.resume()
        expected = Exception("kaboom") if error else None
        _silence(common, stream, silent)
        if close:
            stream.on("close", common.must_call())
        if error:
            stream.on("error", common.must_call(lambda err: _is(err, expected)))
        if error:
            stream.destroy(expected)
        else:
            stream.destroy()
        if check_errored:
            assert stream.errored is expected
        if check_destroyed:
            assert stream.destroyed is True

    common.run(main)


def own_destroy_passes_error(common: Any, kind: Kind, *, silent: Sequence[str],
                             close: bool, counted: bool = True,
                             check_destroyed: bool = True) -> None:
    """An own ``_destroy`` gets the error and passes it on to 'error'."""

    def main() -> None:
        stream = kind.make()
        expected = Exception("kaboom")

        def _destroy(err: Any, cb: Callable[..., Any]) -> None:
            assert err is expected
            cb(err)

        stream._destroy = common.must_call(_destroy) if counted else _destroy
        _silence(common, stream, silent)
        if close:
            stream.on("close", common.must_call())
        stream.on("error", common.must_call(lambda err: _is(err, expected)))
        stream.destroy(expected)
        if check_destroyed:
            assert stream.destroyed is True

    common.run(main)


def destroy_option_swallows_error(common: Any, kind: Kind, *, resume: bool,
                                  silent: Sequence[str],
                                  check_destroyed: bool = True) -> None:
    """The ``destroy`` option calls back without the error: no 'error'."""

    def main() -> None:
        expected = Exception("kaboom")

        def destroy_fn(err: Any, cb: Callable[..., Any]) -> None:
            assert err is expected
            cb()

        stream = kind.make(destroy=common.must_call(destroy_fn))
        if resume:
            stream.resume()
        _silence(common, stream, silent)
        stream.on("close", common.must_call())
        # The error is swallowed by the custom _destroy.
        stream.on("error", common.must_not_call("no error event"))
        stream.destroy(expected)
        if check_destroyed:
            assert stream.destroyed is True

    common.run(main)


def destroy_without_error_passes_none(common: Any, kind: Kind, *,
                                      check_destroyed: bool = True) -> None:
    """``destroy()`` hands ``_destroy`` a None error."""

    def main() -> None:
        stream = kind.make()

        def _destroy(err: Any, cb: Callable[..., Any]) -> None:
            assert err is None
            cb()

        stream._destroy = common.must_call(_destroy)
        stream.destroy()
        if check_destroyed:
            assert stream.destroyed is True

    common.run(main)


def ending_from_async_destroy(common: Any, kind: Kind, *, resume: bool,
                              silent: Sequence[str], close: bool,
                              emitted_later: Sequence[str] = (),
                              check_destroyed: bool = True) -> None:
    """``_destroy`` pushes EOF / ends on the next tick: none of ``silent``
    fires during ``destroy()``, nor later except ``emitted_later``."""

    def main() -> None:
        stream = kind.make()
        if resume:
            stream.resume()

        def _destroy(err: Any, cb: Callable[..., Any]) -> None:
            assert err is None

            def later() -> None:
                for event in silent:
                    _ENDING[event](stream)
                cb()

            next_tick(later)

        stream._destroy = common.must_call(_destroy)
        fail = common.must_not_call("no " + " or ".join(silent) + " event")
        for event in silent:
            stream.on(event, fail)
        if close:
            stream.on("close", common.must_call())
        stream.destroy()
        for event in silent:
            stream.remove_listener(event, fail)
            later_cb = common.must_call() if event in emitted_later else (
                common.must_not_call(event))
            stream.on(event, later_cb)
        if check_destroyed:
            assert stream.destroyed is True

    common.run(main)


def destroy_callback_error_is_emitted(common: Any, kind: Kind, *, silent: Sequence[str],
                                      close: bool, check_destroyed: bool = True) -> None:
    """``_destroy`` calls back with its own error: 'error' gets it."""

    def main() -> None:
        stream = kind.make()
        expected = Exception("kaboom")

        def _destroy(err: Any, cb: Callable[..., Any]) -> None:
            assert err is None
            cb(expected)

        stream._destroy = common.must_call(_destroy)
        if close:
            stream.on("close", common.must_call())
        _silence(common, stream, silent)
        stream.on("error", common.must_call(lambda err: _is(err, expected)))
        stream.destroy()
        if check_destroyed:
            assert stream.destroyed is True

    common.run(main)


def second_destroy_while_destroying_is_ignored(common: Any, kind: Kind, *,
                                               destroy_on_close: bool) -> None:
    """A second ``destroy(err)`` while the first is pending changes nothing;
    with ``destroy_on_close`` a third one from 'close' emits no 'error'."""

    def main() -> None:
        def destroy_fn(err: Any, cb: Callable[..., Any]) -> None:
            next_tick(cb, Exception("kaboom 1"))

        stream = kind.make(destroy=common.must_call(destroy_fn))
        state = getattr(stream, kind.state)
        ticked = {"v": False}

        def on_close() -> None:
            if destroy_on_close:
                stream.on("error", common.must_not_call("error"))
                stream.destroy(Exception("hello"))
            assert ticked["v"] is True
            assert state.error_emitted is True

        def on_error(err: Any) -> None:
            assert ticked["v"] is True
            assert err.args[0] == "kaboom 1"
            assert state.error_emitted is True

        stream.on("close", common.must_call(on_close))
        stream.on("error", common.must_call(on_error))
        stream.destroy()
        assert stream.destroyed is True
        assert state.errored is None
        assert state.error_emitted is False
        # Already destroying: this one has no effect.
        stream.destroy(Exception("kaboom 2"))
        assert state.error_emitted is False
        assert state.errored is None
        ticked["v"] = True

    common.run(main)


def destroy_when_already_marked_destroyed(common: Any, kind: Kind, *, resume: bool,
                                          silent: Sequence[str]) -> None:
    """``destroyed = True`` by hand: ``destroy()`` runs none of its machinery."""

    def main() -> None:
        stream = kind.make()
        if resume:
            stream.resume()
        stream.destroyed = True
        assert stream.destroyed is True
        _silence(common, stream, silent)
        stream.destroy()

    common.run(main)


def subclass_sees_destroyed_false_before_init(common: Any, kind: Kind) -> None:
    """A subclass reads and sets ``destroyed`` before the base initialiser."""

    class Sub(kind.cls):  # type: ignore[name-defined,misc]
        def __init__(self) -> None:
            assert self.destroyed is False
            self.destroyed = False
            super().__init__()

    common.run(Sub)
