# Port of Node v20 test/parallel/test-http-double-content-length.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_two_content_lengths_from_the_client_are_a_client_error(common):
    def main():
        server = http.create_server(common.must_not_call())

        def on_client_error(err, socket):
            assert str(err).startswith("Parse Error")
            assert err.code == "HPE_UNEXPECTED_CONTENT_LENGTH"
            socket.destroy()

        server.on("clientError", common.must_call(on_client_error))

        def go(port):
            req = http.get(at(port, headers={"Content-Length": [1, 2]}),
                           common.must_not_call("an error should have occurred"))
            req.on("error", common.must_call(lambda err: server.close()))

        common.listen(server, go)

    common.run(main)
