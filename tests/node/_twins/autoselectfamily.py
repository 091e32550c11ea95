"""test-http(s)-autoselectfamily.js: a request with ``auto_select_family``
falls back to IPv4 when nothing listens on IPv6, and prefers IPv6 when both
listen. Node's DNS server is a ``lookup`` function with the same answers."""

from __future__ import annotations

from typing import Any

from tests.node._twins import Twin


def _lookup(hostname, options, cb):
    assert options.get("family") != 4
    hosts = [{"address": "::1", "family": 6}, {"address": "127.0.0.1", "family": 4}]
    if options.get("all"):
        return cb(None, hosts)
    return cb(None, hosts[0]["address"], hosts[0]["family"])


def _get(common, twin, port, expected, close):
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

    options = {"lookup": _lookup, "auto_select_family": True}
    if twin.secure:
        options.update(reject_unauthorized=False, servername="example.org")
    twin.request(f"{twin.name}://example.org:{port}/", options, on_response).end()


def _answer(twin, body):
    def handler(req, res):
        if twin.secure:
            assert req.socket.servername == "example.org"
        res.write_head(200, {"Connection": "close"})
        res.end(body)

    return handler


def falls_back_to_ipv4_when_nothing_listens_on_ipv6(common: Any, twin: Twin) -> None:
    def main():
        ipv4_server = twin.create_server(common.must_call(_answer(twin, "response-ipv4")))
        ipv4_server.listen(0, "127.0.0.1", common.must_call(lambda: _get(
            common, twin, ipv4_server.address()["port"], "response-ipv4", ipv4_server.close)))

    common.run(main, timeout=3)


def prefers_ipv6_when_both_listen(common: Any, twin: Twin) -> None:
    def main():
        ipv4_server = twin.create_server(common.must_not_call())
        ipv6_server = twin.create_server(common.must_call(_answer(twin, "response-ipv6")))

        def close():
            ipv4_server.close()
            ipv6_server.close()

        def on_ipv4():
            port = ipv4_server.address()["port"]
            ipv6_server.listen(port, "::1", common.must_call(
                lambda: _get(common, twin, port, "response-ipv6", close)))

        ipv4_server.listen(0, "127.0.0.1", common.must_call(on_ipv4))

    common.run(main, timeout=3)
