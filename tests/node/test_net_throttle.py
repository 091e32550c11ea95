# Port of Node v20 test/parallel/test-net-throttle.js.
# Deviations: 127.0.0.1; the process 'exit' checks run after the loop.
from nodekit import net, set_timeout
from tests.node._common import HOST


def test_pausing_reader_throttles_the_writer(common):
    state = {"recved": 0, "npauses": 0, "total": 0}

    def main():
        def on_connection(connection):
            body = "C" * 1024
            n = 1
            while connection.write(body):
                n += 1
            connection.write(body)
            connection.write(body)
            n += 2
            state["total"] = n * len(body)
            assert connection.buffer_size >= 0, f"buffer_size: {connection.buffer_size}"
            assert connection.writable_length <= state["total"]
            connection.end()

        server = net.create_server(on_connection)

        def on_listening():
            paused = {"on": False}
            client = net.create_connection(server.address()["port"], HOST)
            client.set_encoding("ascii")

            def on_data(d):
                state["recved"] += len(d)
                if not paused["on"]:
                    client.pause()
                    state["npauses"] += 1
                    paused["on"] = True
                    x = state["recved"]

                    def later():
                        assert state["recved"] == x
                        client.resume()
                        paused["on"] = False

                    set_timeout(later, 100)

            client.on("data", on_data)

            def on_end(*_):
                server.close()
                client.end()

            client.on("end", on_end)

        server.listen(0, HOST, on_listening)

    common.run(main, timeout=30)
    assert state["recved"] == state["total"]
    assert state["npauses"] > 1, f"{state['npauses']} > 1"
