# Port of Node v20 test/parallel/test-net-write-slow.js.
# Deviations: 127.0.0.1.
from nodekit import net, set_timeout
from tests.node._common import HOST

SIZE = 200_000
N = 10
BUF = b"a" * SIZE


def test_slow_reader_gets_everything(common):
    def main():
        state = {"flushed": 0, "received": 0}

        def handler(socket):
            socket.set_no_delay()
            socket.set_timeout(9999)

            def on_timeout(*_):
                raise AssertionError(f"flushed: {state['flushed']}, "
                                     f"received: {state['received']}/{SIZE * N}")

            socket.on("timeout", on_timeout)

            def on_flush(*_):
                state["flushed"] += 1
                if state["flushed"] == N:
                    socket.set_timeout(0)

            for _ in range(N):
                socket.write(BUF, on_flush)
            socket.end()

        server = net.create_server(handler)

        def on_listening():
            conn = net.connect(server.address()["port"], HOST)

            def on_data(buf):
                state["received"] += len(buf)
                conn.pause()
                set_timeout(lambda: conn.resume(), 20)

            conn.on("data", on_data)

            def on_end(*_):
                server.close()
                assert state["received"] == SIZE * N

            conn.on("end", common.must_call(on_end))

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main, timeout=30)
