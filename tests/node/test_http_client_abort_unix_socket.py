# Port of Node v20 test/parallel/test-http-client-abort-unix-socket.js.
# Deviations: common.PIPE is a unix socket path in a fresh temporary directory;
# the Agent subclass overrides the documented create_connection hook (it
# returns the socket; the callback form is in test_http_agent_close.py).
import os
import tempfile

from nodekit import http


def test_abort_on_unix_socket_never_reaches_the_server(common):
    pipe = os.path.join(tempfile.mkdtemp(), "node.sock")

    def main():
        server = http.create_server(common.must_not_call())
        created = []

        class Agent(http.Agent):
            def create_connection(self, options, *rest):
                socket = super().create_connection(options, *rest)
                created.append(socket)
                socket.once("close", lambda *_: server.close())
                return socket

        def on_listening():
            req = http.get({"agent": Agent(), "socket_path": pipe})

            def on_close():
                assert len(created) == 1

            req.on("close", common.must_call(on_close))
            req.abort()

        server.listen(pipe, common.must_call(on_listening))

    common.run(main)
