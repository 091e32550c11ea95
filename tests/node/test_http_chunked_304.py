# Port of Node v20 test/parallel/test-http-chunked-304.js.
# Deviations: none; a 204 or 304 framed as chunked by the handler sends no
# chunk terminator and closes.
import re

import pytest

from nodekit import http, net


@pytest.mark.parametrize("status_code", [204, 304])
def test_no_body_status_with_chunked_sends_no_terminator(status_code, common):
    def main():
        def handler(req, res):
            res.write_head(status_code, {"Transfer-Encoding": "chunked"})
            res.end()
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_connect():
                conn.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
                resp = []
                conn.set_encoding("utf8")
                conn.on("data", common.must_call_at_least(resp.append))

                def on_end():
                    text = "".join(resp)
                    assert re.search(r"^Connection: close\r$", text, re.M)
                    assert not re.search(r"^0\r$", text, re.M)

                conn.on("end", common.must_call(on_end))

            conn = net.create_connection(port, common.HOST)
            conn.on("connect", common.must_call(on_connect))

        common.listen(server, go)

    common.run(main)
