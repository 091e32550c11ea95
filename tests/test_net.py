"""nodekit.net: listening, connecting, data, half-close, errors, closing.

Real sockets on 127.0.0.1 (port 0) and unix sockets in a short temp dir.
Every test runs under ``conftest.run``'s watchdog and must leave nothing
ref'd: servers are closed and sockets end, so ``run()`` returns by itself.
Expected event orders and error codes were checked against Node v20.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import struct
import tempfile

import pytest
from conftest import run, when

from nodekit import net, set_immediate, set_timeout
from nodekit.errors import NodeError


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listen_local(server, callback):
    """``server.listen(0, '127.0.0.1')``, then ``callback(port)``."""
    return server.listen(0, "127.0.0.1", lambda: callback(server.address()["port"]))


@pytest.fixture
def sock_path():
    """A unix socket path short enough for sun_path (pytest's tmp_path may not be)."""
    d = tempfile.mkdtemp(prefix="nk", dir="/tmp")
    yield os.path.join(d, "s.sock")
    shutil.rmtree(d, ignore_errors=True)


def reply_and_end(data=b""):
    """A 'connection' listener: consume what comes, send ``data`` and end."""

    def on_connection(sock):
        sock.resume()
        sock.end(data)

    return on_connection


def collect(sock):
    """Make ``sock`` flow; the bytes it receives accumulate in the returned list."""
    chunks: list[bytes] = []
    sock.on("data", lambda d: chunks.append(bytes(d)))
    return chunks


def expect_at_end(must_call, sock, expected: bytes, then) -> None:
    """Collect what ``sock`` receives: at its 'end' (once) it must be
    exactly ``expected``; then ``then()``."""
    chunks = collect(sock)

    @must_call
    def on_end():
        assert b"".join(chunks) == expected
        then()

    sock.on("end", on_end)


def receiving_server(must_call, expected: bytes):
    """A net server whose one connection must deliver exactly ``expected``
    by its 'end'; the server closes then."""
    server = net.create_server(must_call(
        lambda sock: expect_at_end(must_call, sock, expected, lambda: server.close())))
    return server


# -- module helpers ----------------------------------------------------------


def test_is_ip_family_detection():
    assert net.is_ip("127.0.0.1") == 4
    assert net.is_ip("::1") == 6
    assert net.is_ip("fe80::1%lo") == 6
    assert net.is_ip("localhost") == 0
    assert net.is_ip("1.2.3") == 0
    assert net.is_ipv4("10.0.0.1") and not net.is_ipv4("::1")
    assert net.is_ipv6("::ffff:127.0.0.1") and not net.is_ipv6("127.0.0.1")


# -- listen ------------------------------------------------------------------


def test_listen_port_host_callback_reports_address_dict(must_call):
    server = net.create_server()

    @must_call
    def on_listening():
        addr = server.address()
        assert addr == {"address": "127.0.0.1", "family": "IPv4", "port": addr["port"]}
        assert isinstance(addr["port"], int) and 0 < addr["port"] < 65536
        assert server.listening is True
        server.close()

    def main():
        assert server.listen(0, "127.0.0.1", on_listening) is server
        assert server.listening is False  # not until 'listening'

    run(main)
    assert server.listening is False
    assert server.address() is None


def test_listen_keyword_arguments(must_call):
    server = net.create_server()

    @must_call
    def on_listening():
        assert server.address()["address"] == "127.0.0.1"
        server.close()

    run(lambda: server.listen(port=0, host="127.0.0.1", callback=on_listening))


def test_listen_options_dict(must_call):
    server = net.create_server()

    @must_call
    def on_listening():
        assert server.address()["address"] == "127.0.0.1"
        assert server.address()["port"] > 0
        server.close()

    run(lambda: server.listen({"port": 0, "host": "127.0.0.1"}, on_listening))


def test_listen_with_backlog_positional_and_in_options(must_call):
    first = net.create_server(must_call(reply_and_end()))
    second = net.create_server(must_call(reply_and_end()))
    ready = []

    def connect_both():
        ready.append(1)
        if len(ready) < 2:
            return
        for srv in (first, second):
            c = net.connect(srv.address()["port"], "127.0.0.1")
            c.resume()
            c.on("close", lambda _h, srv=srv: srv.close())

    def main():
        first.listen(0, "127.0.0.1", 5, must_call(connect_both))
        second.listen({"port": 0, "host": "127.0.0.1", "backlog": 1}, must_call(connect_both))

    run(main)


def test_listening_event_and_listening_property(must_call):
    server = net.create_server()
    seen = []

    @must_call
    def on_listening():
        seen.append(server.listening)
        server.close(must_call(lambda err=None: seen.append(("closed", err))))

    server.on("listening", on_listening)
    run(lambda: server.listen(0, "127.0.0.1"))
    assert seen == [True, ("closed", None)]


def test_listen_on_unix_path_and_connect_by_path(sock_path, must_call):
    server = net.create_server(must_call(reply_and_end(b"over unix")))

    @must_call
    def on_listening():
        assert server.address() == sock_path
        assert stat.S_ISSOCK(os.stat(sock_path).st_mode)
        client = net.connect(sock_path)
        chunks = collect(client)

        @must_call
        def on_close(had_error):
            assert had_error is False
            assert b"".join(chunks) == b"over unix"
            server.close()

        client.on("close", on_close)

    run(lambda: server.listen(sock_path, on_listening))
    assert not os.path.exists(sock_path), "close() unlinks the socket file"


def test_connect_with_path_option_dict_and_keyword(sock_path, must_call):
    server = net.create_server(must_call(reply_and_end(b"x"), times=2))

    def on_listening():
        clients = [net.connect({"path": sock_path}), net.create_connection(path=sock_path)]
        for c in clients:
            c.on("connect", must_call())
            c.resume()
            c.on("close", lambda _h: all(x.destroyed for x in clients) and server.close())

    run(lambda: server.listen({"path": sock_path}, must_call(on_listening)))


def test_listen_on_already_listening_fd(must_call):
    raw = socket.socket()
    raw.bind(("127.0.0.1", 0))
    raw.listen()
    port = raw.getsockname()[1]
    server = net.create_server(must_call(reply_and_end(b"via fd")))

    @must_call
    def on_listening():
        assert server.address() == {"address": "127.0.0.1", "family": "IPv4", "port": port}
        client = net.connect(port, "127.0.0.1")
        expect_at_end(must_call, client, b"via fd", lambda: server.close())

    try:
        run(lambda: server.listen({"fd": raw.fileno()}, on_listening))
        # The server used a duplicate: the caller's socket is still usable.
        assert raw.fileno() >= 0 and raw.getsockname()[1] == port
    finally:
        raw.close()


def test_listen_on_a_python_socket_object(must_call):
    raw = socket.socket()
    raw.bind(("127.0.0.1", 0))
    raw.listen()
    port = raw.getsockname()[1]
    server = net.create_server(must_call(lambda s: s.destroy()))

    def on_listening():
        assert server.address()["port"] == port
        c = net.connect(port, "127.0.0.1")
        c.resume()
        c.on("close", lambda _h: server.close())

    try:
        run(lambda: server.listen(raw, must_call(on_listening)))
    finally:
        raw.close()


def test_listen_on_another_servers_handle(must_call):
    first = net.create_server(must_call.never())
    second = net.create_server(must_call(reply_and_end(b"second")))

    def on_first(port):
        second.listen(first, must_call(lambda: on_second(port)))

    def on_second(port):
        assert second.address()["port"] == port
        # Once the first server lets go, the shared listening socket is second's alone.
        first.close(must_call(lambda err=None: connect(port)))

    def connect(port):
        c = net.connect(port, "127.0.0.1")
        expect_at_end(must_call, c, b"second", lambda: second.close())

    run(lambda: listen_local(first, on_first))


def test_listen_on_port_in_use_emits_eaddrinuse(must_call):
    first = net.create_server()
    second = net.create_server()

    def on_first(port):
        @must_call
        def on_error(err):
            assert isinstance(err, OSError)
            assert err.code == "EADDRINUSE"
            assert err.syscall == "listen"
            assert err.port == port
            assert second.listening is False
            first.close()

        second.on("error", on_error)
        second.listen(port, "127.0.0.1", must_call.never())

    run(lambda: listen_local(first, on_first))


def test_eaddrinuse_without_error_listener_is_raised_from_run():
    first = net.create_server()
    second = net.create_server()

    with pytest.raises(OSError) as info:
        run(lambda: listen_local(first, lambda port: second.listen(port, "127.0.0.1")))
    assert info.value.code == "EADDRINUSE"
    assert first.listening is False  # run() closed what was open


@pytest.mark.parametrize("args", [
    (65536,), (-1,), ({"port": 70000},), ({"port": -5, "host": "127.0.0.1"},),
    ({"port": "http"},),
])
def test_listen_bad_port_raises_at_call(args):
    server = net.create_server()
    with pytest.raises(ValueError) as info:
        server.listen(*args)
    assert info.value.code == "ERR_SOCKET_BAD_PORT"
    assert server.listening is False
    run()  # nothing was started


@pytest.mark.parametrize("args", [(True,), ({"port": False},), ({"path": -1},)])
def test_listen_port_of_another_type_is_an_invalid_argument(args):
    # Node v20: a port that is neither a number nor a string, and no path,
    # is ERR_INVALID_ARG_VALUE ("The argument 'options' is invalid").
    server = net.create_server()
    with pytest.raises(TypeError) as info:
        server.listen(*args)
    assert info.value.code == "ERR_INVALID_ARG_VALUE"
    assert "The argument 'options' is invalid" in str(info.value)
    run()


@pytest.mark.parametrize("options", [{}, {"host": "127.0.0.1"}, {"fd": -1}])
def test_listen_options_without_port_or_path(options):
    server = net.create_server()
    with pytest.raises(TypeError) as info:
        server.listen(options)
    assert info.value.code == "ERR_INVALID_ARG_VALUE"
    assert 'must have the property "port" or "path"' in str(info.value)
    run()


def test_listen_port_beside_path_is_validated_first(tmp_path):
    server = net.create_server()
    with pytest.raises(ValueError) as info:
        server.listen({"port": -1, "path": str(tmp_path / "s")})
    assert info.value.code == "ERR_SOCKET_BAD_PORT"
    run()


@pytest.mark.parametrize("args", [(65536,), (-1, "127.0.0.1"), ({"port": 1 << 20},)])
def test_connect_bad_port_raises_at_call(args):
    with pytest.raises(ValueError) as info:
        net.connect(*args)
    assert info.value.code == "ERR_SOCKET_BAD_PORT"
    run()


def test_listen_twice_raises_already_listen(must_call):
    server = net.create_server()

    def check():
        with pytest.raises(NodeError) as info:
            server.listen(0, "127.0.0.1")
        assert info.value.code == "ERR_SERVER_ALREADY_LISTEN"

    @must_call
    def on_listening():
        check()  # listening
        server.close()

    def main():
        server.listen(0, "127.0.0.1", on_listening)
        check()  # listen() pending

    run(main)


def test_listen_again_after_close(must_call):
    server = net.create_server()

    def second_listen(err=None):
        assert err is None
        server.listen(0, "127.0.0.1", must_call(lambda: server.close()))

    run(lambda: server.listen(0, "127.0.0.1", must_call(lambda: server.close(second_listen))))


# -- connect -----------------------------------------------------------------


def test_connect_by_port_and_host_connect_then_data_then_end_then_close(must_call):
    events = []
    server = net.create_server(must_call(reply_and_end(b"hello")))

    def on_listening(port):
        client = net.connect(port, "127.0.0.1", must_call(lambda: events.append("connect")))
        assert client.connecting is True
        assert client.pending is True
        client.on("ready", lambda: events.append("ready"))
        client.on("data", lambda d: events.append(bytes(d)))
        client.on("end", lambda: events.append("end"))

        @must_call
        def on_close(had_error):
            events.append(("close", had_error))
            server.close()

        client.on("close", on_close)

    run(lambda: listen_local(server, on_listening))
    assert events == ["connect", "ready", b"hello", "end", ("close", False)]


def test_socket_connect_method_and_create_connection_alias(must_call):
    server = net.create_server(must_call(reply_and_end(), times=2))

    def on_listening(port):
        a = net.Socket()
        assert a.connect({"port": port, "host": "127.0.0.1"}, must_call()) is a
        b = net.create_connection(port=port, host="127.0.0.1")
        b.on("connect", must_call())
        for c in (a, b):
            c.resume()
            c.on("close", lambda _h: a.destroyed and b.destroyed and server.close())

    run(lambda: listen_local(server, on_listening))


def test_connect_twice_raises(must_call):
    server = net.create_server(must_call(reply_and_end()))

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        with pytest.raises(NodeError) as info:
            c.connect(port, "127.0.0.1")
        assert info.value.code == "ERR_SOCKET_CONNECTION_ALREADY_OPEN"
        c.resume()
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))


def test_connect_with_local_address(must_call):
    # All of 127/8 is loopback on Linux: 127.0.0.2 proves the bind was used.
    seen = {}

    @must_call
    def on_connection(sock):
        seen["server_saw"] = sock.remote_address
        sock.resume().end()

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect({"port": port, "host": "127.0.0.1", "local_address": "127.0.0.2"})

        @must_call
        def on_connect():
            seen["local"] = c.local_address

        c.on("connect", on_connect)
        c.resume()
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))
    assert seen == {"server_saw": "127.0.0.2", "local": "127.0.0.2"}


def test_connection_refused_emits_error_then_close_with_had_error(must_call):
    port = free_port()
    events = []

    def main():
        c = net.connect(port, "127.0.0.1", must_call.never())

        @must_call
        def on_error(err):
            assert isinstance(err, OSError)
            assert err.code == "ECONNREFUSED"
            assert err.syscall == "connect"
            assert err.address == "127.0.0.1" and err.port == port
            events.append("error")

        c.on("error", on_error)
        c.on("close", must_call(lambda had_error: events.append(("close", had_error))))

    run(main)
    assert events == ["error", ("close", True)]


def test_dns_failure_emits_enotfound(must_call):
    def main():
        c = net.connect(80, "nonexistent.invalid")

        @must_call
        def on_error(err):
            assert err.code == "ENOTFOUND"
            assert err.syscall == "getaddrinfo"
            assert err.hostname == "nonexistent.invalid"

        c.on("error", on_error)
        c.on("close", must_call(lambda had_error: None))

    run(main, timeout=20)


def test_connect_error_without_listener_is_raised_from_run():
    port = free_port()
    with pytest.raises(OSError) as info:
        run(lambda: net.connect(port, "127.0.0.1"))
    assert info.value.code == "ECONNREFUSED"


def test_writes_and_end_before_connect_are_sent_once_connected(must_call):
    server = receiving_server(must_call, b"queued before connect")

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        assert c.write(b"queued ") is True
        c.write("before ")
        c.end(b"connect")
        c.resume()
        c.on("finish", must_call())

    run(lambda: listen_local(server, on_listening))


@pytest.mark.parametrize("when", ["same tick", "next loop turn"])
def test_destroy_while_connecting_emits_one_close_and_no_connect(when, must_call):
    # The server may or may not see the aborted connection: it just drains it.
    server = net.create_server(lambda s: s.resume())

    def on_listening(port):
        c = net.connect(port, "127.0.0.1", must_call.never())
        if when == "same tick":
            c.destroy()
        else:  # the connect attempt is under way
            set_immediate(lambda: (c.destroy(), None)[1])

        @must_call
        def on_close(had_error):
            assert had_error is False
            assert c.destroyed
            # Once only, even when the attempt completes after destroy().
            set_timeout(server.close, 50)

        c.on("close", on_close)

    run(lambda: listen_local(server, on_listening))


# -- data, counters, addresses ------------------------------------------------


def test_data_both_ways_with_byte_counters(must_call):
    result = {}

    @must_call
    def on_connection(sock):
        chunks = collect(sock)

        def on_end():
            assert b"".join(chunks) == b"ping" * 1000
            sock.end("pong \u00e9")  # 7 bytes in UTF-8

        sock.on("end", must_call(on_end))
        sock.on("close", must_call(lambda _h: result.update(
            server=(sock.bytes_read, sock.bytes_written))))

    server = net.create_server({"allow_half_open": True}, on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        chunks = collect(c)
        for _ in range(1000):
            c.write(b"ping")
        c.end()

        @must_call
        def on_close(had_error):
            assert b"".join(chunks) == "pong \u00e9".encode()
            result["client"] = (c.bytes_read, c.bytes_written)
            server.close()

        c.on("close", on_close)

    run(lambda: listen_local(server, on_listening))
    assert result == {"server": (4000, 7), "client": (7, 4000)}


def test_bytes_written_counts_queued_bytes_before_connect(must_call):
    server = net.create_server(must_call(lambda s: s.resume()))

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.write(b"abc")
        c.write("d\u00e9")
        assert c.bytes_written == 6
        c.on("connect", must_call(lambda: c.destroy()))
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))


def test_address_properties_on_both_ends(must_call):
    seen = {}

    @must_call
    def on_connection(sock):
        seen["server"] = dict(
            remote=(sock.remote_address, sock.remote_port, sock.remote_family),
            local=(sock.local_address, sock.local_port), address=sock.address())
        sock.resume().end()

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        assert c.remote_address is None and c.remote_port is None

        @must_call
        def on_connect():
            seen["client"] = dict(
                remote=(c.remote_address, c.remote_port, c.remote_family),
                local=(c.local_address, c.local_port), address=c.address())

        c.on("connect", on_connect)
        c.resume()
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))
    port = seen["client"]["remote"][1]
    client_port = seen["client"]["local"][1]
    assert seen["client"] == {
        "remote": ("127.0.0.1", port, "IPv4"),
        "local": ("127.0.0.1", client_port),
        "address": {"address": "127.0.0.1", "family": "IPv4", "port": client_port},
    }
    assert seen["server"] == {
        "remote": ("127.0.0.1", client_port, "IPv4"),
        "local": ("127.0.0.1", port),
        "address": {"address": "127.0.0.1", "family": "IPv4", "port": port},
    }


def test_accepted_socket_knows_its_server(must_call):
    @must_call
    def on_connection(sock):
        assert sock.server is server
        assert isinstance(sock, net.Socket)
        assert sock.connecting is False and sock.ready_state == "open"
        sock.resume().end()

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))


# -- half-close, end/close order, resets ----------------------------------------


def test_peer_end_ends_our_side_when_half_open_not_allowed(must_call):
    server_events = []
    client_events = []

    @must_call
    def on_connection(sock):
        sock.resume()
        sock.on("end", lambda: server_events.append("end"))
        sock.on("finish", lambda: server_events.append("finish"))
        sock.on("close", must_call(lambda h: server_events.append(("close", h))))

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect({"port": port, "host": "127.0.0.1", "allow_half_open": True},
                        must_call(lambda: c.end()))
        c.resume()
        c.on("end", lambda: client_events.append("end"))

        @must_call
        def on_close(had_error):
            client_events.append(("close", had_error))
            server.close()

        c.on("close", on_close)

    run(lambda: listen_local(server, on_listening))
    assert server_events == ["end", "finish", ("close", False)]
    assert client_events == ["end", ("close", False)]


def test_allow_half_open_server_can_write_after_end(must_call):
    @must_call
    def on_connection(sock):
        request = collect(sock)

        @must_call
        def on_end():
            assert b"".join(request) == b"question"
            assert sock.writable is True
            sock.write(b"answer ")
            # Still writable on a later turn: nothing ended our side for us.
            set_timeout(lambda: sock.end(b"later"), 20)

        sock.on("end", on_end)

    server = net.create_server(on_connection, allow_half_open=True)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.end(b"question")
        expect_at_end(must_call, c, b"answer later", lambda: server.close())

    run(lambda: listen_local(server, on_listening))


def test_client_allow_half_open_keeps_writing_after_server_ends(must_call):
    @must_call
    def on_connection(sock):
        got = collect(sock)
        sock.end(b"bye")  # server half-closes first

        @must_call
        def on_end():
            assert b"".join(got) == b"still talking"
            server.close()

        sock.on("end", on_end)

    server = net.create_server(on_connection, allow_half_open=True)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1", allow_half_open=True)
        collect(c)

        @must_call
        def on_end():
            assert c.writable
            c.end(b"still talking")

        c.on("end", on_end)

    run(lambda: listen_local(server, on_listening))


def test_peer_reset_emits_econnreset_then_close_with_had_error(must_call):
    events = []
    raw_client = {}

    @must_call
    def on_connection(sock):
        sock.resume()
        sock.on("end", must_call.never())
        sock.on("error", must_call(lambda err: events.append(err.code)))

        @must_call
        def on_close(had_error):
            events.append(("close", had_error))
            server.close()

        sock.on("close", on_close)
        raw = raw_client.pop("sock")
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raw.close()  # RST instead of FIN

    server = net.create_server(on_connection)

    def on_listening(port):
        # A blocking connect to a listening loopback socket completes in the kernel.
        raw_client["sock"] = socket.create_connection(("127.0.0.1", port))

    run(lambda: listen_local(server, on_listening))
    assert events == ["ECONNRESET", ("close", True)]


def test_destroy_with_error_emits_error_then_close_true(must_call):
    events = []
    server = net.create_server(must_call(lambda s: s.resume()))

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")

        @must_call
        def on_connect():
            c.destroy(RuntimeError("mine"))
            assert c.destroyed

        c.on("connect", on_connect)
        c.on("error", must_call(lambda err: events.append(str(err))))

        @must_call
        def on_close(had_error):
            events.append(("close", had_error))
            server.close()

        c.on("close", on_close)

    run(lambda: listen_local(server, on_listening))
    assert events == ["mine", ("close", True)]


def test_write_after_end_is_an_error(must_call):
    server = net.create_server(lambda s: s.resume())

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.end()

        @must_call
        def on_error(err):
            assert err.code == "ERR_STREAM_WRITE_AFTER_END"

        c.on("error", on_error)
        c.write(b"too late", must_call(lambda err=None: None))
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))


# -- socket options -------------------------------------------------------------


def test_set_no_delay_and_keep_alive_before_and_after_connect(must_call):
    server = net.create_server(must_call(lambda s: s.resume()))

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        assert c.set_no_delay(True) is c
        assert c.set_keep_alive(True, 1000) is c

        @must_call
        def on_connect():
            raw = c._raw_socket()
            # The options given while connecting were applied.
            assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            assert raw.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0
            assert c.set_no_delay(False) is c
            assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            c.set_no_delay()  # default: enable
            assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            assert c.set_keep_alive(False) is c
            assert raw.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 0
            c.end()

        c.on("connect", on_connect)
        c.resume()

        @must_call
        def on_close(_h):
            c.set_no_delay(True)  # after close: no error either
            c.set_keep_alive(True, 10)
            server.close()

        c.on("close", on_close)

    run(lambda: listen_local(server, on_listening))


def test_socket_options_on_unix_socket_are_ignored(sock_path, must_call):
    @must_call
    def on_connection(sock):
        sock.set_no_delay(True).set_keep_alive(True, 1000)
        sock.resume().end()

    server = net.create_server(on_connection)

    def on_listening():
        c = net.connect(sock_path)
        c.set_no_delay(True)
        c.on("connect", must_call(lambda: c.set_keep_alive(True)))
        c.resume()
        c.on("close", lambda _h: server.close())

    run(lambda: server.listen(sock_path, on_listening))


# -- server close, connections --------------------------------------------------


def test_close_stops_accepting_new_connections(must_call):
    server = net.create_server(must_call.never())

    def on_listening(port):
        @must_call
        def on_closed(err=None):
            assert err is None
            c = net.connect(port, "127.0.0.1")
            c.on("error", must_call(lambda e: assert_code(e, "ECONNREFUSED")))

        server.close(on_closed)

    run(lambda: listen_local(server, on_listening))


def assert_code(err, code):
    assert getattr(err, "code", None) == code, err


def test_server_close_waits_for_open_connections(must_call):
    order = []

    @must_call
    def on_connection(sock):
        sock.resume()
        server.close(must_call(lambda err=None: order.append(("server close", err))))
        assert server.listening is False
        sock.on("close", lambda _h: order.append("socket close"))
        # The connection outlives close(): it ends later on its own.
        set_timeout(lambda: (order.append("ending"), sock.end()), 30)

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()

    run(lambda: listen_local(server, on_listening))
    # As in Node, the server's 'close' comes once the connection is gone (on the
    # tick the socket is destroyed, so just before the socket's own 'close').
    assert order[0] == "ending"
    assert sorted(map(str, order[1:])) == sorted(map(str, ["socket close",
                                                            ("server close", None)]))


def test_close_when_not_listening_passes_err_server_not_running(must_call):
    server = net.create_server()

    @must_call
    def on_close(err=None):
        assert isinstance(err, NodeError)
        assert err.code == "ERR_SERVER_NOT_RUNNING"

    server.on("close", must_call())  # Node emits 'close' all the same
    run(lambda: server.close(on_close))


def test_second_close_after_close_reports_not_running(must_call):
    server = net.create_server()
    results = []

    def on_listening(port):
        server.close(must_call(lambda err=None: results.append(err)))
        server.close(must_call(lambda err=None: results.append(err.code)))

    run(lambda: listen_local(server, on_listening))
    assert sorted(map(str, results)) == ["ERR_SERVER_NOT_RUNNING", "None"]


def test_close_right_after_listen_still_calls_back(must_call):
    server = net.create_server()

    @must_call
    def on_close(err=None):
        assert err is None
        assert server.listening is False

    def main():
        server.listen(0, "127.0.0.1", must_call.never())
        server.close(on_close)

    run(main)


def test_get_connections_counts_open_connections(must_call):
    counts = []
    accepted = []

    def on_connection(sock):
        sock.resume()
        accepted.append(sock)
        if len(accepted) == 2:
            server.get_connections(must_call(after_two))

    def after_two(err, n):
        assert err is None
        counts.append(n)
        accepted[0].on("close", lambda _h: server.get_connections(must_call(after_one)))
        accepted[0].destroy()

    def after_one(err, n):
        counts.append(n)
        accepted[1].end()
        server.close()

    server = net.create_server(on_connection)

    def on_listening(port):
        for _ in range(2):
            net.connect(port, "127.0.0.1").resume()

    run(lambda: listen_local(server, on_listening))
    assert counts == [2, 1]


def test_max_connections_drops_extra_connections(must_call):
    kept = []

    @must_call
    def on_connection(sock):
        kept.append(sock)
        sock.resume()

    server = net.create_server(on_connection)
    server.max_connections = 1

    @must_call
    def on_drop(info):
        assert info["remote_address"] == "127.0.0.1"
        assert info["local_port"] == server.address()["port"]

    server.on("drop", on_drop)

    def on_listening(port):
        first = net.connect(port, "127.0.0.1")
        first.resume()

        @must_call
        def on_first_connect():
            second = net.connect(port, "127.0.0.1")
            got = collect(second)
            second.on("end", must_call())

            @must_call
            def on_second_close(had_error):
                assert got == []
                assert len(kept) == 1
                kept[0].end()
                server.close()

            second.on("close", on_second_close)

        first.on("connect", on_first_connect)

    run(lambda: listen_local(server, on_listening))


def test_uncaught_error_in_connection_listener_is_raised_from_run():
    def on_connection(sock):
        raise RuntimeError("boom in connection")

    server = net.create_server(on_connection)

    def on_listening(port):
        net.connect(port, "127.0.0.1").resume()

    with pytest.raises(RuntimeError, match="boom in connection"):
        run(lambda: listen_local(server, on_listening))
    assert server.listening is False


def test_uncaught_error_in_data_listener_is_raised_from_run():
    def on_connection(sock):
        sock.on("data", lambda d: (_ for _ in ()).throw(KeyError("bad data")))

    server = net.create_server(on_connection)

    def on_listening(port):
        net.connect(port, "127.0.0.1").write(b"x")

    with pytest.raises(KeyError, match="bad data"):
        run(lambda: listen_local(server, on_listening))


def test_pause_on_connect_holds_data_until_resume(must_call):
    @must_call
    def on_connection(sock):
        got = collect(sock)  # a 'data' listener does not resume a paused socket
        assert sock.is_paused()

        def later():
            assert got == []
            sock.resume()

        set_timeout(later, 50)

        @must_call
        def on_end():
            assert b"".join(got) == b"held"
            server.close()

        sock.on("end", on_end)

    server = net.create_server({"pause_on_connect": True}, on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.end(b"held")
        c.resume()

    run(lambda: listen_local(server, on_listening))


def test_max_connections_accepts_again_once_a_connection_closes(must_call):
    accepted = []

    def on_connection(sock):
        accepted.append(sock)
        sock.resume()
        if len(accepted) == 1:
            sock.end()  # frees the only slot
        else:
            sock.end(b"second")

    server = net.create_server(on_connection)
    server.max_connections = 1

    def on_listening(port):
        first = net.connect(port, "127.0.0.1")
        first.resume()

        @must_call
        def on_first_close(_had_error):
            second = net.connect(port, "127.0.0.1")
            got = collect(second)

            @must_call
            def on_end():
                assert got == [b"second"]
                server.close()

            second.on("end", on_end)

        first.on("close", on_first_close)

    run(lambda: listen_local(server, on_listening))
    assert len(accepted) == 2


def test_listen_without_host_is_dual_stack(must_call):
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    server = net.create_server(reply_and_end(b"any"))

    @must_call
    def on_listening():
        addr = server.address()
        assert addr["address"] in ("::", "0.0.0.0")
        assert addr["family"] == ("IPv6" if addr["address"] == "::" else "IPv4")
        c = net.connect(addr["port"], "127.0.0.1")  # IPv4 reaches it too
        chunks = collect(c)
        c.on("end", must_call(lambda: (assert_equal(chunks, [b"any"]), server.close())))

    run(lambda: server.listen(0, on_listening))


def assert_equal(a, b):
    assert a == b


def test_listen_and_connect_over_ipv6_loopback(must_call):
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback")

    @must_call
    def on_connection(sock):
        assert sock.remote_family == "IPv6" and sock.remote_address == "::1"
        sock.resume()
        sock.end()

    server = net.create_server(on_connection)

    @must_call
    def on_listening():
        addr = server.address()
        assert addr == {"address": "::1", "family": "IPv6", "port": addr["port"]}
        c = net.connect(addr["port"], "::1")
        c.resume()
        c.on("close", lambda _h: server.close())

    run(lambda: server.listen(0, "::1", on_listening))


def test_destroy_twice_emits_close_once(must_call):
    server = net.create_server(must_call(lambda s: s.resume()))

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")

        @must_call
        def on_connect():
            c.destroy()
            c.destroy()
            c.end()  # no error after destroy either
            assert c.ready_state == "closed" or c.destroyed

        c.on("connect", on_connect)
        c.on("error", must_call.never())
        c.on("close", must_call(lambda _h: server.close()))

    run(lambda: listen_local(server, on_listening))


def test_write_callback_and_end_callback(must_call):
    order = []

    @must_call
    def on_connection(sock):
        got = collect(sock)
        sock.on("end", lambda: (order.append(("server got", b"".join(got))), server.close()))

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        assert c.write(b"a", must_call(lambda err=None: order.append(("write cb", err))))
        c.end(b"b", must_call(lambda err=None: order.append(("end cb", err))))
        c.on("finish", must_call(lambda: order.append("finish")))

    run(lambda: listen_local(server, on_listening))
    assert order.index(("write cb", None)) < order.index("finish")
    assert ("end cb", None) in order
    assert order[-1] == ("server got", b"ab")


def test_cork_sends_queued_writes_together(must_call):
    server = receiving_server(must_call, b"one two three")

    def on_listening(port):
        @must_call
        def on_connect():
            c.cork()
            c.write(b"one ")
            c.write("two ")
            c.write(bytearray(b"three"))
            assert c.writable_length == 13
            c.uncork()
            c.end()

        c = net.connect(port, "127.0.0.1", on_connect)
        c.resume()

    run(lambda: listen_local(server, on_listening))


def test_string_writes_with_encodings_and_set_encoding(must_call):
    @must_call
    def on_connection(sock):
        sock.set_encoding("utf8")
        got = []
        sock.on("data", got.append)

        @must_call
        def on_end():
            assert all(isinstance(x, str) for x in got)
            assert "".join(got) == "caf\u00e9 caf\u00e9 \u20ac"
            server.close()

        sock.on("end", on_end)

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        c.write("caf\u00e9 ")
        c.write("636166c3a920", "hex")
        # A multi-byte character split across writes is never split in 'data'.
        euro = "\u20ac".encode()
        c.write(euro[:1])
        set_timeout(lambda: c.end(euro[1:]), 20)

    run(lambda: listen_local(server, on_listening))


def test_ready_state_and_pending_through_the_lifecycle(must_call):
    states = []
    server = net.create_server(lambda s: s.resume())

    def on_listening(port):
        c = net.connect(port, "127.0.0.1", allow_half_open=True)
        states.append(c.ready_state)

        @must_call
        def on_connect():
            states.append(c.ready_state)
            assert c.pending is False
            c.end()

        c.on("connect", on_connect)
        c.on("finish", lambda: states.append(c.ready_state))
        c.resume()
        c.on("close", lambda _h: server.close())

    run(lambda: listen_local(server, on_listening))
    assert states == ["opening", "open", "readOnly"]


def test_eof_on_a_socket_nobody_reads_still_ends_and_closes(must_call):
    # Node's onStreamRead does push(null) + read(0): with nothing buffered, 'end'
    # comes even though nobody consumes the socket, and it closes.
    @must_call
    def on_connection(sock):
        sock.on("end", must_call())
        sock.on("close", must_call(lambda _h: server.close()))
        sock.end(b"bye")  # never reads

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()  # gets 'end', ends its side too (allow_half_open=False)

    run(lambda: listen_local(server, on_listening))


def test_eof_behind_unread_data_waits_for_the_reader(must_call):
    ended = []

    @must_call
    def on_connection(sock):
        sock.on("end", must_call(lambda: ended.append(True)))

        @must_call
        def later():
            assert ended == []  # b"unread" is still buffered: no 'end' yet
            assert sock.readable_length == 6
            assert sock.read() == b"unread"
            sock.on("close", lambda _h: server.close())

        # The peer's bytes and FIN came (a fixed wait raced under load).
        when(lambda: sock.readable_length == 6 and sock._readable_state.ended, later)

    server = net.create_server(on_connection)

    def on_listening(port):
        c = net.connect(port, "127.0.0.1")
        c.resume()
        c.end(b"unread")

    run(lambda: listen_local(server, on_listening))
    assert ended == [True]


def test_connect_takes_the_high_water_marks_from_its_options():
    # Node's net.Socket passes readableHighWaterMark / writableHighWaterMark on.
    seen = []

    def main():
        server = net.create_server(lambda s: s.destroy())

        def go():
            sock = net.connect({"port": server.address()["port"], "host": "127.0.0.1",
                                 "readable_high_water_mark": 1024,
                                 "writable_high_water_mark": 2048})
            seen.append((sock.readable_high_water_mark, sock.writable_high_water_mark))
            sock.on("error", lambda err: None)
            sock.on("close", lambda *_: server.close())

        server.listen(0, "127.0.0.1", go)

    run(main)
    assert seen == [(1024, 2048)]


def test_async_with_closes_the_server_and_waits_for_close():
    # Node's server[Symbol.asyncDispose]() (test-http-server-async-dispose).
    log: list[object] = []

    def main():
        server = net.create_server()
        server.on("close", lambda: log.append("close"))

        async def on_listening():
            async with server as same:
                log.append(same is server)
            log.append(("after", server.listening))
            try:
                async with net.create_server():
                    pass
            except Exception as exc:  # noqa: BLE001 - checked below
                log.append(exc.code)

        server.listen(0, "127.0.0.1", on_listening)

    run(main, timeout=5)
    assert log == [True, "close", ("after", False), "ERR_SERVER_NOT_RUNNING"]


def test_reset_and_destroy_sends_an_rst_the_peer_sees_as_econnreset():
    # Node: socket.resetAndDestroy() closes with an RST (SO_LINGER 0), so the
    # peer gets ECONNRESET, not an orderly 'end'.
    seen = []

    def main():
        def on_connection(conn):
            conn.on("data", lambda _: conn.reset_and_destroy())

        server = net.create_server(on_connection)

        def on_listening():
            client = net.connect(server.address()["port"], "127.0.0.1")
            client.on("end", lambda: seen.append("end"))
            client.on("error", lambda err: seen.append(err.code))
            client.on("close", lambda *_: server.close())
            client.write("x")

        server.listen(0, "127.0.0.1", on_listening)

    run(main)
    assert seen == ["ECONNRESET"]


# -- auto_select_family (Node's happy eyeballs over a lookup) ------------------------------


def _two_addresses(first):
    """A lookup answering ``first`` (where nothing listens), then 127.0.0.1."""
    def lookup(hostname, options, callback):
        assert options["all"] is True
        callback(None, [{"address": first, "family": 4}, {"address": "127.0.0.1", "family": 4}])
    return lookup


def test_auto_select_family_falls_back_to_the_next_address():
    # Node v20 (checked): the refused first address is 'connectionAttemptFailed',
    # the second connects.
    events = []
    server = net.create_server(lambda s: s.end())

    def go(port):
        sock = net.connect({"host": "x.invalid", "port": port, "auto_select_family": True,
                            "lookup": _two_addresses("127.0.0.2")})
        for name in ("connectionAttempt", "connectionAttemptFailed", "connect"):
            sock.on(name, lambda *args, name=name: events.append(
                (name, *(getattr(a, "code", a) for a in args[:1] + args[2:]))))
        sock.on("close", lambda *_: (events.append(
            [a.rsplit(":", 1)[0] for a in sock.auto_select_family_attempted_addresses]),
            server.close()))
        sock.resume()

    run(lambda: listen_local(server, go))
    assert events == [("connectionAttempt", "127.0.0.2", 4),
                      ("connectionAttemptFailed", "127.0.0.2", 4, "ECONNREFUSED"),
                      ("connectionAttempt", "127.0.0.1", 4), ("connect",),
                      ["127.0.0.2", "127.0.0.1"]]


def test_without_auto_select_family_only_the_first_address_is_tried():
    errors = []
    port = free_port()

    def main():
        def lookup(hostname, options, callback):
            assert options["all"] is False
            callback(None, "127.0.0.2", 4)

        sock = net.connect({"host": "x.invalid", "port": port, "auto_select_family": False,
                            "lookup": lookup})
        sock.on("error", lambda err: errors.append((err.code, err.address)))

    run(main)
    assert errors == [("ECONNREFUSED", "127.0.0.2")]


def test_auto_select_family_fails_with_the_first_error_and_all_of_them():
    errors = []
    port = free_port()

    def main():
        sock = net.connect({"host": "x.invalid", "port": port, "lookup": _two_addresses(
            "127.0.0.2")})  # (auto_select_family: on by default, as in Node v20)
        sock.on("error", lambda err: errors.append(
            (err.code, [(e.code, e.address) for e in err.errors])))

    run(main)
    assert errors == [("ECONNREFUSED", [("ECONNREFUSED", "127.0.0.2"),
                                        ("ECONNREFUSED", "127.0.0.1")])]


def test_auto_select_family_options_are_validated():
    with pytest.raises(TypeError) as info:
        net.connect({"port": 1, "auto_select_family": "yes"})
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
    assert 'The "options.autoSelectFamily" property must be of type boolean' in str(info.value)
    with pytest.raises(ValueError) as info:
        net.connect({"port": 1, "auto_select_family_attempt_timeout": 0})
    assert info.value.code == "ERR_OUT_OF_RANGE"
    assert net.get_default_auto_select_family() is True
    assert net.get_default_auto_select_family_attempt_timeout() == 250


class _Consumer:
    def __init__(self, log, name, with_timeout=False):
        self.log, self.name = log, name
        if with_timeout:
            self.on_timeout = lambda: log.append((name, "timeout"))

    def on_data(self, view):
        self.log.append((self.name, bytes(view)))

    def on_eof(self):
        self.log.append((self.name, "eof"))

    def on_drain(self):
        pass


def test_one_recompute_of_the_consumer_hooks():
    """attach, detach and a 'data' listener added all go through one
    recompute: the per-read call, the EOF hook and the timeout hook always
    belong to the consumer attached now (issue 11)."""
    log = []
    hooks = []

    def main():
        sock = net.Socket()
        first, second = _Consumer(log, "a", with_timeout=True), _Consumer(log, "b")
        sock.attach_consumer(first)
        sock._data_consumer(memoryview(b"1"))
        sock.on("data", lambda chunk: log.append(("listener", chunk)))
        sock._data_consumer(memoryview(b"2"))  # the consumer, then the listener
        sock.attach_consumer(second)  # replaced: its hooks, the tee kept
        sock._data_consumer(memoryview(b"3"))
        sock._timed_out()  # the second has no on_timeout: nobody hears it
        sock.detach_consumer(first)  # not the one attached: nothing changes
        sock._eof_consumer()
        sock.detach_consumer(second)
        hooks.extend((sock.consumer, sock._data_consumer, sock._eof_consumer,
                      sock._timeout_hook))
        sock.destroy()

    run(main, timeout=5)
    assert hooks == [None] * 4
    assert log == [("a", b"1"), ("a", b"2"), ("listener", b"2"), ("b", b"3"),
                   ("listener", b"3"), ("b", "eof")]
