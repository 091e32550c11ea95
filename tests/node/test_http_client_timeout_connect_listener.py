# Port of Node v20 test/parallel/test-http-client-timeout-connect-listener.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_set_timeout_on_a_reused_socket_adds_no_connect_listener(common):
    def main():
        server = http.create_server(lambda req, res: res.end())

        def do_request(options, callback):
            def on_response(res):
                res.on("end", callback)
                res.resume()

            req = http.get(options, on_response)
            req.set_timeout(2 ** 31 - 1)
            return req

        def go(port):
            agent = http.Agent(keep_alive=True, max_sockets=1)
            options = at(port, agent=agent)

            def second_done():
                agent.destroy()
                server.close()

            def first_done():
                req = do_request(options, common.must_call(second_done))
                req.on("socket", common.must_call(
                    lambda socket: _eq(socket.listener_count("connect"), 0)))

            do_request(options, common.must_call(first_done))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
