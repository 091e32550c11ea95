# Port of Node v20 test/parallel/test-net-remote-address-port.js.
# Deviations: the second client names 'localhost' explicitly (Node's
# default host); the server listens on the default (dual-stack) address.
from nodekit import net

REMOTE_ADDRS = ["127.0.0.1", "::1", "::ffff:127.0.0.1"]
REMOTE_FAMILIES = ["IPv4", "IPv6"]


def test_remote_address_family_port(common):
    def main():
        state = {"closed": 0}

        def on_connection(socket):
            assert socket.remote_address in REMOTE_ADDRS, socket.remote_address
            assert socket.remote_family in REMOTE_FAMILIES, socket.remote_family
            assert socket.remote_port
            assert socket.remote_port != server.address()["port"]

            def on_end(*_):
                state["closed"] += 1
                if state["closed"] == 2:
                    server.close()

            def on_close(*_):
                assert socket.remote_address in REMOTE_ADDRS
                assert socket.remote_family in REMOTE_FAMILIES

            socket.on("end", on_end)
            socket.on("close", on_close)
            socket.resume()

        server = net.create_server(common.must_call(on_connection, 2))

        def watch(client):
            def on_connect(*_):
                assert client.remote_address in REMOTE_ADDRS
                assert client.remote_family in REMOTE_FAMILIES
                assert client.remote_port == server.address()["port"]
                client.end()

            def on_close(*_):
                assert client.remote_address in REMOTE_ADDRS
                assert client.remote_family in REMOTE_FAMILIES

            client.on("connect", common.must_call(on_connect))
            client.on("close", common.must_call(on_close))

        def on_listening():
            port = server.address()["port"]
            client = net.create_connection(port, "127.0.0.1")
            client2 = net.create_connection(port, "localhost")
            for c in (client, client2):
                assert c.remote_address is None
                assert c.remote_family is None
                assert c.remote_port is None
                watch(c)

        server.listen(0, on_listening)

    common.run(main)
