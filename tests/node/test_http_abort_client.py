# Port of Node v20 test/parallel/test-http-abort-client.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_server_destroy_mid_body_aborts_the_response(common):
    def main():
        box = []

        def handler(req, res):
            box.append(res)
            res.write_head(200)
            res.write("Part of my res.")

        server = http.Server(common.must_call(handler))

        def go(port):
            def on_response(res):
                server.close()
                box[0].destroy()
                res.resume()
                res.on("end", common.must_not_call("end"))
                res.on("aborted", common.must_call())
                res.on("error", common.expects_error(code="ECONNRESET"))
                res.on("close", common.must_call())
                res.socket.on("close", common.must_call())

            http.get(at(port, headers={"connection": "keep-alive"}), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
