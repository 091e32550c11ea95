# Port of Node v20 test/parallel/test-net-stream.js.
# Deviations: 127.0.0.1.
from nodekit import net, set_timeout
from tests.node._common import HOST

SIZE = 2_000_000
N = 10
BUF = b"a" * SIZE


def test_peer_destroyed_mid_transfer_errors_the_writer(common):
    def main():
        def handler(socket):
            socket.set_no_delay()
            socket.on("error", common.must_call(lambda *_: socket.destroy()))
            socket.on("close", common.must_call(lambda *_: server.close()))
            for _ in range(N):
                socket.write(BUF, lambda *_: None)
            socket.end()

        server = net.create_server(handler)

        def on_listening():
            conn = net.connect(server.address()["port"], HOST)

            def on_data(buf):
                assert conn.pause() is conn
                set_timeout(lambda: conn.destroy(), 20)

            conn.on("data", on_data)

        server.listen(0, HOST, on_listening)

    common.run(main, timeout=30)
