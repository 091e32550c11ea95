# Port of Node v20 test/parallel/test-net-socket-destroy-twice.js.
# Deviations: Node reads the port synchronously after listen(0); here the
# connection is made in the listen callback, after server.close() has been
# called there (the same refused connection).
from nodekit import net
from tests.node._common import HOST


def test_destroy_inside_error_closes_once(common):
    def main():
        server = net.create_server()

        def on_listening(port):
            server.close()
            conn = net.create_connection(port, HOST)
            conn.on("error", common.must_call(lambda err: conn.destroy()))
            conn.on("close", common.must_call())

        common.listen(server, on_listening)

    common.run(main)
