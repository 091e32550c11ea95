# Port of Node v20 test/parallel/test-net-server-close.js.
# Deviations: binds and connects to 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_close_returns_server_and_destroys_sockets(common):
    def main():
        sockets = []

        def handler(c):
            c.on("close", common.must_call())
            sockets.append(c)
            if len(sockets) == 2:
                assert server.close() is server
                for s in sockets:
                    s.destroy()

        server = net.create_server(handler)
        server.on("close", common.must_call())

        def on_listening():
            port = server.address()["port"]
            net.create_connection(port, HOST)
            net.create_connection(port, HOST)

        assert server.listen(0, HOST, on_listening) is server

    common.run(main)
