# Port of Node v20 test/parallel/test-net-socket-ready-without-cb.js.
# Deviations: binds 127.0.0.1 (Node: 'localhost').
from nodekit import net


def test_ready_event_after_connect(common):
    def main():
        def handler(conn):
            conn.end()
            server.close()

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            client = net.Socket()
            client.on("ready", common.must_call(lambda: client.end()))
            client.connect(server.address())

        common.listen(server, on_listening)

    common.run(main)
