# Port of Node v20 test/parallel/test-https-autoselectfamily.js.
# Deviations: Node answers its `lookup` from a DNS server of its own on UDP
# (dgram, dns.Resolver); NodeKit has neither, so the `lookup` function gives
# the same two answers directly (::1 first, then 127.0.0.1) — still through
# the request's `lookup` and `auto_select_family` options under test. The
# agent1 certificate is made at run time (tests/node/_tls.py).
# The body is shared with its twin port: tests/node/_twins/autoselectfamily.py.
import pytest

from tests.node._common import has_ipv6
from tests.node._twins import HTTPS
from tests.node._twins import autoselectfamily as body


def test_falls_back_to_ipv4_when_nothing_listens_on_ipv6(common):
    body.falls_back_to_ipv4_when_nothing_listens_on_ipv6(common, HTTPS)


@pytest.mark.skipif(not has_ipv6(), reason="no IPv6 on loopback")
def test_prefers_ipv6_when_both_listen(common):
    body.prefers_ipv6_when_both_listen(common, HTTPS)
