"""test-http(s)-max-headers-count.js: ``max_headers_count`` on the server
and on the client request limits the headers they parse."""

from __future__ import annotations

from typing import Any

from tests.node._twins import Twin

N = 100
HEADERS = {"host": "example.com", **{f"key{i}": i for i in range(N)}}


def max_headers_count_on_server_and_client(common: Any, twin: Twin) -> None:
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

        server = twin.create_server(handler)
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

            req = twin.request(twin.at(port, headers=HEADERS), on_response)
            req.max_headers_count = mx
            req.end()

        common.listen(server, do_request)

    common.run(main)
    assert counts == {"requests": 3, "responses": 3}
