# Port of Node v20 test/parallel/test-net-socket-reset-twice.js.
# Deviations: the refused connection is made in the listen callback, after
# server.close() there (Node reads the port right after listen(0)).
from nodekit import net
from tests.node._common import HOST


def test_reset_and_destroy_inside_error(common):
    def main():
        server = net.create_server()

        def on_listening(port):
            server.close()
            conn = net.create_connection(port, HOST)
            conn.on("error", common.must_call(lambda err: conn.reset_and_destroy()))
            conn.on("close", common.must_call())

        common.listen(server, on_listening)

    common.run(main)
