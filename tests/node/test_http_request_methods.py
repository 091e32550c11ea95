# Port of Node v20 test/parallel/test-http-request-methods.js.
# Deviations: none.
# The handler and the raw client are shared with test-http-wget.js:
# tests/node/_twins/http_siblings.py.
import pytest

from nodekit import http
from tests.node._twins.http_siblings import hello_world_over_http_1_0, write_hello_world


@pytest.mark.parametrize("method", ["DELETE", "PATCH", "PURGE"])
def test_http_1_0_request_methods(method, common):
    def main():
        def handler(req, res):
            assert req.method == method
            write_hello_world(res)

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: hello_world_over_http_1_0(
            common, server, port, f"{method} / HTTP/1.0\r\n\r\n", count_close=False))

    common.run(main)
