# Port of Node v20 test/parallel/test-net-socket-timeout.js.
# Deviations: Python values stand for JavaScript's (None for null and
# undefined; a lambda for () => {}; object() for Symbol('test')). 127.0.0.1.
import math

import pytest

from nodekit import net
from tests.node._common import HOST, raises

NON_NUMERIC = ["100", True, False, None, "", {}, lambda: None, []]
BAD_RANGE = [-0.001, -1, -math.inf, math.inf, math.nan]
VALID = [0, 0.001, 1, 1e6]
INVALID_CALLBACKS = [1, "100", True, False, {}, [], object()]


@pytest.mark.parametrize("delay", NON_NUMERIC, ids=repr)
def test_non_numeric_delay(common, delay):
    def main():
        s = net.Socket()
        raises(lambda: s.set_timeout(delay, lambda: None), code="ERR_INVALID_ARG_TYPE")

    common.run(main)


@pytest.mark.parametrize("delay", BAD_RANGE, ids=repr)
def test_delay_out_of_range(common, delay):
    def main():
        s = net.Socket()
        raises(lambda: s.set_timeout(delay, lambda: None), code="ERR_OUT_OF_RANGE")

    common.run(main)


def test_valid_delays(common):
    def main():
        s = net.Socket()
        for delay in VALID:
            s.set_timeout(delay, lambda: None)
        s.destroy()

    common.run(main)


@pytest.mark.parametrize("callback", INVALID_CALLBACKS, ids=repr)
def test_invalid_callback(common, callback):
    def main():
        s = net.Socket()
        for msecs in (0, 1):
            raises(lambda m=msecs: s.set_timeout(m, callback), code="ERR_INVALID_ARG_TYPE",
                   cls=TypeError)

    common.run(main)


def test_timeout_then_set_timeout_on_a_destroyed_socket(common):
    def main():
        server = net.Server()

        def on_listening():
            socket = net.create_connection(server.address()["port"], HOST)

            def on_timeout(*_):
                socket.destroy()
                assert socket.set_timeout(1, common.must_not_call()) is socket
                server.close()

            assert socket.set_timeout(1, common.must_call(on_timeout)) is socket

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main)
