# Port of Node v20 test/parallel/test-net-persistent-nodelay.js.
# Deviations: Node counts calls of the internal TCPWrap.setNoDelay to see
# that set_no_delay() before connect is applied once the handle exists.
# NodeKit has no such handle (and TCP_NODELAY is always on, README
# deviations table), so the port checks the result: TCP_NODELAY is set on
# the connected socket. 127.0.0.1.
import socket as _socket

from nodekit import net
from tests.node._common import HOST


def test_no_delay_set_before_connect_persists(common):
    def main():
        echo_server = net.create_server(lambda connection: connection.end())
        echo_server.listen(0, HOST)

        def on_listening():
            sock1 = net.Socket()
            s = sock1.set_no_delay()
            assert isinstance(s, net.Socket)
            sock1.connect(echo_server.address()["port"], HOST)

            def on_connect():
                raw = sock1._raw_socket()
                assert raw.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY) != 0

            sock1.on("connect", common.must_call(on_connect))
            sock1.on("end", common.must_call(lambda *_: echo_server.close()))
            sock1.resume()

        echo_server.on("listening", on_listening)

    common.run(main)
