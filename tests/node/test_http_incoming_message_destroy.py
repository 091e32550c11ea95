# Port of Node v20 test/parallel/test-http-incoming-message-destroy.js.
# Deviations: the message is made on a socket-less net.Socket (NodeKit's
# IncomingMessage takes its socket as an argument).
from nodekit import http, net


def test_destroy_returns_the_message(common):
    def main():
        msg = http.IncomingMessage(net.Socket())
        assert msg.destroy() is msg

    common.run(main)
