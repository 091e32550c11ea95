# Port of Node v20 test/parallel/test-http-client-request-options.js.
# Deviations: Node passes a WHATWG URL object with an extra `headers`
# property; Python has no URL object, so the url is a string and the headers
# go in the options argument (http.request(url, options)).
from nodekit import http


def test_request_with_url_path_query_and_headers(common):
    headers = {"foo": "Bar"}

    def main():
        def handler(req, res):
            assert req.url == "/ping?q=term"
            assert req.headers.get("foo") == headers["foo"]
            req.resume()

            def on_end():
                res.write_head(200)
                res.end("pong")

            req.on("end", on_end)

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(f"http://127.0.0.1:{port}/ping?q=term", {"headers": headers})
            req.on("response", lambda res: res.resume())
            req.on("close", common.must_call(lambda: server.close()))
            req.end()

        common.listen(server, go)

    common.run(main)
