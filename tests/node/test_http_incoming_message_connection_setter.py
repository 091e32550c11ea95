# Port of Node v20 test/parallel/test-http-incoming-message-connection-setter.js.
# Deviations: the message is made with socket None (Node: no argument).
from nodekit import http


def test_connection_is_an_alias_of_socket():
    msg = http.IncomingMessage(None)
    assert msg.connection is None
    assert msg.socket is None
    msg.connection = "fhqwhgads"
    assert msg.connection == "fhqwhgads"
    assert msg.socket == "fhqwhgads"
