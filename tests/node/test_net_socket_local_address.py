# Port of Node v20 test/parallel/test-net-socket-local-address.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import HOST


def test_one_socket_connects_twice_ports_agree(common):
    def main():
        state = {"conns": 0}
        client_ports = []
        server_remote_ports = []
        client = net.Socket()

        def handler(socket):
            server_remote_ports.append(socket.remote_port)
            socket.end()

        server = net.create_server(handler)

        def on_close(*_):
            # Client and server agree on the ports used.
            assert server_remote_ports == client_ports
            assert state["conns"] == 2

        server.on("close", common.must_call(on_close))

        def connect(*_):
            if state["conns"] == 2:
                server.close()
                return
            state["conns"] += 1
            client.once("close", connect)
            got = client.connect(server.address()["port"], HOST,
                                 lambda: client_ports.append(client.local_port))
            assert got is client

        server.listen(0, HOST, connect)

    common.run(main, timeout=3)
