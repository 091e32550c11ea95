# Port of Node v20 test/parallel/test-http-client-upload-buf.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at

N = 1024


def test_post_of_a_buffer(common):
    def main():
        def handler(req, res):
            assert req.method == "POST"
            received = [0]
            req.on("data", lambda chunk: received.__setitem__(0, received[0] + len(chunk)))

            def on_end():
                assert received[0] == N
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
            req.write(bytes(N))
            req.end()

        common.listen(server, go)

    common.run(main)
