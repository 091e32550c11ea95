# Port of Node v20 test/parallel/test-http-client-close-event.js.
# Deviations: Node checks err.constructor === Error; NodeKit's 'socket hang
# up' is a NodeError (an Exception with a code), checked by message and code.
from nodekit import http
from tests.node._common import at


def test_destroy_before_response_is_socket_hang_up_then_close(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            req = http.get(at(port), common.must_not_call())
            emitted = []

            def on_error(err):
                emitted.append(err)
                assert str(err) == "socket hang up"
                assert err.code == "ECONNRESET"

            def on_close():
                assert req.destroyed is True
                assert emitted
                server.close()

            req.on("error", common.must_call(on_error))
            req.on("close", common.must_call(on_close))
            req.destroy()

        common.listen(server, go)

    common.run(main)
