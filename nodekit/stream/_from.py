"""``Readable.from_(iterable)`` (Node's ``internal/streams/from.js``).

Owns turning a sync or async iterable into a Readable that pulls one item
per ``_read`` and closes the iterator when the stream is destroyed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .. import runtime
from ..errors import NodeTypeError
from ._util import err_null_values, next_tick

__all__ = ["readable_from"]


def readable_from(cls: Any, iterable: Any, opts: dict[str, Any] | None) -> Any:
    options: dict[str, Any] = {"object_mode": True}
    if isinstance(iterable, (str, bytes, bytearray, memoryview)):
        # A string or buffer is one chunk, not a sequence of characters.
        if opts:
            options.update(opts)
        single = iterable

        def read(stream: Any, _size: int) -> None:
            stream.push(single)
            stream.push(None)

        options["read"] = read
        return cls(options)
    if hasattr(iterable, "__aiter__"):
        iterator, is_async = iterable.__aiter__(), True
    elif hasattr(iterable, "__iter__"):
        iterator, is_async = iter(iterable), False
    else:
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "iterable" argument must be an iterable. Received {iterable!r}')
    options["high_water_mark"] = 1
    if opts:
        options.update(opts)
    # The pump is the stream's implementation (Node's read/destroy options);
    # it learns its stream once the stream exists.
    pump = _Pump(None, iterator, is_async)
    options["read"] = pump.read
    options["destroy"] = pump.destroy
    stream = cls(options)
    pump.stream = stream
    return stream


class _Pump:
    __slots__ = ("stream", "iterator", "is_async", "reading", "task")

    def __init__(self, stream: Any, iterator: Any, is_async: bool) -> None:
        self.stream = stream
        self.iterator = iterator
        self.is_async = is_async
        self.reading = False
        self.task: asyncio.Task[Any] | None = None

    def read(self, _size: int) -> None:
        if self.reading:
            return
        self.reading = True
        if self.is_async:
            self.task = runtime.spawn(self.next_async())
        else:
            self.next_sync()

    def _push(self, value: Any) -> bool:
        if value is None:
            self.reading = False
            raise err_null_values()
        if self.stream.push(value):
            return True
        self.reading = False
        return False

    def next_sync(self) -> None:
        try:
            for value in self.iterator:
                if not self._push(value):
                    return
            self.stream.push(None)
        except Exception as err:  # noqa: BLE001 - the iterator's error destroys the stream
            self.stream.destroy(err)

    async def next_async(self) -> None:
        try:
            while True:
                try:
                    value = await self.iterator.__anext__()
                except StopAsyncIteration:
                    self.stream.push(None)
                    return
                if not self._push(value):
                    return
        except Exception as err:  # noqa: BLE001
            self.stream.destroy(err)

    def destroy(self, err: BaseException | None, callback: Any) -> None:
        if not self.is_async:
            close = getattr(self.iterator, "close", None)
            try:
                if close is not None:
                    close()
            except Exception as exc:  # noqa: BLE001
                err = err or exc
            next_tick(callback, err)
            return
        runtime.spawn(self._close_async(err, callback))

    async def _close_async(self, err: BaseException | None, callback: Any) -> None:
        task = self.task
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()
            try:
                await task
            except BaseException:  # noqa: BLE001 - it was cancelled on purpose
                pass
        aclose = getattr(self.iterator, "aclose", None)
        try:
            if aclose is not None:
                await aclose()
        except Exception as exc:  # noqa: BLE001
            err = err or exc
        next_tick(callback, err)
