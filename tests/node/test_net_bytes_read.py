# Port of Node v20 test/parallel/test-net-bytes-read.js.
# Deviations: `!socket._handle` is not public: `socket.destroyed` instead;
# connects to 127.0.0.1.
from nodekit import net
from tests.node._common import HOST

BIG = bytes(1024 * 1024)


def test_bytes_read_grows_with_each_chunk(common):
    def main():
        def handler(socket):
            socket.end(BIG)
            server.close()

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            prev = {"n": 0}

            def on_data(chunk):
                assert socket.bytes_read > prev["n"]
                prev["n"] = socket.bytes_read

            def on_end():
                assert socket.bytes_read == prev["n"] == len(BIG)

            def on_close(*_):
                assert socket.destroyed
                assert socket.bytes_read == prev["n"] == len(BIG)

            def on_connect():
                socket.on("data", common.must_call_at_least(on_data))
                socket.on("end", common.must_call(on_end))
                socket.on("close", common.must_call(on_close))
                socket.end()

            socket = net.connect(port, HOST, common.must_call(on_connect))

        common.listen(server, on_listening)

    common.run(main)
