# Port of Node v20 test/parallel/test-http-client-abort-keep-alive-queued-tcp-socket.js.
# Deviations: none.
# The body is shared with its sibling ports: tests/node/_twins/http_siblings.py.
import pytest

from tests.node._twins import http_siblings as body


@pytest.mark.parametrize("destroyer", ["destroy", "abort"])
def test_queued_request_destroyed_does_not_cost_a_socket(destroyer, common):
    def cancel(req):
        getattr(req, destroyer)()
        if destroyer == "destroy":
            req.on("error", common.must_call(lambda err: _eq(err.code, "ECONNRESET")))
        else:
            req.on("error", common.must_not_call())

    body.queued_request_cancelled_costs_no_socket(common, cancel)


def _eq(a, b):
    assert a == b
