# Port of Node v20 test/parallel/test-https-max-headers-count.js.
# Deviations: the counts are checked after run() (Node: at exit); the client
# connects to 127.0.0.1 (Node: localhost). The agent1 certificate is made at
# run time (tests/node/_tls.py).
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options

N = 100
HEADERS = {"host": "example.com", **{f"key{i}": i for i in range(N)}}


def test_max_headers_count_on_server_and_client(common):
    counts = {"requests": 0, "responses": 0}

    def main():
        server_cases = [(50, 50), (1500, 102), (0, N + 2)]
        client_cases = [(20, 20), (1200, 104), (0, N + 4)]

        def handler(req, res):
            assert len(req.headers) == server_cases[counts["requests"]][1]
            counts["requests"] += 1
            if counts["requests"] < len(server_cases):
                server.max_headers_count = server_cases[counts["requests"]][0]
            res.write_head(200, {**HEADERS, "Connection": "close"})
            res.end()

        server = https.create_server(agent1_options(), handler)
        server.max_headers_count = server_cases[0][0]

        def do_request(port):
            mx, expected = client_cases[counts["responses"]]

            def on_response(res):
                assert len(res.headers) == expected

                def on_end():
                    counts["responses"] += 1
                    if counts["responses"] < len(client_cases):
                        do_request(port)
                    else:
                        server.close()

                res.on("end", on_end)
                res.resume()

            req = https.request(at(port, headers=HEADERS, reject_unauthorized=False), on_response)
            req.max_headers_count = mx
            req.end()

        common.listen(server, do_request)

    common.run(main)
    assert counts == {"requests": 3, "responses": 3}
