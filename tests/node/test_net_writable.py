# Port of Node v20 test/parallel/test-net-writable.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import HOST


def test_still_writable_at_end(common):
    def main():
        def handler(s):
            server.close()
            s.end()

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            socket = net.connect(port, HOST)

            def on_end():
                assert socket.writable is True
                socket.write("hello world")

            socket.on("end", common.must_call(on_end))

        common.listen(server, on_listening)

    common.run(main)
