# Port of Node v20 test/parallel/test-http-client-get-url.js.
# Deviations: Node passes the URL as a string, as url.parse()'s object and
# as a WHATWG URL; Python has neither object, so the second and third gets
# use the string and the options dict url.parse() would give
# (hostname, port, path).
# The body is shared with its twin port: tests/node/_twins/client_get_url.py.
from tests.node._twins import HTTP
from tests.node._twins import client_get_url as body


def test_get_with_a_url_string_and_its_parsed_form(common):
    body.get_with_a_url_string_and_its_parsed_form(common, HTTP)
