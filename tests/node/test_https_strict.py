# Port of Node v20 test/parallel/test-https-strict.js.
# Deviations: NODE_TLS_REJECT_UNAUTHORIZED=0 is set for the test only (Node:
# for the process; its warning is Python's warnings.warn here, not checked),
# so every request gets its response and the verification result is
# res.connection.authorization_error. The fixtures are made at run
# time with Node's shapes (tests/node/_tls.py): agent1 (CN agent1, by ca1),
# agent2 (self-signed), agent3 (CN agent3, by ca2), none with a
# subjectAltName. The clients connect to 127.0.0.1 (Node: localhost), which
# matches none of them, as localhost does not in Node.
import pytest

from nodekit import _openssl, https
from tests.https.tls_certs import certs
from tests.node._tls import agent1, agent2, ca1

NEEDS_OPENSSL = pytest.mark.xfail(not _openssl.AVAILABLE, strict=True, reason=(
    "verifying without refusing needs the OpenSSL bindings: " + _openssl.REASON))


@NEEDS_OPENSSL
def test_authorization_errors_for_each_ca_and_host(common, monkeypatch):
    monkeypatch.setenv("NODE_TLS_REJECT_UNAUTHORIZED", "0")
    ca_1, ca_2 = ca1(), certs().other_ca.cert
    key3 = certs().signed("agent3", by=certs().other_ca)
    agents = {"none": https.Agent(), "ca1": https.Agent(ca=[ca_1]),
              "ca2": https.Agent(ca=[ca_2]), "both": https.Agent(ca=[ca_1, ca_2])}
    servers = []

    def main():
        def handler(server):
            def on_request(req, res):
                server.requests.append(req.url)
                res.status_code = 200
                res.set_header("foo", "bar")
                res.end("hello, world\n")

            return on_request

        for pair in (agent1(), agent2(), key3):
            server = https.create_server({"key": pair.key, "cert": pair.cert})
            server.on("request", handler(server))
            server.requests = []
            server.expect_count = 0
            servers.append(server)
        pending = [0]

        def make_req(path, server, error, host=None, ca=None):
            pending[0] += 1
            cas = ca if isinstance(ca, list) else [ca] if ca else []
            which = ("both" if ca_1 in cas and ca_2 in cas else "ca1" if ca_1 in cas
                     else "ca2" if ca_2 in cas else "none")
            options = {"host": common.HOST, "port": server.address()["port"], "path": path,
                       "agent": agents[which]}
            if ca:
                options["ca"] = ca
            if host:
                options["headers"] = {"host": host}
            req = https.get(options)
            server.expect_count += 1

            def on_response(res):
                assert res.connection.authorization_error == error, path
                pending[0] -= 1
                if pending[0] == 0:
                    for s in servers:
                        s.close()
                res.resume()

            req.on("response", common.must_call(on_response))

        def all_listening():
            s1, s2, s3 = servers
            # server1: CN agent1, signed by ca1
            make_req("/inv1", s1, "UNABLE_TO_VERIFY_LEAF_SIGNATURE")
            make_req("/inv1-ca1", s1, "ERR_TLS_CERT_ALTNAME_INVALID", None, ca_1)
            make_req("/inv1-ca1ca2", s1, "ERR_TLS_CERT_ALTNAME_INVALID", None, [ca_1, ca_2])
            make_req("/val1-ca1", s1, None, "agent1", ca_1)
            make_req("/val1-ca1ca2", s1, None, "agent1", [ca_1, ca_2])
            make_req("/inv1-ca2", s1, "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "agent1", ca_2)
            # server2: self-signed, CN agent2: all of these fail, whatever the name
            make_req("/inv2", s2, "DEPTH_ZERO_SELF_SIGNED_CERT")
            make_req("/inv2-ca1", s2, "DEPTH_ZERO_SELF_SIGNED_CERT", "agent2", ca_1)
            make_req("/inv2-ca1ca2", s2, "DEPTH_ZERO_SELF_SIGNED_CERT", "agent2", [ca_1, ca_2])
            # server3: CN agent3, signed by ca2
            make_req("/inv3", s3, "UNABLE_TO_VERIFY_LEAF_SIGNATURE")
            make_req("/inv3-ca2", s3, "ERR_TLS_CERT_ALTNAME_INVALID", None, ca_2)
            make_req("/inv3-ca1ca2", s3, "ERR_TLS_CERT_ALTNAME_INVALID", None, [ca_1, ca_2])
            make_req("/val3-ca2", s3, None, "agent3", ca_2)
            make_req("/val3-ca1ca2", s3, None, "agent3", [ca_1, ca_2])
            make_req("/inv3-ca1", s3, "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "agent1", ca_1)

        waiting = [len(servers)]

        def listening():
            waiting[0] -= 1
            if waiting[0] == 0:
                all_listening()

        for server in servers:
            server.listen(0, common.HOST, listening)

    try:
        common.run(main)
    finally:
        for agent in agents.values():
            agent.destroy()
    for server in servers:
        assert len(server.requests) == server.expect_count
