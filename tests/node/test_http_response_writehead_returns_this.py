# Port of Node v20 test/parallel/test-http-response-writehead-returns-this.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_write_head_is_chainable(common):
    def main():
        server = http.create_server(
            lambda req, res: res.write_head(200, {"a-header": "a-header-value"}).end("abc"))

        def go(port):
            def on_response(res):
                assert res.headers["a-header"] == "a-header-value"
                chunks = []
                res.on("data", chunks.append)

                def on_end():
                    assert b"".join(chunks) == b"abc"
                    server.close()

                res.on("end", common.must_call(on_end))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
