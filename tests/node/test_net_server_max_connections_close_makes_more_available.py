# Port of Node v20 test/parallel/test-net-server-max-connections-close-makes-more-available.js.
# Deviations: the promise chain is a chain of callbacks (each step starts
# the next when its connection resolves); 127.0.0.1; the process 'exit'
# checks run after the loop.
from nodekit import net
from tests.node._common import HOST


def test_closing_a_connection_frees_a_slot(common):
    connections = {}
    received = []
    sent = []

    def main():
        def create_connection(index, then):
            done = {"resolved": False}

            def resolve(*_):
                if not done["resolved"]:
                    done["resolved"] = True
                    then()

            def on_connect():
                msg = str(index)
                connection.write(msg)
                sent.append(msg)

            def on_error(err):
                assert err.code == "ECONNRESET"
                resolve()

            connection = net.create_connection(server.address()["port"], HOST, on_connect)
            connection.on("error", on_error)
            connection.on("data", resolve)
            connection.on("end", resolve)
            connections[index] = connection

        def close_connection(index, then):
            connections[index].on("end", lambda *_: then())
            connections[index].end()

        def on_connection(socket):
            def on_data(data):
                received.append(bytes(data).decode())
                socket.write("acknowledged")

            socket.on("data", on_data)

        server = net.create_server(on_connection)
        server.max_connections = 1

        def on_listening():
            create_connection(0, lambda: create_connection(1, lambda: close_connection(
                0, lambda: create_connection(2, lambda: create_connection(3, lambda: (
                    server.close(), close_connection(2, lambda: None)))))))

        server.listen(0, HOST, on_listening)

    common.run(main)
    assert sent == ["0", "1", "2", "3"]
    assert received == ["0", "2"]
