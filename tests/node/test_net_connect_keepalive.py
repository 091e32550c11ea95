# Port of Node v20 test/parallel/test-net-connect-keepalive.js.
# Deviations: Node replaces the private handle's setKeepAlive to check the
# arguments a `keepAlive` / `keepAliveInitialDelay` connect option gives it
# (truthy: enable with the delay in whole seconds, negatives and undefined 0;
# falsy: no call). NodeKit has no such handle: the port checks the socket
# options the kernel reports instead — SO_KEEPALIVE on and TCP_KEEPIDLE the
# delay in seconds (left at the kernel's default when it is 0), or
# SO_KEEPALIVE off. {} and [] are falsy in Python (truthy in JavaScript):
# they are in the falsy list. 127.0.0.1.
import socket as _socket

import pytest

from nodekit import net
from tests.node._common import HOST

# Python's truthiness: {} and [] are falsy here (truthy in JavaScript).
TRUTHY = [True, 1, "true"]
DELAYS = [(123, 0), (456123, 456), (-123000, 0), (None, 0)]
FALSEY = [False, 0, "", {}, []]


def _connect(common, options, check):
    def main():
        server = net.create_server()
        server.on("connection", lambda socket: socket.end())

        def on_listening():
            def on_connect():
                check(client._raw_socket())
                client.end()

            client = net.connect({"port": server.address()["port"], "host": HOST, **options},
                                 common.must_call(on_connect))
            client.on("end", common.must_call(lambda *_: server.close()))

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main)


@pytest.mark.parametrize("delay", DELAYS, ids=repr)
@pytest.mark.parametrize("value", TRUTHY, ids=repr)
def test_keep_alive_truthy(common, value, delay):
    default = _socket.socket()
    default_idle = default.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_KEEPIDLE)
    default.close()

    def check(raw):
        assert raw.getsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE) != 0
        idle = raw.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_KEEPIDLE)
        assert idle == (delay[1] or default_idle)

    options = {"keep_alive": value}
    if delay[0] is not None:
        options["keep_alive_initial_delay"] = delay[0]
    _connect(common, options, check)


@pytest.mark.parametrize("value", FALSEY, ids=repr)
def test_keep_alive_falsey(common, value):
    def check(raw):
        assert raw.getsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE) == 0

    _connect(common, {"keep_alive": value}, check)
