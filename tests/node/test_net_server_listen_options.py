# Port of Node v20 test/parallel/test-net-server-listen-options.js.
# Deviations: Python values for JavaScript's (None for undefined and null);
# the unix socket path is in pytest's tmp_path (Node: common.PIPE). Node's
# second shouldFailToListen(false, ...) argument is unused and left out.
import math
import re

import pytest

from nodekit import net
from tests.node._common import raises


def _close(server):
    return lambda *_: server.close()


def test_listen_with_no_port(common):
    def main():
        s = net.create_server()
        s.listen().on("listening", common.must_call(_close(s)))
        s = net.create_server()
        s.listen(common.must_call(_close(s)))
        s = net.create_server()
        s.listen(0).on("listening", common.must_call(_close(s)))
        s = net.create_server()
        s.listen({"port": 0}).on("listening", common.must_call(_close(s)))

    common.run(main)


def _listen_options(port, cb):
    server = net.create_server()
    return server.listen({"port": port}, cb(server))


def _listen_port(port, cb):
    server = net.create_server()
    return server.listen(port, cb(server))


@pytest.mark.parametrize("listen", [_listen_options, _listen_port], ids=["options", "port"])
def test_ports(common, listen):
    def main():
        for port in ("0", 0, None):
            listen(port, lambda s: common.must_call(_close(s)))
        for port in (-1, math.nan, 123.456, 65536, math.inf, -math.inf):
            raises(lambda p=port: listen(p, lambda s: common.must_not_call()),
                   code="ERR_SOCKET_BAD_PORT", cls=ValueError)

    common.run(main)


def test_bad_port_with_a_path(common, tmp_path):
    def main():
        raises(lambda: net.create_server().listen({"port": -1, "path": str(tmp_path / "p")},
                                                  common.must_not_call()),
               code="ERR_SOCKET_BAD_PORT", cls=ValueError)

    common.run(main)


MISSING = re.compile(r"^The argument 'options' must have the property \"port\" or \"path\"\. "
                     r"Received .+$")
INVALID = re.compile(r"^The argument 'options' is invalid\. Received .+$")


@pytest.mark.parametrize("options", [
    False, {"port": False}, True, {"port": True}, {"fd": -1}, {"path": -1}, {},
    {"host": "localhost"}, {"host": "localhost:3000"}, {"host": {"port": 3000}},
    {"exclusive": True},
], ids=repr)
def test_should_fail_to_listen(common, options):
    def main():
        err = raises(lambda: net.create_server().listen(options, common.must_not_call()),
                     code="ERR_INVALID_ARG_VALUE", cls=TypeError)
        message = err.args[0]
        if isinstance(options, dict) and "port" not in options and "path" not in options:
            assert MISSING.match(message), message
        else:
            assert INVALID.match(message), message

    common.run(main)
