# Port of Node v20 test/parallel/test-http-client-upload-buf.js.
# Deviations: none.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body

N = 1024


def test_post_of_a_buffer(common):
    body.upload(common, [bytes(N)])
