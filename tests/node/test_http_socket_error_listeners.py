# Port of Node v20 test/parallel/test-http-socket-error-listeners.js.
# Deviations: Node v20.11's file expects one process 'warning'
# (MaxListenersExceededWarning from a listener added per error); Node v20.20
# (the reference here) emits none, so the port asserts no warning is
# involved (NodeKit has no process 'warning'). As in v20.20, every '*' the
# client writes is a new 'clientError' (HPE_INVALID_METHOD, raw_packet b'*').
from nodekit import http, net


def test_every_bad_write_is_a_client_error(common):
    def main():
        state = {"i": 0}
        box = {}
        server = http.create_server(common.must_not_call("request"))

        def on_client_error(err, socket):
            assert err.code == "HPE_INVALID_METHOD"
            assert bytes(err.raw_packet) == b"*"
            if state["i"] == 20:
                box["socket"].end()
            else:
                box["socket"].write("*")
                state["i"] += 1

        server.on("clientError", common.must_call(on_client_error, 21))

        def go(port):
            socket = net.create_connection({"port": port, "host": common.HOST})
            box["socket"] = socket
            socket.on("connect", lambda: socket.write("*"))
            socket.on("close", lambda *_: server.close())

        common.listen(server, go)

    common.run(main, timeout=2)
