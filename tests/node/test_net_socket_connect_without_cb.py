# Port of Node v20 test/parallel/test-net-socket-connect-without-cb.js.
# Deviations: binds 127.0.0.1 (so the address() dict is an IPv4 one).
from nodekit import net


def test_connect_with_the_address_dict(common):
    def main():
        def handler(conn):
            conn.end()
            server.close()

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            client = net.Socket()
            client.on("connect", common.must_call(lambda: client.end()))
            client.connect(server.address())

        common.listen(server, on_listening)

    common.run(main)
