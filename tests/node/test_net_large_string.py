# Port of Node v20 test/parallel/test-net-large-string.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST

K_POOL_SIZE = 40 * 1024
DATA = "あ" * K_POOL_SIZE


def test_large_multibyte_string_arrives_whole(common):
    def main():
        def handler(socket):
            received = {"n": 0}
            socket.set_encoding("UTF-8")

            def on_data(data):
                received["n"] += len(data)

            def on_end():
                assert received["n"] == K_POOL_SIZE
                socket.end()

            socket.on("data", on_data)
            socket.on("end", common.must_call(on_end))

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            client = net.create_connection(port, HOST)
            client.on("end", lambda: server.close())
            client.write(DATA, "UTF-8")
            client.end()

        common.listen(server, on_listening)

    common.run(main)
