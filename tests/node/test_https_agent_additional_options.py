# Port of Node v20 test/parallel/test-https-agent-additional-options.js.
# Deviations: Node chains the eight variations on one server; here each is a
# pytest test (a first request, then the one with the variation), on the
# global agent made keep-alive as in Node (put back afterwards). NodeKit's
# https.Agent names its pools by the TLS options it takes (API.md §9):
# Node's dhparam, ecdhCurve, honorCipherOrder, secureOptions, secureProtocol
# and sessionIdContext are dhparam, ecdh_curve, honor_cipher_order,
# secure_options, secure_protocol and session_id_context.
# Python's True prints as True. The agent1/ca1
# certificates are made at run time.
import pytest

from nodekit import https
from tests.node._tls import agent1_options, ca1

VARIATIONS = [
    ("dhparam", "-----BEGIN DH PARAMETERS-----"),
    ("ecdh_curve", "secp384r1"),
    ("honor_cipher_order", True),
    ("min_version", "TLSv1.1"),
    ("max_version", "TLSv1.3"),
    ("secure_options", 4194304),
    ("secure_protocol", "TLSv1_1_method"),
    ("session_id_context", "sessionIdContext"),
]


def _base(port):
    return {"path": "/", "host": "127.0.0.1", "port": port, "ca": ca1(),
            "reject_unauthorized": True, "servername": "agent1", "ciphers": "ALL@SECLEVEL=0"}


@pytest.mark.parametrize("key, value", VARIATIONS)
def test_each_tls_option_names_its_pool(common, key, value):
    agent = https.global_agent
    saved = agent.keep_alive

    def main():
        agent.keep_alive = True
        server = https.Server(agent1_options(ca=ca1(), min_version="TLSv1.1",
                                             ciphers="ALL@SECLEVEL=0"),
                              lambda req, res: (res.write_head(200), res.end("hello world\n")))

        def variation(port):
            def on_free(*_):
                keys = list(agent.free_sockets)
                text = str(value)
                assert any(k.startswith(text + ":") or k.endswith(":" + text)
                           or f":{text}:" in k for k in keys), f"missing {text} in {keys}"
                agent.destroy()
                server.close()

            def on_response(res):
                res.resume()
                agent.once("free", common.must_call(on_free))

            https.get({**_base(port), key: value}, common.must_call(on_response))

        def first(port):
            def on_response(res):
                res.resume()
                agent.once("free", common.must_call(lambda *_: variation(port)))

            https.get(_base(port), common.must_call(on_response))

        common.listen(server, first)

    try:
        common.run(main)
    finally:
        agent.keep_alive = saved
