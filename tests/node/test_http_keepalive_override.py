# Port of Node v20 test/parallel/test-http-keepalive-override.js.
# Deviations: none (keep_socket_alive / reuse_socket, API.md §11).
from nodekit import http, set_immediate
from tests.node._common import at


def test_keep_socket_alive_and_reuse_socket_hooks(common):
    def main():
        server = http.create_server(lambda req, res: res.end("ok"))

        def go(port):
            agent = http.Agent(keep_alive=True, max_sockets=5, max_free_sockets=2)
            keep_socket_alive = agent.keep_socket_alive
            reuse_socket = agent.reuse_socket
            state = {"called": 0, "expected": None}

            def keep(socket):
                assert socket
                state["called"] += 1
                if state["called"] == 1:
                    return False
                if state["called"] == 2:
                    state["expected"] = socket
                    return keep_socket_alive(socket)
                assert socket is state["expected"]
                return False

            def reuse(socket, req):
                assert socket is state["expected"]
                assert req
                return reuse_socket(socket, req)

            agent.keep_socket_alive = common.must_call(keep, 3)
            agent.reuse_socket = common.must_call(reuse, 1)

            def req(callback):
                def on_response(res):
                    res.resume()
                    res.once("end", common.must_call(lambda: set_immediate(callback)))

                http.request(at(port, method="GET", path="/", agent=agent),
                             common.must_call(on_response)).end()

            req(common.must_call(lambda: req(common.must_call(
                lambda: req(common.must_call(lambda: server.close()))))))

        common.listen(server, go)

    common.run(main)
