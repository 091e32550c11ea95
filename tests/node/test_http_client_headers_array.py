# Port of Node v20 test/parallel/test-http-client-headers-array.js.
# Deviations: headers['cookie'] is a list on the server (API.md §6), where
# Node joins every Cookie line into one string. A cookie string or list
# goes out as one line (a list joined with '; ', API.md §6), so the server
# sees ['a=1; b=2; c=3']; three separate ('cookie', v) pairs go out as three
# lines and arrive as ['a=1', 'b=2', 'c=3']. The host is 127.0.0.1.
# Node's array-of-pairs headers are a list of (name, value) pairs.
import base64

import pytest

from nodekit import http

ONE = ["a=1; b=2; c=3"]
THREE = ["a=1", "b=2", "c=3"]
CASES = [
    ({"headers": {"x-foo": "boom", "cookie": "a=1; b=2; c=3"}}, ONE),
    ({"headers": {"x-foo": "boom", "cookie": ["a=1", "b=2", "c=3"]}}, ONE),
    ({"headers": [("x-foo", "boom"), ("cookie", "a=1; b=2; c=3"), ("Host", "example.com")]},
     ONE),
    ({"headers": [("x-foo", "boom"), ("cookie", ["a=1", "b=2", "c=3"]),
                  ("Host", "example.com")]}, ONE),
    ({"headers": [("x-foo", "boom"), ("cookie", "a=1"), ("cookie", "b=2"), ("cookie", "c=3"),
                  ("Host", "example.com")]}, THREE),
    ({"auth": "foo:bar", "headers": {"x-foo": "boom", "cookie": "a=1; b=2; c=3"}}, ONE),
    ({"auth": "foo:bar", "headers": [("x-foo", "boom"), ("cookie", "a=1"), ("cookie", "b=2"),
                                     ("cookie", "c=3"), ("Host", "example.com")]}, THREE),
]


@pytest.mark.parametrize("options,cookie", CASES, ids=range(len(CASES)))
def test_header_dicts_and_pair_lists(options, cookie, common):
    options = dict(options)

    def main():
        def handler(req, res):
            port = server.address()["port"]
            expect = {"x-foo": "boom", "cookie": cookie, "connection": "keep-alive",
                      "host": "example.com"}
            if not isinstance(options["headers"], list):
                expect["host"] = f"127.0.0.1:{port}"
                if options.get("auth"):
                    token = base64.b64encode(options["auth"].encode()).decode()
                    expect["authorization"] = f"Basic {token}"
            server.close()
            assert req.headers == expect
            res.write_head(200, {"Connection": "close"})
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            options.update(host=common.HOST, port=port, path="/")
            http.request(options, lambda res: res.resume()).end()

        common.listen(server, go)

    common.run(main)
