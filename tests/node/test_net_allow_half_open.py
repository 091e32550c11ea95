# Port of Node v20 test/parallel/test-net-allow-half-open.js.
# Deviations: connects to 127.0.0.1 (Node: localhost); the two blocks are two tests.
from nodekit import net, next_tick
from tests.node._common import HOST


def _server(common, on_listening):
    server = net.create_server(common.must_call(lambda socket: socket.end(bytes(1024))))
    common.listen(server, lambda port: on_listening(server, port))


def test_end_received_does_not_destroy_before_shutdown(common):
    def on_listening(server, port):
        socket = net.connect(port, HOST)
        assert socket.allow_half_open is False
        socket.resume()

        def on_end():
            def later():
                # Not destroyed straight away without a proper shutdown.
                assert not socket.destroyed
                server.close()

            next_tick(later)

        socket.on("end", common.must_call(on_end))

        def not_destroyed():
            assert not socket.destroyed

        socket.on("finish", common.must_call(not_destroyed))
        socket.on("close", common.must_call())

    common.run(lambda: _server(common, on_listening))


def test_end_both_ways(common):
    def on_listening(server, port):
        socket = net.connect(port, HOST)
        assert socket.allow_half_open is False
        socket.resume()

        def not_destroyed():
            assert not socket.destroyed

        socket.on("end", common.must_call(not_destroyed))
        socket.end("asd")
        socket.on("finish", common.must_call(not_destroyed))
        socket.on("close", common.must_call(lambda *_: server.close()))

    common.run(lambda: _server(common, on_listening))
