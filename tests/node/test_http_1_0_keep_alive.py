# Port of Node v20 test/parallel/test-http-1.0-keep-alive.js.
# Deviations: one pytest case per Node case (Node chains them); the
# console.error tracing is left out.
import pytest

from nodekit import http, net
from tests.node._common import HOST

KEEP_ALIVE_REQ = "POST / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
PLAIN_REQ = "POST / HTTP/1.0\r\n\r\n"

CASES = {
    "keep-alive, no TE header": (
        [(True, KEEP_ALIVE_REQ), (True, KEEP_ALIVE_REQ)],
        [({"Connection": "keep-alive"}, ["OK"]), (None, [])]),
    "keep-alive, with TE: chunked": (
        [(False, "POST / HTTP/1.0\r\nConnection: keep-alive\r\nTE: chunked\r\n\r\n"),
         (True, PLAIN_REQ)],
        [({"Connection": "keep-alive"}, ["OK"]), (None, [])]),
    "keep-alive, with Transfer-Encoding: chunked": (
        [(False, KEEP_ALIVE_REQ), (True, PLAIN_REQ)],
        [({"Connection": "keep-alive", "Transfer-Encoding": "chunked"}, ["OK"]), (None, [])]),
    "keep-alive, with Content-Length": (
        [(False, KEEP_ALIVE_REQ), (True, PLAIN_REQ)],
        [({"Connection": "keep-alive", "Content-Length": "2"}, ["OK"]), (None, [])]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_http_1_0_keep_alive(common, name):
    requests, responses = CASES[name]
    current = [0]

    def main():
        def handler(req, res):
            if current[0] + 1 == len(responses):
                server.close()
            headers, chunks = responses[current[0]]
            res.write_head(200, headers)
            for chunk in chunks[:-1]:
                res.write(chunk)
            res.end(chunks[-1] if chunks else None)

        server = http.create_server(handler)

        def client():
            if current[0] == len(requests):
                return
            port = server.address()["port"]
            conn = net.create_connection(port, HOST, lambda *_: connected(conn))

        def connected(conn):
            expect_close, data = requests[current[0]]
            conn.set_encoding("utf8")
            conn.write(data)

            def onclose(*_):
                if not expect_close:
                    raise AssertionError("unexpected close")
                client()

            def ondata(s):
                current[0] += 1
                if expect_close:
                    return
                conn.remove_listener("close", onclose)
                conn.remove_listener("data", ondata)
                connected(conn)

            conn.on("close", onclose)
            conn.on("data", ondata)

        server.listen(0, HOST, client)

    common.run(main)
    assert current[0] == len(requests)
