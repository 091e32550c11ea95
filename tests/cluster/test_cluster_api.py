"""nodekit.cluster from the primary's side, with this test process as the primary
(API.md §10): fork, the events and their order, IPC both ways, kill,
disconnect, a worker's own exit, the listening address, settings.

Workers run tests/cluster's WORKER program (set with setup_primary(exec=…));
each test starts and ends them inside its run(), and ``no_strays`` fails it
if one outlives it.
"""

from __future__ import annotations

import pytest
from cluster_support import program
from conftest import run

from nodekit import cluster, net, process
from nodekit.errors import NodeError

WORKER = """
import os
import sys
from nodekit import cluster, http, process

def on_message(message):
    if message == "who":
        process.send({"argv": process.argv, "id": cluster.worker.id,
                      "is_worker": cluster.is_worker, "is_primary": cluster.is_primary,
                      "connected": process.connected, "extra": os.environ.get("EXTRA"),
                      "pid": process.pid, "unique_id_left": "NODE_UNIQUE_ID" in os.environ})
    elif message == "exit3":
        process.exit(3)
    elif message == "listen":
        server = http.create_server(lambda req, res: res.end("hi"))
        server.listen(0, "127.0.0.1", lambda: process.send({"port": server.address()["port"]}))
    elif message == "print":
        print("worker output", flush=True)
        print("worker error", file=sys.stderr, flush=True)
        process.send("printed")
    elif message == "print-40k":  # more than the stream buffers, less than it plus a pipe
        sys.stdout.write("x" * 40000)
        sys.stdout.flush()
        process.send("printed")
    elif message == "leave":
        cluster.worker.disconnect()
    elif message == "kill-self":
        cluster.worker.kill()
    else:
        process.send({"echo": message})

process.on("message", on_message)
cluster.worker.on("message", lambda m: m == "via-worker" and process.send("worker-emitted"))
"""


@pytest.fixture
def worker_program(tmp_path):
    path = program(tmp_path, WORKER, "worker.py")
    cluster.setup_primary(exec=str(path), args=["a", "b c"], silent=False)
    return path


def test_fork_events_come_in_order_and_fork_is_a_tick_later(worker_program):
    events = []

    def main():
        for name in ("fork", "online", "disconnect"):
            cluster.on(name, lambda w, name=name: events.append((name, w.id)))
        cluster.on("exit", lambda w, code, sig: events.append(("exit", w.id, code, sig)))
        w = cluster.fork()
        events.append(("returned", w.id))
        w.once("online", lambda: w.kill())

    try:
        run(main)
    finally:
        for name in ("fork", "online", "disconnect", "exit"):
            cluster.remove_all_listeners(name)
    wid = events[0][1]
    assert events == [("returned", wid), ("fork", wid), ("online", wid),
                      ("disconnect", wid), ("exit", wid, None, "SIGTERM")]
    assert wid not in cluster.workers


def test_a_worker_runs_the_program_with_its_arguments_and_its_env(worker_program):
    got = {}

    def main():
        w = cluster.fork({"EXTRA": 42})
        assert cluster.workers[w.id] is w
        assert cluster.is_primary and cluster.is_master and not cluster.is_worker

        def on_message(message):
            got.update(message, worker_pid=w.process.pid)
            w.kill()

        w.on("message", on_message)
        w.send("who")

    run(main)
    assert got["argv"][1:] == [str(worker_program), "a", "b c"]
    assert got["is_worker"] is True and got["is_primary"] is False
    assert got["connected"] is True
    assert got["extra"] == "42"  # env values are strings, as in Node
    assert got["pid"] == got["worker_pid"]
    assert got["unique_id_left"] is False  # not passed on to the worker's children
    assert got["id"] >= 1
    assert cluster.settings["exec"] == str(worker_program)
    assert cluster.settings["args"] == ["a", "b c"]
    assert cluster.settings["silent"] is False


def test_messages_arrive_in_order_with_a_callback_once_written(worker_program, must_call):
    sent, echoed, written = 200, [], []

    def main():
        w = cluster.fork()

        def on_message(message):
            echoed.append(message["echo"])
            if len(echoed) == sent:
                w.disconnect()

        w.on("message", on_message)
        for i in range(sent):
            assert w.send({"n": i, "text": "é" * (i % 7)}, lambda err: written.append(err)) is True
        w.on("exit", must_call(lambda code, sig: None))

    run(main)
    assert echoed == [{"n": i, "text": "é" * (i % 7)} for i in range(sent)]
    assert written == [None] * sent


def test_cluster_message_event_and_worker_emitted_message(worker_program):
    got = []

    def main():
        w = cluster.fork()

        def on_message(wk, message):
            got.append((wk is w, message))
            wk.kill()

        cluster.on("message", on_message)
        w.send("via-worker")

    try:
        run(main)
    finally:
        cluster.remove_all_listeners("message")
    # 'via-worker' is echoed by process's listener and answered by cluster.worker's:
    assert got[0] == (True, {"echo": "via-worker"}) or got[0] == (True, "worker-emitted")


@pytest.mark.parametrize("silent", [False, True])
def test_silent_pipes_a_workers_output_to_the_primary(worker_program, capfd, silent):
    cluster.setup_primary(silent=silent)  # the next test's worker_program resets it
    piped: dict[str, list[bytes]] = {}
    ended = []

    def main():
        w = cluster.fork()
        for name in ("stdout", "stderr"):
            stream = getattr(w.process, name)
            if stream is not None:
                piped[name] = []
                stream.on("data", piped[name].append)
                stream.on("end", lambda name=name: ended.append(name))
        w.on("message", lambda message: w.disconnect())
        w.send("print")

    run(main)
    captured = capfd.readouterr()
    assert ("worker output" in captured.out) is not silent
    assert ("worker error" in captured.err) is not silent
    if silent:  # the primary read every byte, up to the end, before its loop ended
        assert b"".join(piped["stdout"]) == b"worker output\n"
        assert b"".join(piped["stderr"]) == b"worker error\n"
        assert sorted(ended) == ["stderr", "stdout"]
    else:
        assert piped == {}  # None, as in Node: the worker shares the primary's stdio


def test_a_silent_workers_unread_output_does_not_keep_the_primary_alive(worker_program):
    cluster.setup_primary(silent=True)
    sizes, ended = [], []

    def main():
        w = cluster.fork()
        # Nobody reads stdout: the stream stops reading past its high-water mark,
        # so it never sees the end of the pipe, and does not wait for it.
        w.process.stdout.on("end", lambda: ended.append(True))
        w.on("exit", lambda code, signal: sizes.append(w.process.stdout.readable_length))
        w.on("message", lambda message: w.disconnect())
        w.send("print-40k")

    run(main)  # ends once the worker is gone, the rest unread (the watchdog fails a hang)
    assert 16384 <= sizes[0] <= 40000 and ended == []


def test_send_refuses_what_json_cannot_carry(worker_program):
    def main():
        w = cluster.fork()
        with pytest.raises(TypeError) as info:
            w.send({"a": {1, 2}})
        assert info.value.code == "ERR_INVALID_ARG_TYPE"
        w.kill()

    run(main)


def test_send_after_the_channel_closed_gives_err_ipc_channel_closed(worker_program):
    errors = []

    def main():
        w = cluster.fork()

        def on_exit(code, sig):
            assert w.send("late", lambda err: errors.append(err)) is False
            w.on("error", lambda err: errors.append(("event", err.code)))
            assert w.send("late too") is False

        w.on("exit", on_exit)
        w.once("online", lambda: w.kill())

    run(main)
    assert isinstance(errors[0], NodeError) and errors[0].code == "ERR_IPC_CHANNEL_CLOSED"
    assert errors[1] == ("event", "ERR_IPC_CHANNEL_CLOSED")


def test_kill_reports_the_signal_and_a_disconnect(worker_program):
    seen = {}

    def main():
        w = cluster.fork()

        def on_exit(code, sig):
            seen.update(code=code, sig=sig, dead=w.is_dead(), connected=w.is_connected(),
                        after=w.exited_after_disconnect, state=w.state)

        w.on("exit", on_exit)
        w.on("disconnect", lambda: seen.setdefault("disconnected_first", "code" not in seen))
        w.once("online", lambda: (seen.update(alive=not w.is_dead(),
                                              connected_before=w.is_connected()),
                                  w.kill("SIGKILL")))

    run(main)
    assert seen == {"alive": True, "connected_before": True, "disconnected_first": True,
                    "code": None, "sig": "SIGKILL", "dead": True, "connected": False,
                    "after": True, "state": "dead"}


def test_a_worker_that_exits_by_itself_is_not_exited_after_disconnect(worker_program):
    seen = []

    def main():
        w = cluster.fork()
        cluster.once("exit", lambda wk, code, sig: seen.append(
            (wk is w, code, sig, wk.exited_after_disconnect)))
        w.send("exit3")

    run(main)
    assert seen == [(True, 3, None, False)]


def test_listening_reports_the_address_and_the_port_is_the_primarys(worker_program):
    seen = {}

    def main():
        w = cluster.fork()
        w.on("listening", lambda address: seen.update(address=address))

        def on_message(message):
            # The primary accepts (SCHED_RR): ask from its own loop, through a raw socket.
            sock = net.connect(message["port"], "127.0.0.1")
            sock.end(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            chunks = []
            sock.on("data", chunks.append)
            sock.on("end", lambda: (seen.update(response=b"".join(chunks)), w.disconnect()))

        w.on("message", on_message)
        w.send("listen")

    run(main)
    assert seen["address"]["address"] == "127.0.0.1"
    assert seen["address"]["address_type"] == 4
    assert seen["response"].startswith(b"HTTP/1.1 200 OK\r\n")
    assert seen["response"].endswith(b"\r\n\r\nhi")


def test_a_worker_may_disconnect_itself(worker_program):
    seen = []

    def main():
        w = cluster.fork()
        w.on("disconnect", lambda: seen.append(("disconnect", w.exited_after_disconnect)))
        w.on("exit", lambda code, sig: seen.append(("exit", code, sig,
                                                     w.exited_after_disconnect)))
        w.send("leave")

    run(main)
    assert seen == [("disconnect", True), ("exit", 0, None, True)]


def test_a_worker_may_kill_itself(worker_program):
    seen = []

    def main():
        w = cluster.fork()
        w.on("exit", lambda code, sig: seen.append((code, sig, w.exited_after_disconnect)))
        w.send("kill-self")

    run(main)
    assert seen == [(0, None, True)]  # Node: exit code 0, after disconnecting


def test_cluster_disconnect_calls_back_once_every_worker_is_gone(worker_program, must_call):
    def main():
        ws = [cluster.fork(), cluster.fork()]

        def all_gone():
            assert all(w.is_dead() for w in ws)
            assert not cluster.workers

        ws[1].once("online", lambda: cluster.disconnect(must_call(all_gone)))

    run(main)


def test_cluster_disconnect_without_workers_calls_back_a_tick_later(must_call):
    def main():
        cluster.disconnect(must_call())

    run(main)


def test_fork_in_a_loop_that_stops_kills_the_workers(worker_program):
    def main():
        cluster.fork()
        raise RuntimeError("primary fails")

    with pytest.raises(RuntimeError):
        run(main)
    assert not any(w.process.exit_code is None and w.process.signal_code is None
                   for w in cluster.workers.values())
    cluster.workers.clear()


def test_a_port_is_shared_again_after_a_primary_stopped_on_an_error(worker_program):
    def listen_then_fail():
        w = cluster.fork()
        w.on("message", lambda message: (_ for _ in ()).throw(RuntimeError("primary fails")))
        w.send("listen")

    with pytest.raises(RuntimeError):
        run(listen_then_fail)
    cluster.workers.clear()
    answers = []

    def listen_again():
        w = cluster.fork()

        def on_message(message):
            sock = net.connect(message["port"], "127.0.0.1")
            sock.end(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            sock.on("data", answers.append)
            sock.on("end", lambda: w.disconnect())

        w.on("message", on_message)
        w.send("listen")

    run(listen_again)
    assert b"".join(answers).startswith(b"HTTP/1.1 200 OK\r\n")


def test_process_send_without_a_channel_fails_like_node(must_call):
    def main():
        assert process.connected is False

        def callback(err):
            assert err.code == "ERR_IPC_CHANNEL_CLOSED"

        assert process.send("x", must_call(callback)) is False

    run(main)
