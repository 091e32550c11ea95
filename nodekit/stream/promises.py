"""``stream.promises`` (Node's ``stream/promises``): awaitable ``pipeline`` and ``finished``.

Owns only the bridge from the callback APIs to asyncio futures; the work is
done by :mod:`nodekit.stream.pipeline`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .. import runtime
from ..errors import NodeTypeError
from .pipeline import finished as _finished
from .pipeline import pipeline_impl

__all__ = ["pipeline", "finished"]


def _settle(fut: asyncio.Future[Any], err: BaseException | None = None,
            value: Any = None, *_args: Any) -> None:
    if fut.done():
        return
    if err is not None:
        fut.set_exception(err)
    else:
        fut.set_result(value)


def pipeline(*streams: Any, end: bool = True, signal: Any = None) -> asyncio.Future[Any]:
    """``await pipeline(src, *transforms, dest)``: raises the first error.

    As in Node the pipeline starts at the call (the awaitable is a future), and
    its result is the value a function destination returned (else None).
    ``end=False`` leaves the last stream open; aborting ``signal`` destroys
    every stream and raises an ``AbortError``. Node's trailing options object
    works too: ``pipeline(src, dest, {'signal': s, 'end': False})``.
    """
    if streams and type(streams[-1]) is dict:
        options = streams[-1]
        streams = streams[:-1]
        end = options.get("end", end)
        signal = options.get("signal", signal)
    fut: asyncio.Future[Any] = runtime.get_loop().create_future()
    pipeline_impl(list(streams), lambda err=None, value=None: _settle(fut, err, value),
                  end, signal)
    return fut


def finished(stream: Any, options: dict[str, Any] | None = None, *,
             cleanup: bool = False, **kwargs: Any) -> asyncio.Future[Any]:
    """``await finished(stream)``: returns once the stream is done, raises its error.

    It watches from the call on (the awaitable is a future, as Node's promise).

    ``cleanup=True`` (or ``{'cleanup': True}``, Node's spelling) removes the
    listeners once settled; ``signal=`` (an
    ``AbortSignal``) raises an ``AbortError`` when it aborts first.
    """
    if options is not None and "cleanup" in options:
        options = dict(options)
        cleanup = options.pop("cleanup")
    if not isinstance(cleanup, bool):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "options.cleanup" property must be '
                            f"of type boolean. Received {cleanup!r}")
    fut: asyncio.Future[Any] = runtime.get_loop().create_future()
    remove = None

    def on_done(err: BaseException | None = None) -> None:
        if cleanup and remove is not None:
            remove()
        _settle(fut, err)

    remove = _finished(stream, options, on_done, **kwargs)
    return fut
