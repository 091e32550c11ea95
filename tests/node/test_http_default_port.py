# Port of Node v20 test/parallel/test-http-default-port.js.
# Deviations: the https server uses the suite's throw-away certificate for
# localhost (tests/https/tls_certs.py) instead of Node's agent1 fixture; the
# global agents' default_port is restored after the test (Node's process
# ends there).
import pytest

from nodekit import http, https


def _https_server(handler):
    from tests.https.tls_certs import certs

    return https.create_server(certs().server_options(), handler)


@pytest.mark.parametrize("mod,create_server", [(http, http.create_server),
                                               (https, _https_server)], ids=["http", "https"])
def test_the_agents_default_port_is_used_and_left_out_of_host(common, mod, create_server):
    saved = mod.global_agent.default_port

    def main():
        def handler(req, res):
            assert req.headers["host"] == "localhost"
            assert req.headers["x-port"] == str(server.address()["port"])
            res.write_head(200)
            res.end("ok")
            server.close()

        server = create_server(common.must_call(handler))

        def go():
            mod.global_agent.default_port = server.address()["port"]
            mod.get({"host": "localhost", "reject_unauthorized": False,
                     "headers": {"x-port": server.address()["port"]}},
                    common.must_call(lambda res: res.resume()))

        server.listen(0, common.must_call(go))

    try:
        common.run(main)
    finally:
        mod.global_agent.default_port = saved
