# Port of Node v20 test/parallel/test-http-client-get-url.js.
# Deviations: Node passes the URL as a string, as url.parse()'s object and
# as a WHATWG URL; Python has neither object, so the second and third gets
# use the string and the options dict url.parse() would give
# (hostname, port, path).
from urllib.parse import urlsplit

from nodekit import http

TEST_PATH = "/foo?bar"


def test_get_with_a_url_string_and_its_parsed_form(common):
    def main():
        def handler(req, res):
            assert req.method == "GET"
            assert req.url == TEST_PATH
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("hello\n")
            res.end()

        server = http.create_server(common.must_call(handler, 3))

        def go(port):
            u = f"http://127.0.0.1:{port}{TEST_PATH}"
            parts = urlsplit(u)
            parsed = {"hostname": parts.hostname, "port": parts.port,
                      "path": parts.path + "?" + parts.query}

            def third(res):
                res.resume()
                server.close()

            def second(res):
                res.resume()
                http.get(u, common.must_call(third))

            def first(res):
                res.resume()
                http.get(parsed, common.must_call(second))

            http.get(u, common.must_call(first))

        common.listen(server, go)

    common.run(main)
