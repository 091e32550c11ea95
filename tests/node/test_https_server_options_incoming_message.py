# Port of Node v20 test/parallel/test-https-server-options-incoming-message.js.
# Deviations: the option is spelled incoming_message (API.md); the
# agent1/ca1 certificates are made at run time (tests/node/_tls.py); the
# server listens on 127.0.0.1 (Node: every address).
# The body is shared with its twin port: tests/node/_twins/server_options.py
# (which also checks, as the http port does, that the response and its 'end' come once).
from tests.node._twins import HTTPS
from tests.node._twins import server_options as body


def test_incoming_message_option_sets_the_request_class(common):
    body.incoming_message_option(common, HTTPS)
