"""The IPC channel between a cluster primary and a worker (Node's child_process channel).

One connected ``AF_UNIX`` stream socket per worker; each message is one line
of JSON. A message may carry one file descriptor (``SCM_RIGHTS``): it travels
with the message's first bytes, so the receiver keeps the descriptors it got
in arrival order and gives the next one to each message that says it carries
one (``'handle': True``). Sends are queued and written in order; a message's
callback runs once all its bytes are in the kernel.

Used by :mod:`nodekit.cluster` (the primary's side of each worker) and
:mod:`nodekit.process` (the worker's ``process.send`` / ``'message'``).
"""

from __future__ import annotations

import collections
import json
import os
import socket as _socket
from collections.abc import Callable
from typing import Any

from . import runtime
from .errors import NodeError, NodeTypeError

__all__ = ["Channel", "channel_closed_error", "encode", "send_message"]

# Bytes asked of the kernel per read.
READ_SIZE = 65536
# At most one descriptor rides on each send (see the module docstring); a read
# may still see a few when the kernel coalesces.
MAX_FDS_PER_READ = 16

OnMessage = Callable[[Any, "int | None"], None]


def channel_closed_error() -> NodeError:
    return NodeError("ERR_IPC_CHANNEL_CLOSED", "Channel closed")


def encode(message: Any) -> bytes:
    """One line of JSON; TypeError (``ERR_INVALID_ARG_TYPE``) if it is not JSON-serialisable."""
    try:
        text = json.dumps(message, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f"The message must be JSON-serialisable: {exc}") from None
    return text.encode() + b"\n"


def send_message(channel: Channel | None, emitter: Any, message: Any,
                 callback: Callable[[Any], Any] | None = None) -> bool:
    """Node's ``send(message, callback)`` (``process.send``, ``worker.send``):
    True when queued; on a closed channel ``ERR_IPC_CHANNEL_CLOSED`` goes to
    the callback, or is emitted as ``emitter``'s ``'error'``, and False."""
    data = encode(message)
    if channel is None or not channel.connected:
        err = channel_closed_error()
        if callback is not None:
            runtime.next_tick(callback, err)
        else:
            runtime.next_tick(emitter.emit, "error", err)
        return False
    channel.send(data, callback=callback)
    return True


class _Outgoing:
    __slots__ = ("data", "fd", "callback")

    def __init__(self, data: memoryview, fd: int | None,
                 callback: Callable[[Any], Any] | None) -> None:
        self.data = data
        self.fd = fd  # sent with the first bytes, then closed here
        self.callback = callback


class Channel:
    """One end of the channel, served by the loop NodeKit is using.

    ``on_message(message, fd)`` gets each decoded message (``fd`` is the
    descriptor it carried, owned by the callee, or None); ``on_close()``
    runs once, a tick after the channel ends (peer gone or :meth:`close`). The
    channel is unref'd: it keeps ``run()`` alive only while :meth:`ref`'d.
    """

    def __init__(self, sock: _socket.socket, on_message: OnMessage,
                 on_close: Callable[[], None]) -> None:
        sock.setblocking(False)
        self._sock = sock
        self._fileno = sock.fileno()
        self._rt = runtime.current()
        self._on_message = on_message
        self._on_close = on_close
        self._inbuf = bytearray()
        self._fds: collections.deque[int] = collections.deque()
        self._out: collections.deque[_Outgoing] = collections.deque()
        self._writing = False
        self._refs = 0
        self.connected = True
        self._rt.loop.add_reader(self._fileno, self._on_readable)

    # -- ref counting (the loop stays alive while a user listens) ------------
    def ref(self) -> None:
        self._refs += 1
        if self._refs == 1 and self.connected:
            self._rt.ref()

    def unref(self) -> None:
        if self._refs > 0:
            self._refs -= 1
            if self._refs == 0 and self.connected:
                self._rt.unref()

    # -- sending --------------------------------------------------------------
    def send(self, data: bytes, fd: int | None = None,
             callback: Callable[[Any], Any] | None = None) -> None:
        """Queue one encoded message (see :func:`encode`), with ``fd`` riding on
        it (the channel closes its copy once sent)."""
        self._out.append(_Outgoing(memoryview(data), fd, callback))
        if not self._writing:
            self._flush()

    def _flush(self) -> None:
        out = self._out
        while out and self.connected:
            item = out[0]
            try:
                if item.fd is not None:
                    sent = _socket.send_fds(self._sock, [item.data], [item.fd])
                    os.close(item.fd)
                    item.fd = None
                else:
                    sent = self._sock.send(item.data)
            except (BlockingIOError, InterruptedError):
                self._want_writable(True)
                return
            except OSError:
                self._end()
                return
            if sent < len(item.data):
                item.data = item.data[sent:]
                continue
            out.popleft()
            if item.callback is not None:
                self._rt.call(item.callback, None)
        self._want_writable(False)

    def _want_writable(self, want: bool) -> None:
        if want != self._writing and self.connected:
            self._writing = want
            if want:
                self._rt.loop.add_writer(self._fileno, self._flush)
            else:
                self._rt.loop.remove_writer(self._fileno)

    # -- receiving ------------------------------------------------------------
    def _on_readable(self) -> None:
        try:
            data, fds, _flags, _addr = _socket.recv_fds(self._sock, READ_SIZE, MAX_FDS_PER_READ)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data, fds = b"", []
        self._fds.extend(fds)
        if not data:
            self._end()
            return
        self._receive(data)

    def _receive(self, data: bytes) -> None:
        buf = self._inbuf
        buf += data
        start = 0
        while self.connected:
            end = buf.find(b"\n", start)
            if end < 0:
                break
            line = bytes(buf[start:end])
            start = end + 1
            self._deliver(line)
        del buf[:start]

    def _deliver(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return  # not ours: a peer that is not NodeKit's channel
        fd = None
        if isinstance(message, dict) and message.get("handle") is True and self._fds:
            fd = self._fds.popleft()
        self._rt.call(self._on_message, message, fd)

    # -- the end ----------------------------------------------------------------
    def drain_and_close(self) -> None:
        """Deliver what the (dead) peer left unread in the socket, then close."""
        while self.connected:
            try:
                data, fds, _flags, _addr = _socket.recv_fds(self._sock, READ_SIZE,
                                                             MAX_FDS_PER_READ)
            except OSError:
                break
            self._fds.extend(fds)
            if not data:
                break
            self._receive(data)
        self._end()

    def close(self) -> None:
        """End the channel now; messages not yet written are dropped with
        ``ERR_IPC_CHANNEL_CLOSED`` given to their callbacks."""
        self._end()

    def _end(self) -> None:
        if not self.connected:
            return
        if self._writing:
            self._rt.loop.remove_writer(self._fileno)
            self._writing = False
        self.connected = False
        loop = self._rt.loop
        if not loop.is_closed():
            loop.remove_reader(self._fileno)
        self._sock.close()
        for fd in self._fds:
            os.close(fd)
        self._fds.clear()
        if self._refs:
            self._rt.unref()
        dropped, self._out = self._out, collections.deque()
        for item in dropped:
            if item.fd is not None:
                os.close(item.fd)
            if item.callback is not None:
                self._rt.call(item.callback, channel_closed_error())
        # Node: 'disconnect' comes a tick after the channel closed.
        self._rt.next_tick(self._on_close, ())
