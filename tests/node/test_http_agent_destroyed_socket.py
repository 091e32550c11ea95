# Port of Node v20 test/parallel/test-http-agent-destroyed-socket.js.
# Deviations: host 127.0.0.1 rather than localhost.
from nodekit import http, next_tick
from tests.node._common import at


def test_queued_request_gets_a_new_socket_after_destroy(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("Hello World\n")

        server = http.create_server(common.must_call(handler, 2))

        def go(port):
            agent = http.Agent(max_sockets=1)
            agent.on("free", common.must_call(None, 3))
            opts = at(port, agent=agent, path="/")
            box = {}

            def on_first(response):
                key = agent.get_name(opts)
                assert len(agent.requests[key]) == 1
                response.resume()

                def on_end():
                    request1.socket.destroy()

                    def on_close(*_):
                        assert not agent.requests.get(key)

                        def later():
                            assert request1.socket is not box["r2"].socket
                            assert not box["r2"].socket.destroyed, "the socket is destroyed"

                        next_tick(later)

                    request1.socket.once("close", common.must_call(on_close))

                response.on("end", common.must_call(on_end))

            def on_second(response):
                request2 = box["r2"]
                assert not request2.socket.destroyed
                assert request1.socket.destroyed
                assert request1.socket is not request2.socket
                left = [2]

                def dec(*_):
                    left[0] -= 1
                    if left[0] == 0:
                        server.close()

                request2.socket.on("close", common.must_call(dec))
                response.on("end", common.must_call(dec))
                response.resume()

            request1 = http.get(opts, common.must_call(on_first))
            box["r2"] = http.get(opts, common.must_call(on_second))

        common.listen(server, go)

    common.run(main)
