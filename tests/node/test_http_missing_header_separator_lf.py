# Port of Node v20 test/parallel/test-http-missing-header-separator-lf.js.
# Deviations: none; a bare CR between two header fields is a 400 and no
# request reaches the handler.
import pytest

from nodekit import http, net

MSGS = [
    "\r\n".join(["GET / HTTP/1.1", "Host: localhost", "Dummy: x\rContent-Length: 23", "",
                 "GET / HTTP/1.1", "Dummy: GET /admin HTTP/1.1", "Host: localhost", "", ""]),
    "\r\n".join(["POST / HTTP/1.1", "Host: localhost", "x:x\rTransfer-Encoding: chunked", "",
                 "1", "A", "0", "", ""]),
    "\r\n".join(["POST / HTTP/1.1", "Host: localhost", "x:\rTransfer-Encoding: chunked", "",
                 "1", "A", "0", "", ""]),
]


@pytest.mark.parametrize("msg", MSGS, ids=range(3))
def test_bare_separator_inside_the_head_is_a_400(msg, common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            client = net.connect(port, common.HOST)
            response = []
            client.on("data", common.must_call_at_least(response.append))
            client.set_encoding("utf8")
            client.on("error", common.must_not_call())

            def on_end():
                assert "".join(response) == \
                    "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                server.close()

            client.on("end", common.must_call(on_end))
            client.write(msg)
            client.resume()

        common.listen(server, go)

    common.run(main)
