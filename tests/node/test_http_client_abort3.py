# Port of Node v20 test/parallel/test-http-client-abort3.js.
# Deviations: none.

from nodekit import http, net, next_tick


def create_connection(*args):
    socket = net.Socket()
    next_tick(lambda: socket.destroy(Exception("Oops")))
    return socket


def test_socket_error_after_abort_with_create_connection_option(common):
    def main():
        req = http.get({"create_connection": create_connection})
        req.on("error", common.expects_error(message="Oops"))
        req.abort()

    common.run(main)


def test_socket_error_after_abort_with_agent_create_connection(common):
    class CustomAgent(http.Agent):
        def create_connection(self, *args):
            return create_connection(*args)

    def main():
        req = http.get({"agent": CustomAgent()})
        req.on("error", common.expects_error(message="Oops"))
        req.abort()

    common.run(main)
