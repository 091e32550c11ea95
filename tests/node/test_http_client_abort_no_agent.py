# Port of Node v20 test/parallel/test-http-client-abort-no-agent.js.
# Deviations: Node closes the server from the socket's 'close'; here the
# request's 'close' (which follows the socket's in Node) checks that the
# user's create_connection ran, so the failing case ends instead of hanging.
from nodekit import http, net


def test_abort_before_connect_never_reaches_the_server(common):
    calls = []

    def main():
        server = http.create_server(common.must_not_call())

        def create_connection(options, oncreate=None):
            socket = net.create_connection(options["port"], common.HOST)
            calls.append(socket)
            socket.once("close", common.must_call())
            return socket

        def on_close():
            server.close()
            assert len(calls) == 1

        def on_listening():
            req = http.get({"create_connection": create_connection, "host": common.HOST,
                            "port": server.address()["port"]})
            req.on("close", common.must_call(on_close))
            req.abort()

        server.listen(common.PORT, common.HOST, common.must_call(on_listening))

    common.run(main)
