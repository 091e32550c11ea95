"""nodekit.net behaviours fixed while porting Node's test-net-*.js files.

Each test pins one rule (checked against Node v20) in isolation: writes
after the peer's FIN, listen()'s synchronous bind and its argument rules,
reconnecting a closed socket, connect options, set_timeout validation,
unix-socket listen, a write on a closed transport, paused sockets and the
loop, hex decoding.
"""

from __future__ import annotations

import math
import os
import shutil
import socket
import stat
import tempfile

import pytest
from conftest import run

from nodekit import net, set_timeout
from nodekit._buffer import encode
from nodekit.errors import TimeoutOverflowWarning

HOST = "127.0.0.1"


@pytest.fixture
def sock_path():
    d = tempfile.mkdtemp(prefix="nk", dir="/tmp")
    yield os.path.join(d, "s.sock")
    shutil.rmtree(d, ignore_errors=True)


def test_write_after_peer_end_is_epipe_on_the_next_tick(must_call):
    seen = []

    def main():
        server = net.create_server(lambda s: s.end())

        def on_listening():
            client = net.connect(server.address()["port"], HOST, lambda: client.end())
            client.resume()

            def on_end():
                # Both sides ended (Node's writeAfterFIN): a write is EPIPE.
                assert client.writable_ended
                assert client.write("x", must_call(seen.append)) is False
                assert seen == []  # the callback and 'error' come later

            def on_error(err):
                assert err.code == "EPIPE"
                assert str(err) == "This socket has been ended by the other party"
                server.close()

            client.on("end", must_call(on_end))
            client.on("error", must_call(on_error))

        server.listen(0, HOST, on_listening)

    run(main)
    assert seen[0].code == "EPIPE"


def test_half_open_socket_may_still_write_after_peer_end(must_call):
    got = []

    def main():
        def on_connection(s):
            s.on("data", lambda d: got.append(bytes(d)))
            s.on("end", lambda: server.close())
            s.end()

        server = net.create_server(on_connection)

        def on_listening():
            client = net.connect({"port": server.address()["port"], "host": HOST,
                                  "allow_half_open": True})
            client.resume()
            client.on("end", must_call(lambda: client.end("late")))
            client.on("error", must_call.never())

        server.listen(0, HOST, on_listening)

    run(main)
    assert b"".join(got) == b"late"


def test_socket_has_one_end_listener_from_the_start():
    assert net.Socket().listener_count("end") == 1
    assert net.Socket({"allow_half_open": True}).listener_count("end") == 1


def test_listen_on_an_ip_gives_the_address_at_once():
    def main():
        server = net.create_server()
        server.listen(0, HOST)
        address = server.address()
        assert address["address"] == HOST and address["port"] > 0
        server.close()
        assert server.address() is None

    run(main)


def test_listen_on_a_name_gives_the_address_once_listening(must_call):
    def main():
        server = net.create_server()
        server.listen(0, "localhost", must_call(lambda: server.close()))
        assert server.address() is None  # the name is looked up first

    run(main)


@pytest.mark.parametrize("key", ["object_mode", "readable_object_mode", "writable_object_mode"])
def test_connect_rejects_object_mode(key):
    with pytest.raises(TypeError) as info:
        net.connect({"port": 80, key: True})
    assert info.value.code == "ERR_INVALID_ARG_VALUE"


@pytest.mark.parametrize("options, code", [
    ({"local_address": "foobar"}, "ERR_INVALID_IP_ADDRESS"),
    ({"local_address": "localhost"}, "ERR_INVALID_IP_ADDRESS"),
    ({"local_port": "foobar"}, "ERR_INVALID_ARG_TYPE"),
    ({"local_port": True}, "ERR_INVALID_ARG_TYPE"),
])
def test_connect_checks_local_address_and_port(options, code):
    with pytest.raises(TypeError) as info:
        net.connect({"host": HOST, "port": 80, **options})
    assert info.value.code == code


@pytest.mark.parametrize("options", ["path", 0, 1.5])
def test_create_server_options_must_be_a_dict(options):
    with pytest.raises(TypeError) as info:
        net.create_server(options)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_reconnect_after_close_starts_over(must_call):
    ports = []
    written = []

    def main():
        server = net.create_server(lambda s: s.resume())
        client = net.Socket()

        def on_close(had_error):
            assert had_error is False
            written.append(client.bytes_written)
            if len(ports) < 2:
                connect()
            else:
                server.close()

        def connect():
            def on_connect():
                assert not client.destroyed and client.writable and client.readable
                ports.append(client.local_port)
                client.end("abc")

            assert client.connect(server.address()["port"], HOST, on_connect) is client

        client.on("close", must_call(on_close, 2))
        server.listen(0, HOST, connect)

    run(main)
    assert written == [3, 3]  # per connection, as Node's handle counts
    assert ports[0] != ports[1]


def test_connect_options_keep_alive_and_no_delay_apply_on_connect(must_call):
    def main():
        server = net.create_server(lambda s: s.end())

        def on_listening():
            def on_connect():
                raw = client._raw_socket()
                assert raw.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0
                assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 7
                assert raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
                client.end()
                server.close()

            client = net.connect({"port": server.address()["port"], "host": HOST,
                                  "keep_alive": True, "keep_alive_initial_delay": 7999,
                                  "no_delay": True}, must_call(on_connect))
            client.resume()

        server.listen(0, HOST, on_listening)

    run(main)


@pytest.mark.parametrize("msecs, code", [
    ("100", "ERR_INVALID_ARG_TYPE"), (None, "ERR_INVALID_ARG_TYPE"),
    (True, "ERR_INVALID_ARG_TYPE"), (-1, "ERR_OUT_OF_RANGE"),
    (math.inf, "ERR_OUT_OF_RANGE"), (math.nan, "ERR_OUT_OF_RANGE"),
])
def test_set_timeout_validates_msecs(msecs, code):
    with pytest.raises(Exception) as info:
        net.Socket().set_timeout(msecs)
    assert info.value.code == code


def test_set_timeout_past_the_timer_maximum_is_clamped():
    sock = net.Socket()
    with pytest.warns(TimeoutOverflowWarning):
        assert sock.set_timeout(2 ** 40) is sock
    assert sock.timeout == 2 ** 40  # Node v20.20 shows the value given; the timer runs 2**31-1


def test_set_timeout_validates_the_callback():
    with pytest.raises(TypeError) as info:
        net.Socket().set_timeout(10, "cb")
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_buffer_size_is_none_until_connected(must_call):
    def main():
        server = net.create_server(lambda s: s.end())

        def on_listening():
            client = net.connect(server.address()["port"], HOST)
            assert client.buffer_size is None

            def on_connect():
                assert client.buffer_size == 0
                client.end()
                server.close()

            client.on("connect", must_call(on_connect))
            client.resume()

        server.listen(0, HOST, on_listening)

    run(main)


@pytest.mark.parametrize("args, code, cls", [
    ((True,), "ERR_INVALID_ARG_VALUE", TypeError),
    (({},), "ERR_INVALID_ARG_VALUE", TypeError),
    (({"host": HOST},), "ERR_INVALID_ARG_VALUE", TypeError),
    (({"port": math.nan},), "ERR_SOCKET_BAD_PORT", ValueError),
    (({"port": 1.5},), "ERR_SOCKET_BAD_PORT", ValueError),
])
def test_listen_argument_rules(args, code, cls):
    with pytest.raises(cls) as info:
        net.create_server().listen(*args)
    assert info.value.code == code


def test_listen_on_a_path_in_use_is_eaddrinuse(must_call, sock_path):
    def main():
        first = net.create_server()

        def on_listening():
            second = net.create_server()

            def on_error(err):
                assert err.code == "EADDRINUSE"
                assert str(err) == f"listen EADDRINUSE: address already in use {sock_path}"
                second.close(must_call(lambda err=None: None))
                first.close()

            second.on("error", must_call(on_error))
            second.listen(sock_path, must_call.never())

        first.listen(sock_path, must_call(on_listening))

    run(main)
    assert not os.path.exists(sock_path)  # the first server unlinked it at close


def test_listen_path_readable_all_writable_all(must_call, sock_path):
    modes = []

    def main():
        server = net.create_server()

        def on_listening():
            modes.append(os.stat(sock_path).st_mode)
            server.close()

        server.listen({"path": sock_path, "readable_all": True, "writable_all": True},
                      must_call(on_listening))

    run(main)
    everyone = (stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IWGRP
                | stat.S_IROTH | stat.S_IWOTH)
    assert modes[0] & everyone == everyone


def test_write_on_a_transport_closed_underneath_is_ebadf(must_call):
    def main():
        server = net.create_server()

        def on_listening():
            def on_connect():
                def on_error(err):
                    assert err.code == "EBADF" and err.syscall == "write"
                    server.close()

                client.on("error", must_call(on_error))
                client._transport.close()
                client.write("foo")

            client = net.connect(server.address()["port"], HOST, must_call(on_connect))

        server.listen(0, HOST, on_listening)

    run(main)


def test_socket_paused_before_connect_neither_reads_nor_holds_the_loop(must_call):
    state = {}

    def main():
        def on_connection(conn):
            conn.end("hello")
            conn.unref()  # it waits for the client's FIN (as in Node's test)
            state["conn"] = conn
            server.close()

        server = net.create_server(on_connection)

        def on_listening():
            client = state["client"] = net.connect(server.address()["port"], HOST)
            client.pause()
            client.on("data", must_call.never())

        server.listen(0, HOST, on_listening)

    run(main)  # returns: the paused client does not keep the loop alive
    client = state["client"]
    # (uvloop reads once connection_made returns: net holds that read unread.)
    assert client.bytes_read == 0
    assert not client.destroyed
    client.destroy()
    state["conn"].destroy()
    run()


def test_resume_after_pause_before_connect_reads(must_call):
    got = []

    def main():
        server = net.create_server(lambda conn: conn.end("hello"))

        def on_listening():
            client = net.connect(server.address()["port"], HOST)
            client.pause()
            client.on("data", lambda d: got.append(bytes(d)))
            client.on("end", must_call(lambda: server.close()))
            set_timeout(client.resume, 20)

        server.listen(0, HOST, on_listening)

    run(main)
    assert b"".join(got) == b"hello"


@pytest.mark.parametrize("text, expected", [
    ("00ff" * 4, b"\x00\xff" * 4), ("0a0bzz", b"\n\x0b"), ("0a0", b"\n"), ("zz", b""),
    ("é0", b""), ("0a 0b", b"\n"),
])
def test_hex_decoding_keeps_the_valid_prefix(text, expected):
    assert encode(text, "hex") == expected
