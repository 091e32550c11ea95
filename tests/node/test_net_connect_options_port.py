# Port of Node v20 test/parallel/test-net-connect-options-port.js.
# Deviations: Python has no `undefined`/`null` pair: port None means "no
# port" (ERR_MISSING_ARGS, as Node's undefined), so Node's `null` case is not
# ported; the dns `hints` block is not ported (NodeKit has no dns module);
# the "localhost" host variants use 127.0.0.1 (localhost may be ::1 here).
import math

from nodekit import net
from tests.node._common import HOST, raises


def do_connect(args, get_cb):
    """The six ways to connect with ``args`` (Node's doConnect)."""

    def with_cb(fn):
        return lambda: fn(*args, get_cb()).resume()

    def without_cb(fn):
        return lambda: fn(*args).on("connect", get_cb()).resume()

    return [with_cb(net.create_connection), without_cb(net.create_connection),
            with_cb(net.connect), without_cb(net.connect),
            with_cb(lambda *a: net.Socket().connect(*a)),
            without_cb(lambda *a: net.Socket().connect(*a))]


def sync_fail(common, port, code, cls, opt_only=False):
    dont = lambda: common.must_not_call("connect")  # noqa: E731
    arg_forms = [] if opt_only else [(port,), (port, HOST)]
    for args in [*arg_forms, ({"port": port, "family": 4},),
                 ({"port": port, "host": HOST, "family": 4},)]:
        for fn in do_connect(args, dont):
            raises(fn, code=code, cls=cls)


def test_bad_port_types_and_ranges_raise(common):
    def main():
        for port, opt_only in ((True, False), (False, False), ([], True), ({}, True)):
            sync_fail(common, port, "ERR_INVALID_ARG_TYPE", TypeError, opt_only)
        for port, opt_only in (("", False), (" ", False), ("0x", True), ("-0x1", True),
                               (math.nan, False), (math.inf, False), (-1, False),
                               (65536, False)):
            sync_fail(common, port, "ERR_SOCKET_BAD_PORT", ValueError, opt_only)

    common.run(main)


def test_number_decimal_and_hex_string_ports_connect(common):
    expected = 72

    def main():
        served = {"n": 0}

        def handler(socket):
            socket.end("ok")
            served["n"] += 1
            if served["n"] == expected:
                server.close()

        server = net.create_server(common.must_call(handler, n=expected))

        def can_connect(port):
            noop = lambda: common.must_call()  # noqa: E731
            for args in ((port, HOST), (port, HOST), ({"port": port, "host": HOST},),
                         ({"port": port, "host": HOST, "family": 4},)):
                for fn in do_connect(args, noop):
                    fn()

        def on_listening(port):
            # 3 * 4 * 6 = 72 connections.
            can_connect(port)
            can_connect(str(port))
            can_connect(f"0x{port:x}")

        def on_close(*_):
            # Connecting to port 0 fails asynchronously.
            on_error = lambda: common.must_call(check_error)  # noqa: E731
            dont = lambda: common.must_not_call("connect")  # noqa: E731
            for args in ((0, HOST), ({"port": 0, "host": HOST},),
                         ({"port": 0, "host": HOST, "family": 4},)):
                for fn in do_connect(args, dont):
                    fn().on("error", on_error())

        def check_error(err):
            assert str(err).startswith("connect E"), str(err)

        server.on("close", on_close)
        common.listen(server, on_listening)

    common.run(main)
