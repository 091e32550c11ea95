# Port of Node v20 test/parallel/test-http-agent-maxsockets.js.
# Deviations: host 127.0.0.1 rather than localhost.
from nodekit import http, next_tick
from tests.node._common import at


def test_two_free_sockets_are_kept(common):
    def main():
        agent = http.Agent(keep_alive=True, keep_alive_msecs=1000, max_sockets=2,
                           max_free_sockets=2)
        server = http.create_server(common.must_call(lambda req, res: res.end("hello world"), 2))
        server.keep_alive_timeout = 0
        left = [2]

        def dec():
            left[0] -= 1
            if left[0] == 0:
                pool = agent.free_sockets[next(iter(agent.free_sockets))]
                assert len(pool) == 2, f"expect keep 2 free sockets, but got {len(pool)}"
                agent.destroy()
                server.close()

        def on_get(res):
            assert res.status_code == 200
            res.resume()
            res.on("end", common.must_call(lambda: next_tick(dec)))

        def go(port):
            http.get(at(port, agent=agent, path="/1"), common.must_call(on_get))
            http.get(at(port, agent=agent, path="/2"), common.must_call(on_get))

        common.listen(server, go)

    common.run(main)
