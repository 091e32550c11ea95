"""nodekit.runtime: run(), ref counting, timers, ticks, uncaught errors, the loop
choice, the ``nodekit script.py`` command and ``nodekit.require``."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import run

import nodekit
from nodekit import runtime
from nodekit.events import EventEmitter

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def on_uncaught():
    """Add listeners to process 'uncaughtException'; they are removed at teardown."""
    added = []

    def add(fn):
        added.append(fn)
        nodekit.process.on("uncaughtException", fn)
        return fn

    yield add
    for fn in added:
        nodekit.process.off("uncaughtException", fn)


def arun(coro):
    """asyncio's own runner on the loop NODEKIT_LOOP selects; NodeKit is not driving it."""
    with asyncio.Runner(loop_factory=runtime.new_loop) as runner:
        return runner.run(coro)


# -- run() ---------------------------------------------------------------------


def test_run_without_main_returns_when_nothing_is_refd():
    run(timeout=5)


def test_bare_run_returns_when_nothing_is_refd():
    nodekit.run()


def test_run_calls_sync_main_inside_the_running_loop(must_call):
    @must_call
    def main():
        assert asyncio.get_running_loop() is runtime.get_loop()

    run(main, timeout=5)


def test_run_awaits_async_main(must_call):
    done = must_call()

    async def main():
        fut = asyncio.get_running_loop().create_future()
        nodekit.set_timeout(fut.set_result, 1, "x")
        assert await fut == "x"
        done()

    run(main, timeout=5)


def test_run_waits_for_a_pending_timer(must_call):
    run(lambda: nodekit.set_timeout(must_call(), 10), timeout=5)


def test_timer_created_before_run_fires_inside_run(must_call):
    nodekit.set_timeout(must_call(), 1)
    run(timeout=5)


def test_run_inside_a_running_loop_raises_runtime_error():
    async def amain():
        with pytest.raises(RuntimeError):
            nodekit.run()

    arun(amain())


def test_run_can_be_called_again_after_it_returned(must_call):
    run(lambda: nodekit.set_timeout(must_call(), 1), timeout=5)
    run(lambda: nodekit.set_timeout(must_call(), 1), timeout=5)


# -- order of ticks, immediates, timers -------------------------------------------


def _busy_wait(ms: float) -> None:
    """Block the loop so that timers created just before are overdue when it turns.

    Not a timing assertion: it only makes "this timer is already due" certain.
    """
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        pass


def _uses_uvloop() -> bool:
    loop = runtime.new_loop()
    try:
        return type(loop).__module__.startswith("uvloop")
    finally:
        loop.close()


def test_next_tick_runs_before_set_immediate():
    order = []

    def main():
        nodekit.next_tick(order.append, "tick")
        nodekit.set_immediate(order.append, "immediate")

    run(main, timeout=5)
    assert order == ["tick", "immediate"]


def test_next_tick_runs_before_a_set_timeout_zero_that_is_already_due():
    order = []

    def main():
        nodekit.next_tick(order.append, "tick")
        nodekit.set_timeout(order.append, 0, "timeout")
        _busy_wait(10)

    run(main, timeout=5)
    assert order == ["tick", "timeout"]  # Node 20


def test_next_tick_runs_before_an_immediate_scheduled_earlier():
    order = []

    def main():
        nodekit.set_timeout(order.append, 0, "timeout")
        nodekit.set_immediate(order.append, "immediate")
        nodekit.next_tick(order.append, "tick")

    run(main, timeout=5)
    # Node 20: [ 'tick', 'immediate', 'timeout' ] (timeout/immediate order may vary)
    assert order[0] == "tick"


def test_next_tick_from_a_timer_runs_before_the_next_due_timer():
    order = []

    def t1():
        order.append("t1")
        nodekit.next_tick(order.append, "t1-tick")

    def main():
        nodekit.set_timeout(t1, 1)
        nodekit.set_timeout(order.append, 1, "t2")
        _busy_wait(10)  # both timers are due in the same loop turn

    run(main, timeout=5)
    assert order == ["t1", "t1-tick", "t2"]  # Node 20


def test_next_tick_from_an_immediate_runs_before_the_next_immediate():
    order = []

    def first():
        order.append("i1")
        nodekit.next_tick(order.append, "t1")

    def main():
        nodekit.set_immediate(first)
        nodekit.set_immediate(order.append, "i2")

    run(main, timeout=5)
    assert order == ["i1", "t1", "i2"]  # Node 20


def test_next_tick_scheduled_by_a_tick_runs_before_immediates():
    order = []

    def outer():
        order.append("t1")
        nodekit.next_tick(order.append, "t2")

    def main():
        nodekit.next_tick(outer)
        nodekit.set_immediate(order.append, "immediate")

    run(main, timeout=5)
    assert order == ["t1", "t2", "immediate"]


def test_next_ticks_run_in_fifo_order():
    order = []

    def main():
        for i in range(5):
            nodekit.next_tick(order.append, i)

    run(main, timeout=5)
    assert order == [0, 1, 2, 3, 4]


def test_a_tick_sees_the_runtime_and_loop_it_runs_on():
    seen = []

    def tick():
        seen.append((runtime.current(), runtime.get_loop()))
        nodekit.next_tick(lambda: seen.append((runtime.current(), runtime.get_loop())))

    def main():
        rt = runtime.current()
        seen.append((rt, rt.loop))
        nodekit.next_tick(tick)

    run(main, timeout=5)
    assert len(seen) == 3
    assert all(entry == seen[0] for entry in seen)


def test_a_loop_started_in_a_tick_drained_outside_any_loop_has_its_own_runtime():
    rt = runtime.current()
    seen = []

    async def inner():
        seen.append(runtime.current())
        nodekit.next_tick(seen.append, "inner tick")
        await asyncio.sleep(0)

    def tick():
        asyncio.run(inner())
        seen.append(runtime.current())

    nodekit.next_tick(tick)
    rt.drain_ticks()  # no loop runs here: the tick may start one of its own
    run(None, timeout=5)  # lets the loop callback queued for the tick release its ref
    assert seen[0] is not rt and seen[0].loop is not rt.loop
    assert seen[1:] == ["inner tick", rt]


def test_ticks_queued_in_another_thread_go_to_that_threads_loop():
    import threading

    rt = runtime.current()
    results = []

    def worker():
        async def amain():
            fut = asyncio.get_running_loop().create_future()
            nodekit.next_tick(lambda: fut.set_result(runtime.current()))
            results.append(await asyncio.wait_for(fut, 5))

        asyncio.run(amain())

    def tick():
        t = threading.Thread(target=worker)
        t.start()
        t.join(10)  # the worker queues its tick while this drain runs
        results.append(runtime.current())

    def main():
        nodekit.next_tick(tick)

    run(main, timeout=15)
    assert len(results) == 2
    assert results[0] is not rt and results[0].loop is not rt.loop
    assert results[1] is rt


def test_a_scope_opened_with_enter_drains_its_ticks_at_the_outermost_leave():
    order = []
    seen = []

    def callback():  # a plain loop callback, as net's transport callbacks are
        rt.enter()
        rt.enter()
        nodekit.next_tick(order.append, "tick")
        seen.append((runtime.current(), runtime.get_loop()))
        rt.leave()
        order.append("inner leave")
        rt.leave()
        order.append("outer leave")
        seen.append((runtime.current(), runtime.get_loop()))
        rt.unref()

    def main():
        rt.ref()
        rt.loop.call_soon(callback)

    rt = runtime.current()
    run(main, timeout=5)
    assert order == ["inner leave", "tick", "outer leave"]
    assert seen == [(rt, rt.loop)] * 2


def test_immediates_run_in_fifo_order():
    order = []

    def main():
        for i in range(5):
            nodekit.set_immediate(order.append, i)

    run(main, timeout=5)
    assert order == [0, 1, 2, 3, 4]


def test_timers_fire_in_order_of_their_delay():
    order = []

    def main():
        nodekit.set_timeout(order.append, 30, "c")
        nodekit.set_timeout(order.append, 1, "a")
        nodekit.set_timeout(order.append, 15, "b")

    run(main, timeout=5)
    assert order == ["a", "b", "c"]


# -- timers ----------------------------------------------------------------------


def test_set_timeout_passes_extra_args(must_call):
    got = []
    run(lambda: nodekit.set_timeout(must_call(lambda *a: got.append(a)), 1, "a", 2, None),
        timeout=5)
    assert got == [("a", 2, None)]


def test_set_immediate_and_next_tick_pass_extra_args():
    got = []

    def main():
        nodekit.set_immediate(lambda *a: got.append(("immediate", a)), 1, 2)
        nodekit.next_tick(lambda *a: got.append(("tick", a)), 3, 4)

    run(main, timeout=5)
    assert sorted(got) == [("immediate", (1, 2)), ("tick", (3, 4))]


@pytest.mark.parametrize("delay", [0, -5, None, float("nan"), 2**31])
def test_delay_outside_1_to_2_31_minus_1_becomes_1_ms(delay, must_call):
    # A delay taken literally (e.g. 2**31 ms) would trip the watchdog.
    run(lambda: nodekit.set_timeout(must_call(), delay), timeout=5)


def test_set_interval_repeats_until_clear_interval(must_call):
    count = {"n": 0}

    def tick():
        count["n"] += 1
        if count["n"] == 3:
            nodekit.clear_interval(timer)

    timer = None

    def main():
        nonlocal timer
        timer = nodekit.set_interval(must_call(tick, times=3), 1)

    run(main, timeout=5)


def test_set_interval_passes_extra_args():
    got = []

    def tick(*args):
        got.append(args)
        if len(got) == 2:
            nodekit.clear_interval(timer)

    timer = None

    def main():
        nonlocal timer
        timer = nodekit.set_interval(tick, 1, "x", 1)

    run(main, timeout=5)
    assert got == [("x", 1), ("x", 1)]


def test_clear_interval_from_another_timer_stops_it():
    ticks = []

    def main():
        timer = nodekit.set_interval(ticks.append, 1, "t")

        def stop():
            # Stop once it has fired at least once (checked, not slept for).
            if ticks:
                nodekit.clear_interval(timer)
            else:
                nodekit.set_timeout(stop, 1)

        nodekit.set_timeout(stop, 5)

    run(main, timeout=5)
    assert ticks and set(ticks) == {"t"}


def test_clear_timeout_before_firing_cancels_it(must_call):
    def main():
        t = nodekit.set_timeout(must_call.never(), 1)
        nodekit.clear_timeout(t)

    run(main, timeout=5)


def test_clear_timeout_of_none_and_of_a_fired_timer_is_a_no_op():
    fired = []

    def main():
        nodekit.clear_timeout(None)
        nodekit.clear_interval(None)
        nodekit.clear_immediate(None)
        t = nodekit.set_timeout(lambda: (fired.append(1), nodekit.clear_timeout(t)), 1)

    run(main, timeout=5)
    assert fired == [1]


def test_clear_immediate_before_firing_cancels_it(must_call):
    def main():
        imm = nodekit.set_immediate(must_call.never())
        nodekit.clear_immediate(imm)

    run(main, timeout=5)


def test_unrefd_timer_does_not_keep_run_alive(must_call):
    # If the 60 s timer kept run() alive the 5 s watchdog would fail the test.
    run(lambda: nodekit.set_timeout(must_call.never(), 60_000).unref(), timeout=5)


def test_unrefd_interval_does_not_keep_run_alive(must_call):
    run(lambda: nodekit.set_interval(must_call.never(), 60_000).unref(), timeout=5)


def test_refd_timer_keeps_run_alive_while_an_unrefd_one_does_not(must_call):
    def main():
        nodekit.set_timeout(must_call.never(), 60_000).unref()
        nodekit.set_timeout(must_call(), 20)

    run(main, timeout=5)


def test_unrefd_timer_fires_if_the_loop_is_still_alive(must_call):
    def main():
        nodekit.set_timeout(must_call(), 1).unref()
        nodekit.set_timeout(lambda: None, 50)

    run(main, timeout=5)


def test_ref_after_unref_keeps_run_alive_again(must_call):
    def main():
        t = nodekit.set_timeout(must_call(), 20)
        assert t.unref() is t
        assert t.ref() is t

    run(main, timeout=5)


def test_has_ref_reflects_ref_and_unref():
    def main():
        t = nodekit.set_timeout(lambda: None, 1)
        assert t.has_ref() is True
        t.unref()
        assert t.has_ref() is False
        t.ref()
        assert t.has_ref() is True
        imm = nodekit.set_immediate(lambda: None)
        assert imm.has_ref() is True
        imm.unref()
        assert imm.has_ref() is False
        imm.ref()

    run(main, timeout=5)


def test_ref_and_unref_are_idempotent():
    def main():
        t = nodekit.set_timeout(lambda: None, 1)
        t.unref().unref().ref().ref()

    # The conftest teardown checks the ref count is back to zero.
    run(main, timeout=5)


def test_refresh_returns_the_timer():
    def main():
        t = nodekit.set_timeout(lambda: None, 1)
        assert t.refresh() is t

    run(main, timeout=5)


def test_refresh_restarts_the_delay():
    order = []

    def main():
        t = nodekit.set_timeout(order.append, 100, "timer")
        # At 50 ms the timer is refreshed: it now fires at ~150 ms, after the marker.
        nodekit.set_timeout(t.refresh, 50)
        nodekit.set_timeout(order.append, 120, "marker")

    run(main, timeout=5)
    assert order == ["marker", "timer"]


def test_refresh_rearms_a_timer_that_already_fired(must_call):
    def fire():
        if not hasattr(fire, "again"):
            fire.again = True
            timer.refresh()

    timer = None

    def main():
        nonlocal timer
        timer = nodekit.set_timeout(must_call(fire, times=2), 1)

    run(main, timeout=5)


def test_refresh_after_clear_timeout_does_not_rearm():
    fired = []

    def main():
        t = nodekit.set_timeout(fired.append, 1, "fired")
        nodekit.clear_timeout(t)
        t.refresh()

    run(main, timeout=5)
    assert fired == []  # Node 20: the callback never runs


# -- uncaught errors --------------------------------------------------------------


class Boom(Exception):
    pass


def _raise(exc):
    raise exc


def test_uncaught_error_in_a_timer_is_raised_by_run():
    err = Boom("timer")
    with pytest.raises(Boom) as info:
        run(lambda: nodekit.set_timeout(_raise, 1, err), timeout=5)
    assert info.value is err


def test_uncaught_error_stops_run_although_a_refd_timer_is_pending(must_call):
    pending = []

    def main():
        pending.append(nodekit.set_timeout(must_call.never(), 60_000))
        nodekit.set_timeout(_raise, 1, Boom("stop"))

    with pytest.raises(Boom):
        run(main, timeout=5)
    nodekit.clear_timeout(pending[0])


def test_uncaught_error_in_sync_main_is_raised_by_run():
    with pytest.raises(Boom):
        run(lambda: _raise(Boom("main")), timeout=5)


def test_uncaught_error_in_async_main_is_raised_by_run():
    async def main():
        await asyncio.sleep(0)
        raise Boom("async main")

    with pytest.raises(Boom, match="async main"):
        run(main, timeout=5)


def test_uncaught_error_in_next_tick_is_raised_by_run():
    with pytest.raises(Boom):
        run(lambda: nodekit.next_tick(_raise, Boom("tick")), timeout=5)


def test_uncaught_error_in_an_immediate_is_raised_by_run():
    with pytest.raises(Boom):
        run(lambda: nodekit.set_immediate(_raise, Boom("immediate")), timeout=5)


def test_emit_error_without_listener_in_a_callback_is_raised_by_run():
    ee = EventEmitter()
    err = ConnectionResetError("reset")
    with pytest.raises(ConnectionResetError) as info:
        run(lambda: nodekit.set_timeout(ee.emit, 1, "error", err), timeout=5)
    assert info.value is err


def test_run_force_closes_registered_handles_when_stopping_on_an_error():
    closed = []

    class Handle:
        def __init__(self):
            self.rt = runtime.current()
            self.rt.ref()
            self.rt.handles.add(self)

        def _force_close(self):
            closed.append(self)
            self.rt.unref()

    holder = []

    def main():
        holder.append(Handle())  # a ref'd "server" that would keep run() alive
        nodekit.set_timeout(_raise, 1, Boom("stop"))

    with pytest.raises(Boom):
        run(main, timeout=5)
    assert closed == holder


def test_uncaught_exception_listener_receives_the_error_and_the_loop_goes_on(
        on_uncaught, must_call):
    err = Boom("handled")
    got = []
    on_uncaught(must_call(lambda exc, origin: got.append((exc, origin))))

    def main():
        nodekit.set_timeout(_raise, 1, err)
        nodekit.set_timeout(must_call(), 20)

    run(main, timeout=5)
    assert got == [(err, "uncaughtException")]


def test_uncaught_exception_listener_catches_async_listener_errors(on_uncaught, must_call):
    ee = EventEmitter()
    got = []
    on_uncaught(must_call(lambda exc, origin: got.append(exc)))

    async def listener():
        raise Boom("async")

    ee.on("foo", listener)
    run(lambda: ee.emit("foo"), timeout=5)
    assert [str(e) for e in got] == ["async"]


def test_error_raised_by_the_uncaught_exception_listener_stops_run(on_uncaught):
    def rethrow(exc, origin):
        raise KeyError("from handler")

    on_uncaught(rethrow)
    with pytest.raises(KeyError, match="from handler"):
        run(lambda: nodekit.set_timeout(_raise, 1, Boom("first")), timeout=5)


# -- inside an asyncio loop NodeKit does not drive ------------------------------------


def test_timers_and_ticks_work_inside_asyncio_run():
    async def amain():
        loop = asyncio.get_running_loop()
        assert runtime.get_loop() is loop
        t_fut, i_fut, n_fut = (loop.create_future() for _ in range(3))
        nodekit.set_timeout(t_fut.set_result, 1, "timeout")
        nodekit.set_immediate(i_fut.set_result, "immediate")
        nodekit.next_tick(n_fut.set_result, "tick")
        return await asyncio.wait_for(asyncio.gather(t_fut, i_fut, n_fut), 5)

    assert asyncio.run(amain()) == ["timeout", "immediate", "tick"]


def test_set_interval_and_clear_inside_a_foreign_loop():
    async def amain():
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        ticks = []

        def tick():
            ticks.append(1)
            if len(ticks) == 3:
                nodekit.clear_interval(timer)
                done.set_result(len(ticks))

        timer = nodekit.set_interval(tick, 1)
        return await asyncio.wait_for(done, 5)

    assert arun(amain()) == 3


def test_events_once_and_async_listeners_work_inside_a_foreign_loop():
    async def amain():
        loop = asyncio.get_running_loop()
        ee = EventEmitter()
        seen = loop.create_future()

        async def listener(x):
            await asyncio.sleep(0)
            seen.set_result(x)

        ee.on("foo", listener)
        waiting = asyncio.ensure_future(nodekit.events.once(ee, "foo"))
        await asyncio.sleep(0)  # let once() register its listener first
        nodekit.set_timeout(ee.emit, 1, "foo", 42)
        args = await asyncio.wait_for(waiting, 5)
        return args, await asyncio.wait_for(seen, 5)

    assert arun(amain()) == ((42,), 42)


def test_uncaught_error_in_a_foreign_loop_goes_to_its_exception_handler():
    async def amain():
        loop = asyncio.get_running_loop()
        got = loop.create_future()
        loop.set_exception_handler(lambda lp, ctx: got.set_result(ctx.get("exception")))
        nodekit.set_timeout(_raise, 1, Boom("foreign"))
        return await asyncio.wait_for(got, 5)

    exc = arun(amain())
    assert isinstance(exc, Boom) and str(exc) == "foreign"


# -- loop choice -------------------------------------------------------------------


def _loop_type(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("NODEKIT_LOOP", raising=False)
    else:
        monkeypatch.setenv("NODEKIT_LOOP", value)
    loop = runtime.new_loop()
    try:
        return type(loop)
    finally:
        loop.close()


def test_nodekit_loop_uvloop_selects_uvloop(monkeypatch):
    uvloop = pytest.importorskip("uvloop")
    assert issubclass(_loop_type(monkeypatch, "uvloop"), uvloop.Loop)


def test_uvloop_is_the_default_when_installed(monkeypatch):
    uvloop = pytest.importorskip("uvloop")
    assert issubclass(_loop_type(monkeypatch, None), uvloop.Loop)


@pytest.mark.parametrize("value", ["asyncio", "ASYNCIO"])
def test_nodekit_loop_asyncio_selects_plain_asyncio(monkeypatch, value):
    loop_type = _loop_type(monkeypatch, value)
    assert issubclass(loop_type, asyncio.BaseEventLoop)
    assert loop_type.__module__.startswith("asyncio")


# -- nodekit script.py ---------------------------------------------------------------


def _run_script(tmp_path, source, *args):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "nodekit", str(script), *args],
                          capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)


def test_script_runs_module_body_then_loop_until_idle_and_exits_0(tmp_path):
    proc = _run_script(tmp_path, """
        import nodekit
        print("start", flush=True)
        nodekit.set_timeout(lambda: print("timeout", flush=True), 10)
        nodekit.next_tick(lambda: print("tick", flush=True))
        print("end of module", flush=True)
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["start", "end of module", "tick", "timeout"]


def test_script_runs_with_the_command_lines_gc_threshold(tmp_path):
    from nodekit.__main__ import GC_THRESHOLD

    proc = _run_script(tmp_path, """
        import gc
        print(gc.get_threshold())
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(GC_THRESHOLD)
    assert GC_THRESHOLD[0] > 700  # fewer first-generation passes than CPython's default


def test_script_receives_its_arguments(tmp_path):
    proc = _run_script(tmp_path, """
        import sys
        import nodekit
        print(sys.argv[1:], nodekit.process.argv[2:])
    """, "a", "b c")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['a', 'b c'] ['a', 'b c']"


def test_script_with_uncaught_error_in_a_timer_exits_1_with_traceback(tmp_path):
    proc = _run_script(tmp_path, """
        import nodekit
        def boom():
            raise ValueError("boom from timer")
        nodekit.set_timeout(boom, 1)
    """)
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr
    assert "ValueError: boom from timer" in proc.stderr


def test_script_with_uncaught_error_in_module_body_exits_1(tmp_path):
    proc = _run_script(tmp_path, """
        raise RuntimeError("boom at module level")
    """)
    assert proc.returncode == 1
    assert "RuntimeError: boom at module level" in proc.stderr


def test_script_process_exit_sets_the_exit_status(tmp_path):
    proc = _run_script(tmp_path, """
        import nodekit
        nodekit.set_timeout(nodekit.process.exit, 1, 3)
        nodekit.set_timeout(lambda: print("never"), 60_000)
    """)
    assert proc.returncode == 3
    assert "never" not in proc.stdout


def test_script_with_uncaught_exception_listener_exits_0(tmp_path):
    proc = _run_script(tmp_path, """
        import nodekit
        nodekit.process.on("uncaughtException", lambda e, o: print("caught", e, flush=True))
        def boom():
            raise ValueError("x")
        nodekit.set_timeout(boom, 1)
        nodekit.set_timeout(lambda: print("still running", flush=True), 20)
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["caught x", "still running"]


# -- one program, two ways to start it (issue 10) -------------------------------------


def _run_plain(tmp_path, source):
    """``python script.py``: the same script without the command line."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, env=env, cwd=tmp_path)


RUN_MAIN = """
    import nodekit
    def main():
        print("main", flush=True)
        nodekit.set_timeout(lambda: print("timer", flush=True), 5)
    print("before run", flush=True)
    nodekit.run(main)
    print("after run", flush=True)
"""


def test_script_calling_run_works_under_the_command_line_as_under_python(tmp_path):
    cli, plain = _run_script(tmp_path, RUN_MAIN), _run_plain(tmp_path, RUN_MAIN)
    assert (cli.returncode, plain.returncode) == (0, 0), cli.stderr + plain.stderr
    # run() returns when the program is idle, both ways.
    assert cli.stdout.splitlines() == plain.stdout.splitlines() == [
        "before run", "main", "timer", "after run"]


SCHEDULES_WORK = """
    import nodekit
    nodekit.set_timeout(lambda: print("timer", flush=True), 5)
    nodekit.next_tick(lambda: print("tick", flush=True))
    print("end of module", flush=True)
"""


def test_script_without_run_does_its_work_under_python_as_under_the_command_line(tmp_path):
    cli, plain = _run_script(tmp_path, SCHEDULES_WORK), _run_plain(tmp_path, SCHEDULES_WORK)
    assert (cli.returncode, plain.returncode) == (0, 0), cli.stderr + plain.stderr
    assert cli.stdout.splitlines() == plain.stdout.splitlines() == [
        "end of module", "tick", "timer"]


def test_script_without_run_under_python_exits_1_on_an_uncaught_error(tmp_path):
    proc = _run_plain(tmp_path, """
        import nodekit
        def boom():
            raise ValueError("boom from timer")
        nodekit.set_timeout(boom, 1)
    """)
    assert proc.returncode == 1
    assert "ValueError: boom from timer" in proc.stderr


def test_script_whose_module_raised_does_not_run_its_scheduled_work_under_python(tmp_path):
    proc = _run_plain(tmp_path, """
        import nodekit
        nodekit.set_timeout(lambda: print("never", flush=True), 1)
        raise RuntimeError("module failed")
    """)
    assert proc.returncode == 1
    assert "RuntimeError: module failed" in proc.stderr
    assert "never" not in proc.stdout


def test_module_level_ticks_run_before_an_immediate_scheduled_earlier(must_call):
    order = []
    nodekit.set_immediate(lambda: order.append("immediate"))
    nodekit.next_tick(lambda: order.append("tick"))
    run(None, timeout=5)
    assert order == ["tick", "immediate"]


def test_run_uses_the_gc_threshold_while_it_runs_and_restores_the_default():
    import gc

    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    seen = []
    try:
        run(lambda: seen.append(gc.get_threshold()), timeout=5)
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*before)
    assert seen == [runtime.GC_THRESHOLD]
    assert after == (700, 10, 10)


def test_run_keeps_a_gc_threshold_the_program_chose():
    import gc

    before = gc.get_threshold()
    gc.set_threshold(5000, 20, 20)
    seen = []
    try:
        run(lambda: seen.append(gc.get_threshold()), timeout=5)
    finally:
        gc.set_threshold(*before)
    assert seen == [(5000, 20, 20)]


def test_script_under_python_runs_with_the_same_gc_threshold_as_under_the_command_line(
        tmp_path):
    source = """
        import gc, nodekit
        nodekit.set_timeout(lambda: print(gc.get_threshold(), flush=True), 1)
    """
    cli, plain = _run_script(tmp_path, source), _run_plain(tmp_path, source)
    assert cli.stdout == plain.stdout == f"{runtime.GC_THRESHOLD}\n", cli.stderr + plain.stderr


def test_script_module_error_goes_to_an_uncaught_exception_listener(tmp_path):
    proc = _run_script(tmp_path, """
        import nodekit
        nodekit.process.on("uncaughtException", lambda e, o: print("caught", e, o, flush=True))
        nodekit.set_timeout(lambda: print("still running", flush=True), 1)
        raise ValueError("x")
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["caught x uncaughtException", "still running"]


# -- require -------------------------------------------------------------------------


def test_require_events_returns_the_events_module():
    assert nodekit.require("events") is nodekit.events
    assert nodekit.require("events").EventEmitter is EventEmitter


def test_require_accepts_the_node_prefix():
    assert nodekit.require("node:events") is nodekit.events


def test_require_unknown_module_raises():
    with pytest.raises(ModuleNotFoundError, match="Cannot find module 'fs'"):
        nodekit.require("fs")


def test_each_runtime_has_its_own_caches():
    """What a module fills at run time (rendered heads, checked Host values,
    stream adapters) is one Runtime's: two loops never share a cache."""
    loops = [asyncio.new_event_loop() for _ in range(2)]
    try:
        first, second = (runtime.Runtime(loop) for loop in loops)
        assert first.cache("t") is first.cache("t") and first.cache("t") == {}
        assert first.cache("t") is not second.cache("t")
        first.cache("t")["k"] = 1
        assert second.cache("t") == {}
        made = first.cache("w", set)
        assert isinstance(made, set) and first.cache("w", set) is made
    finally:
        for loop in loops:
            loop.close()


def test_the_servers_host_cache_is_its_runtimes(must_call):
    from nodekit import http

    seen = {}

    def main():
        def handler(req, res):
            res.end()
            server.close()

        server = http.create_server(must_call(handler))

        def go():
            req = http.get({"port": server.address()["port"], "host": "127.0.0.1",
                            "agent": False}, lambda res: res.resume())
            req.end()

        server.listen(0, "127.0.0.1", go)
        seen["rt"] = runtime.current()

    run(main, timeout=10)
    hosts = seen["rt"].cache("http.server.valid_hosts")
    assert any(host.startswith(b"127.0.0.1:") for host in hosts)
    other = asyncio.new_event_loop()
    try:
        assert runtime.Runtime(other).cache("http.server.valid_hosts") == {}
    finally:
        other.close()
