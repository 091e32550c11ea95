# Port of Node v20 test/parallel/test-https-autoselectfamily.js.
# Deviations: Node answers its `lookup` from a DNS server of its own on UDP
# (dgram, dns.Resolver); NodeKit has neither, so the `lookup` function gives
# the same two answers directly (::1 first, then 127.0.0.1) — still through
# the request's `lookup` and `auto_select_family` options under test. The
# agent1 certificate is made at run time (tests/node/_tls.py).
import socket

import pytest

from nodekit import https
from tests.node._tls import agent1_options


def _lookup(hostname, options, cb):
    assert options.get("family") != 4
    hosts = [{"address": "::1", "family": 6}, {"address": "127.0.0.1", "family": 4}]
    if options.get("all"):
        return cb(None, hosts)
    return cb(None, hosts[0]["address"], hosts[0]["family"])


def _has_ipv6():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def _get(common, port, expected, close):
    def on_response(res):
        assert res.status_code == 200
        res.set_encoding("utf-8")
        response = [""]

        def on_data(chunk):
            response[0] += chunk

        def on_end(*_):
            assert response[0] == expected
            close()

        res.on("data", on_data)
        res.on("end", common.must_call(on_end))

    https.request(f"https://example.org:{port}/",
                  {"lookup": _lookup, "auto_select_family": True, "reject_unauthorized": False,
                   "servername": "example.org"}, on_response).end()


def _answer(body):
    def handler(req, res):
        assert req.socket.servername == "example.org"
        res.write_head(200, {"Connection": "close"})
        res.end(body)

    return handler


def test_falls_back_to_ipv4_when_nothing_listens_on_ipv6(common):
    def main():
        ipv4_server = https.create_server(agent1_options(),
                                          common.must_call(_answer("response-ipv4")))
        ipv4_server.listen(0, "127.0.0.1", common.must_call(lambda: _get(
            common, ipv4_server.address()["port"], "response-ipv4", ipv4_server.close)))

    common.run(main, timeout=3)


@pytest.mark.skipif(not _has_ipv6(), reason="no IPv6 on loopback")
def test_prefers_ipv6_when_both_listen(common):
    def main():
        ipv4_server = https.create_server(agent1_options(), common.must_not_call())
        ipv6_server = https.create_server(agent1_options(),
                                          common.must_call(_answer("response-ipv6")))

        def close():
            ipv4_server.close()
            ipv6_server.close()

        def on_ipv4():
            port = ipv4_server.address()["port"]
            ipv6_server.listen(port, "::1", common.must_call(
                lambda: _get(common, port, "response-ipv6", close)))

        ipv4_server.listen(0, "127.0.0.1", common.must_call(on_ipv4))

    common.run(main, timeout=3)
