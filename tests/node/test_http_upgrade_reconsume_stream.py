# Port of Node v20 test/parallel/test-http-upgrade-reconsume-stream.js.
# Deviations: none.
from nodekit import http, tls
from tests.node._common import at


def test_wrapping_an_upgraded_socket_in_tls_does_not_crash(common):
    def main():
        server = http.create_server(common.must_not_call("request"))

        def on_upgrade(request, socket, head):
            tls.TLSSocket(socket)  # This should not crash.
            server.close()
            socket.destroy()

        server.on("upgrade", common.must_call(on_upgrade))

        def go(port):
            http.get(at(port, headers={"Connection": "Upgrade", "Upgrade": "websocket"})).on(
                "error", lambda err: None)

        common.listen(server, go)

    common.run(main)
