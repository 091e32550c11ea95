# Port of Node v20 test/parallel/test-http-client-abort-event.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_abort_twice_emits_abort_once_and_no_response(common):
    def main():
        server = http.create_server(lambda req, res: res.end())

        def go(port):
            req = http.request(at(port), common.must_not_call())
            req.on("abort", common.must_call(lambda: server.close()))
            req.end()
            req.abort()
            req.abort()

        common.listen(server, go)

    common.run(main)
