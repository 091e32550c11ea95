# Port of Node v20 test/parallel/test-http-res-write-after-end.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_write_after_end_returns_false_and_emits_error(common):
    def main():
        def handler(req, res):
            res.on("error", common.expects_error(code="ERR_STREAM_WRITE_AFTER_END"))
            res.write("This should write.")
            res.end()
            r = res.write("This should raise an error.")
            assert r is False

        server = http.Server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.resume()
                server.close()

            http.get(at(port), on_response)

        common.listen(server, go)

    common.run(main)
