# Port of Node v20 test/parallel/test-http-client-incomingmessage-destroy.js.
# Deviations: the process listener is removed after the test.
from nodekit import http, process
from tests.node._common import at


def test_response_destroy_with_error_is_uncaught(common):
    def on_uncaught(error, *origin):
        assert str(error) == "Destroy test"
        server_box[0].close()

    listener = common.must_call(on_uncaught)
    server_box = []

    def main():
        process.on("uncaughtException", listener)

        def handler(req, res):
            res.write_head(200)
            res.write("Part of res.")

        server = http.create_server(common.must_call(handler))
        server_box.append(server)

        def go(port):
            def on_response(res):
                err = Exception("Destroy test")
                assert res.errored is None
                res.destroy(err)
                assert res.closed is False
                assert res.errored is err

                def on_close():
                    assert res.closed is True

                res.on("close", common.must_call(on_close))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        process.off("uncaughtException", listener)
