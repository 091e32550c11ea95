# Port of Node v20 test/parallel/test-http-request-invalid-method-error.js.
# Deviations: none; the message is checked as Node's text.
from nodekit import http
from tests.node._common import raises


def test_nul_method_throws_invalid_http_token():
    raises(lambda: http.request({"method": "\0"}), code="ERR_INVALID_HTTP_TOKEN",
           cls=TypeError, message='Method must be a valid HTTP token ["\0"]')
