# Port of Node v20 test/parallel/test-http-catch-uncaughtexception.js.
# Deviations: the process listener is removed at the end of the test.
from nodekit import http, process
from tests.node._common import at


def test_error_thrown_in_response_callback_reaches_uncaught_exception(common):
    def uncaught(er, *origin):
        assert str(er) == "get did fail"

    listener = common.must_call(uncaught)

    def main():
        process.on("uncaughtException", listener)

        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("bye")

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                res.resume()
                raise Exception("get did fail")

            http.get(at(port), on_response).on("close", lambda: server.close())

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        process.off("uncaughtException", listener)
