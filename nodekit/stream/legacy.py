"""``Stream``: the common base of every stream class (Node's ``internal/streams/legacy.js``).

Owns the legacy ``pipe()`` that plain emitters with ``'data'`` events get, and
the class-level defaults that let shared code ask any stream for its
``_readable_state`` / ``_writable_state`` (``None`` when the side is absent).
"""

from __future__ import annotations

from typing import Any

from ..events import EventEmitter

__all__ = ["Stream"]


class Stream(EventEmitter):
    """Node's legacy ``Stream``: an ``EventEmitter`` with a simple ``pipe``."""

    # Instance attributes set by Readable/Writable/Duplex shadow these.
    _readable_state: Any = None
    _writable_state: Any = None

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        EventEmitter.__init__(self)

    def pipe(self, dest: Any, end: Any = True) -> Any:
        """Legacy pipe: forward ``'data'``, pause on a full ``dest``, end it at the end."""
        if isinstance(end, dict):
            end = end.get("end", True) is not False
        _LegacyPipe(self, dest, bool(end))
        return dest


class _LegacyPipe:
    """The listeners of one legacy ``pipe()`` (stored once so they can be removed)."""

    def __init__(self, source: Any, dest: Any, end: bool) -> None:
        self.source = source
        self.dest = dest
        self.did_on_end = False
        self.on_data = self._on_data
        self.on_drain = self._on_drain
        self.on_end = self._on_end
        self.on_close = self._on_close
        self.on_src_error = self._on_src_error
        self.on_dest_error = self._on_dest_error
        self.cleanup = self._cleanup
        source.on("data", self.on_data)
        dest.on("drain", self.on_drain)
        if end:
            source.on("end", self.on_end)
            source.on("close", self.on_close)
        source.prepend_listener("error", self.on_src_error)
        dest.prepend_listener("error", self.on_dest_error)
        source.on("end", self.cleanup)
        source.on("close", self.cleanup)
        dest.on("close", self.cleanup)
        dest.emit("pipe", source)

    def _on_data(self, chunk: Any, *_args: Any) -> None:
        dest = self.dest
        if getattr(dest, "writable", False) and dest.write(chunk) is False:
            pause = getattr(self.source, "pause", None)
            if pause is not None:
                pause()

    def _on_drain(self, *_args: Any) -> None:
        resume = getattr(self.source, "resume", None)
        if getattr(self.source, "readable", False) and resume is not None:
            resume()

    def _on_end(self, *_args: Any) -> None:
        if not self.did_on_end:
            self.did_on_end = True
            self.dest.end()

    def _on_close(self, *_args: Any) -> None:
        if not self.did_on_end:
            self.did_on_end = True
            destroy = getattr(self.dest, "destroy", None)
            if destroy is not None:
                destroy()

    def _on_src_error(self, err: BaseException, *_args: Any) -> None:
        self._cleanup()
        if self.source.listener_count("error") == 0:
            raise err  # nobody else listens: uncaught, as Node's re-emit would be

    def _on_dest_error(self, err: BaseException, *_args: Any) -> None:
        self._cleanup()
        if self.dest.listener_count("error") == 0:
            raise err

    def _cleanup(self, *_args: Any) -> None:
        source, dest = self.source, self.dest
        source.remove_listener("data", self.on_data)
        dest.remove_listener("drain", self.on_drain)
        source.remove_listener("end", self.on_end)
        source.remove_listener("close", self.on_close)
        source.remove_listener("error", self.on_src_error)
        dest.remove_listener("error", self.on_dest_error)
        source.remove_listener("end", self.cleanup)
        source.remove_listener("close", self.cleanup)
        dest.remove_listener("close", self.cleanup)
