# Port of Node v20 test/parallel/test-net-during-close.js.
# Deviations: Node calls process.exit(0) right after reading the addresses;
# the port destroys the client instead so the loop ends. 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_addresses_readable_while_the_server_closes(common):
    def main():
        server = net.create_server(lambda socket: socket.end())

        def on_listening():
            client = net.create_connection(server.address()["port"], HOST)
            server.close()
            # Reading them while connecting must not raise.
            client.remote_address  # noqa: B018
            client.remote_family  # noqa: B018
            client.remote_port  # noqa: B018
            client.destroy()

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main)
