# Port of Node v20 test/parallel/test-http-uncaught-from-request-callback.js.
# Deviations: the async_hooks hook of the original (it only has to exist) is
# left out: NodeKit has no async_hooks.
from nodekit import http, process
from tests.node._common import at


def test_error_from_response_callback_is_uncaught(common):
    def main():
        process.once("uncaughtException", common.must_call(lambda *a: server.close()))

        def handler(request, response):
            response.write_head(200, {"Content-Type": "text/plain"})
            response.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                raise Exception("whoah")

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
