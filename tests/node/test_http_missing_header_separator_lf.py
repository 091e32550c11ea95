# Port of Node v20 test/parallel/test-http-missing-header-separator-lf.js.
# Deviations: none; a bare CR between two header fields is a 400 and no
# request reaches the handler.
# The raw client and the messages are shared: tests/node/_twins/bad_request.py.
import pytest

from nodekit import http
from tests.node._twins.bad_request import expect_400, separator_messages

MSGS = separator_messages("\r")


@pytest.mark.parametrize("msg", MSGS, ids=range(3))
def test_bare_separator_inside_the_head_is_a_400(msg, common):
    common.run(lambda: expect_400(common, http.create_server(common.must_not_call()), msg))
