# Port of Node v20 test/parallel/test-http-head-throw-on-response-body-write.js.
# Deviations: none (reject_non_standard_body_writes, API.md §11).
import pytest

from nodekit import http
from tests.node._common import at, raises


def _serve(common, options, handler, method):
    def main():
        server = http.create_server(options, handler)

        def go(port):
            def on_response(res):
                res.resume()
                res.on("end", common.must_call(lambda: server.close()))

            http.request(at(port, method=method, path="/"), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)


@pytest.mark.parametrize("options", [None, {"reject_non_standard_body_writes": False}])
def test_head_response_body_is_dropped_by_default(options, common):
    def handler(req, res):
        res.write_head(200)
        res.end("this is content")

    _serve(common, options, handler, "HEAD")


def test_body_on_a_204_throws_with_reject_non_standard_body_writes(common):
    def handler(req, res):
        res.write_head(204)
        raises(lambda: res.write("this is content"), code="ERR_HTTP_BODY_NOT_ALLOWED",
               message="Adding content for this request method or response status is not "
                       "allowed.")
        res.end()

    _serve(common, {"reject_non_standard_body_writes": True}, handler, "GET")
