# Port of Node v20 test/parallel/test-net-local-address-port.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import HOST


def test_accepted_socket_local_address_port_family(common):
    def main():
        def handler(socket):
            assert socket.local_address == HOST
            assert socket.local_port == server.address()["port"]
            assert socket.local_family == server.address()["family"]
            socket.on("end", lambda: server.close())
            socket.resume()

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            client = net.create_connection(port, HOST)
            client.on("connect", lambda: client.end())

        common.listen(server, on_listening)

    common.run(main)
