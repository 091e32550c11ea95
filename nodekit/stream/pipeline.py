"""``finished`` and ``pipeline`` (Node's ``internal/streams/{end-of-stream,pipeline}.js``).

Owns the detection of a stream's end — ``'end'``/``'finish'``, an error, or a
premature ``'close'`` — for any stream-like object (it duck-types, so legacy
streams without ``_readable_state``/``_writable_state`` work), and
``pipeline``: piping a chain of streams with back-pressure, destroying every
stream when one fails and reporting the first error once.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from .. import runtime
from ..abort import AbortController, abort_error, on_abort, validate_abort_signal
from ..errors import NodeTypeError
from ._util import (
    AbortError,
    destroyer,
    err_destroyed,
    err_premature_close,
    is_closed,
    is_node_stream,
    is_readable,
    is_readable_finished,
    is_readable_node_stream,
    is_writable,
    is_writable_finished,
    is_writable_node_stream,
    merge_options,
    next_tick,
    nop,
    rstate,
    stream_errored,
    will_emit_close,
    wstate,
)

__all__ = ["finished", "pipeline", "pipeline_impl"]

Callback = Callable[..., Any]


def finished(stream: Any, options: Any = None, callback: Callback | None = None,
             **kwargs: Any) -> Callable[[], None]:
    """Call ``callback(err_or_None)`` once ``stream`` is done; return a cleanup function.

    Done means ended (readable side), finished (writable side), errored, or
    closed prematurely (``ERR_STREAM_PREMATURE_CLOSE``). Options (dict or
    kwargs): ``readable``, ``writable`` (which sides to wait for; default: the
    sides the stream has), ``error`` (False: do not listen for ``'error'``) and
    ``signal`` (an ``AbortSignal``: its abort calls back with an ``AbortError``
    at once and stops watching; the stream itself is left alone, as in Node).
    """
    if callback is None and callable(options):
        callback, options = options, None
    if not callable(callback):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "callback" argument must be callable. Received {callback!r}')
    if options is not None and not isinstance(options, dict):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "options" argument must be a dict. Received {options!r}')
    return _eos(stream, merge_options(options, kwargs) or {}, callback)


def _eos(stream: Any, opts: dict[str, Any], user_callback: Callback) -> Callable[[], None]:
    if not is_node_stream(stream):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "stream" argument must be a stream. Received {stream!r}')
    callback: Callback = user_callback

    def done(err: BaseException | None = None) -> None:
        nonlocal callback
        cb, callback = callback, nop
        if stop_abort is not None:
            stop_abort()
        cb(err)

    readable = opts.get("readable")
    if readable is None:
        readable = is_readable_node_stream(stream)
    writable = opts.get("writable")
    if writable is None:
        writable = is_writable_node_stream(stream)
    w = wstate(stream)
    r = rstate(stream)
    will_close = (will_emit_close(stream) and is_readable_node_stream(stream) == readable
                  and is_writable_node_stream(stream) == writable)
    writable_finished = bool(is_writable_finished(stream, False))
    readable_finished = bool(is_readable_finished(stream, False))

    def onfinish(*_args: Any) -> None:
        nonlocal writable_finished, will_close
        writable_finished = True
        # Destroyed already: user code does something unusual, 'close' is not to be trusted.
        if getattr(stream, "destroyed", False):
            will_close = False
        if will_close and (not getattr(stream, "readable", False) or readable):
            return
        if not readable or readable_finished:
            done()

    def onlegacyfinish(*_args: Any) -> None:
        if not getattr(stream, "writable", False):
            onfinish()

    def onend(*_args: Any) -> None:
        nonlocal readable_finished, will_close
        readable_finished = True
        if getattr(stream, "destroyed", False):
            will_close = False
        if will_close and (not getattr(stream, "writable", False) or writable):
            return
        if not writable or writable_finished:
            done()

    def onerror(err: BaseException | None = None, *_args: Any) -> None:
        done(err)

    def onclose(*_args: Any) -> None:
        errored = stream_errored(stream)
        if isinstance(errored, BaseException):  # Node: a non-boolean errored
            return done(errored)
        if readable and not readable_finished and is_readable_node_stream(stream, True):
            if not is_readable_finished(stream, False):
                return done(err_premature_close())
        if writable and not writable_finished:
            if not is_writable_finished(stream, False):
                return done(err_premature_close())
        done()

    def onclosed() -> None:
        done(stream_errored(stream))

    legacy = writable and w is None
    if legacy:
        stream.on("end", onlegacyfinish)
        stream.on("close", onlegacyfinish)
    # Not every stream emits 'close' after 'aborted' (http's IncomingMessage).
    listen_aborted = not will_close and isinstance(getattr(stream, "aborted", None), bool)
    if listen_aborted:
        stream.on("aborted", onclose)
    stream.on("end", onend)
    stream.on("finish", onfinish)
    listen_error = opts.get("error") is not False
    if listen_error:
        stream.on("error", onerror)
    stream.on("close", onclose)

    if is_closed(stream):
        next_tick(onclose)
    elif (w is not None and w.error_emitted) or (r is not None and r.error_emitted):
        if not will_close:
            next_tick(onclosed)
    elif (not readable and (not will_close or is_readable(stream))
          and (writable_finished or is_writable(stream) is False)
          and (w is None or w.pending_cb == 0)):
        next_tick(onclosed)
    elif (not writable and (not will_close or is_writable(stream))
          and (readable_finished or is_readable(stream) is False)):
        next_tick(onclosed)

    stop_abort = None
    signal = opts.get("signal")
    if signal is not None:
        validate_abort_signal(signal, "options.signal")

        def onabort() -> None:
            end_callback = callback
            cleanup()
            end_callback(abort_error(signal))

        if signal.aborted:
            next_tick(onabort)
        else:
            stop_abort = on_abort(signal, onabort)

    def cleanup() -> None:
        nonlocal callback
        callback = nop
        if stop_abort is not None:
            stop_abort()
        if listen_aborted:
            stream.remove_listener("aborted", onclose)
        if legacy:
            stream.remove_listener("end", onlegacyfinish)
            stream.remove_listener("close", onlegacyfinish)
        stream.remove_listener("finish", onfinish)
        stream.remove_listener("end", onend)
        if listen_error:
            stream.remove_listener("error", onerror)
        stream.remove_listener("close", onclose)

    return cleanup


# -- pipeline ------------------------------------------------------------------------
def pipeline(*streams: Any, signal: Any = None) -> Any:
    """``pipeline(src, *transforms, dest, callback)``: pipe them all; ``callback(err)`` once.

    Every stream is destroyed if one fails. Returns the last stream. As in
    Node, a stage may be a function: the source one returning a (sync or
    async) iterable (or the source an iterable itself), a later one called
    with the previous stage as an async iterable and returning an async
    iterable (an async generator function), the last one may be an ``async
    def`` whose result the callback gets as ``callback(err, value)`` (the
    pipeline then returns a PassThrough of what it produced). Async stages
    start at the call, as JS async functions do. A function with a
    ``signal`` parameter gets Node's ``{signal}``: aborted once the pipeline
    is done. ``signal`` (keyword; Node has it only on the promise form):
    aborting it destroys every stream with an ``AbortError``, which the
    callback gets.
    """
    if not streams or not callable(streams[-1]) or is_node_stream(streams[-1]):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            'The "callback" argument (the last one) must be callable')
    callback = streams[-1]
    return pipeline_impl(list(streams[:-1]), callback, signal=signal)


def pipeline_impl(streams: list[Any], callback: Callback, end: bool = True,
                  signal: Any = None) -> Any:
    if len(streams) == 1 and isinstance(streams[0], (list, tuple)):
        streams = list(streams[0])
    if len(streams) < 2:
        raise NodeTypeError("ERR_MISSING_ARGS", 'The "streams" argument must be specified')
    validate_abort_signal(signal, "options.signal")
    state = _PipelineState(callback)
    last = len(streams) - 1
    ret: Any = None
    for i, stream in enumerate(streams):
        reading = i < last
        end_it = reading or end
        if is_node_stream(stream):
            _watch_stream(stream, state, reading, i > 0, end_it, i == last)
        if i == 0:
            ret = _source(stream, state)
        elif callable(stream) and not is_node_stream(stream):
            ret = _function_stage(stream, ret, i, reading, end_it, state)
        elif is_node_stream(stream):
            _connect(ret, stream, i, end_it, i == last, state)
            ret = stream
        else:
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                f"pipeline: argument {i} is not a stream. Received {stream!r}")
    if signal is not None:
        _abort_with(signal, state)
    return ret


def _watch_stream(stream: Any, state: _PipelineState, reading: bool, writing: bool,
                  end_it: bool, is_last: bool) -> None:
    """Destroy ``stream`` when the pipeline fails; fail on its late errors."""
    if end_it:
        destroy, cleanup = _destroyer(stream, reading, writing)
        state.destroys.append(destroy)
        if is_last and is_readable(stream):
            state.last_stream_cleanup.append(cleanup)
    remove_on_error = _catch_late_errors(stream, state)
    if is_last and is_readable(stream):
        state.last_stream_cleanup.append(remove_on_error)


def _is_iterable(obj: Any) -> bool:
    return hasattr(obj, "__aiter__") or hasattr(obj, "__iter__")


def _source(stream: Any, state: _PipelineState) -> Any:
    """The first stage: a Readable, an iterable, or a function returning an iterable."""
    if is_node_stream(stream):
        if not is_readable_node_stream(stream):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                f"pipeline: the source is not readable. Received {stream!r}")
        return stream
    if callable(stream):
        ret = _call_stage(stream, (), state)
        if not _is_iterable(ret) or isinstance(ret, (str, bytes)):
            raise _invalid_return("Iterable, AsyncIterable or Stream", "source", ret)
        return ret
    if isinstance(stream, (str, bytes, bytearray, memoryview)):
        # One chunk (as Readable.from_ does), not a sequence of characters.
        from .readable import Readable

        return Readable.from_(stream)
    if _is_iterable(stream):
        return stream
    raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                        f"pipeline: the source is not readable. Received {stream!r}")


def _invalid_return(expected: str, name: str, value: Any) -> NodeTypeError:
    return NodeTypeError("ERR_INVALID_RETURN_VALUE",
                         f'Expected {expected} to be returned from the "{name}" function '
                         f"but got {type(value).__name__}.")


def _call_stage(fn: Callable[..., Any], args: tuple[Any, ...], state: _PipelineState) -> Any:
    """Call a function stage; Node passes ``{signal}``: here ``signal=`` is passed
    to a function that takes a ``signal`` (or ``**kwargs``) parameter."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        params = ()  # type: ignore[assignment]
    if any(p.name == "signal" or p.kind is p.VAR_KEYWORD for p in params):
        return fn(*args, signal=state.signal)
    return fn(*args)


def _as_async_iterable(value: Any) -> Any:
    """Node's ``makeAsyncIterable``: what a function stage iterates with ``async for``."""
    if hasattr(value, "__aiter__"):
        return value
    if hasattr(value, "__iter__") and not is_node_stream(value):
        return _aiter_sync(value)
    if is_readable_node_stream(value):
        return _from_readable(value)
    raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                        f'The "val" argument must be a stream or an iterable. Received {value!r}')


async def _from_readable(stream: Any) -> Any:
    """An old-style stream, iterated through Readable.wrap once iteration starts
    (Node's fromReadable generator: nothing listens to it before that)."""
    from .readable import Readable

    async for chunk in Readable.__aiter__(stream):
        yield chunk


async def _aiter_sync(iterable: Any) -> Any:
    for item in iterable:
        if inspect.isawaitable(item):
            item = await item
        yield item


def _function_stage(fn: Callable[..., Any], prev: Any, i: int, reading: bool, end_it: bool,
                    state: _PipelineState) -> Any:
    ret = _call_stage(fn, (_as_async_iterable(prev),), state)
    # Node's isIterable(ret, true): a later stage must return an *async* iterable.
    if reading:
        if not hasattr(ret, "__aiter__"):
            raise _invalid_return("AsyncIterable", f"transform[{i - 1}]", ret)
        return ret
    # The destination is a function: its result (a coroutine's value, or what
    # an iterable yields) is written to a PassThrough that the pipeline returns.
    from .transform import PassThrough

    pt = PassThrough(object_mode=True)
    state.has_value = True
    if inspect.isawaitable(ret):
        state.finish_count += 1
        _settle_awaitable(ret, pt, end_it, state)
    elif hasattr(ret, "__aiter__"):
        state.finish_count += 1
        _pump_to_node(ret, pt, state.finish, end_it)
    else:
        raise _invalid_return("AsyncIterable or Promise", "destination", ret)
    destroy, cleanup = _destroyer(pt, False, True)
    state.destroys.append(destroy)
    state.last_stream_cleanup.append(cleanup)
    return pt


def _settle_awaitable(awaitable: Any, pt: Any, end_it: bool, state: _PipelineState) -> None:
    async def settle() -> None:
        try:
            value = await awaitable
        except Exception as err:  # noqa: BLE001 - the pipeline's error
            pt.destroy(err)
            next_tick(state.finish, err)
            return
        state.value = value
        if value is not None:
            pt.write(value)
        if end_it:
            pt.end()
        next_tick(state.finish)

    runtime.spawn(_started(settle()))


def _started(coro: Any) -> Any:
    """Run ``coro`` now up to its first wait, as JS runs an async function at
    its call (a stage that starts iterating its source listens at once); the
    returned coroutine continues it in a task and returns its value."""
    try:
        first = coro.send(None)
    except StopIteration as stop:
        return _value(stop.value)
    except Exception as exc:  # noqa: BLE001 - raised again by the task
        return _raise(exc)
    return _Resume(coro, first).run()


async def _value(value: Any) -> Any:
    return value


async def _raise(exc: BaseException) -> None:
    raise exc


class _Resume:
    """Drive a started coroutine from a task: its waits go to the task and
    the task's results come back (what ``await`` does)."""

    __slots__ = ("coro", "first")

    def __init__(self, coro: Any, first: Any) -> None:
        self.coro = coro
        self.first = first

    def __await__(self) -> Any:
        pending = self.first
        while True:
            try:
                sent = yield pending
            except BaseException as exc:  # noqa: BLE001 - thrown into the coroutine
                try:
                    pending = self.coro.throw(exc)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    pending = self.coro.send(sent)
                except StopIteration as stop:
                    return stop.value

    async def run(self) -> Any:
        return await self


def _connect(prev: Any, stream: Any, i: int, end_it: bool, is_last: bool,
             state: _PipelineState) -> None:
    """Feed ``stream`` from the previous stage: a pipe, or a pump of an iterable."""
    if is_node_stream(prev):
        if not is_readable_node_stream(prev):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                f"pipeline: argument {i - 1} is not readable")
        state.finish_count += 2
        cleanup = _pipe(prev, stream, state.finish, end_it)
        if is_last and is_readable(stream):
            state.last_stream_cleanup.append(cleanup)
    elif _is_iterable(prev):
        state.finish_count += 1
        _pump_to_node(prev, stream, state.finish, end_it)
    else:
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", "The \"val\" argument must be a stream "
                            f"or an iterable. Received {prev!r}")


def _pump_to_node(iterable: Any, writable: Any, finish: Callback, end: bool) -> None:
    """Node's ``pumpToNode``: write what ``iterable`` yields to ``writable``,
    waiting for ``'drain'``; ``finish(err)`` once written (and ended)."""
    runtime.spawn(_started(_pump(iterable, writable, finish, end)))


async def _pump(iterable: Any, writable: Any, finish: Callback, end: bool) -> None:
    loop = asyncio.get_running_loop()
    box: dict[str, Any] = {"error": None, "waiter": None}

    def resume(err: BaseException | None = None, *_args: Any) -> None:
        if err is not None:
            box["error"] = err
        waiter = box["waiter"]
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait() -> None:
        if box["error"] is None:
            box["waiter"] = loop.create_future()
            await box["waiter"]
            box["waiter"] = None
        if box["error"] is not None:
            raise box["error"]

    writable.on("drain", resume)
    cleanup = finished(writable, {"readable": False}, resume)
    try:
        if writable.writable_need_drain:
            await wait()
        async for chunk in _as_async_iterable(iterable):
            if not writable.write(chunk):
                await wait()
        if end:
            writable.end()
            await wait()
        finish()
    except Exception as err:  # noqa: BLE001 - the pipeline's error
        finish(err)
    finally:
        cleanup()
        writable.remove_listener("drain", resume)


def _abort_with(signal: Any, state: _PipelineState) -> None:
    """Node's pipeline ``outerSignal``: its abort fails (and destroys) every stream."""
    def abort() -> None:
        state.finish_impl(abort_error(signal), False)

    if signal.aborted:
        next_tick(abort)
    else:
        state.stop_abort = on_abort(signal, abort)


class _PipelineState:
    __slots__ = ("callback", "error", "destroys", "finish_count", "last_stream_cleanup",
                 "stop_abort", "controller", "value", "has_value")

    def __init__(self, callback: Callback) -> None:
        self.callback: Callback | None = callback
        self.error: BaseException | None = None
        self.destroys: list[Callable[[BaseException | None], None]] = []
        self.finish_count = 0
        # Listeners to drop once done if the last stream is still readable.
        self.last_stream_cleanup: list[Callable[[], None]] = []
        self.stop_abort: Callable[[], None] | None = None  # the signal's listener
        self.controller: AbortController | None = None  # made when a stage asks for it
        self.value: Any = None  # what a function destination returned
        self.has_value = False

    @property
    def signal(self) -> Any:
        """The signal function stages get; aborted once the pipeline is done."""
        if self.controller is None:
            self.controller = AbortController()
        return self.controller.signal

    def finish(self, err: BaseException | None = None, *_args: Any) -> None:
        self.finish_count -= 1
        self.finish_impl(err, self.finish_count == 0)

    def finish_impl(self, err: BaseException | None, final: bool) -> None:
        if err is not None and (self.error is None or _is_premature(self.error)):
            self.error = err
        if self.error is None and not final:
            return
        while self.destroys:
            self.destroys.pop(0)(self.error)
        if self.stop_abort is not None:
            self.stop_abort()
            self.stop_abort = None
        if self.controller is not None:
            self.controller.abort()
        if final:
            if self.error is None:
                for fn in self.last_stream_cleanup:
                    fn()
            callback, self.callback = self.callback, None
            if callback is None:
                return
            if self.has_value:
                # Node's callback(err, value): the value of a function destination.
                next_tick(callback, self.error, self.value)
            else:
                next_tick(callback, self.error)


def _is_premature(err: BaseException) -> bool:
    return getattr(err, "code", None) == "ERR_STREAM_PREMATURE_CLOSE"


def _catch_late_errors(stream: Any, state: _PipelineState) -> Callable[[], None]:
    """Errors that come after the pipe has completed still fail the pipeline."""

    def on_error(err: BaseException | None = None, *_args: Any) -> None:
        if err is not None and not isinstance(err, AbortError) and not _is_premature(err):
            state.finish(err)

    stream.on("error", on_error)
    return lambda: stream.remove_listener("error", on_error)


def _destroyer(stream: Any, reading: bool, writing: bool) -> tuple[Callable[..., None],
                                                                     Callable[[], None]]:
    is_done = False

    def on_close(*_args: Any) -> None:
        nonlocal is_done
        is_done = True

    def on_eos(err: BaseException | None = None) -> None:
        nonlocal is_done
        is_done = err is None

    stream.on("close", on_close)
    cleanup = finished(stream, {"readable": reading, "writable": writing}, on_eos)

    def destroy(err: BaseException | None) -> None:
        nonlocal is_done
        if is_done:
            return
        is_done = True
        destroyer(stream, err or err_destroyed("pipe"))

    return destroy, cleanup


def _pipe(src: Any, dst: Any, finish: Callback, end: bool) -> Callable[[], None]:
    ended = False

    def on_dst_close(*_args: Any) -> None:
        if not ended:
            # The destination closed before the source completed.
            finish(err_premature_close())

    dst.on("close", on_dst_close)
    src.pipe(dst, end=False)  # we end dst ourselves, below

    if end:
        def end_fn(*_args: Any) -> None:
            nonlocal ended
            ended = True
            dst.end()

        if is_readable_finished(src):
            next_tick(end_fn)
        else:
            src.once("end", end_fn)
    else:
        finish()

    def on_src_done(err: BaseException | None = None) -> None:
        r = rstate(src)
        if (err is not None and _is_premature(err) and r is not None and r.ended
                and r.errored is None and not r.error_emitted):
            # Some streams emit 'close' before 'end'; the end is still coming.
            src.once("end", finish)
            src.once("error", finish)
        else:
            finish(err)

    finished(src, {"readable": True, "writable": False}, on_src_done)
    return finished(dst, {"readable": False, "writable": True}, finish)

