"""Node's ``process``, reduced: signals, exit, the program's life-cycle events.

Owns the ``process`` emitter: signal events (``'SIGTERM'`` …, installed
through the loop's signal handling while a listener exists), ``exit()`` and
``exit_code``, ``'exit'``, and the facts about this process (``pid``,
``ppid``, ``platform``, ``uptime()``, ``memory_usage()``, ``hrtime``,
``kill()``), and in a child started with an IPC channel (a cluster
worker) the channel's user side: ``send()``, ``'message'``, ``connected``,
``disconnect()``, ``'disconnect'``; messages whose ``cmd`` starts with
``NODE_`` are emitted as ``'internalMessage'`` (cluster's). The runtime
emits ``'beforeExit'``, ``'uncaughtException'`` and ``'unhandledRejection'``
on it (see :mod:`nodekit.runtime`); the command line and the runtime's
end-of-program hook call :meth:`Process.finish`.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import signal as _signal
import socket
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Any, NoReturn

from . import _ipc, runtime
from .errors import NodeError, NodeTypeError, NodeWarning, system_error
from .events import EventEmitter

__all__ = ["process", "Process", "SIGNAL_EVENTS"]

# The signals a listener can catch (issue 17; Node's list is longer).
SIGNAL_EVENTS = ("SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH")

_START = time.monotonic()
# The descriptor of the IPC channel a cluster primary gives its workers.
CHANNEL_FD_ENV = "NODEKIT_CHANNEL_FD"


class _Hrtime:
    """``process.hrtime([previous])`` → ``[seconds, nanoseconds]``; ``hrtime.bigint()``."""

    def __call__(self, previous: list[int] | None = None) -> list[int]:
        now = time.perf_counter_ns()
        if previous is not None:
            now -= previous[0] * 1_000_000_000 + previous[1]
        return [now // 1_000_000_000, now % 1_000_000_000]

    @staticmethod
    def bigint() -> int:
        """Monotonic nanoseconds from an arbitrary origin (Node's ``hrtime.bigint()``)."""
        return time.perf_counter_ns()


class Process(EventEmitter):
    """Node's ``process``, reduced to what NodeKit programs need."""

    def __init__(self) -> None:
        super().__init__()
        # Node's shape: [interpreter, program, *args] (the command line puts 'nodekit' first).
        self.argv: list[str] = [sys.executable, *sys.argv]
        self.env = os.environ
        self.pid = os.getpid()
        self.exit_code = 0
        self.platform = _platform()
        self.hrtime = _Hrtime()
        # True once 'exit' was emitted: the program is ending (Node's process._exiting).
        self.exiting = False
        self.channel: _ipc.Channel | None = None
        self.on("newListener", _on_new_listener)
        self.on("removeListener", _on_remove_listener)

    @property
    def ppid(self) -> int:
        return os.getppid()

    def cwd(self) -> str:
        return os.getcwd()

    # -- ending the program ---------------------------------------------------
    def exit(self, code: int | None = None) -> NoReturn:
        """End the program now with ``code`` (default ``exit_code``), from anywhere.

        'exit'(code) is emitted synchronously first. Inside :func:`nodekit.run`
        the run is stopped through the runtime (reliable even where a loop
        swallows exceptions raised in callbacks) and raises ``SystemExit(code)``;
        elsewhere ``SystemExit(code)`` is raised here. Either way nothing
        after this call in the caller runs.
        """
        code = self.finish(code)
        runtime.current().exit(code)
        raise SystemExit(code)

    def finish(self, code: int | None = None) -> int:
        """Emit 'exit'(code) once and return the exit status to use.

        ``code`` None means ``exit_code``; a listener may change
        ``exit_code``, as in Node. A listener that raises is printed and makes
        the status 1. For the command line and the runtime's end-of-program hook.
        """
        if code is not None:
            self.exit_code = code
        if self.exiting:
            return self.exit_code
        self.exiting = True
        try:
            self.emit("exit", self.exit_code)
        except Exception:  # noqa: BLE001 - the program is ending: print it, fail the status
            traceback.print_exc()
            self.exit_code = 1
        return self.exit_code

    # -- the IPC channel (a cluster worker's link to its primary) --------------
    @property
    def connected(self) -> bool:
        """True while the IPC channel to the parent is open (Node's ``process.connected``)."""
        return self.channel is not None and self.channel.connected

    def send(self, message: Any, callback: Callable[[Any], Any] | None = None) -> bool:
        """Send a JSON-serialisable ``message`` to the parent; True when queued.

        ``callback(err)`` runs once it is written (``err`` None). On a closed
        channel: ``ERR_IPC_CHANNEL_CLOSED`` to the callback, or as an
        ``'error'`` event without one, and False.
        """
        return _ipc.send_message(self.channel, self, message, callback)

    def disconnect(self) -> None:
        """Close the IPC channel to the parent ('disconnect' follows)."""
        if not self.connected:
            raise NodeError("ERR_IPC_DISCONNECTED", "IPC channel is already disconnected")
        assert self.channel is not None
        self.channel.close()

    def open_channel(self, fd: int) -> None:
        """Serve the IPC channel on descriptor ``fd`` (at start-up of a child)."""
        sock = socket.socket(fileno=fd)
        sock.set_inheritable(False)  # the channel is ours, not our children's
        self.channel = _ipc.Channel(sock, self._on_channel_message, self._on_channel_close)
        for _ in range(self.listener_count("message")):
            self.channel.ref()

    def _on_channel_message(self, message: Any, fd: int | None) -> None:
        if isinstance(message, dict) and str(message.get("cmd", "")).startswith("NODE_"):
            self.emit("internalMessage", message, fd)
        else:
            self.emit("message", message)

    def _on_channel_close(self) -> None:
        self.emit("disconnect")

    # Node's process.nextTick, the spelling Node programs use (nodekit.next_tick).
    next_tick = staticmethod(runtime.next_tick)

    # -- other processes and this one -----------------------------------------
    def kill(self, pid: int, signal: str | int = "SIGTERM") -> bool:
        """Send ``signal`` (a name like ``'SIGTERM'`` or a number; 0 tests) to ``pid``."""
        signo = _signal_number(signal)
        try:
            os.kill(pid, signo)
        except OSError as exc:
            raise system_error(exc, "kill") from None
        return True

    def emit_warning(self, warning: str | Warning, type: str = "Warning",
                     code: str | None = None) -> None:
        """Node's ``process.emitWarning``: ``'warning'`` is emitted on the next tick
        with a :class:`~nodekit.errors.NodeWarning` (or the Warning given). Node's
        default handler prints it to stderr; here Python's ``warnings`` does (once
        per place by default; ``-W ignore`` is Node's ``--no-warnings``)."""
        if isinstance(warning, str):
            warning = NodeWarning(warning, type, code)
        elif not isinstance(warning, Warning):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "warning" argument must be of '
                                f"type string or an instance of Warning. Received {warning!r}")
        if isinstance(warning, NodeWarning) and not warning.stack:
            # Made at the call, as Node's Error: where the warning came from.
            warning.stack = f"{warning.name}: {warning}\n" + "".join(
                traceback.format_stack()[:-1])
        warnings.warn(warning, stacklevel=_caller_level())
        if "warning" in self._events:  # (none: no tick, so a call outside the loop holds nothing)
            runtime.next_tick(self.emit, "warning", warning)

    def uptime(self) -> float:
        """Seconds since this process started."""
        return _process_age()

    def memory_usage(self) -> dict[str, int]:
        """``{'rss': bytes}``: the resident set size now.

        Node's other fields (heap_total, heap_used, external, array_buffers)
        describe V8's heap, which CPython does not have; they are left out
        rather than faked.
        """
        return {"rss": _rss()}


def _caller_level() -> int:
    """The ``stacklevel`` of the first frame outside NodeKit: Python's warning
    line names the application's call, as Node's stack trace does."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame, level = inspect.currentframe(), 0
    for _ in range(2):  # (from here to the caller of emit_warning)
        frame, level = frame.f_back if frame is not None else None, level + 1
    while frame is not None and frame.f_code.co_filename.startswith(package + os.sep):
        frame, level = frame.f_back, level + 1
    return level if frame is not None else 2


def _platform() -> str:
    # Node's names: sys.platform agrees for linux, darwin and win32.
    for name in ("linux", "freebsd", "openbsd", "sunos", "aix"):
        if sys.platform.startswith(name):
            return name
    return sys.platform


def _signal_number(signal: str | int) -> int:
    if isinstance(signal, int):
        return signal
    number = getattr(_signal, str(signal), None) if str(signal).startswith("SIG") else None
    if not isinstance(number, int):
        raise NodeTypeError("ERR_UNKNOWN_SIGNAL", f"Unknown signal: {signal}")
    return int(number)


def _rss() -> int:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource  # no /proc: the peak resident size is the best the OS tells

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _process_age() -> float:
    try:
        with open("/proc/self/stat", "rb") as f:
            # Field 22, after the parenthesised command name: start time in clock ticks.
            started = int(f.read().rsplit(b")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", "rb") as f:
            return max(0.0, float(f.read().split()[0]) - started)
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _START  # no /proc: since NodeKit was imported


# -- signal events --------------------------------------------------------------
# As Node's process does, through its own 'newListener'/'removeListener': the
# first listener for a signal installs the loop's handler, the last one's
# removal uninstalls it (restoring the default action: SIGTERM and SIGINT end
# the process again). The loop's signal handling is unref'd: a listener does
# not keep the program alive.
_signal_loops: dict[str, asyncio.AbstractEventLoop] = {}  # signal name -> its loop


def _on_new_listener(event: str, listener: Any) -> None:
    # Node: a 'message' listener keeps the channel (and so the program) alive.
    if event == "message" and process.channel is not None:
        process.channel.ref()
    if event in SIGNAL_EVENTS and event not in _signal_loops:
        loop = runtime.get_loop()
        loop.add_signal_handler(getattr(_signal, event), _on_signal, event)
        _signal_loops[event] = loop


def _on_remove_listener(event: str, listener: Any) -> None:
    if event == "message" and process.channel is not None:
        process.channel.unref()
    if event in SIGNAL_EVENTS and not process.listener_count(event):
        loop = _signal_loops.pop(event, None)
        if loop is not None:
            _uninstall(loop, getattr(_signal, event))


def _uninstall(loop: asyncio.AbstractEventLoop, signo: int) -> None:
    removed = not loop.is_closed() and loop.remove_signal_handler(signo)
    if not removed:
        # uvloop removes a handler only while it runs (else it returns False
        # and leaves its Python-level handler, which just records the signal):
        # restore the default action ourselves.
        default = _signal.default_int_handler if signo == _signal.SIGINT else _signal.SIG_DFL
        if _signal.getsignal(signo) is not default:
            _signal.signal(signo, default)


def _on_signal(name: str) -> None:
    # A loop callback: listeners get (name, number) as in Node; their errors
    # are uncaught and their ticks drained, as for any callback.
    runtime.call(process.emit, name, name, int(getattr(_signal, name)))


process = Process()
_channel_fd = os.environ.pop(CHANNEL_FD_ENV, None)
if _channel_fd is not None and _channel_fd.isdigit():
    process.open_channel(int(_channel_fd))
