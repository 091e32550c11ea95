# Port of Node v20 test/parallel/test-http-request-methods.js.
# Deviations: none.
import pytest

from nodekit import http, net


@pytest.mark.parametrize("method", ["DELETE", "PATCH", "PURGE"])
def test_http_1_0_request_methods(method, common):
    def main():
        def handler(req, res):
            assert req.method == method
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("hello ")
            res.write("world\n")
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            c = net.create_connection(port, common.HOST)
            response = []
            c.set_encoding("utf8")
            c.on("connect", lambda: c.write(f"{method} / HTTP/1.0\r\n\r\n"))
            c.on("data", response.append)

            def on_end():
                m = "".join(response).split("\r\n\r\n")
                assert m[1] == "hello world\n"
                c.end()

            c.on("end", common.must_call(on_end))
            c.on("close", lambda *a: server.close())

        common.listen(server, go)

    common.run(main)
