# Port of Node v20 test/parallel/test-http-server-stale-close.js.
# Deviations: Node's forked child (a POST of 3 of its 42 bytes that exits at
# the response) is a client in the same loop that destroys its socket at the
# response (process.exit).
from nodekit import http
from tests.node._common import at


def test_req_close_after_the_client_vanishes_mid_body(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Length": "42"})
            req.pipe(res)
            assert req.destroyed is False

            def on_close():
                assert req.destroyed is True
                server.close()
                res.end()

            req.on("close", common.must_call(on_close))

        server = http.create_server(common.must_call(handler))

        def go(port):
            box = {}

            def on_response(res):
                box["req"].socket.destroy()

            req = http.request(at(port, method="POST", headers={"Content-Length": "42"}),
                               common.must_call(on_response))
            box["req"] = req
            req.on("error", lambda err: None)
            req.write("BAM")
            req.end()

        common.listen(server, go)

    common.run(main)
