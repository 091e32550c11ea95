# Port of Node v20 test/parallel/test-http-agent-uninitialized-with-handle.js.
# Deviations: Node gives the socket a fake `_handle` ({ref, readStart}); a
# NodeKit socket has no such handle to fake, so the port parks a never
# connected socket that was ref()'d and resume()'d (what the fake handle's
# two methods serve) — the subject, add_request() with a free socket that
# never connected, is the same. The pool name: as in -uninitialized.py.
from nodekit import net
from tests.node.test_http_agent_uninitialized import add_request_with_a_parked_socket


def test_add_request_with_a_never_connected_free_socket_in_use(common):
    socket = net.Socket()
    socket.ref()
    socket.resume()
    add_request_with_a_parked_socket(common, socket)
