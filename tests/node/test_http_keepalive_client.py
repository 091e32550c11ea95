# Port of Node v20 test/parallel/test-http-keepalive-client.js.
# Deviations: none.
from nodekit import http, set_timeout
from tests.node._common import HOST

EXPECT_REQUESTS = 10


def test_ten_requests_share_one_keep_alive_socket(common):
    ten_requests_on_one_socket(common)


def ten_requests_on_one_socket(common):
    """The body of this file and of test-http-keepalive-request.js (the same)."""
    actual = [0]

    def main():
        sockets = {}

        def handler(req, res):
            # They all come in on the same server socket.
            if "server" in sockets:
                assert req.socket is sockets["server"]
            else:
                sockets["server"] = req.socket
            res.end(req.url)

        server = http.create_server(handler)
        agent = http.Agent({"keep_alive": True})

        def make_request(n):
            if n == 0:
                server.close()
                agent.destroy()
                return
            req = http.request({"host": HOST, "port": server.address()["port"],
                                "agent": agent, "path": f"/{n}"})
            req.end()

            def on_socket(sock):
                if "client" in sockets:
                    assert sock is sockets["client"]
                else:
                    sockets["client"] = sock

            def on_response(res):
                data = [""]
                res.set_encoding("utf8")

                def on_data(c):
                    data[0] += c

                def on_end(*_):
                    assert data[0] == f"/{n}"

                    def next_one():
                        actual[0] += 1
                        make_request(n - 1)

                    set_timeout(next_one, 1)

                res.on("data", on_data)
                res.on("end", on_end)

            req.on("socket", on_socket)
            req.on("response", on_response)

        server.listen(0, lambda: make_request(EXPECT_REQUESTS))

    common.run(main)
    assert actual[0] == EXPECT_REQUESTS
