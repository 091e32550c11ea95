# Port of Node v20 test/parallel/test-http-client-upload.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_three_writes_then_end_arrive_as_one_body(common):
    def main():
        def handler(req, res):
            assert req.method == "POST"
            req.set_encoding("utf8")
            sent = []
            req.on("data", sent.append)

            def on_end():
                assert "".join(sent) == "1\n2\n3\n"
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write("hello\n")
                res.end()

            req.on("end", common.must_call(on_end))

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.set_encoding("utf8")
                res.on("data", lambda chunk: None)
                res.on("end", common.must_call(lambda: server.close()))

            req = http.request(at(port, method="POST", path="/"), common.must_call(on_response))
            req.write("1\n")
            req.write("2\n")
            req.write("3\n")
            req.end()

        common.listen(server, go)

    common.run(main)
