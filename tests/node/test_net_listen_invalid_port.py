# Port of Node v20 test/parallel/test-net-listen-invalid-port.js.
# Deviations: Node compares the private `_connectionKey`
# ('<family>:<address>:0'); the port checks the public address() instead.
from nodekit import net
from tests.node._common import raises

INVALID_PORT = 0xFFFFFFFF  # -1 >>> 0


def test_listen_zero_then_invalid_ports(common):
    def main():
        server = net.Server()

        def on_listening():
            address = server.address()
            assert address["family"] in ("IPv4", "IPv6")
            assert address["port"] > 0
            server.close()

        server.listen(0, common.must_call(on_listening))
        raises(lambda: net.Server().listen({"port": INVALID_PORT}, common.must_not_call()),
               code="ERR_SOCKET_BAD_PORT", cls=ValueError)
        raises(lambda: net.Server().listen(INVALID_PORT, common.must_not_call()),
               code="ERR_SOCKET_BAD_PORT", cls=ValueError)
        raises(lambda: net.Server().listen(INVALID_PORT, "0.0.0.0", common.must_not_call()),
               code="ERR_SOCKET_BAD_PORT", cls=ValueError)

    common.run(main)
