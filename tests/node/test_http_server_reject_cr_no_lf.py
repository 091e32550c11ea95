# Port of Node v20 test/parallel/test-http-server-reject-cr-no-lf.js.
# Deviations: none.
# The body is shared with its sibling ports: tests/node/_twins/parse_errors.py.
from tests.node._twins.parse_errors import server_parse_error


def test_bare_cr_in_header_block_is_lf_expected(common):
    s = ("GET / HTTP/1.1\r\n"
         "Dummy: Header\r"
         "Content-Length: 1\r\n"
         "\r\n")
    server_parse_error(common, s, "HPE_LF_EXPECTED", close_on_error=True)
