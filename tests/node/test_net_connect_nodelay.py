# Port of Node v20 test/parallel/test-net-connect-nodelay.js.
# Deviations: Node replaces the private handle's setNoDelay to see that a
# truthy `noDelay` option calls it with true and a falsy one not at all.
# NodeKit has no such handle and TCP_NODELAY is always on (README
# deviations table), so the port checks the contract: after connecting with
# any of these values, TCP_NODELAY is set. 127.0.0.1.
import socket as _socket

import pytest

from nodekit import net
from tests.node._common import HOST


@pytest.mark.parametrize("value", [True, 1, "true", {}, [], False, 0, ""], ids=repr)
def test_no_delay_option(common, value):
    def main():
        server = net.create_server()

        def on_listening():
            def on_connect():
                raw = client._raw_socket()
                assert raw.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY) != 0
                client.end()

            client = net.connect({"port": server.address()["port"], "host": HOST,
                                  "no_delay": value}, common.must_call(on_connect))
            client.on("end", common.must_call(lambda *_: server.close()))

        server.listen(0, HOST, common.must_call(on_listening))
        server.on("connection", lambda socket: socket.end())

    common.run(main)
