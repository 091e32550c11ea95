# Port of Node v20 test/parallel/test-https-simple.js.
# Deviations: Node's 'warning' check (no IP-as-servername deprecation) has no
# NodeKit counterpart (NodeKit emits no process warnings for it), so it is
# left out; JS's invalid options 'foo', 42, true, [] are the same values in
# Python. The agent1 certificate is made at run time (tests/node/_tls.py).
import pytest

from nodekit import https
from tests.node._common import raises
from tests.node._tls import agent1_options

BODY = "hello world\n"


@pytest.mark.parametrize("option", ["foo", 42, True, []])
def test_server_rejects_options_that_are_not_an_object(option):
    raises(lambda: https.Server(option), code="ERR_INVALID_ARG_TYPE")


def test_get_with_and_without_verification(common):
    def main():
        pending = []

        def handler(req, res):
            res.write_head(200, {"content-type": "text/plain"})
            res.end(BODY)

        server = https.create_server(agent1_options(), common.must_call(handler))

        def done():
            pending.pop()
            if not pending:
                server.close()

        def go(port):
            options = {"hostname": "127.0.0.1", "port": port, "path": "/", "method": "GET",
                       "reject_unauthorized": False}

            def on_response(res):
                body = []
                res.on("data", body.append)

                def on_end():
                    assert b"".join(body).decode() == BODY
                    done()

                res.on("end", common.must_call(on_end))

            pending.append(1)
            req = https.request(options, common.must_call(on_response))
            req.end()

            # A request that fails on the server's certificate (its issuer is
            # unknown to the client).
            pending.append(1)
            check = https.request({**options, "reject_unauthorized": True},
                                  common.must_not_call("response"))
            check.end()

            def on_error(err):
                assert err.code == "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
                done()

            check.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main)
