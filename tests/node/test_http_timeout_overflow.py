# Port of Node v20 test/parallel/test-http-timeout-overflow.js.
# Deviations: Node's req.clearTimeout(callback) is not public API (and not in
# API.md); the timeout is cleared with set_timeout(0), its documented form.
from nodekit import http
from tests.node._common import at


def test_timeout_of_2_to_the_32_minus_1_ms_does_not_fire(common):
    def main():
        server = http.create_server(common.must_call(
            lambda req, res: (res.write_head(200, {"Content-Type": "text/plain"}), res.end("OK"))))

        def go(port):
            def callback():
                pass

            def on_response(res):
                req.set_timeout(0)
                res.on("end", common.must_call(lambda: server.close()))
                res.resume()

            req = http.request(at(port, path="/", agent=False), on_response)
            req.set_timeout(0xffffffff, callback)
            req.end()

        common.listen(server, go)

    common.run(main)
