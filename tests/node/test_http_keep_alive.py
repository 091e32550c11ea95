# Port of Node v20 test/parallel/test-http-keep-alive.js.
# Deviations: the exit checks run after run().
from nodekit import http
from tests.node._common import at


def test_three_requests_on_one_socket_queue_in_the_agent(common):
    agent = http.Agent(max_sockets=1)
    box = {}

    def main():
        def handler(req, res):
            body = "hello world\n"
            res.write_head(200, {"Content-Length": len(body)})
            res.write(body)
            res.end()

        server = http.create_server(common.must_call(handler, 3))
        headers = {"connection": "keep-alive"}

        def go(port):
            name = agent.get_name(at(port))
            box["name"] = name
            opts = at(port, path="/", headers=headers, agent=agent)

            def first(response):
                assert len(agent.sockets[name]) == 1
                assert len(agent.requests[name]) == 2
                response.resume()

            def second(response):
                assert len(agent.sockets[name]) == 1
                assert len(agent.requests[name]) == 1
                response.resume()

            def third(response):
                def on_end():
                    assert len(agent.sockets[name]) == 1
                    assert name not in agent.requests
                    server.close()

                response.on("end", common.must_call(on_end))
                response.resume()

            http.get(opts, common.must_call(first))
            http.get(opts, common.must_call(second))
            http.get(opts, common.must_call(third))

        common.listen(server, go)

    common.run(main)
    assert box["name"] not in agent.sockets
    assert box["name"] not in agent.requests
