# Port of Node v20 test/parallel/test-http-parser-finish-error.js.
# Deviations: none.
# The body is shared with its sibling ports: tests/node/_twins/parse_errors.py.
from tests.node._twins.parse_errors import server_parse_error


def test_eof_inside_a_head_is_invalid_eof_state(common):
    server_parse_error(common, "GET / HTTP/1.1\r\nContent-Length:", "HPE_INVALID_EOF_STATE",
                       close_on_error=False)
