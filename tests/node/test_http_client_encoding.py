# Port of Node v20 test/parallel/test-http-client-encoding.js.
# Deviations: Node's `data += chunk` coerces Buffers to str; the chunks are
# joined as bytes and compared with b'ok' (the `encoding` option is ignored,
# as in Node).
from nodekit import http
from tests.node._common import at


def test_unknown_encoding_option_is_ignored(common):
    def main():
        def handler(req, res):
            res.end("ok")
            server.close()

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                data = []
                res.on("data", data.append)
                res.on("end", common.must_call(
                    lambda: _check(b"".join(d if isinstance(d, bytes) else d.encode()
                                            for d in data))))

            http.request(at(port, encoding="utf8"), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)


def _check(data):
    assert data == b"ok"
