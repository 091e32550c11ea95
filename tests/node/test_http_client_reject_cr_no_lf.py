# Port of Node v20 test/parallel/test-http-client-reject-cr-no-lf.js.
# Deviations: none.
# The body is shared with its sibling ports: tests/node/_twins/parse_errors.py.
from tests.node._twins.parse_errors import client_parse_error


def test_bare_cr_in_response_head_is_lf_expected(common):
    client_parse_error(common, "HTTP/1.1 200 OK\r\nFoo: Bar\r" "Content-Length: 1\r\n\r\n",
                       "HPE_LF_EXPECTED")
