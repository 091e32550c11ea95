# Port of Node v20 test/parallel/test-net-socket-connecting.js.
# Deviations: the legacy `_connecting` getter is not ported (private); 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_connecting_flag(common):
    def main():
        def handler(conn):
            conn.end()
            server.close()

        server = net.create_server(handler)

        def on_listening(port):
            def on_connect():
                assert client.connecting is False
                client.end()

            client = net.connect(port, HOST, common.must_call(on_connect))
            assert client.connecting is True

        common.listen(server, on_listening)

    common.run(main)
