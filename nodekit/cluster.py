"""Node's ``cluster``: one program on every core, workers sharing one port.

The primary starts workers with :func:`fork`: fresh processes running the
same program (``nodekit script.py …`` or ``python script.py …``; never an
``os.fork()`` of a running loop), each linked to the primary by an IPC
channel (:mod:`nodekit._ipc`; a Unix socket, JSON lines, descriptors passed
with ``SCM_RIGHTS``). In a worker, ``net.Server.listen(port)`` (and so http's
and https's) asks the primary through net's declared listen hook:

- ``SCHED_RR`` (default): the primary binds and accepts, and hands each
  connection to the next worker in turn. A connection that reaches a worker
  whose server has closed meanwhile is sent back and given to another, so a
  worker can leave without a connection being dropped.
- ``SCHED_NONE``: the primary binds and gives every worker the listening
  socket; the kernel picks which worker's ``accept`` wins.

``listen(port, reuse_port=True)`` or ``exclusive=True`` skips the primary:
the worker binds its own socket (with ``SO_REUSEPORT``, the kernel balances
new connections across the sockets); a graceful disconnect closes it too.

Messages between primary and worker whose ``cmd`` is ``'NODE_CLUSTER'`` are
this module's (``act``: ``online``, ``queryServer``, ``listening``,
``close``, ``newconn``, ``bounce``, ``disconnect``, ``exitedAfterDisconnect``;
a reply carries ``ack``: the request's ``seq``).
"""

from __future__ import annotations

import contextlib
import errno as _errno
import os
import signal as _signal
import socket as _socket
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

from . import _ipc, http, net, runtime
from .errors import NodeError
from .events import EventEmitter
from .process import CHANNEL_FD_ENV, process
from .stream import Readable

__all__ = [
    "SCHED_NONE", "SCHED_RR", "Worker", "ChildProcess", "is_primary", "is_master", "is_worker",
    "fork", "workers", "worker", "setup_primary", "settings", "scheduling_policy", "disconnect",
]

SCHED_NONE = 1  # Node's values
SCHED_RR = 2
# The environment variable that tells a process it is worker number N (Node's name).
WORKER_ID_ENV = "NODE_UNIQUE_ID"
# Connections the primary accepts per wake-up of its accept loop (RR).
ACCEPT_BATCH = 64

_INTERNAL = "NODE_CLUSTER"

# The module is the cluster emitter, as in Node: cluster.on('exit', fn).
_emitter = EventEmitter()
on = add_listener = _emitter.on
once = _emitter.once
off = remove_listener = _emitter.off
prepend_listener = _emitter.prepend_listener
prepend_once_listener = _emitter.prepend_once_listener
remove_all_listeners = _emitter.remove_all_listeners
emit = _emitter.emit
listeners = _emitter.listeners
listener_count = _emitter.listener_count
event_names = _emitter.event_names

_worker_id = os.environ.pop(WORKER_ID_ENV, None)
is_worker = _worker_id is not None and process.channel is not None
is_primary = is_master = not is_worker


def _policy_from_env() -> int:
    value = os.environ.get("NODEKIT_CLUSTER_SCHED_POLICY", "").lower()
    return SCHED_NONE if value == "none" else SCHED_RR


scheduling_policy = _policy_from_env()
settings: dict[str, Any] = {}
workers: dict[int, Worker] = {}
worker: Worker | None = None


def _internal(message: dict[str, Any]) -> dict[str, Any]:
    return {"cmd": _INTERNAL, **message}


class Worker(EventEmitter):
    """A worker as the primary sees it (``cluster.workers[id]``).

    Events: ``'online'``, ``'listening'(address)``, ``'message'(message)``,
    ``'disconnect'``, ``'exit'(code, signal)``, ``'error'``.
    """

    def __init__(self, id: int, child: Any) -> None:  # noqa: A002 - Node's name
        super().__init__()
        self.id = id
        self.process = child
        self.state = "none"
        self.exited_after_disconnect: bool | None = None

    def __repr__(self) -> str:
        return f"<Worker id={self.id} pid={self.process.pid} state={self.state}>"

    def send(self, message: Any, callback: Callable[[Any], Any] | None = None) -> bool:
        """Send a JSON-serialisable message to the worker; True when queued."""
        return self.process.send(message, callback)

    def is_connected(self) -> bool:
        return bool(self.process.connected)

    def is_dead(self) -> bool:
        return self.process.exit_code is not None or self.process.signal_code is not None

    def disconnect(self) -> Worker:
        """Graceful: the worker closes its servers (in-flight requests finish),
        then its channel; it exits once nothing else keeps it running."""
        if not self.is_connected():
            return self
        self.exited_after_disconnect = True
        _remove_handles_for(self)
        _send_internal(self.process.channel, {"act": "disconnect"})
        return self

    def kill(self, signal: str | int = "SIGTERM") -> None:
        """Disconnect (not gracefully) and end the worker's process with ``signal``."""
        self.exited_after_disconnect = True
        _remove_handles_for(self)
        if not self.is_dead():
            self.process.kill(signal)
        if self.is_connected():
            self.process.disconnect()

    destroy = kill


class _LocalWorker(Worker):
    """``cluster.worker`` in a worker: this process's side."""

    def send(self, message: Any, callback: Callable[[Any], Any] | None = None) -> bool:
        return process.send(message, callback)

    def is_connected(self) -> bool:
        return process.connected

    def is_dead(self) -> bool:
        return False

    def disconnect(self) -> Worker:
        """Close this worker's servers (their connections finish), then the channel."""
        if self.is_connected():
            _leave_gracefully()
        return self

    def kill(self, signal: str | int = "SIGTERM") -> None:
        """Node: a worker ends itself with exit code 0, after disconnecting."""
        if not self.is_connected():
            process.exit(0)
        self.exited_after_disconnect = True
        process.once("disconnect", lambda: process.exit(0))
        _request({"act": "exitedAfterDisconnect"}, lambda *_: process.disconnect())

    destroy = kill


# -- the primary: starting workers ------------------------------------------------
def _program() -> tuple[str, list[str], list[str]]:
    """(exec, args, exec_argv) of this program, as a worker must be started."""
    argv = process.argv
    if argv and argv[0] == "nodekit":  # nodekit script.py / python -m nodekit script.py
        launcher = ["-m", "nodekit"]
    else:
        launcher = []
    program = argv[1] if len(argv) > 1 else ""
    return os.path.abspath(program) if program else program, list(argv[2:]), launcher


_initialized = False


def setup_primary(exec: str | None = None, args: list[str] | None = None,  # noqa: A002
                  silent: bool | None = None, **options: Any) -> None:
    """Settings for the workers forked from now on (``cluster.settings``).

    ``exec``: the program's path (default: this one); ``args``: its
    arguments; ``silent``: True pipes a worker's stdout and stderr to the
    primary, as readable streams ``worker.process.stdout`` / ``stderr``,
    instead of sharing the primary's (its stdin is still shared); ``exec_argv``: the
    interpreter's options (default ``['-m', 'nodekit']`` under the command
    line). The first call freezes ``scheduling_policy``.
    """
    global _initialized, _frozen_policy
    program, program_args, launcher = _program()
    given = {"exec": exec, "args": args, "silent": silent, **options}
    merged = {"args": program_args, "exec": program, "exec_argv": launcher, "silent": False,
              **settings, **{k: v for k, v in given.items() if v is not None}}
    settings.clear()
    settings.update(merged)
    if not _initialized:
        _initialized = True
        if scheduling_policy not in (SCHED_RR, SCHED_NONE):
            raise NodeError("ERR_INVALID_ARG_VALUE",
                            f"Bad cluster.scheduling_policy: {scheduling_policy!r}")
        _frozen_policy = scheduling_policy
    runtime.next_tick(emit, "setup", settings)


setup_master = setup_primary
_frozen_policy = SCHED_RR
_ids = 0


def fork(env: dict[str, Any] | None = None) -> Worker:
    """Start worker number N: a fresh process running the program (see settings)."""
    global _ids
    if is_worker:
        raise NodeError("ERR_CLUSTER_NOT_PRIMARY", "cluster.fork() is for the primary")
    if not _initialized:
        setup_primary()
    _ids += 1
    new = Worker(_ids, None)
    new.process = ChildProcess(_ids, env, lambda m, fd: _on_worker_internal(new, m, fd))
    new.process.on("message", lambda message: _on_worker_message(new, message))
    new.process.on("error", lambda err: new.emit("error", err))  # Node's worker.js
    new.process.once("disconnect", lambda: _on_worker_disconnect(new))
    new.process.once("exit", lambda code, sig: _on_worker_exit(new, code, sig))
    workers[new.id] = new
    runtime.next_tick(emit, "fork", new)
    return new


class _ChildOutput(Readable):
    """A silent worker's stdout or stderr, as the primary reads it (Node's
    ``child.stdout``): the bytes the worker writes, then ``'end'``.

    Like a libuv pipe, it keeps the primary's loop alive only while it reads:
    a consumer that stops reading (back-pressure) no longer holds it.
    """

    def __init__(self, fd: int) -> None:
        super().__init__()
        os.set_blocking(fd, False)
        self._fd = fd
        self._rt = runtime.current()
        self._watching = False
        self._watch(True)  # as a socket does: read ahead up to the high-water mark

    def _read(self, size: int) -> None:
        self._watch(True)

    def _watch(self, on: bool) -> None:
        if on == self._watching or self._fd < 0:
            return
        self._watching = on
        if on:
            self._rt.loop.add_reader(self._fd, self._on_readable)
            self._rt.ref()
        else:
            if not self._rt.loop.is_closed():
                self._rt.loop.remove_reader(self._fd)
            self._rt.unref()

    def _on_readable(self) -> None:
        try:
            data = os.read(self._fd, _ipc.READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._close_fd()
            self.push(None)
        elif not self.push(data):
            self._watch(False)

    def _close_fd(self) -> None:
        if self._fd >= 0:
            self._watch(False)
            os.close(self._fd)
            self._fd = -1

    def _destroy(self, err: BaseException | None, callback: Callable[..., Any]) -> None:
        self._close_fd()
        callback(err)


def _output_pipes() -> tuple[list[int], list[int]]:
    """With ``settings['silent']``: (read ends, write ends) of two pipes for the
    worker's stdout and stderr; else nothing to pipe."""
    if not settings.get("silent"):
        return [], []
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    return [out_r, err_r], [out_w, err_w]


class ChildProcess(EventEmitter):
    """A worker's process, from the primary (Node's ``ChildProcess``, reduced):
    ``pid``, ``exit_code``, ``signal_code``, ``connected``, ``stdout`` and
    ``stderr`` (readable streams when silent, else None), ``kill()``,
    ``send()``, ``disconnect()``; events ``'message'``, ``'disconnect'``,
    ``'exit'(code, signal)``. It keeps the primary's loop alive until it exits.
    """

    def __init__(self, worker_id: int, env: dict[str, Any] | None,
                 on_internal: Callable[[Any, int | None], None]) -> None:
        super().__init__()
        self._rt = runtime.current()
        self._on_internal = on_internal
        self.exit_code: int | None = None
        self.signal_code: str | None = None
        ours, theirs = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_STREAM)
        child_env = {**os.environ, **{k: str(v) for k, v in (env or {}).items()},
                     WORKER_ID_ENV: str(worker_id), CHANNEL_FD_ENV: str(theirs.fileno())}
        ours_out, theirs_out = _output_pipes()
        try:
            self._popen = subprocess.Popen(
                [sys.executable, *settings["exec_argv"], settings["exec"], *settings["args"]],
                env=child_env, pass_fds=(theirs.fileno(),),
                stdout=theirs_out[0] if theirs_out else None,
                stderr=theirs_out[1] if theirs_out else None)
        except BaseException:
            for fd in ours_out:
                os.close(fd)
            raise
        finally:
            theirs.close()
            for fd in theirs_out:
                os.close(fd)
        self.pid = self._popen.pid
        # Node: readable streams with settings['silent'], else None (shared stdio).
        self.stdout: _ChildOutput | None = _ChildOutput(ours_out[0]) if ours_out else None
        self.stderr: _ChildOutput | None = _ChildOutput(ours_out[1]) if ours_out else None
        self.channel: _ipc.Channel | None = _ipc.Channel(ours, self._on_message,
                                                          self._on_channel_close)
        self._rt.ref()  # released when the process has exited
        self._rt.handles.add(self)
        self._pidfd: int | None = None
        self._watch_exit()

    @property
    def connected(self) -> bool:
        return self.channel is not None and self.channel.connected

    def send(self, message: Any, callback: Callable[[Any], Any] | None = None) -> bool:
        return _ipc.send_message(self.channel, self, message, callback)

    def disconnect(self) -> None:
        if self.channel is not None:
            self.channel.close()

    def kill(self, signal: str | int = "SIGTERM") -> bool:
        if self.exit_code is not None or self.signal_code is not None:
            return False
        return process.kill(self.pid, signal)

    def _on_message(self, message: Any, fd: int | None) -> None:
        if isinstance(message, dict) and message.get("cmd") == _INTERNAL:
            self._on_internal(message, fd)
        else:
            self.emit("message", message)

    def _on_channel_close(self) -> None:
        self.emit("disconnect")

    # -- exit ---------------------------------------------------------------------
    def _watch_exit(self) -> None:
        try:
            self._pidfd = os.pidfd_open(self.pid)
        except (AttributeError, OSError):  # no pidfd (old kernel, not Linux): a waiting thread
            threading.Thread(target=self._wait_in_thread, daemon=True).start()
            return
        self._rt.loop.add_reader(self._pidfd, self._reap)

    def _wait_in_thread(self) -> None:
        self._popen.wait()
        loop = self._rt.loop
        if not loop.is_closed():
            loop.call_soon_threadsafe(self._reap)

    def _reap(self) -> None:
        status = self._popen.poll()
        if status is None or self.exit_code is not None or self.signal_code is not None:
            return
        self._stop_watching()
        if status < 0:
            self.signal_code = _signal.Signals(-status).name
        else:
            self.exit_code = status
        if self.channel is not None and self.channel.connected:
            self.channel.drain_and_close()  # its last messages first, then 'disconnect'
        self._rt.unref()
        # A tick, so that 'disconnect' (queued by the channel's end) comes first.
        self._rt.next_tick(self.emit, ("exit", self.exit_code, self.signal_code))

    def _stop_watching(self) -> None:
        if self._pidfd is not None:
            if not self._rt.loop.is_closed():
                self._rt.loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        self._rt.handles.discard(self)

    def _force_close(self) -> None:
        """The primary stops on an uncaught error: its workers must not outlive it."""
        if self.exit_code is None and self.signal_code is None:
            self._popen.kill()
            status = self._popen.wait()
            self.signal_code = _signal.Signals(-status).name if status < 0 else None
            self.exit_code = status if status >= 0 else None
            self._stop_watching()
            self._rt.unref()
        if self.channel is not None:
            self.channel.close()
        for output in (self.stdout, self.stderr):
            if output is not None:
                output.destroy()


# -- the primary: what workers tell it -------------------------------------------------
def _on_worker_message(w: Worker, message: Any) -> None:
    w.emit("message", message)
    emit("message", w, message)


def _on_worker_internal(w: Worker, message: dict[str, Any], fd: int | None) -> None:
    act = message.get("act")
    if act == "online":
        w.state = "online"
        w.emit("online")
        emit("online", w)
    elif act == "queryServer":
        _query_server(w, message)
    elif act == "listening":
        address = {"address": message.get("address"), "port": message.get("port"),
                   "address_type": message.get("address_type")}
        if message.get("fd") is not None:
            address["fd"] = message["fd"]  # Node's too
        w.state = "listening"
        w.emit("listening", address)
        emit("listening", w, address)
    elif act == "close":
        handle = _handles.get(message.get("key", ""))
        if handle is not None:
            handle.remove(w)
    elif act == "bounce" and fd is not None:
        handle = _handles.get(message.get("key", ""))
        if handle is not None:
            handle.distribute(fd)
        else:
            os.close(fd)
    elif act == "exitedAfterDisconnect":
        w.exited_after_disconnect = True
        _send_internal(w.process.channel, {"ack": message.get("seq")})
    elif fd is not None:
        os.close(fd)


def _on_worker_disconnect(w: Worker) -> None:
    _remove_handles_for(w)
    if w.is_dead():
        _remove_worker(w)
    w.exited_after_disconnect = bool(w.exited_after_disconnect)
    w.state = "disconnected"
    w.emit("disconnect")
    emit("disconnect", w)


def _on_worker_exit(w: Worker, code: int | None, signal: str | None) -> None:
    if not w.is_connected():
        _remove_handles_for(w)
        _remove_worker(w)
    w.exited_after_disconnect = bool(w.exited_after_disconnect)
    w.state = "dead"
    w.emit("exit", code, signal)
    emit("exit", w, code, signal)


_all_gone = EventEmitter()  # 'disconnect' once no worker is left (cluster.disconnect)


def _remove_worker(w: Worker) -> None:
    if workers.pop(w.id, None) is not None and not workers:
        _all_gone.emit("disconnect")


def disconnect(callback: Callable[[], Any] | None = None) -> None:
    """Disconnect every worker (gracefully); ``callback()`` once all are gone."""
    if callback is not None:
        _all_gone.once("disconnect", callback)
    if not workers:
        runtime.next_tick(_all_gone.emit, "disconnect")
        return
    for w in list(workers.values()):
        w.disconnect()


def _send_internal(channel: _ipc.Channel | None, message: dict[str, Any],
                   fd: int | None = None, callback: Callable[[Any], Any] | None = None) -> None:
    if channel is not None and channel.connected:
        channel.send(_ipc.encode(_internal(message)), fd, callback)
    elif fd is not None:
        os.close(fd)


# -- the primary: shared listening sockets ------------------------------------------
# A query's address_type for a Unix path (Node's -1); an ``{'fd': n}`` one has None.
_PIPE = -1


def _open_listener(query: dict[str, Any]) -> _socket.socket:
    """The listening socket a worker's query asks for: a port, a Unix path, or this
    process's descriptor ``fd`` (as in Node: the primary's ``fd``, not the worker's)."""
    backlog = int(query.get("backlog") or 511)
    if query.get("fd") is not None:
        sock = _socket.socket(fileno=os.dup(int(query["fd"])))
        if sock.type != _socket.SOCK_STREAM:
            sock.close()
            raise OSError(_errno.ENOTSOCK, os.strerror(_errno.ENOTSOCK))
        sock.listen(backlog)
        sock.setblocking(False)
        return sock
    if query.get("address_type") == _PIPE:
        return _bind_pipe(str(query.get("address")), backlog)
    return _bind(query.get("address"), int(query.get("port") or 0), backlog)


def _bind_pipe(path: str, backlog: int) -> _socket.socket:
    # Node: the shorter of the absolute and the relative path (sun_path is ~108 bytes).
    relative = os.path.relpath(path)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.bind(relative if len(relative) < len(path) else path)
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def _bind(host: str | None, port: int, backlog: int) -> _socket.socket:
    """A listening TCP socket; with no host dual-stack ``::`` like net (else 0.0.0.0)."""
    if not host:
        try:
            sock = _socket.create_server(("::", port), family=_socket.AF_INET6,
                                         backlog=backlog, dualstack_ipv6=True)
        except (OSError, ValueError):
            sock = _socket.create_server(("0.0.0.0", port), backlog=backlog)
    else:
        family, _, _, _, addr = _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM, 0,
                                                     _socket.AI_PASSIVE)[0]
        sock = _socket.create_server(addr[:2], family=family, backlog=backlog)
    sock.setblocking(False)
    return sock


class _Handle:
    """A port the primary listens on for its workers (one per address:port)."""

    def __init__(self, key: str, sock: _socket.socket, path: str | None = None) -> None:
        self.key = key
        self.sock = sock
        self.path = path  # a Unix socket's, removed when the handle closes (as libuv does)
        self.workers: list[Worker] = []
        self._rt = runtime.current()
        self._rt.handles.add(self)

    def reply(self) -> dict[str, Any]:
        name = self.path if self.path is not None else list(self.sock.getsockname())
        return {"key": self.key, "sockname": name}

    def add(self, w: Worker, seq: Any) -> None:
        self.workers.append(w)
        _send_internal(w.process.channel, {"ack": seq, **self.reply()})

    def remove(self, w: Worker) -> bool:
        """Forget ``w``; True if no worker is left (the handle is then closed
        and forgotten)."""
        if w in self.workers:
            self.workers.remove(w)
        if self.workers:
            return False
        self.close()
        return True

    def close(self) -> None:
        self._rt.handles.discard(self)
        if _handles.get(self.key) is self:
            del _handles[self.key]  # also when run() force-closes it after an error
        self.sock.close()
        if self.path is not None:
            with contextlib.suppress(OSError):  # already gone: someone removed it
                os.unlink(self.path)
            self.path = None

    _force_close = close

    def distribute(self, fd: int) -> None:
        os.close(fd)


class _SharedHandle(_Handle):
    """SCHED_NONE: every worker gets the listening socket itself."""

    def add(self, w: Worker, seq: Any) -> None:
        self.workers.append(w)
        _send_internal(w.process.channel, {"ack": seq, "handle": True, **self.reply()},
                       os.dup(self.sock.fileno()))


class _RoundRobinHandle(_Handle):
    """SCHED_RR: the primary accepts and hands connections out in turn."""

    def __init__(self, key: str, sock: _socket.socket, path: str | None = None) -> None:
        super().__init__(key, sock, path)
        self._next = 0
        self._rt.loop.add_reader(sock.fileno(), self._on_acceptable)

    def _on_acceptable(self) -> None:
        accept = self.sock.accept
        for _ in range(ACCEPT_BATCH):
            try:
                conn, _addr = accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. EMFILE: leave it queued for the next wake-up
                return
            self.distribute(conn.detach())

    def distribute(self, fd: int) -> None:
        """Give connection ``fd`` to the next worker (the channel closes our copy)."""
        live = self.workers
        if not live:
            os.close(fd)
            return
        w = live[self._next % len(live)]
        self._next = (self._next + 1) % len(live)
        _send_internal(w.process.channel, {"act": "newconn", "key": self.key, "handle": True},
                       fd)

    def close(self) -> None:
        if not self._rt.loop.is_closed() and self.sock.fileno() >= 0:
            self._rt.loop.remove_reader(self.sock.fileno())
        super().close()

    _force_close = close


_handles: dict[str, _Handle] = {}


def _query_server(w: Worker, message: dict[str, Any]) -> None:
    if w.exited_after_disconnect:
        return  # leaving: no new servers (Node ignores it too)
    key = ":".join(str(message.get(k)) for k in ("address", "port", "address_type", "fd"))
    handle = _handles.get(key)
    if handle is None:
        try:
            sock = _open_listener(message)
        except OSError as exc:
            _send_internal(w.process.channel, {"ack": message.get("seq"),
                                               "errno": exc.errno or _errno.EINVAL})
            return
        path = message.get("address") if message.get("address_type") == _PIPE else None
        kind = _RoundRobinHandle if _frozen_policy == SCHED_RR else _SharedHandle
        handle = _handles[key] = kind(key, sock, path)
    handle.add(w, message.get("seq"))


def _remove_handles_for(w: Worker) -> None:
    for handle in list(_handles.values()):
        handle.remove(w)


# -- the worker ---------------------------------------------------------------------
_seq = 0
_replies: dict[int, Callable[[dict[str, Any], int | None], None]] = {}
_servers: dict[str, Any] = {}  # key -> this worker's _Shared/_RoundRobin listener
# This worker's servers on sockets of their own (exclusive / reuse_port).
_own_servers: weakref.WeakSet[net.Server] = weakref.WeakSet()


def _request(message: dict[str, Any],
             on_reply: Callable[[dict[str, Any], int | None], None]) -> None:
    global _seq
    _seq += 1
    _replies[_seq] = on_reply
    _send_internal(process.channel, {**message, "seq": _seq})


def _on_primary_internal(message: dict[str, Any], fd: int | None) -> None:
    on_reply = _replies.pop(message.get("ack"), None) if "ack" in message else None
    if on_reply is not None:
        on_reply(message, fd)
        return
    act = message.get("act")
    if act == "newconn" and fd is not None:
        listener = _servers.get(message.get("key", ""))
        if listener is not None:
            listener.accept(fd)
        else:  # closed meanwhile: the primary gives it to another worker
            _send_internal(process.channel, {"act": "bounce", "key": message.get("key"),
                                             "handle": True}, fd)
    elif act == "disconnect":
        _leave_gracefully()
    elif fd is not None:
        os.close(fd)


def _leave_gracefully() -> None:
    """Close this worker's servers, wait for their connections to end, tell the
    primary (whose reply means no connection is still on its way), disconnect."""
    assert worker is not None
    if worker.exited_after_disconnect:
        return  # already leaving
    worker.exited_after_disconnect = True
    owners = {listener.owner for listener in _servers.values()}
    owners.update(server for server in _own_servers if server.listening)
    waiting = len(owners) + 1

    def one_closed(*_: Any) -> None:
        nonlocal waiting
        waiting -= 1
        if waiting == 0:
            _request({"act": "exitedAfterDisconnect"},
                     lambda *_: process.connected and process.disconnect())

    def close_servers() -> None:
        for owner in owners:
            if isinstance(owner, http.Server):
                # Idle keep-alive connections are left to their next request
                # (answered with Connection: close): one already on its way is
                # not lost to the close (docs/deploy.md).
                owner.close(one_closed, graceful=True)
            else:
                owner.close(one_closed)
        one_closed()

    _when_accepted(close_servers)


def _on_primary_gone() -> None:
    assert worker is not None
    worker.state = "disconnected"
    worker.emit("disconnect")
    if not worker.exited_after_disconnect:
        process.exit(0)  # Node: a worker whose primary is gone ends


class _Sockname:
    """Stands for the primary's socket in ``sockets`` (net reads ``getsockname()``)."""

    def __init__(self, sockname: tuple[Any, ...] | str) -> None:
        self._sockname = sockname

    def getsockname(self) -> tuple[Any, ...] | str:
        return self._sockname


class _Listener:
    """A worker's end of a port the primary listens on (what net's hook returns)."""

    def __init__(self, key: str, owner: net.Server, sockname: list[Any] | str) -> None:
        self.key = key
        self.owner = owner
        self.sockets = [_Sockname(sockname if isinstance(sockname, str) else tuple(sockname))]
        _servers[key] = self

    def close(self) -> None:
        if _servers.get(self.key) is self:
            del _servers[self.key]
            _send_internal(process.channel, {"act": "close", "key": self.key})

    def accept(self, fd: int) -> None:
        os.close(fd)


class _RoundRobinListener(_Listener):
    """SCHED_RR: connections arrive from the primary, one descriptor each."""

    def __init__(self, key: str, owner: net.Server, sockname: list[Any] | str,
                 protocol_factory: Callable[[], Any]) -> None:
        super().__init__(key, owner, sockname)
        self._protocol_factory = protocol_factory
        self._loop = runtime.get_loop()

    def accept(self, fd: int) -> None:
        sock = _socket.socket(fileno=fd)
        sock.setblocking(False)
        # Ref'd until the transport exists and the socket holds its own ref:
        # a worker whose server has just closed must not end with a connection
        # still on its way in (its client would see a reset).
        global _accepting
        _accepting += 1
        rt = runtime.current()
        rt.ref()
        task = self._loop.create_task(
            self._loop.connect_accepted_socket(self._protocol_factory, sock))
        task.add_done_callback(lambda done: _accepted(done, rt))


# RR connections received whose transport does not exist yet, and what waits
# for them (a graceful leave).
_accepting = 0
_after_accepting: list[Callable[[], Any]] = []


def _accepted(task: Any, rt: runtime.Runtime) -> None:
    global _accepting
    _accepting -= 1
    rt.unref()
    # The peer may be gone before its transport exists: nothing to report.
    if not task.cancelled():
        task.exception()
    if not _accepting:
        waiting = list(_after_accepting)
        _after_accepting.clear()
        for fn in waiting:
            runtime.call(fn)


def _when_accepted(fn: Callable[[], Any]) -> None:
    """``fn()`` once every connection handed to this worker has its transport,
    and its first bytes were read: two loop turns later, so the request a
    client sent at once is being served, and a closing server's close() does
    not take the connection for an idle one (its client would see a reset)."""
    def later() -> None:
        runtime.set_immediate(runtime.set_immediate, fn)

    if _accepting:
        _after_accepting.append(later)
    else:
        later()


class _SharedListener(_Listener):
    """SCHED_NONE: this worker accepts on the primary's socket itself."""

    def __init__(self, key: str, owner: net.Server, sockname: list[Any] | str,
                 server: Any) -> None:
        super().__init__(key, owner, sockname)
        self._server = server
        if not isinstance(sockname, str):
            self.sockets = server.sockets

    def close(self) -> None:
        self._server.close()
        super().close()


async def _listen_through_primary(owner: net.Server, protocol_factory: Callable[[], Any],
                                  opts: dict[str, Any], backlog: int) -> _Listener | None:
    """net's listen hook in a worker (see the module docstring)."""
    if opts.get("exclusive") or opts.get("reuse_port"):
        _own_servers.add(owner)  # its own socket; closed too when the worker leaves
        return None
    loop = runtime.get_loop()
    query = _query(opts)
    answer = loop.create_future()
    _request({"act": "queryServer", **query, "backlog": backlog},
             lambda reply, fd: answer.done() or answer.set_result((reply, fd)))
    reply, fd = await answer
    if reply.get("errno"):
        code = int(reply["errno"])
        raise OSError(code, os.strerror(code))
    listener: _Listener
    # A Unix path's address() is the path as given (Node's _pipeName).
    sockname = str(opts["path"]) if query["address_type"] == _PIPE else reply["sockname"]
    if fd is not None:
        sock = _socket.socket(fileno=fd)
        sock.setblocking(False)
        if sock.family == _socket.AF_UNIX:
            server = await _unix_server(loop, protocol_factory, sock, backlog)
        else:
            server = await loop.create_server(protocol_factory, sock=sock, backlog=backlog)
        listener = _SharedListener(reply["key"], owner, sockname, server)
    else:
        listener = _RoundRobinListener(reply["key"], owner, sockname, protocol_factory)
    port = query["port"] if isinstance(sockname, str) else sockname[1]
    _send_internal(process.channel, {"act": "listening", **query, "port": port})
    return listener


async def _unix_server(loop: Any, protocol_factory: Callable[[], Any], sock: _socket.socket,
                       backlog: int) -> Any:
    """A server on the primary's Unix socket. The file is the primary's: asyncio
    3.13+ would remove it when this worker's server closes (cleanup_socket)."""
    try:
        return await loop.create_unix_server(protocol_factory, sock=sock, backlog=backlog,
                                             cleanup_socket=False)
    except TypeError:  # an older asyncio, or uvloop: nothing is removed on close
        return await loop.create_unix_server(protocol_factory, sock=sock, backlog=backlog)


def _query(opts: dict[str, Any]) -> dict[str, Any]:
    """What a worker asks the primary to listen on (Node's queryServer fields)."""
    if opts.get("fd") is not None:
        return {"address": None, "port": None, "address_type": None, "fd": opts["fd"]}
    if opts.get("path") is not None:
        # Node resolves the path here: the primary may run in another directory.
        return {"address": os.path.abspath(str(opts["path"])), "port": _PIPE,
                "address_type": _PIPE, "fd": None}
    host = opts.get("host") or None
    return {"address": host, "port": opts.get("port") or 0,
            "address_type": 6 if host and net.is_ipv6(host) else 4, "fd": None}


def _start_worker() -> None:
    global worker
    assert _worker_id is not None
    worker = _LocalWorker(int(_worker_id), process)
    worker.state = "online"
    process.on("internalMessage", _on_primary_internal)
    process.once("disconnect", _on_primary_gone)
    process.on("message", _forward_to_worker)
    net.set_shared_listen(_listen_through_primary)
    _send_internal(process.channel, {"act": "online"})


def _forward_to_worker(message: Any) -> None:
    # Node: in a worker, cluster.worker emits 'message' too.
    if worker is not None:
        worker.emit("message", message)


if is_worker:
    _start_worker()
