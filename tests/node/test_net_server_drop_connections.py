# Port of Node v20 test/parallel/test-net-server-drop-connections.js.
# Deviations: 127.0.0.1; the 'drop' data is a dict with Python-spelled keys.
from nodekit import net
from tests.node._common import HOST


def test_drop_event_carries_the_addresses(common):
    def main():
        first = {}

        def on_connection(socket):
            first["socket"] = socket

        server = net.create_server(common.must_call(on_connection))
        server.max_connections = 1

        def on_drop(data):
            assert data["local_address"]
            assert data["local_port"]
            assert data["remote_address"]
            assert data["remote_port"]
            assert data["remote_family"]
            first["socket"].destroy()
            server.close()

        server.on("drop", common.must_call(on_drop))

        def on_listening():
            net.create_connection(server.address()["port"], HOST)
            net.create_connection(server.address()["port"], HOST)

        server.listen(0, HOST, on_listening)

    common.run(main)
