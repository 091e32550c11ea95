# Port of Node v20 test/parallel/test-net-connect-reset-until-connected.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def barrier(count, cb):
    box = {"n": count}

    def step(*_):
        box["n"] -= 1
        if box["n"] == 0:
            cb()

    return step


def test_reset_once_both_sides_connected(common):
    def main():
        server = net.create_server()

        def on_listening():
            conn = net.create_connection(server.address()["port"], HOST)
            connok = barrier(2, lambda: conn.reset_and_destroy())
            conn.on("close", common.must_call())

            def on_connection(socket):
                connok()
                socket.on("error", common.expects_error(code="ECONNRESET",
                                                        message="read ECONNRESET"))
                server.close()

            server.on("connection", on_connection)
            conn.on("connect", connok)

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main)
