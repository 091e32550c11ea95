# Port of Node v20 test/parallel/test-http-url.parse-basic.js.
# Deviations: Node passes url.parse()'s object; here the URL string, which
# http.request parses the same way (Python has no
# url.parse object). The host is 127.0.0.1.
from nodekit import http


def test_request_from_a_parsed_url(common):
    def main():
        def handler(request, response):
            port = server.address()["port"]
            assert request.method == "GET"
            assert request.url == "/"
            assert request.headers["host"] == f"127.0.0.1:{port}"
            response.write_head(200, {})
            response.end("ok")
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            url = f"http://127.0.0.1:{port}"
            req = http.request(url)
            assert isinstance(req.agent, http.Agent)
            req.on("response", lambda res: res.resume())
            req.end()

        common.listen(server, go)

    common.run(main)
