# Port of Node v20 test/parallel/test-https-client-get-url.js.
# Deviations: NODE_TLS_REJECT_UNAUTHORIZED=0 is set for the test only (Node:
# for the process). Node passes the URL as a
# string, as url.parse()'s object and as a WHATWG URL; Python has neither
# object, so the second and third gets use the string and the options dict
# url.parse() would give (hostname, port, path). The agent1 certificate is
# made at run time (tests/node/_tls.py).
from urllib.parse import urlsplit

from nodekit import https
from tests.node._tls import agent1_options


def test_get_with_a_url_string_and_its_parsed_form(common, monkeypatch):
    monkeypatch.setenv("NODE_TLS_REJECT_UNAUTHORIZED", "0")
    def main():
        def handler(req, res):
            assert req.method == "GET"
            assert req.url == "/foo?bar"
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("hello\n")
            res.end()

        server = https.create_server(agent1_options(), common.must_call(handler, 3))

        def go(port):
            u = f"https://{common.HOST}:{port}/foo?bar"
            parts = urlsplit(u)
            parsed = {"hostname": parts.hostname, "port": parts.port,
                      "path": parts.path + "?" + parts.query}

            def third(res):
                res.resume()
                server.close()

            def second(res):
                res.resume()
                https.get(u, common.must_call(third))

            def first(res):
                res.resume()
                https.get(parsed, common.must_call(second))

            https.get(u, common.must_call(first))

        common.listen(server, go)

    common.run(main)
