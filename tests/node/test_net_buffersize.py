# Port of Node v20 test/parallel/test-net-buffersize.js.
# Deviations: Node's `bufferSize` (deprecated alias of writableLength) is
# `writable_length`; 127.0.0.1.
from nodekit import net
from tests.node._common import HOST

ITER = 10


def test_writable_length_counts_writes_while_connecting(common):
    def main():
        def handler(socket):
            socket.on("readable", lambda: socket.read())
            socket.on("end", lambda: server.close())

        server = net.create_server(handler)

        def on_listening(port):
            client = net.connect(port, HOST)

            def on_finish():
                assert client.writable_length == 0

            client.on("finish", common.must_call(on_finish))
            for i in range(1, ITER):
                client.write("a")
                assert client.writable_length == i
            client.end()

        common.listen(server, on_listening)

    common.run(main)
