# Port of Node v20 test/parallel/test-http-set-cookies.js.
# Deviations: Node's array-of-pairs is a list of (name, value) pairs.
from nodekit import http
from tests.node._common import at


def test_set_cookie_is_always_a_list(common):
    def main():
        def handler(req, res):
            if req.url == "/one":
                res.write_head(200, [("set-cookie", "A"), ("content-type", "text/plain")])
                res.end("one\n")
            else:
                res.write_head(200, [("set-cookie", "A"), ("set-cookie", "B"),
                                     ("content-type", "text/plain")])
                res.end("two\n")

        server = http.create_server(handler)
        left = [2]

        def dec():
            left[0] -= 1
            if left[0] == 0:
                server.close()

        def go(port):
            def one(res):
                assert res.headers["set-cookie"] == ["A"]
                assert res.headers["content-type"] == "text/plain"
                res.resume()
                res.on("end", common.must_call(dec))

            def two(res):
                assert res.headers["set-cookie"] == ["A", "B"]
                assert res.headers["content-type"] == "text/plain"
                res.resume()
                res.on("end", common.must_call(dec))

            http.get(at(port, path="/one"), common.must_call(one))
            http.get(at(port, path="/two"), common.must_call(two))

        common.listen(server, go)

    common.run(main)
