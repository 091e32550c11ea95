"""``Transform`` and ``PassThrough`` (Node's ``internal/streams/{transform,passthrough}.js``).

Owns the coupling of the two sides of a Transform: a written chunk goes to
``_transform``; its output is pushed to the readable side, and the write
callback is held back while the readable buffer is full, so back-pressure
flows from the reader to the writer. ``_flush`` runs at the end of the
writable side, before ``push(None)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._util import bind_hook, err_not_implemented, get_high_water_mark, merge_options, next_tick
from .duplex import Duplex

__all__ = ["Transform", "PassThrough"]

Callback = Callable[..., Any]


class Transform(Duplex):
    """Node's ``stream.Transform``.

    Subclasses implement ``_transform(chunk, encoding, callback)`` and
    optionally ``_flush(callback)``; ``callback(err=None, data=None)`` pushes
    ``data`` when given.
    """

    _flush: Callable[..., Any] | None = None

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        opts = merge_options(options, kwargs)
        if opts:
            rhwm = get_high_water_mark(opts, "readable_high_water_mark", True, False)
            if rhwm == 0:
                # Buffer only on the readable side, not twice.
                opts = dict(opts)
                opts["high_water_mark"] = None
                opts["readable_high_water_mark"] = 0
                opts["writable_high_water_mark"] = opts.get("writable_high_water_mark") or 0
        Duplex.__init__(self, opts)
        # _read is ours and ready: no sync guard needed before the first read().
        self._readable_state.sync = False
        self._pending_transform_cb: Callback | None = None
        if opts:
            fn = opts.get("transform")
            if fn is not None and callable(fn):
                self._transform = bind_hook(fn, self, 3)
            fn = opts.get("flush")
            if fn is not None and callable(fn):
                self._flush = bind_hook(fn, self, 1)
        final = self._final
        if getattr(final, "__func__", None) is not Transform._final:
            # Node's compat: a subclass that overrides _final still gets _flush,
            # run on 'prefinish'.
            self.on("prefinish", self._transform_prefinish)

    def _transform_prefinish(self) -> None:
        Transform._final(self)

    def _final(self, callback: Callback | None = None) -> None:  # type: ignore[override]
        flush = self._flush
        if flush is not None and not self.destroyed:
            def on_flush(err: BaseException | None = None, data: Any = None) -> None:
                if err is not None:
                    if callback is not None:
                        callback(err)
                    else:
                        self.destroy(err)
                    return
                if data is not None:
                    self.push(data)
                self.push(None)
                if callback is not None:
                    callback()

            flush(on_flush)
        else:
            self.push(None)
            if callback is not None:
                callback()

    def _transform(self, chunk: Any, encoding: str, callback: Callback) -> None:
        raise err_not_implemented("_transform()")

    def _write(self, chunk: Any, encoding: str, callback: Callback) -> None:
        rstate = self._readable_state
        wstate = self._writable_state
        length = rstate.length

        # (*_: Node's callback ignores more arguments, e.g. callback(null, chunk, enc).)
        def on_transformed(err: BaseException | None = None, data: Any = None, *_: Any) -> None:
            if err is not None:
                callback(err)
                return
            if data is not None:
                self.push(data)
            if rstate.ended:
                # push(None) was called: let the new state propagate first.
                next_tick(callback)
            elif (wstate.ended or length == rstate.length
                  or rstate.length < rstate.high_water_mark):
                callback()
            else:
                # The readable side is full: hold the write until _read asks for more.
                self._pending_transform_cb = callback

        self._transform(chunk, encoding, on_transformed)

    def _read(self, size: int) -> None:
        callback = self._pending_transform_cb
        if callback is not None:
            self._pending_transform_cb = None
            callback()


class PassThrough(Transform):
    """Node's ``stream.PassThrough``: a Transform that passes chunks through."""

    def _transform(self, chunk: Any, encoding: str, callback: Callback) -> None:
        callback(None, chunk)
