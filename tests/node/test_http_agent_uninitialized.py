# Port of Node v20 test/parallel/test-http-agent-uninitialized.js.
# Deviations: Node's comment speaks of its internal `_handle`; the public
# facts are the same: a never-connected socket parked in agent.free_sockets
# by hand must not break add_request(). Node parks it under getName(req),
# which is 'localhost::' (a Node ClientRequest has a `host` property but no
# `port`), the name add_request(req, {}) looks up; a NodeKit request also
# has `port`, so the port parks it under get_name({'host': req.host}), the
# same name.
from nodekit import http, net


def test_add_request_with_a_never_connected_free_socket(common):
    add_request_with_a_parked_socket(common, net.Socket())


def add_request_with_a_parked_socket(common, socket):
    """The body of this file and of -with-handle.js: ``socket`` parked by hand."""
    def main():
        agent = http.Agent(keep_alive=True)
        server = http.create_server(common.must_call(lambda req, res: res.end()))

        def go(port):
            req = http.ClientRequest(f"http://localhost:{port}/")
            agent.free_sockets[agent.get_name({"host": req.host})] = [socket]
            agent.add_request(req, {})
            req.on("response", common.must_call(lambda res: server.close()))
            req.end()

        common.listen(server, go)

    common.run(main, timeout=2)
