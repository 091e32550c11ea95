# Port of Node v20 test/parallel/test-http-response-no-headers.js.
# Deviations: none.
import pytest

from nodekit import http, net

EXPECTED = {"0.9": "I AM THE WALRUS", "1.0": "I AM THE WALRUS", "1.1": ""}


@pytest.mark.parametrize("version", ["0.9", "1.0", "1.1"])
def test_response_without_headers(version, common):
    def main():
        server = net.create_server(
            lambda conn: conn.end(f"HTTP/{version} 200 OK\r\n\r\n{EXPECTED[version]}"))

        def go(port):
            def on_response(res):
                body = []
                res.on("data", body.append)
                res.on("aborted", common.must_not_call())

                def on_end():
                    assert b"".join(body).decode() == EXPECTED[version]
                    server.close()

                res.on("end", common.must_call(on_end))

            http.get({"host": common.HOST, "port": port}, common.must_call(on_response))

        common.listen(server, go)

    common.run(main, timeout=1)
