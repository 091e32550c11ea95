# Port of Node v20 test/parallel/test-http-zerolengthbuffer.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_empty_buffer_body_emits_no_data(common):
    def main():
        def handler(req, res):
            buffer = b""
            res.write_head(200, {"Content-Type": "text/html", "Content-Length": len(buffer)})
            res.end(buffer)

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                res.on("data", common.must_not_call())
                res.on("end", common.must_call(lambda: server.close()))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
