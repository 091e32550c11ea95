# Port of Node v20 test/parallel/test-http-default-encoding.js.
# Deviations: the result is checked after run() (Node: at process exit).
from nodekit import http
from tests.node._common import at

EXPECTED = "This is a unicode text: سلام"


def test_request_set_encoding_utf8(common):
    result = []

    def main():
        def handler(req, res):
            req.set_encoding("utf8")

            def on_end():
                res.write_head(200)
                res.end("hello world\n")
                server.close()

            req.on("data", result.append).on("end", common.must_call(on_end))

        server = http.Server(handler)

        def go(port):
            http.request(at(port, path="/", method="POST"), lambda res: res.resume()).on(
                "error", common.must_not_call()).end(EXPECTED)

        common.listen(server, go)

    common.run(main)
    assert "".join(result) == EXPECTED
