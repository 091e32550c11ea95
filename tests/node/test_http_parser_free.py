# Port of Node v20 test/parallel/test-http-parser-free.js.
# Deviations: Node compares the private `req.parser` (one parser object per
# socket, reused); NodeKit's per-socket parser object is the connection's
# (req.socket's), so the port checks that every request used the one socket
# and so the one parser. The global agent's max_sockets is restored after.
from nodekit import http

N = 100


def test_one_socket_one_parser_for_a_hundred_requests(common):
    saved = http.global_agent.max_sockets

    def main():
        server = http.create_server(lambda req, res: res.end("Hello"))
        left = [N]
        seen = {}

        def go(port):
            http.global_agent.max_sockets = 1
            for _ in range(N):
                make_request(port)

        def make_request(port):
            def on_response(res):
                if "socket" not in seen:
                    seen["socket"] = req.socket
                else:
                    assert req.socket is seen["socket"]
                left[0] -= 1
                if left[0] == 0:
                    server.close()
                res.resume()

            req = http.get({"host": "127.0.0.1", "port": port}, on_response)

        common.listen(server, go)

    try:
        common.run(main, timeout=20)
    finally:
        http.global_agent.max_sockets = saved
