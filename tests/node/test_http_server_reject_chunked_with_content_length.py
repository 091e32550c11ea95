# Port of Node v20 test/parallel/test-http-server-reject-chunked-with-content-length.js.
# Deviations: the v20.11 file expects HPE_UNEXPECTED_CONTENT_LENGTH; Node
# v20.20 (the reference here, its llhttp 9) reports HPE_INVALID_TRANSFER_ENCODING
# ('Transfer-Encoding can't be present with Content-Length'), checked with node.
# No Host header, as in the original: the parse error comes first.
# The body is shared with its sibling ports: tests/node/_twins/parse_errors.py.
from tests.node._twins.parse_errors import server_parse_error


def test_content_length_with_chunked_is_a_client_error(common):
    reqstr = ("POST / HTTP/1.1\r\n"
              "Content-Length: 1\r\n"
              "Transfer-Encoding: chunked\r\n\r\n")
    server_parse_error(common, reqstr, "HPE_INVALID_TRANSFER_ENCODING", close_on_error=True)
