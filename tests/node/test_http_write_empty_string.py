# Port of Node v20 test/parallel/test-http-write-empty-string.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_empty_writes_add_nothing(common):
    def main():
        def handler(request, response):
            response.write_head(200, {"Content-Type": "text/plain"})
            response.write("1\n")
            response.write("")
            response.write("2\n")
            response.write("")
            response.end("3\n")
            server.close()

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.set_encoding("ascii")
                out = []
                res.on("data", out.append)
                res.on("end", common.must_call(lambda: _eq("".join(out), "1\n2\n3\n")))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
