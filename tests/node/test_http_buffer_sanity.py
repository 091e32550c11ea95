# Port of Node v20 test/parallel/test-http-buffer-sanity.js.
# Deviations: 1 MiB (Node: 5 MiB); each chunk is compared as a slice.
from nodekit import http
from tests.node._common import at

SIZE = 1024 * 1024
BUFFER = bytes(i % 256 for i in range(256)) * (SIZE // 256)


def test_posted_bytes_arrive_intact(common):
    def main():
        def handler(req, res):
            server.close()
            pos = [0]

            def on_data(d):
                d = bytes(d)
                assert d == BUFFER[pos[0]:pos[0] + len(d)]
                pos[0] += len(d)

            def on_end():
                assert pos[0] == SIZE
                res.write_head(200)
                res.write("thanks")
                res.end()

            req.on("data", on_data)
            req.on("end", common.must_call(on_end))

        server = http.Server(handler)

        def go(port):
            def on_response(res):
                res.set_encoding("utf8")
                data = []
                res.on("data", data.append)
                res.on("end", common.must_call(lambda: _eq("".join(data), "thanks")))

            req = http.request(at(port, method="POST", path="/",
                                  headers={"content-length": len(BUFFER)}),
                               common.must_call(on_response))
            req.end(BUFFER)

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
