# Port of Node v20 test/parallel/test-http-response-statuscode.js.
# Deviations: JS values map to -1, inf, nan, {}, 99, 1000, '1000', None,
# True, [], two strings, and write_head() with no argument; Python's None is
# both JS null and undefined, so None's message says 'undefined'; inf and
# nan show as Python writes them. write_head() with no argument is a
# Python TypeError (a required argument is missing), not Node's
# ERR_HTTP_INVALID_STATUS_CODE: the last test asserts that.
import math

import pytest

from nodekit import http
from tests.node._common import at, raises

CASES = [(-1, "-1"), (math.inf, "inf"), (math.nan, "nan"), ({}, "{}"), (99, "99"),
         (1000, "1000"), ("1000", "1000"), (None, "undefined"), (True, "true"),
         ([], "[]"),
         ("this is not valid", "this is not valid"),
         ("404 this is not valid either", "404 this is not valid either")]


@pytest.mark.parametrize("code,shown", CASES, ids=repr)
def test_invalid_status_code_throws(code, shown, common):
    def main():
        def handler(req, res):
            raises(lambda: res.write_head(code), code="ERR_HTTP_INVALID_STATUS_CODE",
                   cls=ValueError, message=f"Invalid status code: {shown}")
            res.status_code = 200
            res.end()
            server.close()

        server = http.Server(common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.resume()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_write_head_without_a_status_code_throws(common):
    def main():
        def handler(req, res):
            raises(lambda: res.write_head(), cls=TypeError)
            res.status_code = 200
            res.end()
            server.close()

        server = http.Server(common.must_call(handler))
        common.listen(server, lambda port: http.get(at(port), lambda res: res.resume()))

    common.run(main)
