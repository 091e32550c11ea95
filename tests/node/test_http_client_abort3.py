# Port of Node v20 test/parallel/test-http-client-abort3.js.
# Deviations: none (create_connection returns the socket; Node's callback form is not used).
import pytest

from nodekit import http, net, next_tick


def create_connection(*args):
    socket = net.Socket()
    next_tick(lambda: socket.destroy(Exception("Oops")))
    return socket


@pytest.mark.xfail(strict=True, reason=(
                   "create_connection is never called when the request is aborted in "
                   "the tick it is made, so the socket's error never reaches the request; "
                   "Node calls it in the ClientRequest constructor"))
def test_socket_error_after_abort_with_create_connection_option(common):
    def main():
        req = http.get({"create_connection": create_connection})
        req.on("error", common.expects_error(message="Oops"))
        req.abort()

    common.run(main)


@pytest.mark.xfail(strict=True, reason=(
                   "the error of a socket from Agent.create_connection, destroyed on the "
                   "next tick after abort(), is never emitted on the request; Node emits "
                   "it as the request's 'error'"))
def test_socket_error_after_abort_with_agent_create_connection(common):
    class CustomAgent(http.Agent):
        def create_connection(self, *args):
            return create_connection(*args)

    def main():
        req = http.get({"agent": CustomAgent()})
        req.on("error", common.expects_error(message="Oops"))
        req.abort()

    common.run(main)
