# Port of Node v20 test/parallel/test-http-client-headers-host-array.js.
# Deviations: made inside the loop; a request that does not throw is destroyed.

from nodekit import http
from tests.node._common import raises


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
