# Port of Node v20 test/parallel/test-http-client-headers-host-array.js.
# Deviations: made inside the loop; a request that does not throw is destroyed.
import pytest

from nodekit import http
from tests.node._common import raises


@pytest.mark.xfail(strict=True, reason="a list as the Host header value is accepted; Node "
                   "throws ERR_INVALID_ARG_TYPE at http.request()")
def test_host_header_as_a_list_throws_invalid_arg_type(common):
    made = []

    def make():
        made.append(http.request({"port": "80", "path": "/", "headers": {"host": []}}))

    def main():
        try:
            raises(make, code="ERR_INVALID_ARG_TYPE")
        finally:
            for req in made:
                req.on("error", lambda err: None)
                req.destroy()

    common.run(main)
