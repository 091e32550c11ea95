# Port of Node v20 test/parallel/test-https-connect-address-family.js.
# Deviations: Node skips without IPv6 (common.hasIPv6): so does the port.
# The agent1 certificate is made at run time (tests/node/_tls.py).
import pytest

from nodekit import https
from tests.node._common import has_ipv6
from tests.node._tls import agent1_options


@pytest.mark.skipif(not has_ipv6(), reason="no IPv6 support")
def test_the_family_option_reaches_lookup(common):
    host_addr_ipv6 = "::1"
    hostname = "dummy"

    def main():
        def handler(req, res):
            server.close()
            res.end()

        server = https.create_server(agent1_options(), common.must_call(handler))

        def lookup(addr, opt, cb):
            assert addr == hostname
            assert opt["family"] == 6
            cb(None, host_addr_ipv6, opt["family"])

        def go():
            options = {"host": hostname, "port": server.address()["port"], "family": 6,
                       "reject_unauthorized": False, "lookup": common.must_call(lookup)}

            def on_response(res):
                assert req.socket.remote_address == host_addr_ipv6
                req.destroy()

            # Fails with ECONNREFUSED if the address family is not honored.
            req = https.get(options, common.must_call(on_response))

        server.listen(0, host_addr_ipv6, common.must_call(go))

    common.run(main)
