"""``Duplex`` (Node's ``internal/streams/duplex.js``): a Readable and a Writable in one.

Owns how the two sides share one object: both states, the combined
``destroyed``, half-open handling (``allow_half_open=False`` ends the writable
side once the readable side ends) and construction options that disable a
side (``readable=False`` / ``writable=False``).
"""

from __future__ import annotations

from typing import Any

from ._util import bind_hook, merge_options
from .readable import Readable, ReadableState
from .writable import Writable, WritableState, bind_writable_hooks

__all__ = ["Duplex"]


class Duplex(Readable, Writable):
    """Node's ``stream.Duplex``.

    Options add to Readable's and Writable's: ``allow_half_open`` (True),
    ``readable_object_mode``, ``writable_object_mode``,
    ``readable_high_water_mark``, ``writable_high_water_mark``, ``readable``,
    ``writable``. ``allow_half_open`` is also a plain attribute.
    """

    allow_half_open: bool

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        opts = merge_options(options, kwargs) if kwargs else options
        # EventEmitter.__init__, inlined.
        self._events = {}
        self._max_listeners = None
        self._readable_state = ReadableState(opts, True)
        self._writable_state = WritableState(opts, True)
        self.allow_half_open = True
        if opts:
            self._apply_duplex_options(opts)

    def _apply_duplex_options(self, opts: dict[str, Any]) -> None:
        if opts.get("allow_half_open") is False:
            self.allow_half_open = False
        if opts.get("readable") is False:
            r = self._readable_state
            r.readable = False
            r.ended = True
            r.end_emitted = True
        if opts.get("writable") is False:
            w = self._writable_state
            w.writable = False
            w.ending = True
            w.ended = True
            w.finished = True
        fn = opts.get("read")
        if fn is not None and callable(fn):
            self._read = bind_hook(fn, self, 1)
        bind_writable_hooks(self, opts)

    # Readable's destroy is the shared one; it handles the writable side too.
    @property
    def destroyed(self) -> bool:
        r = self._readable_state
        w = self._writable_state
        return r is not None and w is not None and r.destroyed and w.destroyed

    @destroyed.setter
    def destroyed(self, value: bool) -> None:
        r = self._readable_state
        w = self._writable_state
        if r is not None and w is not None:  # not before __init__ (as Node's setter)
            r.destroyed = bool(value)
            w.destroyed = bool(value)
