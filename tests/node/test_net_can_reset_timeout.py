# Port of Node v20 test/parallel/test-net-can-reset-timeout.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_write_in_timeout_listener_resets_it(common):
    def main():
        def handler(stream):
            stream.set_timeout(100)
            stream.resume()
            # Try to reset the timeout.
            stream.once("timeout", common.must_call(lambda: stream.write("WHAT.")))
            stream.on("end", common.must_call(lambda: stream.end()))

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            c = net.create_connection(port, HOST)
            c.on("data", lambda _: c.end())
            c.on("end", lambda: server.close())

        common.listen(server, on_listening)

    common.run(main)
