# Port of Node v20 test/parallel/test-http-readable-data-event.js.
# Deviations: host 127.0.0.1 rather than localhost.
from nodekit import http
from tests.node._common import at

HELLO = "Hello World!"
LATER = "Hello again later!"


def test_readable_and_data_together(common):
    def main():
        nxt = [lambda: None]

        def handler(req, res):
            res.write_head(200, {"Content-Length": f"{len(HELLO) + len(LATER)}"})

            def finish():
                res.end(LATER)
                nxt[0] = lambda: None

            nxt[0] = finish
            res.write(HELLO)

        server = http.create_server(handler)

        def go(port):
            expected_data = [HELLO, LATER]
            expected_read = [HELLO, None, LATER, None, None]

            def on_response(res):
                res.on("error", common.must_not_call())

                def on_readable():
                    while True:
                        data = res.read()
                        assert data == expected_read.pop(0)
                        nxt[0]()
                        if data is None:
                            break

                res.on("readable", common.must_call(on_readable, 3))
                res.set_encoding("utf8")
                res.on("data", common.must_call(lambda d: _eq(d, expected_data.pop(0)), 2))
                res.on("end", common.must_call(lambda: server.close()))

            http.request(at(port, path="/"), on_response).end()

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
