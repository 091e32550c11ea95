# Port of Node v20 test/parallel/test-net-eaddrinuse.js.
# Deviations: both servers bind 127.0.0.1 (Node: the default address).
from nodekit import net
from tests.node._common import HOST


def test_listen_on_a_used_port_errors(common):
    def main():
        server1 = net.create_server(lambda socket: None)
        server2 = net.create_server(lambda socket: None)

        def on_listening(port):
            def on_error(error):
                assert "EADDRINUSE" in str(error)
                server1.close()

            server2.on("error", common.must_call(on_error))
            server2.listen(port, HOST)

        common.listen(server1, on_listening)

    common.run(main)
