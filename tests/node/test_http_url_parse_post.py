# Port of Node v20 test/parallel/test-http-url.parse-post.js.
# Deviations: Node passes url.parse()'s object with extra properties (method); here the
# URL string and the extra properties as the options argument (Python has no
# url.parse object). The host is 127.0.0.1.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_request_from_a_parsed_url(common):
    body.request_from_url(common, "/asdf?qwer=zxcv", "POST")
