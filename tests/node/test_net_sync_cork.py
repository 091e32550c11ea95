# Port of Node v20 test/parallel/test-net-sync-cork.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST

N = 100
BUF = b"aa"


def test_corked_small_writes_never_report_full(common):
    def main():
        def handle(socket):
            socket.resume()
            socket.on("error", common.must_not_call())
            socket.on("close", common.must_call(lambda *_: server.close()))

        server = net.create_server(handle)

        def on_listening():
            conn = net.connect(server.address()["port"], HOST)

            def on_connect():
                res = True
                i = 0
                while i < N and res:
                    conn.cork()
                    conn.write(BUF)
                    res = conn.write(BUF)
                    conn.uncork()
                    i += 1
                assert i == N
                conn.end()

            conn.on("connect", common.must_call(on_connect))

        server.listen(0, HOST, on_listening)

    common.run(main)
