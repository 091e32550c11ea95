# Port of Node v20 test/parallel/test-http-proxy.js.
# Deviations: url.parse(req.url).pathname is urllib.parse.urlsplit(...).path.
from urllib.parse import urlsplit

from nodekit import http
from tests.node._common import at

COOKIES = ["session_token=; path=/; expires=Sun, 15-Sep-2030 13:48:52 GMT",
           "prefers_open_id=; path=/; expires=Thu, 01-Jan-1970 00:00:00 GMT"]
HEADERS = {"content-type": "text/plain", "set-cookie": COOKIES, "hello": "world"}


def test_proxy_passes_headers_cookies_and_body_through(common):
    body = []

    def main():
        def backend_handler(req, res):
            res.write_head(200, HEADERS)
            res.write("hello world\n")
            res.end()

        backend = http.create_server(backend_handler)

        def proxy_handler(req, res):
            def on_backend(proxy_res):
                assert proxy_res.headers["hello"] == "world"
                assert proxy_res.headers["content-type"] == "text/plain"
                assert proxy_res.headers["set-cookie"] == COOKIES
                res.write_head(proxy_res.status_code, proxy_res.headers)
                proxy_res.on("data", res.write)
                proxy_res.on("end", lambda: res.end())

            http.get(at(backend.address()["port"], path=urlsplit(req.url).path), on_backend)

        proxy = http.create_server(proxy_handler)
        listening = [0]

        def start_req(*_):
            listening[0] += 1
            if listening[0] < 2:
                return

            def on_response(res):
                assert res.status_code == 200
                assert res.headers["hello"] == "world"
                assert res.headers["content-type"] == "text/plain"
                assert res.headers["set-cookie"] == COOKIES
                res.set_encoding("utf8")
                res.on("data", body.append)

                def on_end():
                    proxy.close()
                    backend.close()

                res.on("end", on_end)

            http.get(at(proxy.address()["port"], path="/test"), on_response)

        proxy.listen(0, common.HOST, start_req)
        backend.listen(0, common.HOST, start_req)

    common.run(main)
    assert "".join(body) == "hello world\n"
