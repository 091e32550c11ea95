# Port of Node v20 test/parallel/test-net-server-reset.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_server_resets_its_connections(common):
    def main():
        sockets = []

        def handler(c):
            c.on("close", common.must_call())
            sockets.append(c)
            if len(sockets) == 2:
                assert server.close() is server
                for s in sockets:
                    s.reset_and_destroy()

        server = net.create_server(handler)
        server.on("close", common.must_call())

        def on_error(error):
            assert error.code == "ECONNRESET"

        def on_listening():
            for _ in range(2):
                net.create_connection(server.address()["port"], HOST).on(
                    "error", common.must_call(on_error))

        assert server.listen(0, HOST, on_listening) is server

    common.run(main)
