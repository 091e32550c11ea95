# Port of Node v20 test/parallel/test-http-parser-freed-before-upgrade.js.
# Deviations: none (`socket.parser`, null in Node once the parser is freed,
# is None on a NodeKit socket as well).
from nodekit import http
from tests.node._common import HOST


def test_parser_is_gone_when_upgrade_is_emitted(common):
    def main():
        server = http.create_server()

        def on_server_upgrade(request, socket, head):
            assert getattr(socket, "parser", None) is None
            socket.write("\r\n".join(["HTTP/1.1 101 Switching Protocols",
                                      "Connection: Upgrade", "Upgrade: WebSocket", "\r\n"]))

        server.on("upgrade", common.must_call(on_server_upgrade))

        def go(port):
            request = http.get({"host": HOST, "port": port,
                                "headers": {"Connection": "Upgrade", "Upgrade": "WebSocket"}})

            def on_upgrade(response, socket, head):
                assert getattr(socket, "parser", None) is None
                socket.destroy()
                server.close()

            request.on("upgrade", common.must_call(on_upgrade))

        common.listen(server, go)

    common.run(main)
