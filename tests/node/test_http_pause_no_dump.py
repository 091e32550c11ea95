# Port of Node v20 test/parallel/test-http-pause-no-dump.js.
# Deviations: Node asserts !req._dumped (internal); the port checks the
# public effect: the paused request is not resumed by the response's end
# (it stays paused, is_paused() is True at 'finish').
from nodekit import http
from tests.node._common import at


def test_paused_request_is_not_dumped_when_the_response_ends(common):
    def main():
        def handler(req, res):
            def on_data(chunk):
                req.pause()
                res.write_head(200)
                res.end()
                res.on("finish", common.must_call(lambda: _check(req)))

            req.once("data", common.must_call(on_data))

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.resume()
                res.on("end", common.must_call(lambda: server.close()))

            req = http.request(at(port, method="POST", path="/"), common.must_call(on_response))
            req.end(bytes(1024))

        common.listen(server, go)

    common.run(main)


def _check(req):
    assert req.is_paused()
