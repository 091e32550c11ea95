# Port of Node v20 test/parallel/test-http-server-options-incoming-message.js.
# Deviations: the option is incoming_message (API.md §11).
# The body is shared with its twin port: tests/node/_twins/server_options.py.
from tests.node._twins import HTTP
from tests.node._twins import server_options as body


def test_incoming_message_option_sets_the_request_class(common):
    body.incoming_message_option(common, HTTP)
