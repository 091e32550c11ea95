# Port of Node v20 test/parallel/test-http-client-agent.js.
# Deviations: none (the first response is delayed 100 ms).
from nodekit import http, set_timeout
from tests.node._common import at

MAX = 3


def test_sockets_leave_the_agent_when_they_close(common):
    def main():
        agent = http.Agent()

        def handler(req, res):
            def answer():
                res.write_head(200)
                res.end("Hello, World!")

            if req.url == "/0":
                set_timeout(common.must_call(answer), 100)
            else:
                answer()

        server = http.Server(common.must_call(handler, MAX))
        left = [MAX]

        def go(port):
            name = agent.get_name(at(port))

            def request(i):
                def on_response(res):
                    socket = req.socket

                    def on_close(*_):
                        left[0] -= 1
                        if left[0] > 0:
                            assert socket not in agent.sockets.get(name, [])
                        else:
                            assert name not in agent.sockets
                            assert name not in agent.requests
                            server.close()

                    socket.on("close", common.must_call(on_close))
                    res.resume()

                req = http.get(at(port, path=f"/{i}", agent=agent), on_response)

            for i in range(MAX):
                request(i)

        common.listen(server, go)

    common.run(main)
