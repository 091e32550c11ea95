# Port of Node v20 test/parallel/test-http-client-abort-keep-alive-queued-unix-socket.js.
# Deviations: common.PIPE is a unix socket path in a fresh temporary directory.
import os
import tempfile

from nodekit import http


def test_queued_request_aborted_on_a_unix_socket_costs_no_socket(common):
    socket_path = os.path.join(tempfile.mkdtemp(), "node.sock")

    def main():
        created = []

        class Agent(http.Agent):
            def create_connection(self, options, *rest):
                socket = super().create_connection(options, *rest)
                created.append(socket)
                return socket

        server = http.create_server(lambda req, res: res.end())

        def on_listening():
            agent = Agent(keep_alive=True, max_sockets=1)
            http.get({"agent": agent, "socket_path": socket_path}, lambda res: res.resume())
            req = http.get({"agent": agent, "socket_path": socket_path}, common.must_not_call())
            req.abort()

            def on_third(res):
                res.resume()
                assert len(created) == 1
                agent.destroy()
                server.close()

            http.get({"agent": agent, "socket_path": socket_path}, common.must_call(on_third))

        server.listen(socket_path, common.must_call(on_listening))

    common.run(main)
