# Port of Node v20 test/parallel/test-net-reconnect.js.
# Deviations: 127.0.0.1; the process 'exit' checks run after the loop.
from nodekit import net
from tests.node._common import HOST

N = 50


def test_one_socket_reconnects_n_times(common):
    counts = {"recv": 0, "end": 0, "disconnect": 0}

    def main():
        def on_connection(socket):
            socket.resume()
            socket.write("hello\r\n")
            socket.on("end", lambda *_: socket.end())

            def on_close(had_error):
                assert had_error is False

            socket.on("close", on_close)

        server = net.create_server(on_connection)

        def on_listening():
            client = net.create_connection(server.address()["port"], HOST)
            client.set_encoding("UTF8")

            def on_data(chunk):
                counts["recv"] += 1
                assert chunk == "hello\r\n"
                client.end()

            def on_end(*_):
                counts["end"] += 1

            def on_close(had_error):
                assert had_error is False
                counts["disconnect"] += 1
                if counts["disconnect"] <= N:
                    client.connect(server.address()["port"], HOST)  # reconnect
                else:
                    server.close()

            client.on("data", on_data)
            client.on("end", on_end)
            client.on("close", on_close)

        server.listen(0, HOST, on_listening)

    common.run(main, timeout=30)
    assert counts["disconnect"] == N + 1
    assert counts["recv"] == N + 1
    assert counts["end"] == N + 1
