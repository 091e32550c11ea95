"""nodekit.process (issue 17): signal events, exit and exit_code, 'exit',
'beforeExit', 'uncaughtException'/'unhandledRejection', kill and the facts
about the process.

Signals are real (``os.kill``): sent to this process inside ``run()`` while a
listener exists (and every handler is checked gone afterwards), or to a
child program started both ways (``python -m nodekit script.py`` and
``python script.py``), with a bounded wait.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import run

import nodekit
from nodekit import process, runtime
from nodekit.events import EventEmitter

REPO = Path(__file__).resolve().parents[1]
MODES = ["nodekit", "python"]
TIMEOUT = 20


@pytest.fixture
def listen():
    """Add process listeners; they are removed at teardown, and no signal
    handler may be left installed."""
    added = []

    def add(event, fn):
        added.append((event, fn))
        process.on(event, fn)
        return fn

    yield add
    for event, fn in added:
        process.off(event, fn)
    for name in ("SIGUSR1", "SIGUSR2", "SIGTERM", "SIGHUP"):
        assert signal.getsignal(getattr(signal, name)) is signal.SIG_DFL, name
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _raise(exc):
    raise exc


class Boom(Exception):
    pass


# -- child programs ----------------------------------------------------------------


def script(tmp_path, source):
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(source))
    return path


def command(mode, path, *args):
    launcher = ["-m", "nodekit"] if mode == "nodekit" else []
    return [sys.executable, *launcher, str(path), *map(str, args)]


def env():
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), e.get("PYTHONPATH")]))
    return e


def run_program(mode, tmp_path, source):
    return subprocess.run(command(mode, script(tmp_path, source)), capture_output=True,
                          text=True, timeout=TIMEOUT, env=env(), cwd=tmp_path)


def start_program(mode, tmp_path, source):
    """Start a child that prints 'ready' once its loop runs; -> the Popen."""
    proc = subprocess.Popen(command(mode, script(tmp_path, source)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env(), cwd=tmp_path)
    deadline = time.monotonic() + TIMEOUT
    line = ""
    while line.strip() != "ready":
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "the child did not get ready"
        if select.select([proc.stdout], [], [], 0.1)[0]:
            line = proc.stdout.readline()
    return proc


def finish(proc):
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    return proc.returncode, out, err


# A child whose loop stays alive (a ref'd interval) until a signal ends it.
ALIVE = """
    import nodekit
    from nodekit import process
    process.on("exit", lambda code: print("exit", code, flush=True))
    keep = nodekit.set_interval(lambda: None, 1000)
    nodekit.set_timeout(lambda: print("ready", flush=True), 1)
"""


# -- signals -------------------------------------------------------------------------


def test_signal_listener_receives_the_signal_name_and_number(listen, must_call):
    got = []

    def on_usr1(*args):
        got.append(args)
        process.off("SIGUSR1", on_usr1)
        keep.close()

    def main():
        global keep
        listen("SIGUSR1", must_call(on_usr1))
        keep = nodekit.set_interval(lambda: None, 1000)
        nodekit.set_timeout(os.kill, 1, os.getpid(), signal.SIGUSR1)

    run(main, timeout=10)
    assert got == [("SIGUSR1", signal.SIGUSR1.value)]


def test_a_signal_listener_does_not_keep_run_alive(listen, must_call):
    run(lambda: listen("SIGUSR2", must_call.never()), timeout=10)


def test_a_signal_handler_is_installed_while_a_listener_exists_and_removed_with_the_last(
        listen):
    first, second = (lambda *a: None), (lambda *a: None)
    states = []

    def main():
        listen("SIGHUP", first)
        listen("SIGHUP", second)
        states.append(signal.getsignal(signal.SIGHUP) is signal.SIG_DFL)
        process.off("SIGHUP", first)
        states.append(signal.getsignal(signal.SIGHUP) is signal.SIG_DFL)
        process.off("SIGHUP", second)
        states.append(signal.getsignal(signal.SIGHUP) is signal.SIG_DFL)

    run(main, timeout=10)
    assert states == [False, False, True]


def test_a_signal_handler_added_before_run_is_removed_after_it(listen):
    fn = listen("SIGUSR2", lambda *a: None)
    run(None, timeout=10)
    assert signal.getsignal(signal.SIGUSR2) is not signal.SIG_DFL
    process.off("SIGUSR2", fn)
    assert signal.getsignal(signal.SIGUSR2) is signal.SIG_DFL


def test_an_error_in_a_signal_listener_is_uncaught(listen):
    def main():
        listen("SIGUSR1", lambda *a: _raise(Boom("in listener")))
        nodekit.set_interval(lambda: None, 1000)
        nodekit.set_timeout(os.kill, 1, os.getpid(), signal.SIGUSR1)

    with pytest.raises(Boom, match="in listener"):
        run(main, timeout=10)


@pytest.mark.parametrize("mode", MODES)
def test_sigterm_without_a_listener_ends_the_program_with_the_default_action(tmp_path, mode):
    proc = start_program(mode, tmp_path, ALIVE)
    os.kill(proc.pid, signal.SIGTERM)
    code, out, _ = finish(proc)
    assert code == -signal.SIGTERM  # killed by it: a shell sees 128 + 15, as for node
    assert "exit" not in out


@pytest.mark.parametrize("mode", MODES)
def test_sigterm_listener_replaces_the_default_action(tmp_path, mode):
    proc = start_program(mode, tmp_path, ALIVE + """
    def on_term(name, number):
        print("got", name, number, flush=True)
        keep.close()
    process.on("SIGTERM", on_term)
    """)
    os.kill(proc.pid, signal.SIGTERM)
    code, out, err = finish(proc)
    assert code == 0, err
    assert out.splitlines() == [f"got SIGTERM {signal.SIGTERM.value}", "exit 0"]


# -- process.exit ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_exit_in_a_signal_listener_ends_the_program_with_its_code(tmp_path, mode):
    proc = start_program(mode, tmp_path, ALIVE + """
    process.on("SIGINT", lambda *a: process.exit(4))
    """)
    os.kill(proc.pid, signal.SIGINT)
    code, out, err = finish(proc)
    assert code == 4, err
    assert out.splitlines() == ["exit 4"]


@pytest.mark.parametrize("mode", MODES)
def test_exit_in_a_timer_emits_exit_synchronously_and_runs_nothing_after(tmp_path, mode):
    proc = run_program(mode, tmp_path, """
        import nodekit
        from nodekit import process
        process.on("exit", lambda code: print("exit", code, flush=True))
        def stop():
            process.exit(3)
            print("after exit()", flush=True)
        nodekit.set_timeout(stop, 1)
        nodekit.set_timeout(lambda: print("never", flush=True), 60_000)
    """)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.splitlines() == ["exit 3"]


@pytest.mark.parametrize("mode", MODES)
def test_exit_in_a_socket_callback_ends_the_program(tmp_path, mode):
    proc = run_program(mode, tmp_path, """
        from nodekit import net, process
        server = net.create_server(lambda sock: process.exit(5))
        server.listen(0, "127.0.0.1",
                      lambda: net.connect(server.address()["port"], "127.0.0.1"))
    """)
    assert proc.returncode == 5, proc.stderr


@pytest.mark.parametrize("mode", MODES)
def test_exit_in_a_plain_loop_callback_ends_the_program(tmp_path, mode):
    # Not a NodeKit callback: the loop itself calls it (where uvloop may swallow
    # what it raises); the runtime still stops.
    proc = run_program(mode, tmp_path, """
        import nodekit
        from nodekit import process, runtime
        nodekit.set_interval(lambda: None, 1000)
        runtime.get_loop().call_later(0.001, process.exit, 6)
    """)
    assert proc.returncode == 6, proc.stderr


@pytest.mark.parametrize("mode", MODES)
def test_exit_in_module_code_ends_the_program_before_the_loop(tmp_path, mode):
    proc = run_program(mode, tmp_path, """
        import nodekit
        from nodekit import process
        nodekit.set_timeout(lambda: print("never", flush=True), 1)
        process.exit(7)
    """)
    assert proc.returncode == 7, proc.stderr
    assert "never" not in proc.stdout


@pytest.mark.parametrize("mode", MODES)
def test_exit_without_a_code_uses_exit_code(tmp_path, mode):
    proc = run_program(mode, tmp_path, """
        import nodekit
        from nodekit import process
        process.exit_code = 9
        nodekit.set_timeout(process.exit, 1)
    """)
    assert proc.returncode == 9, proc.stderr


@pytest.mark.parametrize("mode", MODES)
def test_exit_code_is_the_status_of_a_program_that_ends_by_itself(tmp_path, mode):
    proc = run_program(mode, tmp_path, """
        import nodekit
        from nodekit import process
        process.on("exit", lambda code: print("exit", code, flush=True))
        def later():
            process.exit_code = 2
        nodekit.set_timeout(later, 1)
    """)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.splitlines() == ["exit 2"]


@pytest.mark.parametrize("mode", MODES)
def test_an_uncaught_error_ends_the_program_with_1_and_the_error_printed(tmp_path, mode):
    proc = run_program(mode, tmp_path, """
        import nodekit
        async def boom():
            raise ValueError("from an async callback")
        nodekit.set_timeout(boom, 1)
        nodekit.set_timeout(lambda: print("never", flush=True), 60_000)
    """)
    assert proc.returncode == 1
    assert "ValueError: from an async callback" in proc.stderr
    assert "never" not in proc.stdout


def test_exit_inside_run_raises_system_exit_with_the_code_and_emits_exit(listen, must_call):
    codes = []
    listen("exit", must_call(codes.append))
    process.exiting = False
    try:
        with pytest.raises(SystemExit) as info:
            run(lambda: nodekit.set_timeout(process.exit, 1, 8), timeout=10)
    finally:
        process.exiting = False
        process.exit_code = 0
    assert info.value.code == 8
    assert codes == [8]


# -- beforeExit -------------------------------------------------------------------------


def test_before_exit_is_emitted_when_the_loop_empties_and_may_schedule_more(listen):
    seen = []

    def on_before_exit(code):
        seen.append(("beforeExit", code))
        if seen.count(("beforeExit", code)) == 1:
            nodekit.set_timeout(lambda: seen.append("more work"), 1)

    listen("beforeExit", on_before_exit)
    run(lambda: nodekit.set_timeout(lambda: seen.append("work"), 1), timeout=10)
    assert seen == ["work", ("beforeExit", 0), "more work", ("beforeExit", 0)]


def test_before_exit_is_not_emitted_after_an_uncaught_error(listen, must_call):
    listen("beforeExit", must_call.never())
    with pytest.raises(Boom):
        run(lambda: nodekit.set_timeout(_raise, 1, Boom("x")), timeout=10)


# -- uncaughtException and unhandledRejection --------------------------------------------


def test_uncaught_exception_listener_gets_the_origin_uncaught_exception(listen, must_call):
    got = []
    listen("uncaughtException", must_call(lambda err, origin: got.append(origin)))
    run(lambda: nodekit.set_timeout(_raise, 1, Boom("sync")), timeout=10)
    assert got == ["uncaughtException"]


def test_unhandled_rejection_listener_gets_an_async_listeners_error_and_its_task(
        listen, must_call):
    got = []
    listen("unhandledRejection", must_call(lambda reason, task: got.append((reason, task))))
    err = Boom("async")

    async def listener():
        raise err

    ee = EventEmitter()
    ee.on("go", listener)
    run(lambda: ee.emit("go"), timeout=10)
    [(reason, task)] = got
    assert reason is err
    assert isinstance(task, asyncio.Task) and task.done()


def test_async_error_without_unhandled_rejection_listener_is_uncaught_with_its_origin(
        listen, must_call):
    got = []
    listen("uncaughtException", must_call(lambda err, origin: got.append((str(err), origin))))

    async def fail():
        raise Boom("async")

    run(lambda: nodekit.set_timeout(fail, 1), timeout=10)
    assert got == [("async", "unhandledRejection")]


def test_async_error_without_any_listener_stops_run():
    async def fail():
        raise Boom("async, unheard")

    with pytest.raises(Boom, match="unheard"):
        run(lambda: nodekit.set_timeout(fail, 1), timeout=10)


# -- kill and facts -------------------------------------------------------------------------


def test_kill_sends_a_signal_by_name(listen, must_call):
    def on_usr2(*args):
        process.off("SIGUSR2", on_usr2)
        keep.close()

    def main():
        global keep
        listen("SIGUSR2", must_call(on_usr2))
        keep = nodekit.set_interval(lambda: None, 1000)
        nodekit.set_timeout(process.kill, 1, process.pid, "SIGUSR2")

    run(main, timeout=10)


def test_kill_with_signal_0_tests_that_a_process_exists():
    assert process.kill(os.getpid(), 0) is True


def test_kill_of_a_missing_process_raises_esrch():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(TIMEOUT)
    with pytest.raises(OSError) as info:
        process.kill(child.pid, 0)
    assert info.value.code == "ESRCH"


def test_kill_with_an_unknown_signal_name_raises_a_type_error():
    with pytest.raises(TypeError) as info:
        process.kill(os.getpid(), "SIGNOPE")
    assert info.value.code == "ERR_UNKNOWN_SIGNAL"


def test_pid_ppid_and_platform_describe_this_process():
    assert (process.pid, process.ppid) == (os.getpid(), os.getppid())
    assert process.platform == ("linux" if sys.platform.startswith("linux") else sys.platform)


def test_hrtime_bigint_is_monotonic_nanoseconds():
    a = process.hrtime.bigint()
    b = process.hrtime.bigint()
    assert isinstance(a, int) and b >= a


def test_hrtime_with_a_previous_time_gives_seconds_and_nanoseconds_since():
    start = process.hrtime()
    seconds, nanos = process.hrtime(start)
    assert seconds >= 0 and 0 <= nanos < 1_000_000_000


def test_memory_usage_reports_the_resident_set_size():
    usage = process.memory_usage()
    assert set(usage) == {"rss"}
    assert usage["rss"] > 1024 * 1024


def test_uptime_counts_seconds_since_the_process_started():
    assert 0 < process.uptime() < time.time()  # a real age, not an epoch
    assert process.uptime() <= process.uptime()


def test_runtime_exit_outside_run_says_no_run_was_stopped():
    assert runtime.current().exit(3) is False


def test_process_next_tick_runs_before_an_immediate_as_nodes_does() -> None:
    order: list[str] = []

    def main() -> None:
        nodekit.set_immediate(order.append, "immediate")
        process.next_tick(order.append, "tick")
        order.append("sync")

    run(main, timeout=5)
    assert order == ["sync", "tick", "immediate"]
