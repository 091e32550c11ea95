# Port of Node v20 test/parallel/test-https-unix-socket-self-signed.js.
# Deviations: Node's rsa_cert.crt/rsa_private.pem is a self-signed RSA pair;
# here a self-signed EC pair made at run time (tests/node/_tls.py agent2).
# common.PIPE is a path in a fresh temporary directory.
import os
import tempfile

from nodekit import https
from tests.node._tls import agent2


def test_https_over_a_unix_socket(common):
    pipe = os.path.join(tempfile.mkdtemp(), "node-test.sock")

    def main():
        def handler(req, res):
            res.end("bye\n")
            server.close()

        pair = agent2()
        server = https.create_server({"cert": pair.cert, "key": pair.key},
                                     common.must_call(handler))

        def on_listening():
            req = https.get({"socket_path": pipe, "reject_unauthorized": False})
            req.on("response", lambda res: res.resume())

        server.listen(pipe, common.must_call(on_listening))

    common.run(main)
