# Port of Node v20 test/parallel/test-net-pingpong.js.
# Deviations: the three servers (unix path in pytest's tmp_path, port 0 on
# the default address, 127.0.0.1) run as three tests; the client of the
# default-address server connects to 127.0.0.1.
import pytest

from nodekit import net

N = 1000


def _ping_pong(common, port, host):
    state = {"count": 0, "sent_pongs": 0, "sent_final_ping": False}

    def on_socket(socket):
        assert socket.server is server
        assert server.get_connections(common.must_succeed(
            lambda connections: _eq(connections, 1))) is server
        socket.set_no_delay()
        socket.set_timeout(0)
        socket.set_encoding("utf8")

        def on_data(data):
            assert socket.buffer_size is not None and 0 <= socket.buffer_size <= 4
            assert socket.writable is True
            assert socket.readable is True
            assert state["count"] <= N
            assert data == "PING"

            def on_pong(*_):
                state["sent_pongs"] += 1

            socket.write("PONG", common.must_call(on_pong))

        def on_end(*_):
            assert socket.allow_half_open is True
            assert socket.writable is True  # because allow_half_open
            assert socket.readable is False
            socket.end()

        def on_close(*_):
            assert socket.writable is False
            assert socket.readable is False
            socket.server.close()

        socket.on("data", common.must_call(on_data, N + 1))
        socket.on("end", common.must_call(on_end))
        socket.on("error", common.must_not_call())
        socket.on("close", common.must_call(on_close))

    server = net.create_server({"allow_half_open": True}, common.must_call(on_socket))

    def on_listening():
        address = server.address()
        target = (address["port"], host or "127.0.0.1") if isinstance(address, dict) else (port,)
        client = net.create_connection(*target)
        client.set_encoding("ascii")

        def on_connect(*_):
            assert client.readable is True
            assert client.writable is True
            client.write("PING")

        def on_data(data):
            assert data == "PONG"
            state["count"] += 1
            if state["sent_final_ping"]:
                assert client.writable is False
                assert client.readable is True
                return
            assert client.writable is True
            assert client.readable is True
            if state["count"] < N:
                client.write("PING")
            else:
                state["sent_final_ping"] = True
                client.write("PING")
                client.end()

        def on_close(*_):
            assert state["count"] == N + 1
            assert state["sent_pongs"] == N + 1
            assert state["sent_final_ping"] is True

        client.on("connect", common.must_call(on_connect))
        client.on("data", common.must_call(on_data, N + 1))
        client.on("close", common.must_call(on_close))
        client.on("error", common.must_not_call())

    if host is None:
        server.listen(port, common.must_call(on_listening))
    else:
        server.listen(port, host, common.must_call(on_listening))


def _eq(a, b):
    assert a == b


@pytest.mark.parametrize("where", ["pipe", "default", "127.0.0.1"])
def test_ping_pong(common, tmp_path, where):
    def main():
        if where == "pipe":
            _ping_pong(common, str(tmp_path / "pingpong.sock"), None)
        elif where == "default":
            _ping_pong(common, 0, None)
        else:
            _ping_pong(common, 0, "127.0.0.1")

    common.run(main, timeout=30)
