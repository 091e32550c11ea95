# Port of Node v20 test/parallel/test-net-connect-paused-connection.js.
# Deviations: 127.0.0.1 (Node: 'localhost').
from nodekit import net, set_timeout
from tests.node._common import HOST


def test_a_paused_connection_does_not_keep_the_loop(common):
    def main():
        server = net.create_server(lambda conn: conn.unref())

        def on_listening(port):
            net.connect(port, HOST).pause()
            set_timeout(common.must_not_call("expected to exit"), 1000).unref()

        common.listen(server, on_listening)
        server.unref()

    common.run(main)
