# Port of Node v20 test/parallel/test-http-client-upload.js.
# Deviations: none.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_three_writes_then_end_arrive_as_one_body(common):
    body.upload(common, ["1\n", "2\n", "3\n"])
