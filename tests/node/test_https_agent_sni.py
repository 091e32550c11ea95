# Port of Node v20 test/parallel/test-https-agent-sni.js.
# Deviations: Node's req.socket.servername is false without SNI; NodeKit's
# is None or False (API.md §9 tls: servername) — both mean "no SNI" here.
# The agent1 certificate is made at run time (tests/node/_tls.py).
from nodekit import https
from tests.node._tls import agent1_options

TOTAL = 4


def test_each_request_sends_its_own_servername(common):
    def main():
        waiting = [TOTAL]

        def handler(req, res):
            waiting[0] -= 1
            if waiting[0] == 0:
                server.close()
            servername = req.socket.servername
            if servername not in (False, None):
                res.set_header("x-sni", servername)
            res.end("hello world")

        server = https.Server(agent1_options(), handler)

        def expect_response(sni_id):
            def on_response(res):
                res.resume()
                expected = None if sni_id is False else f"sni.{sni_id}"
                assert res.headers.get("x-sni") == expected

            return common.must_call(on_response)

        def go(port):
            agent = https.Agent(max_sockets=1)
            for j in range(TOTAL):
                https.get({"agent": agent, "path": "/", "port": port, "host": common.HOST,
                           "servername": f"sni.{j}", "reject_unauthorized": False},
                          expect_response(j))
            https.get({"agent": agent, "path": "/", "port": port, "host": common.HOST,
                       "servername": "", "reject_unauthorized": False}, expect_response(False))

        common.listen(server, go)

    common.run(main)
