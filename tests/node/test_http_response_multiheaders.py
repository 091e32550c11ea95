# Port of Node v20 test/parallel/test-http-response-multiheaders.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at

NOREPEAT = ["content-type", "user-agent", "referer", "host", "authorization",
            "proxy-authorization", "if-modified-since", "if-unmodified-since", "from",
            "location", "max-forwards", "retry-after", "etag", "last-modified", "server", "age",
            "expires"]


def test_single_valued_headers_keep_the_first_value(common):
    def main():
        def handler(req, res):
            num = req.headers["x-num"]
            if num == "1":
                for name in NOREPEAT:
                    res.set_header(name, ["A", "B"])
                res.set_header("X-A", ["A", "B"])
            elif num == "2":
                headers = {name: ["A", "B"] for name in NOREPEAT}
                headers["X-A"] = ["A", "B"]
                res.write_head(200, headers)
            res.end("ok")

        server = http.create_server(handler)
        left = [2]

        def go(port):
            def on_response(res):
                left[0] -= 1
                if left[0] == 0:
                    server.close()
                for name in NOREPEAT:
                    assert res.headers[name] == "A"
                assert res.headers["x-a"] == "A, B"
                res.resume()

            for n in (1, 2):
                http.get(at(port, headers={"x-num": n}), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
