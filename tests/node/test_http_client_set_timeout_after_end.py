# Port of Node v20 test/parallel/test-http-client-set-timeout-after-end.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_set_timeout_zero_after_end_leaves_one_timeout_listener(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end()))

        def go(port):
            agent = http.Agent(keep_alive=True, max_sockets=1)
            box = {}

            def on_response(res):
                def on_end():
                    assert req.set_timeout(0) is req
                    assert box["socket"].listener_count("timeout") == 1
                    agent.destroy()
                    server.close()

                res.on("end", common.must_call(on_end))
                res.resume()

            req = http.get(at(port, agent=agent), common.must_call(on_response))
            req.on("socket", lambda sock: box.__setitem__("socket", sock))

        common.listen(server, go)

    common.run(main)
