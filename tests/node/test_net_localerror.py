# Port of Node v20 test/parallel/test-net-localerror.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import raises


def test_bad_local_address_and_port(common):
    def main():
        raises(lambda: net.connect({"host": "localhost", "port": 0,
                                    "local_address": "foobar"}),
               code="ERR_INVALID_IP_ADDRESS", cls=TypeError)
        raises(lambda: net.connect({"host": "localhost", "port": 0, "local_port": "foobar"}),
               code="ERR_INVALID_ARG_TYPE", cls=TypeError)

    common.run(main)
