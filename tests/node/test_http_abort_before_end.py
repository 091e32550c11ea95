# Port of Node v20 test/parallel/test-http-abort-before-end.js.
# Deviations: none.
from nodekit import http


def test_abort_then_end_emits_abort_and_no_error(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            req = http.request({"method": "GET", "host": common.HOST, "port": port})
            req.on("abort", common.must_call(lambda: server.close()))
            req.on("error", common.must_not_call())
            req.abort()
            req.end()

        common.listen(server, go)

    common.run(main)
