"""test-http(s)-client-get-url.js: get() with a URL string and with the
options url.parse() gives for it (https: the port sets
NODE_TLS_REJECT_UNAUTHORIZED=0, as Node's does)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tests.node._twins import Twin

TEST_PATH = "/foo?bar"


def get_with_a_url_string_and_its_parsed_form(common: Any, twin: Twin) -> None:
    def main():
        def handler(req, res):
            assert req.method == "GET"
            assert req.url == TEST_PATH
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("hello\n")
            res.end()

        server = twin.create_server(common.must_call(handler, 3))

        def go(port):
            u = f"{twin.name}://{common.HOST}:{port}{TEST_PATH}"
            parts = urlsplit(u)
            parsed = {"hostname": parts.hostname, "port": parts.port,
                      "path": parts.path + "?" + parts.query}

            def third(res):
                res.resume()
                server.close()

            def second(res):
                res.resume()
                twin.get(u, common.must_call(third))

            def first(res):
                res.resume()
                twin.get(parsed, common.must_call(second))

            twin.get(u, common.must_call(first))

        common.listen(server, go)

    common.run(main)
