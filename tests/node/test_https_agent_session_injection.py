# Port of Node v20 test/parallel/test-https-agent-session-injection.js.
# Deviations: Node's secureProtocol 'TLSv1_2_method' is max_version 'TLSv1.2'
# (API.md §9); the client connects to 127.0.0.1 (Node: localhost). The
# agent1/ca1 certificates are made at run time (tests/node/_tls.py).
from nodekit import https
from tests.node._common import assert_error, at
from tests.node._tls import agent1_options, ca1

MESSAGE = ("Hostname/IP does not match certificate's altnames: "
           "Host: nodejs.org. is not cert's CN: agent1")


def test_a_failed_identity_check_caches_no_session(common):
    def main():
        server = https.create_server(agent1_options(max_version="TLSv1.2"),
                                     lambda req, res: res.end("ok"))

        def go(port):
            options = at(port, path="/", ca=[ca1()], servername="nodejs.org")
            req = https.get(options, common.must_not_call("response"))

            def on_second_error(err):
                server.close()
                assert_error(err, code="ERR_TLS_CERT_ALTNAME_INVALID", message=MESSAGE)

            def on_error(err):
                assert_error(err, code="ERR_TLS_CERT_ALTNAME_INVALID", message=MESSAGE)
                second = https.get(options, common.must_not_call("response"))
                second.on("error", common.must_call(on_second_error))

            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main)
