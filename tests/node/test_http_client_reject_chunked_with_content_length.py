# Port of Node v20 test/parallel/test-http-client-reject-chunked-with-content-length.js.
# Deviations: the v20.11 file expects HPE_UNEXPECTED_CONTENT_LENGTH; Node
# v20.20 (the reference, llhttp 9) reports HPE_INVALID_TRANSFER_ENCODING
# (checked with node).
# The body is shared with its sibling ports: tests/node/_twins/parse_errors.py.
from tests.node._twins.parse_errors import client_parse_error


def test_response_with_content_length_and_chunked_is_a_parse_error(common):
    client_parse_error(
        common, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HPE_INVALID_TRANSFER_ENCODING")
