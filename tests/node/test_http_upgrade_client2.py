# Port of Node v20 test/parallel/test-http-upgrade-client2.js.
# Deviations: Node's 'close' listener named onEnd throws when no 'upgrade'
# came; here it asserts. The server's 'upgrade' requests carry the Host the
# client adds.
from nodekit import http, next_tick
from tests.node._common import at

CRLF = "\r\n"


def test_two_upgrades_in_a_row(common):
    def main():
        server = http.create_server()

        def on_server_upgrade(req, socket, head):
            socket.write(f"HTTP/1.1 101 Ok{CRLF}Connection: Upgrade{CRLF}Upgrade: Test{CRLF}{CRLF}"
                         "head")
            socket.on("end", lambda: socket.end())

        server.on("upgrade", on_server_upgrade)

        def upgrade_request(port, fn):
            request = http.request(at(port, headers={"Connection": "Upgrade",
                                                     "Upgrade": "Test"}))
            state = {"was_upgrade": False}

            def on_upgrade(res, socket, head):
                state["was_upgrade"] = True
                request.remove_listener("upgrade", on_upgrade)
                socket.end()

            request.on("upgrade", on_upgrade)

            def on_end(*_):
                request.remove_listener("close", on_end)
                assert state["was_upgrade"], "hasn't received upgrade event"
                if fn is not None:
                    next_tick(fn)

            request.on("close", on_end)
            request.write("head")

        def go(port):
            def second():
                upgrade_request(port, common.must_call(lambda: server.close()))

            upgrade_request(port, common.must_call(second))

        common.listen(server, go)

    common.run(main)
