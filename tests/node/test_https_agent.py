# Port of Node v20 test/parallel/test-https-agent.js.
# Deviations: the agent1 certificate is made at run time (tests/node/_tls.py);
# the client connects to 127.0.0.1 (Node's default host localhost may resolve
# to ::1 here). N and M are Node's 4 and 4.
from nodekit import https, set_timeout
from tests.node._common import at
from tests.node._tls import agent1_options

N = 4
M = 4


def test_sixteen_gets_in_four_bursts(common):
    responses = []

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("hello world\n")

        server = https.Server(agent1_options(), handler)

        def on_response(res):
            res.resume()
            assert res.status_code == 200
            responses.append(res)
            if len(responses) == N * M:
                server.close()

        def on_error(err):
            raise err

        def burst(port):
            for _ in range(M):
                req = https.get(at(port, path="/", reject_unauthorized=False), on_response)
                req.on("error", on_error)

        def go(port):
            for i in range(N):
                set_timeout(burst, i, port)

        common.listen(server, go)

    common.run(main)
    assert len(responses) == N * M
