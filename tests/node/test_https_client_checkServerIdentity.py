# Port of Node v20 test/parallel/test-https-client-checkServerIdentity.js.
# Deviations: the option is spelled check_server_identity (API.md §9); Node's
# agent3 (CN agent3, signed by ca2) is made at run time, signed by another
# CA (tests/https/tls_certs.py); the client connects to 127.0.0.1 with
# servername localhost (Node: localhost), so that the name check fails as
# in Node. The JS callback returns false, which is falsy: no error.
from nodekit import https
from tests.https.tls_certs import certs
from tests.node._common import at


def test_check_server_identity_overrides_the_name_check(common):
    ca2 = certs().other_ca
    agent3 = certs().signed("agent3", by=ca2)

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end()
            req.resume()

        server = https.create_server({"key": agent3.key, "cert": agent3.cert},
                                     common.must_call(handler))

        def authorized(port):
            req = https.request(at(port, servername="localhost", reject_unauthorized=True,
                                   ca=[ca2.cert]), common.must_not_call("response"))

            def on_error(err):
                assert err.code == "ERR_TLS_CERT_ALTNAME_INVALID"
                override(port)

            req.on("error", common.must_call(on_error))
            req.end()

        def override(port):
            options = at(port, servername="localhost", reject_unauthorized=True,
                         ca=[ca2.cert], check_server_identity=lambda host, cert: False)
            options["agent"] = https.Agent(options)

            def on_response(res):
                assert req.socket.authorized
                res.resume()
                server.close()

            def on_error(err):
                raise err

            req = https.request(options, common.must_call(on_response))
            req.on("error", on_error)
            req.end()

        common.listen(server, authorized)

    common.run(main)
