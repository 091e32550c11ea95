# Port of Node v20 test/parallel/test-http-information-processing.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at

BODY = "other stuff!\n"


def test_two_102_then_the_response(common):
    def main():
        def handler(req, res):
            for _ in range(2):
                res.write_processing()
            res.write_head(200, {"Content-Type": "text/plain", "ABCD": "1"})
            res.end(BODY)

        server = http.create_server(handler)

        def go(port):
            req = http.request(at(port, path="/world"))
            req.end()
            info = []
            req.on("information", info.append)

            def on_response(res):
                assert len(info) == 2
                assert res.status_code == 200
                res.set_encoding("utf8")
                body = []
                res.on("data", body.append)

                def on_end():
                    assert "".join(body) == BODY
                    assert "abcd" in res.headers
                    server.close()

                res.on("end", common.must_call(on_end))

            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
