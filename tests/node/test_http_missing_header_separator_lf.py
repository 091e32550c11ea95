# Port of Node v20 test/parallel/test-http-missing-header-separator-lf.js.
# Deviations: none; a bare CR between two header fields is a 400 and no
# request reaches the handler.
# The raw client is shared: tests/node/_twins/bad_request.py.
import pytest

from nodekit import http
from tests.node._twins.bad_request import expect_400

MSGS = [
    "\r\n".join(["GET / HTTP/1.1", "Host: localhost", "Dummy: x\rContent-Length: 23", "",
                 "GET / HTTP/1.1", "Dummy: GET /admin HTTP/1.1", "Host: localhost", "", ""]),
    "\r\n".join(["POST / HTTP/1.1", "Host: localhost", "x:x\rTransfer-Encoding: chunked", "",
                 "1", "A", "0", "", ""]),
    "\r\n".join(["POST / HTTP/1.1", "Host: localhost", "x:\rTransfer-Encoding: chunked", "",
                 "1", "A", "0", "", ""]),
]


@pytest.mark.parametrize("msg", MSGS, ids=range(3))
def test_bare_separator_inside_the_head_is_a_400(msg, common):
    common.run(lambda: expect_400(common, http.create_server(common.must_not_call()), msg))
