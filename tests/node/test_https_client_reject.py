# Port of Node v20 test/parallel/test-https-client-reject.js.
# Deviations: Node's rsa_cert.crt/rsa_private.pem is a self-signed
# certificate for localhost; here a self-signed EC one for localhost and
# 127.0.0.1, made at run time (tests/https/tls_certs.py). The client
# connects to 127.0.0.1 (Node: localhost).
from nodekit import https
from tests.https.tls_certs import certs
from tests.node._common import at


def test_unauthorized_rejected_then_authorized(common):
    pair = certs().self_signed

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end()
            req.resume()

        server = https.create_server({"key": pair.key, "cert": pair.cert},
                                     common.must_call(handler, 2))

        def on_error(err):
            raise err

        def unauthorized(port):
            def on_response(res):
                assert not req.socket.authorized
                res.resume()
                reject_unauthorized(port)

            req = https.request(at(port, reject_unauthorized=False), on_response)
            req.on("error", on_error)
            req.end()

        def reject_unauthorized(port):
            options = at(port)
            options["agent"] = https.Agent(options)
            req = https.request(options, common.must_not_call("response"))
            req.on("error", common.must_call(lambda err: authorized(port)))
            req.end()

        def authorized(port):
            options = at(port, ca=[pair.cert])
            options["agent"] = https.Agent(options)

            def on_response(res):
                res.resume()
                assert req.socket.authorized
                server.close()

            req = https.request(options, common.must_call(on_response))
            req.on("error", common.must_not_call("error"))
            req.end()

        common.listen(server, unauthorized)

    common.run(main)
