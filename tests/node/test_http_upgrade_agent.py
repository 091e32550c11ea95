# Port of Node v20 test/parallel/test-http-upgrade-agent.js.
# Deviations: Node's agent.totalSocketCount is total_socket_count.
# The raw 101 server is shared with its sibling port: tests/node/_twins/upgrade.py.
from nodekit import http
from tests.node._twins.upgrade import switching_server


def test_an_upgraded_socket_leaves_the_agent(common):
    def main():
        server = switching_server("nurtzo")

        def go():
            options = {"port": server.address()["port"], "host": "127.0.0.1",
                       "headers": {"connection": "upgrade", "upgrade": "websocket"}}
            name = f"{options['host']}:{options['port']}"
            req = http.request(options)
            req.end()
            req.on("socket", common.must_call(
                lambda *_: _eq(req.agent.total_socket_count, 1)))

            def on_upgrade(res, socket, upgrade_head):
                assert req.agent.total_socket_count == 0
                recv = [bytes(upgrade_head)]
                socket.on("data", lambda d: recv.append(bytes(d)))
                socket.on("close", common.must_call(
                    lambda *_: _eq(b"".join(recv), b"nurtzo")))
                assert res.headers == {"hello": "world", "connection": "upgrade",
                                       "upgrade": "websocket"}
                assert not any(key.startswith(name) for key in req.agent.sockets)

                def on_close():
                    socket.end()
                    server.close()

                req.on("close", common.must_call(on_close))

            req.on("upgrade", common.must_call(on_upgrade))

        server.listen(0, "127.0.0.1", common.must_call(go))

    common.run(main)


def _eq(a, b):
    assert a == b
