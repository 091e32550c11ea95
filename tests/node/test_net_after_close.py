# Port of Node v20 test/parallel/test-net-after-close.js.
# Deviations: `c._handle === null` is not public in NodeKit: `c.destroyed` is
# checked instead; connects to 127.0.0.1 (Node: localhost).
from nodekit import net
from tests.node._common import HOST


def test_calls_on_a_closed_socket_do_not_raise(common):
    def main():
        server = net.create_server(common.must_call(lambda s: s.end()))

        def on_listening(port):
            c = net.create_connection(port, HOST)

            def on_close(*_):
                assert c.destroyed
                # Calling methods / reading properties of a closed socket
                # must not raise.
                c.set_no_delay()
                c.set_keep_alive()
                _ = c.write_buffer_size
                c.pause()
                c.resume()
                c.address()
                _ = (c.remote_address, c.remote_port)
                server.close()

            c.on("close", common.must_call(on_close))

        common.listen(server, on_listening)

    common.run(main)
