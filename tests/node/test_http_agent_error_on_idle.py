# Port of Node v20 test/parallel/test-http-agent-error-on-idle.js.
# Deviations: host 127.0.0.1 rather than localhost.
from nodekit import http, next_tick


def test_error_on_a_free_socket_removes_it_from_the_pool(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("hello world"), 2))

        def go(port):
            agent = http.Agent(keep_alive=True)
            params = {"host": common.HOST, "port": port, "agent": agent, "path": "/"}
            key = agent.get_name(params)

            def done(res):
                res.resume()
                assert len(agent.free_sockets) == 0
                agent.destroy()
                server.close()

            def later():
                free = agent.free_sockets[key]
                assert len(free) == 1
                free[0].emit("error", Exception("ECONNRESET: test"))
                http.get(params, common.must_call(done))

            def on_response(res):
                assert res.status_code == 200
                res.resume()
                res.on("end", common.must_call(lambda: next_tick(common.must_call(later))))

            http.get(params, common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
