# Port of Node v20 test/parallel/test-net-server-max-connections.js.
# Deviations: 127.0.0.1; the process 'exit' check runs after the loop; the
# SunOS ECONNREFUSED retry is left out.
from nodekit import net
from tests.node._common import HOST

N = 20


def test_connections_over_the_limit_are_dropped(common):
    state = {"closes": 0}

    def main():
        waits = []

        def on_connection(connection):
            connection.write("hello")
            waits.append(lambda: connection.end())

        server = net.create_server(common.must_call(on_connection, N // 2))
        server.max_connections = N // 2

        def make_connection(index):
            c = net.create_connection(server.address()["port"], HOST)
            got = {"data": False}

            def on_close(*_):
                state["closes"] += 1
                if state["closes"] < N // 2:
                    assert server.max_connections <= index, (
                        f"{index} should not have been one of the first closed connections")
                if state["closes"] == N // 2:
                    while waits:
                        waits.pop(0)()
                    server.close()
                if index < server.max_connections:
                    assert got["data"], f"{index} didn't get data, but should have"
                else:
                    assert not got["data"], f"{index} got data, but shouldn't have"

            def on_connect(*_):
                if index + 1 < N:
                    make_connection(index + 1)
                c.on("close", on_close)

            def on_data(b):
                got["data"] = True
                assert len(b) > 0

            c.on("connect", on_connect)
            c.on("end", lambda *_: c.end())
            c.on("data", on_data)
            c.on("error", lambda e: None)

        server.listen(0, HOST, lambda: make_connection(0))

    common.run(main)
    assert state["closes"] == N
