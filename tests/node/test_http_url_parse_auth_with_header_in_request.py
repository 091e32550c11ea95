# Port of Node v20 test/parallel/test-http-url.parse-auth-with-header-in-request.js.
# Deviations: Node passes url.parse()'s object with extra properties (headers); here the
# URL string and the extra properties as the options argument (Python has no
# url.parse object). The host is 127.0.0.1.
from nodekit import http


def test_request_from_a_parsed_url(common):
    def main():
        def handler(request, response):
            assert request.headers["authorization"] == "NoAuthForYOU"
            response.write_head(200, {})
            response.end("ok")
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            url = f"http://asdf:qwer@127.0.0.1:{port}"
            req = http.request(url, {"headers": {"Authorization": "NoAuthForYOU"}})
            req.on("response", lambda res: res.resume())
            req.end()

        common.listen(server, go)

    common.run(main)
