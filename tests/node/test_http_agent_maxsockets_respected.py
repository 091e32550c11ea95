# Port of Node v20 test/parallel/test-http-agent-maxsockets-respected.js.
# Deviations: host 127.0.0.1 rather than localhost.
from nodekit import http
from tests.node._common import at

MAX_SOCKETS = 2


def test_never_more_than_max_sockets(common):
    def main():
        agent = http.Agent(keep_alive=True, keep_alive_msecs=1000, max_sockets=MAX_SOCKETS,
                           max_free_sockets=2)
        server = http.create_server(common.must_call(lambda req, res: res.end("hello world"), 6))
        left = [6]

        def go(port):
            for _ in range(6):
                request = http.get(at(port, agent=agent, path="/1"), common.must_call())

                def on_response(res, request=request):
                    request.abort()
                    sockets = agent.sockets[next(iter(agent.sockets))]
                    assert len(sockets) <= MAX_SOCKETS
                    left[0] -= 1
                    if left[0] == 0:
                        server.close()
                        agent.destroy()

                request.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
