# Port of Node v20 test/parallel/test-http-hex-write.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at

EXPECT = "hex\nutf8\n"


def test_hex_encoded_write(common):
    def main():
        def handler(q, s):
            s.set_header("content-length", len(EXPECT))
            s.write("6865780a", "hex")
            s.write("utf8\n")
            s.end()
            server.close()

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                data = []
                res.set_encoding("ascii")
                res.on("data", data.append)
                res.on("end", common.must_call(lambda: _eq("".join(data), EXPECT)))

            http.request(at(port)).on("response", common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
