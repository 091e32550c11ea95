"""nodekit.net: timeouts, ref/unref, back-pressure, pipe, the hooks the HTTP
layer attaches through, and the ``examples/echo.py`` script.

Timing is never asserted: timeout tests keep activity going for several
timeout periods and check that ``'timeout'`` did not fire meanwhile, then
stop and check that it does.
"""

from __future__ import annotations

import hashlib
import math
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import run

from nodekit import clear_interval, http, net, set_interval, set_timeout

REPO = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def listen_local(server, callback):
    return server.listen(0, "127.0.0.1", lambda: callback(server.address()["port"]))


def pump(sock, data, chunk_size=65536, stats=None):
    """Write ``data`` in chunks, honouring back-pressure, then ``end()``."""
    offset = 0
    stats = stats if stats is not None else {}
    stats.setdefault("false", 0)
    stats.setdefault("drain", 0)
    stats.setdefault("max_queued", 0)

    def step():
        nonlocal offset
        while offset < len(data):
            chunk = data[offset:offset + chunk_size]
            offset += len(chunk)
            ok = sock.write(chunk)
            stats["max_queued"] = max(stats["max_queued"],
                                      sock.writable_length + sock.write_buffer_size)
            if not ok:
                stats["false"] += 1
                sock.once("drain", on_drain)
                return
        sock.end()

    def on_drain():
        stats["drain"] += 1
        step()

    stats["offset"] = lambda: offset
    step()
    return stats


def pumping_server(must_call, data, stats, on_socket=lambda sock: None):
    """A net server that pumps ``data`` (see ``pump``) to its one connection."""
    @must_call
    def on_connection(sock):
        sock.resume()
        pump(sock, data, stats=stats)
        on_socket(sock)

    return net.create_server(on_connection)


# -- set_timeout ----------------------------------------------------------------


def test_set_timeout_fires_after_inactivity(must_call):
    @must_call
    def on_connection(sock):
        sock.resume()

        @must_call
        def on_timeout():
            assert not sock.destroyed  # 'timeout' only notifies; closing is up to us
            sock.destroy()

        assert sock.set_timeout(20, on_timeout) is sock
        assert sock.timeout == 20
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)
    run(lambda: listen_local(server, lambda port: net.connect(port, "127.0.0.1").resume()))


def test_timeout_event_on_client_socket(must_call):
    server = net.create_server(must_call(lambda s: s.resume()))

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.set_timeout(20)  # before connect
        c.resume()
        c.on("timeout", must_call(lambda: c.end()))
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))


def test_set_timeout_does_not_fire_while_data_arrives(must_call):
    writes = 100  # every ~5 ms: several timeout periods of activity
    received = []

    @must_call
    def on_connection(sock):
        sock.on("data", lambda d: received.append(bytes(d)))

        @must_call
        def on_timeout():
            # Only once the peer went quiet: everything it sent has arrived.
            assert len(b"".join(received)) == writes
            sock.destroy()

        # 80 periods of the writes' 5 ms: a loaded machine may stall the loop for
        # tens of ms, and a stall longer than the timeout fires it legitimately.
        sock.set_timeout(400, on_timeout)
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        sent = [0]

        def tick():
            c.write(b"x")
            sent[0] += 1
            if sent[0] == writes:
                clear_interval(timer)

        timer = set_interval(tick, 5)

    run(lambda: listen_local(server, on_listening), timeout=20)


def test_set_timeout_does_not_fire_while_writing(must_call):
    writes = 100
    sent = [0]

    @must_call
    def on_connection(sock):
        sock.resume()

        @must_call
        def on_timeout():
            assert sent[0] == writes
            sock.destroy()

        sock.set_timeout(80, on_timeout)

        def tick():
            sock.write(b"y")
            sent[0] += 1
            if sent[0] == writes:
                clear_interval(timer)

        timer = set_interval(tick, 5)
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()  # reads, never writes

    run(lambda: listen_local(server, on_listening), timeout=20)


def test_timeout_fires_again_after_new_activity(must_call):
    fired = []

    @must_call
    def on_connection(sock):
        sock.on("data", lambda d: None)

        def on_timeout():
            fired.append(1)
            if len(fired) == 1:
                sock.write(b"ping")  # the client answers: activity, then quiet again
            else:
                sock.destroy()

        sock.on("timeout", on_timeout)
        sock.set_timeout(20)
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.on("data", lambda d: c.write(b"pong"))

    run(lambda: listen_local(server, on_listening))
    assert len(fired) == 2


def test_set_timeout_zero_disables(must_call):
    @must_call
    def on_connection(sock):
        sock.resume()
        cb = must_call.never()
        sock.set_timeout(10, cb)
        sock.on("timeout", must_call.never())
        assert sock.set_timeout(0, cb) is sock  # also removes cb
        assert sock.timeout == 0
        set_timeout(lambda: sock.destroy(), 100)  # ten would-be timeout periods
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)
    run(lambda: listen_local(server, lambda port: net.connect(port, "127.0.0.1").resume()))


def test_set_timeout_rejects_negative():
    sock = net.Socket()
    with pytest.raises(ValueError) as info:
        sock.set_timeout(-1)
    assert info.value.code == "ERR_OUT_OF_RANGE"


@pytest.mark.parametrize(("bad", "cls", "code"), [
    (-1, ValueError, "ERR_OUT_OF_RANGE"), (-0.5, ValueError, "ERR_OUT_OF_RANGE"),
    (math.inf, ValueError, "ERR_OUT_OF_RANGE"), ("100", TypeError, "ERR_INVALID_ARG_TYPE"),
    (None, TypeError, "ERR_INVALID_ARG_TYPE"), (True, TypeError, "ERR_INVALID_ARG_TYPE"),
])
def test_rejected_set_timeout_shows_the_value_and_keeps_the_timer(must_call, bad, cls, code):
    # Node v20's setStreamTimeout stores this.timeout before it checks the
    # value: after the error socket.timeout is the rejected value, and the
    # timer armed before runs on ('timeout' still comes).
    @must_call
    def on_connection(sock):
        sock.resume()
        sock.set_timeout(20)
        with pytest.raises(cls) as info:
            sock.set_timeout(bad)
        assert info.value.code == code
        assert sock.timeout is bad
        sock.on("timeout", must_call(lambda: sock.destroy()))
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)
    run(lambda: listen_local(server, lambda port: net.connect(port, "127.0.0.1").resume()))


def test_set_timeout_with_a_bad_callback_arms_the_timer_then_raises(must_call):
    # Node arms the timer, then checks the callback: the error comes with the
    # new timeout in force; set_timeout(0, bad) clears it and then raises.
    @must_call
    def on_connection(sock):
        sock.resume()
        sock.set_timeout(60000)
        with pytest.raises(TypeError):
            sock.set_timeout(0, 42)
        assert sock.timeout == 0
        with pytest.raises(TypeError) as info:
            sock.set_timeout(20, "not a function")
        assert info.value.code == "ERR_INVALID_ARG_TYPE"
        assert sock.timeout == 20
        sock.on("timeout", must_call(lambda: sock.destroy()))
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)
    run(lambda: listen_local(server, lambda port: net.connect(port, "127.0.0.1").resume()))


# -- ref / unref ------------------------------------------------------------------


def test_unrefd_server_does_not_keep_run_alive(must_call):
    server = net.create_server()

    @must_call
    def on_listening():
        assert server.unref() is server

    run(lambda: server.listen(0, "127.0.0.1", on_listening))  # returns by itself
    assert server.listening is True
    run(lambda: server.close())


def test_server_ref_after_unref_keeps_run_alive(must_call):
    server = net.create_server()

    @must_call
    def on_listening():
        server.unref()
        assert server.ref() is server
        # An unref'd timer: only the server can keep run() going until it fires.
        set_timeout(server.close, 50).unref()

    run(lambda: server.listen(0, "127.0.0.1", on_listening))
    assert server.listening is False


def test_unref_before_listening_lets_run_return(must_call):
    server = net.create_server()

    def main():
        server.listen(0, "127.0.0.1").unref()

    run(main)
    run(lambda: server.close(must_call()))


def test_unrefd_client_socket_does_not_keep_run_alive(must_call):
    raw = socket.socket()  # a peer that is not a NodeKit handle
    raw.bind(("127.0.0.1", 0))
    raw.listen()
    port = raw.getsockname()[1]
    holder = {}

    @must_call
    def on_connect():
        assert holder["c"].unref() is holder["c"]

    try:
        run(lambda: holder.update(c=net.connect(port, "127.0.0.1", on_connect)))
        c = holder["c"]
        assert not c.destroyed and c.remote_port == port
        c.ref()
        run(lambda: (set_timeout(c.destroy, 30).unref(), None)[1])
        assert c.destroyed
    finally:
        raw.close()


def test_run_returns_when_last_server_closed_and_connections_ended(must_call):
    events = []

    @must_call
    def on_connection(sock):
        server.close(must_call(lambda err=None: events.append("server close")))
        sock.on("data", sock.write)
        sock.on("close", lambda _h: events.append("server socket close"))

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        got = []
        c.on("data", got.append)
        c.write(b"one")
        # The last activity, well after the server stopped listening.
        set_timeout(lambda: c.end(b"two"), 50)
        c.on("close", lambda _h: events.append(("client close", b"".join(got))))

    run(lambda: listen_local(server, on_listening))
    assert sorted(map(str, events)) == sorted(map(str, [
        "server close", "server socket close", ("client close", b"onetwo")]))


# -- back-pressure -------------------------------------------------------------------


def test_write_backpressure_drain_and_integrity_10mb(must_call):
    data = os.urandom(10 * MIB)
    stats = {}
    result = {}

    server = pumping_server(must_call, data, stats, lambda sock: sock.on(
        "close", lambda _h: result.update(written=sock.bytes_written)))

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        chunks = []
        seen = [0]

        def on_data(chunk):
            chunks.append(chunk)
            seen[0] += 1
            if seen[0] % 4 == 0:  # a slow reader: stop for a while now and then
                c.pause()
                set_timeout(c.resume, 1)

        c.on("data", on_data)

        @must_call
        def on_end():
            got = b"".join(chunks)
            assert len(got) == len(data)
            assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest()
            result["read"] = c.bytes_read
            server.close()

        c.on("end", on_end)

    run(lambda: listen_local(server, on_listening), timeout=60)
    assert stats["false"] > 0, "write() never reported back-pressure"
    assert stats["drain"] == stats["false"]
    # The writer never held much more than one chunk past the high-water mark.
    assert stats["max_queued"] <= 4 * 65536
    assert result == {"written": len(data), "read": len(data)}


def test_paused_socket_stops_emitting_and_buffers_boundedly(must_call):
    data = os.urandom(8 * MIB)
    stats = {}

    server = pumping_server(must_call, data, stats)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        chunks = []
        c.on("data", chunks.append)

        @must_call
        def on_connect():
            assert c.pause() is c
            assert c.is_paused()
            count_at_pause = len(chunks)

            @must_call
            def check():
                assert len(chunks) == count_at_pause, "data emitted while paused"
                assert c.readable_length <= 16384 + 65536
                # The writer is stalled by back-pressure, not done.
                assert stats["offset"]() < len(data)
                c.resume()

            set_timeout(check, 200)

        c.on("connect", on_connect)

        @must_call
        def on_end():
            assert b"".join(chunks) == data
            server.close()

        c.on("end", on_end)

    run(lambda: listen_local(server, on_listening), timeout=60)


def test_unconsumed_socket_stops_reading_at_high_water_mark(must_call):
    data = os.urandom(32 * MIB)  # more than the kernel's socket buffers hold
    stats = {}

    server = pumping_server(must_call, data, stats)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")  # nobody reads: no 'data', no read()

        @must_call
        def check():
            assert 0 < c.readable_length <= 16384 + 65536
            assert stats["offset"]() < len(data)
            chunks = []
            c.on("data", chunks.append)

            @must_call
            def on_end():
                assert b"".join(chunks) == data
                server.close()

            c.on("end", on_end)

        set_timeout(check, 200)

    run(lambda: listen_local(server, on_listening), timeout=60)


# -- pipe -------------------------------------------------------------------------------


def test_socket_pipe_to_itself_echoes_1mb(must_call):
    data = os.urandom(MIB)

    @must_call
    def on_connection(sock):
        assert sock.pipe(sock) is sock

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        chunks = []
        c.on("data", chunks.append)
        pump(c, data, chunk_size=16384)

        @must_call
        def on_end():
            assert hashlib.sha256(b"".join(chunks)).digest() == hashlib.sha256(data).digest()
            server.close()

        c.on("end", on_end)

    run(lambda: listen_local(server, on_listening), timeout=30)


def test_pipe_between_two_connections(must_call):
    """A tiny proxy: client -> front -> back connection -> back server, and back."""
    data = os.urandom(256 * 1024)

    # Half-open everywhere: with Node's default, the front socket would end its
    # writable side as soon as the client's FIN arrives (Node truncates too).
    @must_call
    def on_back(sock):
        sock.pipe(sock)

    back = net.create_server(on_back, allow_half_open=True)

    @must_call
    def on_front(sock):
        upstream = net.connect(back.address()["port"], "127.0.0.1", allow_half_open=True)
        sock.pipe(upstream).pipe(sock)

    front = net.create_server(on_front, allow_half_open=True)

    def start_client(port):
        c = net.connect(port, "127.0.0.1")
        chunks = []
        c.on("data", chunks.append)
        c.end(data)

        @must_call
        def on_end():
            assert b"".join(chunks) == data
            front.close()
            back.close()

        c.on("end", on_end)

    run(lambda: listen_local(back, lambda _p: listen_local(front, start_client)), timeout=30)


# -- hooks the HTTP layer uses ---------------------------------------------------------------


def test_detach_consumer_leaves_a_successor_attached():
    # One writer: a consumer that was replaced must not detach the new one.
    sock = net.Socket()
    first = SimpleNamespace(on_data=lambda _v: None, on_eof=lambda: None, on_drain=lambda: None)
    second = SimpleNamespace(on_data=lambda _v: None, on_eof=lambda: None, on_drain=lambda: None)
    sock.attach_consumer(first)
    sock.attach_consumer(second)
    sock.detach_consumer(first)
    assert sock.consumer is second
    sock.detach_consumer(second)
    assert sock.consumer is None


def test_data_consumer_receives_bytes_and_no_data_events(must_call):
    payload = b"GET / HTTP/1.1\r\n" * 5000  # several reads
    received = []

    @must_call
    def on_connection(sock):
        sock.on("end", must_call.never())  # the EOF goes to the consumer's on_eof

        def consumer(view):
            assert isinstance(view, (memoryview, bytes))
            received.append(bytes(view))  # the buffer is reused: copy

        @must_call
        def on_eof():
            assert b"".join(received) == payload
            assert sock.bytes_read == len(payload)
            assert sock.listener_count("data") == 0  # nobody listened: no 'data' at all
            sock.destroy_soon()  # the readable side never ends: the owner closes

        sock.attach_consumer(SimpleNamespace(on_data=consumer, on_eof=on_eof,
                                             on_drain=must_call.never()))
        assert sock.consumer is not None
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        c.end(payload)

    run(lambda: listen_local(server, on_listening))


@pytest.mark.parametrize("method", ["on", "add_listener", "prepend_listener", "once"])
def test_the_sockets_own_data_listeners_hear_the_bytes_after_the_consumer(must_call, method):
    """Node's socket emits each read to every 'data' listener, its parser's first: a
    listener added while a consumer is attached gets the same bytes, after it."""
    order = []
    heard = []

    @must_call
    def on_connection(sock):
        def consumer(view):
            order.append("consumer")
            if len(order) == 1:
                getattr(sock, method)("data", listener)
                holder["client"].write(b"second")

        def listener(data):
            assert type(data) is bytes  # a copy: the receive buffer is reused
            order.append("listener")
            heard.append(data)

        @must_call
        def on_eof():
            sock.destroy_soon()

        sock.attach_consumer(SimpleNamespace(on_data=consumer, on_eof=on_eof,
                                             on_drain=lambda: None))
        sock.on("close", lambda _h: server.close())

    holder = {}
    server = net.create_server(on_connection)

    def on_listening(port):
        c = holder["client"] = net.connect(port, "127.0.0.1")
        c.resume()
        c.write(b"first")
        c.on("data", lambda _d: None)
        set_timeout(lambda: c.end(b"third"), 100)

    run(lambda: listen_local(server, on_listening))
    if method == "once":
        assert order[:3] == ["consumer", "consumer", "listener"] and heard == [b"second"]
    else:  # (the first read went only to the consumer: the listener came during it)
        assert order == ["consumer", "consumer", "listener", "consumer", "listener"]
        assert heard == [b"second", b"third"]


def test_a_consumer_attached_to_a_listened_socket_shares_its_bytes(must_call):
    heard = []
    consumed = []

    @must_call
    def on_connection(sock):
        sock.on("data", heard.append)
        sock.attach_consumer(SimpleNamespace(
            on_data=lambda view: consumed.append(bytes(view)),
            on_eof=must_call(lambda: sock.destroy_soon()), on_drain=lambda: None))
        sock.on("close", lambda _h: server.close())

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        c.end(b"hello")

    run(lambda: listen_local(server, on_listening))
    assert b"".join(consumed) == b"".join(heard) == b"hello"


def test_pause_reading_hook_stops_consumer_until_resumed(must_call):
    received = []
    holder = {}

    @must_call
    def on_connection(sock):
        def consumer(view):
            received.append(bytes(view))
            if len(received) == 1:
                sock._pause_reading()
                holder["client"].write(b"second")  # arrives while paused
                set_timeout(check, 100)

        def check():
            assert received == [b"first"]
            sock._resume_reading()

        def on_eof():
            assert b"".join(received) == b"firstsecond"
            sock.destroy_soon()
            server.close()

        sock.attach_consumer(SimpleNamespace(on_data=consumer, on_eof=must_call(on_eof),
                                             on_drain=lambda: None))

    server = net.create_server(on_connection)

    def on_listening(port):
        c = holder["client"] = net.connect(port, "127.0.0.1")
        c.resume()
        c.write(b"first")
        c.on("data", lambda d: None)
        set_timeout(lambda: c.end(), 150)

    run(lambda: listen_local(server, on_listening))


def test_pause_on_connect_reads_nothing_until_resume_then_all_in_order(must_call):
    # Node's pauseOnConnect: the accepted handle does not read at all until
    # resume() (bytes_read stays 0, no 'data'); on uvloop, which reads once
    # connection_made returns, net holds that first read unread. After
    # resume() the held bytes come first, then what the peer sent later, then
    # its FIN, once each.
    received = []

    @must_call
    def on_connection(sock):
        sock.on("data", received.append)  # does not resume it: readable_flowing is False

        def check():
            assert received == [] and sock.bytes_read == 0
            sock.resume()
            assert received == []  # not inside resume(): on a later loop turn

        sock.on("end", must_call(lambda: (sock.end(), server.close())))
        sock.on("close", must_call(lambda _had_error: None))
        set_timeout(check, 150)

    server = net.create_server({"pause_on_connect": True}, on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        c.write(b"first")
        set_timeout(lambda: c.end(b"second"), 50)

    run(lambda: listen_local(server, on_listening))
    assert b"".join(received) == b"firstsecond"


def test_pause_on_connect_socket_handed_to_http_is_read_after_resume(must_call):
    # net.create_server({pause_on_connect}) handing its sockets to an http
    # server: Node's http parser reads the socket only once the application
    # resume()s it (resume() starts the handle's reads for the parser too).
    seen = {}

    def on_connection(sock):
        web.emit("connection", sock)

        def later():
            seen["before"] = (sock.bytes_read, list(requests))
            sock.resume()

        set_timeout(later, 100)

    requests = []
    web = http.create_server(must_call(lambda req, res: (requests.append(req.url),
                                                         res.end("ok"))))
    server = net.create_server({"pause_on_connect": True}, on_connection)

    def on_listening(port):
        def on_response(res):
            res.on("data", lambda d: seen.setdefault("body", bytes(d)))
            res.on("end", must_call(server.close))

        http.get({"port": port, "host": "127.0.0.1", "path": "/x", "agent": False},
                 must_call(on_response))

    run(lambda: listen_local(server, on_listening))
    assert seen == {"before": (0, []), "body": b"ok"}


def test_socket_paused_before_connect_reads_nothing_until_resume(must_call):
    # A client socket paused before it connects: Node's afterConnect does not
    # start reading, so what the server sent at once is not read (bytes_read
    # 0) until resume().
    received = []

    def on_connection(sock):
        sock.end(b"hello")

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.pause()
        c.on("data", received.append)

        def check():
            assert received == [] and c.bytes_read == 0
            c.resume()

        c.on("connect", must_call(lambda: set_timeout(check, 150)))

        @must_call
        def on_end():
            assert c.bytes_read == 5
            c.end()
            server.close()

        c.on("end", on_end)

    run(lambda: listen_local(server, on_listening))
    assert b"".join(received) == b"hello"


def test_write_raw_reports_backpressure_and_calls_drain_hook(must_call):
    data = os.urandom(32 * MIB)  # more than the kernel's socket buffers hold
    stats = {"false": 0, "hook": 0}

    @must_call
    def on_connection(sock):
        sock.resume()
        offset = 0

        def send():
            nonlocal offset
            while offset < len(data):
                chunk = data[offset:offset + 65536]
                offset += len(chunk)
                if not sock._write_raw(chunk):
                    stats["false"] += 1
                    return
            sock.detach_consumer()
            sock.end()
            stats["written"] = sock.bytes_written

        def drain_hook():
            stats["hook"] += 1
            send()

        sock.attach_consumer(SimpleNamespace(on_data=lambda _v: None, on_eof=lambda: None,
                                             on_drain=drain_hook))
        send()

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        chunks = []

        def on_data(chunk):
            chunks.append(chunk)
            if len(chunks) % 8 == 0:
                c.pause()  # reading goes on to the high-water mark, then stops
                set_timeout(c.resume, 5)

        c.on("data", on_data)

        @must_call
        def on_end():
            assert b"".join(chunks) == data
            server.close()

        c.on("end", on_end)

    run(lambda: listen_local(server, on_listening), timeout=30)
    assert stats["false"] > 0 and stats["hook"] == stats["false"]
    assert stats["written"] == len(data)


def test_write_raw_before_connect_goes_through_the_writable_queue(must_call):
    @must_call
    def on_connection(sock):
        got = []
        sock.on("data", got.append)

        @must_call
        def on_end():
            assert b"".join(got) == b"early raw"
            server.close()

        sock.on("end", on_end)

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c._write_raw(b"early ")
        c._write_raw(b"raw")
        c.end()
        c.resume()

    run(lambda: listen_local(server, on_listening))


# -- the example script ------------------------------------------------------------------------


def _recv_exactly(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return buf


def test_echo_example_script():
    port = None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "nodekit", "examples/echo.py", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline()
        assert line.strip() == f"echo server listening on 127.0.0.1:{port}", (
            line, proc.stderr.read() if proc.poll() is not None else "")
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            greeting = b"echo server ready\r\n"
            assert _recv_exactly(s, len(greeting)) == greeting
            message = b"hello, echo\n" * 1000
            s.sendall(message)
            assert _recv_exactly(s, len(message)) == message
            s.shutdown(socket.SHUT_WR)
            assert s.recv(1) == b""  # the pipe ends the server side too
        assert proc.poll() is None  # the server keeps listening
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        proc.stdout.close()
        proc.stderr.close()


def test_writable_length_counts_the_bytes_the_kernel_has_not_taken(must_call):
    # Node's writableLength counts what libuv has not written yet: a peer that
    # reads nothing leaves most of a large write there (and bytes_written
    # counts them once).
    data = bytes(16 * MIB)
    accepted = []
    seen = {}

    def on_connection(sock):
        accepted.append(sock)
        sock.pause()

    server = net.create_server({"pause_on_connect": True}, on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")

        @must_call
        def on_connect():
            c.write(data)
            seen["pending"] = c.writable_length
            seen["written"] = c.bytes_written
            c.destroy()
            for sock in accepted:
                sock.destroy()
            server.close()

        c.on("connect", on_connect)

    run(lambda: listen_local(server, on_listening))
    assert 0 < seen["pending"] <= len(data)
    assert seen["written"] == len(data)
