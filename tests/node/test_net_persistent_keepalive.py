# Port of Node v20 test/parallel/test-net-persistent-keepalive.js.
# Deviations: 127.0.0.1; the Node test only checks that the connection
# stays open with keep-alive set before connect; the port also checks that
# SO_KEEPALIVE is on once it is connected.
import socket as _socket

from nodekit import net, set_timeout
from tests.node._common import HOST


def test_keep_alive_set_before_connect_persists(common):
    def main():
        conns = {}

        def on_connection(connection):
            conns["server"] = connection

            def later():
                assert conns["server"].ready_state == "open"
                assert conns["client"].ready_state == "open"
                raw = conns["client"]._raw_socket()
                assert raw.getsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE) != 0
                conns["server"].end()
                conns["client"].end()
                echo_server.close()

            set_timeout(common.must_call(later), 600)
            connection.set_timeout(0)
            assert callable(connection.set_keep_alive)
            connection.on("end", lambda *_: connection.end())

        echo_server = net.create_server(on_connection)
        echo_server.listen(0, HOST)

        def on_listening():
            client = conns["client"] = net.Socket()
            s = client.set_keep_alive(True, 400)
            assert isinstance(s, net.Socket)
            client.connect(echo_server.address()["port"], HOST)
            client.set_timeout(0)

        echo_server.on("listening", on_listening)

    common.run(main)
