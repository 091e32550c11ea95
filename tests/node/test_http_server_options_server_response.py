# Port of Node v20 test/parallel/test-http-server-options-server-response.js.
# Deviations: the option is server_response (API.md §11).
# The body is shared with its twin port: tests/node/_twins/server_options.py.
from nodekit import http
from tests.node._twins import HTTP
from tests.node._twins import server_options as body


def test_server_response_option_sets_the_response_class(common):
    body.server_response_option(common, HTTP, http.Server)
