"""Node's event loop on asyncio: the loop, ref counting, timers, ticks, uncaught errors.

Owns which loop NodeKit uses (uvloop by default where importable, plain
asyncio with ``NODEKIT_LOOP=asyncio``), the per-loop :class:`Runtime` that
counts ref'd handles so :func:`run` can return when nothing ref'd is left,
the timer functions, and the uncaught-error rule. It knows nothing of
sockets or HTTP: those register themselves as handles, and keep the state
that must stay with one loop here (net's receive buffer and timer lists),
since loops may run in several threads.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import inspect
import math
import os
import sys
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from .errors import NodeTypeError, NodeValueError, TimeoutOverflowWarning

__all__ = [
    "Runtime", "Timeout", "Immediate", "current", "get_loop", "new_loop", "run",
    "set_timeout", "set_interval", "set_immediate", "clear_timeout", "clear_interval",
    "clear_immediate", "next_tick", "report_uncaught", "spawn", "GC_THRESHOLD",
    "exit_status", "run_to_exit", "left_over", "timer_duration", "TIMEOUT_MAX",
]

# On Python 3.11 asyncio._get_running_loop() makes a getpid() system call (its
# fork check) whenever a loop runs: see Runtime.loop_thread for how the tick
# paths avoid most of them.
_get_running_loop = asyncio._get_running_loop
_get_ident = threading.get_ident
_iscoroutine = inspect.iscoroutine

# Bytes of each loop's receive buffer (Runtime.recv_buffer; net reads into it).
RECV_BUFFER_SIZE = 65536


def new_loop() -> asyncio.AbstractEventLoop:
    """A fresh loop: uvloop unless ``NODEKIT_LOOP=asyncio`` or uvloop is missing."""
    choice = os.environ.get("NODEKIT_LOOP", "uvloop").lower()
    if choice != "asyncio":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


class Runtime:
    """Per-loop bookkeeping: ref'd handle count, open handles, the fatal error."""

    __slots__ = ("loop", "refs", "handles", "timers", "fatal", "_idle", "_ticks",
                 "_tick_scheduled", "depth", "loop_thread", "idle_lists", "_recv_buffer",
                 "head_cache", "host_cache", "agent_names", "field_cache", "date_cache",
                 "_caches",
                 "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.refs = 0
        # Servers and sockets that run() must close when it stops on an error.
        self.handles: weakref.WeakSet[Any] = weakref.WeakSet()
        self.timers: set[_Timer] = set()
        self.fatal: BaseException | None = None
        self._idle: asyncio.Future[None] | None = None
        self._ticks: collections.deque[tuple[Callable[..., Any], tuple[Any, ...]]] = (
            collections.deque())
        self._tick_scheduled = False
        # > 0 while a NodeKit callback runs: ticks queued then are drained as
        # soon as the outermost callback returns, as Node drains its nextTick
        # queue after each callback (before timers, immediates or I/O).
        self.depth = 0
        # The thread our loop is known to run in for now, else 0: set for a
        # tick drain (see _drain) or a scope opened with enter().
        self.loop_thread = 0
        # net's socket timer lists, by timeout in ms (see net._IdleList).
        self.idle_lists: dict[float, Any] = {}
        self._recv_buffer: memoryview | None = None
        # http's memo tables, bounded where they are filled. Slots of their own,
        # not cache()s: the hot path reads them once per message, from the
        # socket's Runtime (server) or the request's (client), never through
        # current(). head_cache: rendered heads of responses and of requests,
        # by everything rendering reads, the message's class first (the two
        # sides never share a key; see OutgoingMessage._store_header).
        # host_cache: the client's Host values; agent_names: Agent.get_name's
        # answers; field_cache: rendered field lines (_common.render_field).
        self.head_cache: dict[tuple[Any, ...], list[Any]] = {}
        self.host_cache: dict[tuple[str, int, int], str] = {}
        self.agent_names: dict[tuple[Any, ...], str] = {}
        self.field_cache: dict[tuple[str, Any], tuple[str, int]] = {}
        # date_cache: the Date header's [second, value] (_common.utc_date).
        self.date_cache: list[Any] = [-1, ""]
        self._caches: dict[str, Any] = {}

    def cache(self, name: str, factory: Callable[[], Any] = dict) -> Any:
        """This loop's cache called ``name`` (made by ``factory``, a dict by
        default, on first use): what a module fills at run time (rendered
        heads, validated names, adapters) belongs to one Runtime, never to
        module-global state shared across loops and threads."""
        caches = self._caches
        found = caches.get(name)
        if found is None:
            found = caches[name] = factory()
        return found

    @property
    def recv_buffer(self) -> memoryview:
        """net's receive buffer for this loop's sockets (see net.RECV_BUFFER_SIZE):
        one per loop, allocated on first use, never shared with another loop."""
        buf = self._recv_buffer
        if buf is None:
            buf = self._recv_buffer = memoryview(bytearray(RECV_BUFFER_SIZE))
        return buf

    # -- ref counting -------------------------------------------------------
    def ref(self) -> None:
        self.refs += 1

    def unref(self) -> None:
        self.refs -= 1
        if self.refs <= 0 and self._idle is not None:
            self.loop.call_soon(self._check_idle, 2)

    def _check_idle(self, rounds: int) -> None:
        # Callbacks already queued may create new handles: wait two loop turns
        # at zero before declaring the loop idle.
        if self.refs > 0 or self._idle is None or self._idle.done():
            return
        if rounds > 1:
            self.loop.call_soon(self._check_idle, rounds - 1)
        else:
            self._idle.set_result(None)

    # -- next_tick ------------------------------------------------------------
    def next_tick(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._ticks.append((fn, args))
        if not self.depth and not self._tick_scheduled:
            self._schedule_ticks()

    def _schedule_ticks(self) -> None:
        # Queued from outside any NodeKit callback (module code, a
        # coroutine): a loop callback drains it.
        self._tick_scheduled = True
        self.refs += 1
        self.loop.call_soon(self._run_scheduled_ticks)

    def drain_ticks(self) -> None:
        """Run every queued tick, including ticks that ticks queue."""
        self._drain(_get_ident() if _get_running_loop() is self.loop else 0)

    def _drain(self, thread: int) -> None:
        # ``thread``: this thread if our loop runs in it. Ticks run synchronously,
        # and no other loop can start inside a running one, so the loop keeps
        # running until the drain ends: while loop_thread is set, next_tick(),
        # current() and get_loop() on this thread need not ask asyncio again
        # (a drain serves several ticks for one system call).
        ticks = self._ticks
        prev_thread = self.loop_thread
        self.loop_thread = thread
        self.depth += 1
        try:
            while ticks:
                fn, args = ticks.popleft()
                try:
                    fn(*args)
                except BaseException as exc:  # noqa: BLE001 - routed to the uncaught rule
                    self.uncaught(exc)
        finally:
            self.depth -= 1
            if self.loop_thread:  # unless a fork cleared it (see _after_fork_in_child)
                self.loop_thread = prev_thread

    def _run_scheduled_ticks(self) -> None:
        self._tick_scheduled = False
        try:
            self._drain(_get_ident())  # a callback of our loop: it runs in this thread
        finally:
            self.unref()

    def enter(self) -> None:
        """Open a callback scope in a callback of this runtime's loop (``rt.depth += 1``).

        The loop runs in this thread until the matching :meth:`leave`, so
        next_tick(), current() and get_loop() inside need not ask asyncio.
        """
        if not self.depth:
            self.loop_thread = _get_ident()
        self.depth += 1

    def leave(self) -> None:
        """End a callback scope opened with :meth:`enter` (or ``rt.depth += 1``);
        drain ticks at the outermost.

        Only for scopes opened in a callback of this runtime's loop (net's
        transport callbacks): the loop runs in this thread, so the drain need
        not ask asyncio (see _drain). Elsewhere, lower ``depth`` and call
        :meth:`drain_ticks`.
        """
        self.depth -= 1
        if not self.depth:
            if self._ticks:
                self._drain(_get_ident())
            self.loop_thread = 0  # no scope or drain is left to vouch for the loop

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        """:func:`call` on this runtime: for callers that hold it (timers, sockets),
        which saves looking up the running loop."""
        _call(self, fn, args)

    # -- uncaught errors ------------------------------------------------------
    def uncaught(self, exc: BaseException, origin: str = "uncaughtException") -> None:
        """Node's rule: ``process`` 'uncaughtException'(exc, origin) if it has a
        listener (the loop goes on), else the program stops with ``exc``."""
        from .process import process

        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            self._stop_with(exc)
            return
        if process.listener_count("uncaughtException"):
            try:
                process.emit("uncaughtException", exc, origin)
                return
            except BaseException as inner:  # noqa: BLE001
                exc = inner
        self._stop_with(exc)

    def rejected(self, exc: BaseException, task: asyncio.Task[Any]) -> None:
        """An ``async def`` listener or callback raised: Node's unhandled rejection.

        'unhandledRejection'(reason, promise) if ``process`` has a listener (the
        task stands for the promise); else uncaught with origin
        'unhandledRejection', as Node's default ``--unhandled-rejections=throw``.
        """
        from .process import process

        if not isinstance(exc, (KeyboardInterrupt, SystemExit)) and (
                process.listener_count("unhandledRejection")):
            try:
                process.emit("unhandledRejection", exc, task)
                return
            except BaseException as inner:  # noqa: BLE001
                exc = inner
        self.uncaught(exc, "unhandledRejection")

    def exit(self, code: int) -> bool:
        """Stop the :func:`run` driving this loop with ``SystemExit(code)``
        (``process.exit``); False if run() is not driving it.

        Stopping through the idle future, not only by raising, is what makes
        exit reliable: a loop may swallow an exception raised in a callback
        (uvloop does in some paths), but the run stops at the end of this turn.
        """
        if self._idle is None:
            return False
        self._stop_with(SystemExit(code))
        return True

    # -- run()'s rounds ----------------------------------------------------------
    def run_round(self, main: Callable[[], Any] | None) -> None:
        """Run the loop until it is idle (or stopped by an uncaught error):
        ticks queued outside the loop first, then ``main`` in the loop."""
        loop = self.loop
        idle = loop.create_future()
        self._idle = idle
        try:
            if self._ticks:
                self.drain_ticks()
            if main is not None:
                loop.call_soon(call, main)
                self.ref()
                loop.call_soon(self.unref)
            elif self.refs <= 0:
                loop.call_soon(self._check_idle, 2)
            loop.run_until_complete(idle)
        except KeyboardInterrupt as exc:
            self.fatal = exc
        finally:
            self._idle = None

    def has_work_left(self) -> bool:
        """Ref'd work or ticks are waiting and no :func:`run` is driving the loop."""
        return self._idle is None and (self.refs > 0 or bool(self._ticks))

    def _stop_with(self, exc: BaseException) -> None:
        if self.fatal is None:
            self.fatal = exc
        if self._idle is not None and not self._idle.done():
            self._idle.set_result(None)
        elif self._idle is None:
            # Inside a loop NodeKit does not drive: hand it to asyncio's handler.
            self.loop.call_exception_handler(
                {"message": "Uncaught exception in a NodeKit callback", "exception": exc})
            self.fatal = None

    def close_handles(self) -> None:
        for timer in list(self.timers):
            timer.close()
        for handle in list(self.handles):
            try:
                handle._force_close()
            except Exception:  # noqa: BLE001 - best effort during shutdown
                pass


_runtimes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Runtime] = (
    weakref.WeakKeyDictionary())
_default_loop: asyncio.AbstractEventLoop | None = None
_last: tuple[Any, Runtime | None] = (None, None)


def _after_fork_in_child() -> None:
    # A forked child sees no running loop (asyncio's getpid() check): a drain
    # the fork happened in no longer vouches for one.
    for rt in list(_runtimes.values()):
        rt.loop_thread = 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def get_loop() -> asyncio.AbstractEventLoop:
    """The running loop, else NodeKit's own loop (created on first use)."""
    rt = _last[1]
    if rt is not None and rt.loop_thread and rt.loop_thread == _get_ident():
        return rt.loop  # its loop runs in this thread (see Runtime.loop_thread)
    loop = _get_running_loop()
    if loop is not None:
        return loop
    global _default_loop
    if _default_loop is None or _default_loop.is_closed():
        _default_loop = new_loop()
        asyncio.set_event_loop(_default_loop)
    return _default_loop


def current() -> Runtime:
    """The :class:`Runtime` of the loop NodeKit is using now."""
    global _last
    last_loop, rt = _last
    if rt is not None and rt.loop_thread and rt.loop_thread == _get_ident():
        return rt  # its loop runs in this thread (see Runtime.loop_thread)
    loop = _get_running_loop()
    if loop is last_loop and rt is not None:
        return rt
    if loop is None:
        loop = get_loop()
        if loop is last_loop and rt is not None:
            return rt
    rt = _runtimes.get(loop)
    if rt is None:
        rt = _runtimes[loop] = Runtime(loop)
    _last = (loop, rt)
    return rt


def report_uncaught(exc: BaseException, rt: Runtime | None = None) -> None:
    """Apply Node's uncaught-exception rule to ``exc``."""
    (rt or current()).uncaught(exc)


def _task_done(task: asyncio.Task[Any], rt: Runtime) -> None:
    rt.unref()
    if not task.cancelled():
        exc = task.exception()
        if exc is not None:
            rt.rejected(exc, task)


def spawn(coro: Any) -> asyncio.Task[Any]:
    """Run a coroutine as a ref'd task; its exception is uncaught.

    Used for ``async def`` listeners and callbacks: the task keeps ``run()``
    alive until it finishes (asyncio's own timers are invisible to us).
    """
    rt = current()
    task = rt.loop.create_task(coro)
    rt.ref()
    task.add_done_callback(lambda t: _task_done(t, rt))
    return task


def call(fn: Callable[..., Any], *args: Any) -> None:
    """Call a user callback from the loop: errors are uncaught, coroutines spawned,
    and ticks it queues run as soon as it returns."""
    _call(current(), fn, args)


def _call(rt: Runtime, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    rt.depth += 1
    try:
        res = fn(*args)
        if res is not None and _iscoroutine(res):
            spawn(res)
    except BaseException as exc:  # noqa: BLE001
        rt.uncaught(exc)
    finally:
        # Not rt.leave(): call() may run outside the loop (module code).
        rt.depth -= 1
        if not rt.depth and rt._ticks:
            rt.drain_ticks()


# -- timers -------------------------------------------------------------------
class _Timer:
    """What timers and immediates share: a callback, and Node's ref counting
    (an active, ref'd timer keeps ``run()`` going)."""

    __slots__ = ("_rt", "_fn", "_args", "_ref", "_active", "__weakref__")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._rt = rt = current()
        self._fn = fn
        self._args = args
        self._ref = True
        self._active = True
        rt.ref()
        rt.timers.add(self)  # so run() can cancel it after an uncaught error

    def _activate(self) -> None:
        if not self._active:
            self._active = True
            self._rt.timers.add(self)
            if self._ref:
                self._rt.ref()

    def _deactivate(self) -> None:
        if self._active:
            self._active = False
            self._rt.timers.discard(self)
            if self._ref:
                self._rt.unref()

    def close(self) -> Any:
        self._deactivate()
        return self

    def ref(self) -> Any:
        if not self._ref:
            self._ref = True
            if self._active:
                self._rt.ref()
        return self

    def unref(self) -> Any:
        if self._ref:
            self._ref = False
            if self._active:
                self._rt.unref()
        return self

    def has_ref(self) -> bool:
        return self._ref


class Timeout(_Timer):
    """What ``set_timeout`` / ``set_interval`` return (Node's ``Timeout``)."""

    __slots__ = ("_ms", "_repeat", "_handle", "_cleared")

    def __init__(self, fn: Callable[..., Any], ms: float, args: tuple[Any, ...],
                 repeat: bool) -> None:
        super().__init__(fn, args)
        # Node: a delay outside 1..2**31-1 becomes 1 ms (past the top, with a warning).
        ms = float(ms) if ms is not None else 1.0
        if not 1 <= ms <= TIMEOUT_MAX:
            if ms > TIMEOUT_MAX:
                _overflow_warning(ms, "Timeout duration was set to 1.")
            ms = 1.0
        self._ms = ms
        self._repeat = repeat
        self._cleared = False
        self._handle: asyncio.TimerHandle | None = self._rt.loop.call_later(
            self._ms / 1000.0, self._fire)

    def _fire(self) -> None:
        if not self._active:
            return
        if self._repeat:
            self._handle = self._rt.loop.call_later(self._ms / 1000.0, self._fire)
        else:
            self._deactivate()
        self._rt.call(self._fn, *self._args)

    def close(self) -> Timeout:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._cleared = True
        self._deactivate()
        return self

    def refresh(self) -> Timeout:
        """Restart the timer with its original delay (Node's ``timeout.refresh()``).

        A cleared timer stays cleared; one that already fired starts again.
        """
        if self._cleared:
            return self
        if self._handle is not None:
            self._handle.cancel()
        self._activate()
        self._handle = self._rt.loop.call_later(self._ms / 1000.0, self._fire)
        return self


class Immediate(_Timer):
    """What ``set_immediate`` returns."""

    __slots__ = ()

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__(fn, args)
        self._rt.loop.call_soon(self._fire)

    def _fire(self) -> None:
        if not self._active:
            return
        self._deactivate()
        self._rt.call(self._fn, *self._args)


TIMEOUT_MAX = 2 ** 31 - 1  # Node's largest timer duration (ms): libuv's is a signed int32


def timer_duration(msecs: Any, name: str = "msecs") -> float:
    """Node's getTimerDuration (``socket.set_timeout``, ``req.set_timeout``): a
    non-negative finite number; past TIMEOUT_MAX it is TIMEOUT_MAX, with a
    ``TimeoutOverflowWarning`` (where a ``set_timeout`` timer becomes 1 ms)."""
    if not isinstance(msecs, (int, float)) or isinstance(msecs, bool):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", f'The "{name}" argument must be of type '
                            f"number. Received {type(msecs).__name__} {msecs!r}")
    if not 0 <= msecs < math.inf:  # (NaN fails both comparisons)
        raise NodeValueError("ERR_OUT_OF_RANGE", f'The value of "{name}" is out of range. '
                             f"It must be a non-negative finite number. Received {msecs!r}")
    if msecs > TIMEOUT_MAX:
        _overflow_warning(msecs, f"Timer duration was truncated to {TIMEOUT_MAX}.")
        return float(TIMEOUT_MAX)
    return float(msecs)


def _overflow_warning(msecs: float, outcome: str) -> None:
    from .process import process  # (process imports this module)

    shown = int(msecs) if msecs == int(msecs) else msecs  # Node prints 2147483648, not .0
    process.emit_warning(TimeoutOverflowWarning(
        f"{shown} does not fit into a 32-bit signed integer.\n{outcome}"))


def _not_callable(fn: Any) -> NodeTypeError:
    """Node's ``validateFunction(callback, 'callback')`` error: raised at the
    call, not later when the timer fires (far from the mistake)."""
    return NodeTypeError("ERR_INVALID_ARG_TYPE",
                         f'The "callback" argument must be callable. Received {fn!r}')


def set_timeout(fn: Callable[..., Any], ms: float = 1, *args: Any) -> Timeout:
    if not callable(fn):
        raise _not_callable(fn)
    return Timeout(fn, ms, args, repeat=False)


def set_interval(fn: Callable[..., Any], ms: float = 1, *args: Any) -> Timeout:
    if not callable(fn):
        raise _not_callable(fn)
    return Timeout(fn, ms, args, repeat=True)


def set_immediate(fn: Callable[..., Any], *args: Any) -> Immediate:
    if not callable(fn):
        raise _not_callable(fn)
    return Immediate(fn, args)


def clear_timeout(timer: Timeout | None) -> None:
    if timer is not None:
        timer.close()


clear_interval = clear_timeout


def clear_immediate(immediate: Immediate | None) -> None:
    if immediate is not None:
        immediate._deactivate()


def next_tick(fn: Callable[..., Any], *args: Any) -> None:
    """Run ``fn(*args)`` once the current callback returns, before I/O."""
    if not callable(fn):
        raise _not_callable(fn)
    # Hot path (several ticks per HTTP request): current()'s cached cases, inlined.
    last_loop, rt = _last
    if rt is None:
        rt = current()
    elif not (rt.loop_thread and rt.loop_thread == _get_ident()) and (
            _get_running_loop() is not last_loop):
        rt = current()
    rt._ticks.append((fn, args))
    if not rt.depth and not rt._tick_scheduled:
        rt._schedule_ticks()


# -- run ----------------------------------------------------------------------
# Every HTTP client exchange leaves one reference cycle (request <-> response,
# as Node's objects refer to each other) for the cyclic collector. CPython's
# default first-generation threshold (700 allocations) runs it so often that
# it costs a busy client ~5-8% of its time; a larger one collects the same
# garbage in fewer passes. run() uses it while it runs (and the command line
# for the whole process), so a program is as fast under ``python script.py``
# as under ``nodekit script.py``.
GC_THRESHOLD = (2000, 10, 10)
_CPYTHON_GC_THRESHOLD = (700, 10, 10)


def _raise_gc_threshold() -> tuple[int, int, int] | None:
    """Apply GC_THRESHOLD unless the program chose its own; return what to restore."""
    before = gc.get_threshold()
    if before != _CPYTHON_GC_THRESHOLD:
        return None  # set by the program (or the command line): theirs stands
    gc.set_threshold(*GC_THRESHOLD)
    return before


def _restore_gc_threshold(before: tuple[int, int, int] | None) -> None:
    if before is not None and gc.get_threshold() == GC_THRESHOLD:
        gc.set_threshold(*before)


def run(main: Callable[[], Any] | None = None) -> None:
    """Run the loop until nothing ref'd is left, like ``node script.js``.

    ``main`` (sync or ``async def``) is called inside the loop first. Ticks
    that code outside the loop queued (module level) run first, as Node runs
    them after its main module. When the loop empties, ``process`` emits
    'beforeExit'(exit_code); if a listener schedules more work, the loop goes
    on. An uncaught error stops the loop: open handles are closed and it is
    raised (``process.exit(code)`` raises ``SystemExit(code)`` the same way).
    While it runs, the cyclic GC's first threshold is GC_THRESHOLD unless the
    program set its own; the previous setting is restored on return.
    """
    if _get_running_loop() is not None:
        raise RuntimeError("nodekit.run() cannot be called from a running event loop")
    loop = get_loop()
    rt = current()
    rt.fatal = None
    gc_before = _raise_gc_threshold()
    try:
        rt.run_round(main)
        while rt.fatal is None and _before_exit_round(loop, rt):
            pass
    finally:
        _restore_gc_threshold(gc_before)
    fatal = rt.fatal
    if fatal is not None:
        rt.fatal = None
        rt.close_handles()
        _drain(loop)
        raise fatal


def _before_exit_round(loop: asyncio.AbstractEventLoop, rt: Runtime) -> bool:
    """Emit ``process`` 'beforeExit'(exit_code) in the loop, then run what its
    listeners scheduled until idle; True if they scheduled anything (Node then
    emits it again when the loop empties again)."""
    from .process import process

    if not process.listener_count("beforeExit"):
        return False
    scheduled = False

    def emit() -> None:
        nonlocal scheduled
        call(process.emit, "beforeExit", process.exit_code)
        scheduled = rt.refs > 1  # beyond the hold below

    rt.ref()  # held until emit() has run: the round cannot go idle before it
    loop.call_soon(emit)
    loop.call_soon(rt.unref)
    rt.run_round(None)
    return scheduled and rt.fatal is None


def _drain(loop: asyncio.AbstractEventLoop) -> None:
    """Let close callbacks of force-closed handles run."""
    try:
        loop.run_until_complete(asyncio.sleep(0))
    except BaseException:  # noqa: BLE001
        pass


def reset() -> None:
    """Close NodeKit's own loop (used by tests and the command line)."""
    global _default_loop, _last
    loop = _default_loop
    _default_loop = None
    _last = (None, None)
    if loop is not None and not loop.is_closed():
        loop.close()


# -- the end of a program started with ``python script.py`` -------------------------
def left_over() -> Runtime | None:
    """NodeKit's own loop's runtime if ref'd work is waiting on it and nothing
    drives it: what module code scheduled and no :func:`run` ran."""
    loop = _default_loop
    if loop is None or loop.is_closed() or loop.is_running():
        return None
    rt = _runtimes.get(loop)
    return rt if rt is not None and rt.has_work_left() else None


def exit_status(exc: BaseException) -> int:
    """The exit status an exception ending the program stands for."""
    if isinstance(exc, SystemExit):
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(exc, KeyboardInterrupt):
        return 130
    traceback.print_exception(exc)
    return 1


def run_to_exit() -> int | None:
    """Run the loop until idle as the end of a program; the exit status an
    uncaught error or ``process.exit`` set, else None (the error is printed)."""
    try:
        run()
    except BaseException as exc:  # noqa: BLE001 - an uncaught error ends the program
        return exit_status(exc)
    return None


def _at_interpreter_exit() -> None:
    # ``python script.py`` with a script written for ``nodekit script.py`` (no
    # run()): Node runs its loop after the main module, so NodeKit runs what
    # the module left scheduled now, then emits process 'exit'. Not after the
    # main module raised (Python has printed it; sys.last_value is set), nor
    # after process.exit(). Python's exit status is fixed by now: a non-zero
    # one ends the process with os._exit once atexit handlers and stdio ran.
    from .process import process

    if process.exiting or hasattr(sys, "last_value"):
        return
    if left_over() is None and not process.listener_count("exit") and not process.exit_code:
        return
    code = run_to_exit() if left_over() is not None else None
    code = process.finish(code)
    if code:
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - a closed stream has nothing to flush
                pass
        os._exit(code)


def _register_at_exit() -> None:
    # threading's exit hooks run when the main module is done, before non-daemon
    # threads are joined and before atexit: concurrent.futures' own hook (which
    # refuses new work, e.g. asyncio's getaddrinfo) was registered before ours
    # by the import below, and hooks run last-registered first.
    import concurrent.futures.thread  # noqa: F401 - registers its hook first

    register = getattr(threading, "_register_atexit", None)
    if register is not None:
        register(_at_interpreter_exit)
    else:  # a Python without it: atexit (later, but still before finalisation)
        import atexit

        atexit.register(_at_interpreter_exit)


_register_at_exit()
