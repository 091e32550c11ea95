# Port of Node v20 test/parallel/test-http-raw-headers.js.
# Deviations: the client connects to 127.0.0.1 (the Host value follows);
# the Date value is masked as in Node (set to None).

from nodekit import http
from tests.node._common import at


def test_raw_headers_and_trailers_keep_case_and_order(common):
    def main():
        def handler(req, res):
            port = server.address()["port"]
            server.close()
            assert req.raw_headers == ["Host", f"127.0.0.1:{port}", "transfer-ENCODING",
                                       "CHUNKED", "x-BaR", "yoyoyo", "Connection", "keep-alive"]
            assert req.headers == {"host": f"127.0.0.1:{port}", "transfer-encoding": "CHUNKED",
                                   "x-bar": "yoyoyo", "connection": "keep-alive"}

            def on_end():
                assert req.raw_trailers == ["x-bAr", "yOyOyOy", "x-baR", "OyOyOyO",
                                            "X-bAr", "yOyOyOy", "X-baR", "OyOyOyO"]
                assert req.trailers == {"x-bar": "yOyOyOy, OyOyOyO, yOyOyOy, OyOyOyO"}

            req.on("end", common.must_call(on_end))
            req.resume()
            res.set_header("Keep-Alive", "timeout=1")
            res.set_header("Trailer", "x-foo")
            res.add_trailers([("x-fOo", "xOxOxOx"), ("x-foO", "OxOxOxO"),
                              ("X-fOo", "xOxOxOx"), ("X-foO", "OxOxOxO")])
            res.end("x f o o")

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(at(port, path="/"))
            req.add_trailers([("x-bAr", "yOyOyOy"), ("x-baR", "OyOyOyO"),
                              ("X-bAr", "yOyOyOy"), ("X-baR", "OyOyOyO")])
            req.set_header("transfer-ENCODING", "CHUNKED")
            req.set_header("x-BaR", "yoyoyo")
            req.end("y b a r")

            def on_response(res):
                raw = list(res.raw_headers)
                raw[5] = None
                headers = dict(res.headers)
                headers["date"] = None
                assert raw == ["Keep-Alive", "timeout=1", "Trailer", "x-foo", "Date", None,
                               "Connection", "keep-alive", "Transfer-Encoding", "chunked"]
                assert headers == {"keep-alive": "timeout=1", "trailer": "x-foo", "date": None,
                                   "connection": "keep-alive", "transfer-encoding": "chunked"}

                def on_end():
                    assert res.raw_trailers == ["x-fOo", "xOxOxOx", "x-foO", "OxOxOxO",
                                                "X-fOo", "xOxOxOx", "X-foO", "OxOxOxO"]
                    assert res.trailers == {"x-foo": "xOxOxOx, OxOxOxO, xOxOxOx, OxOxOxO"}

                res.on("end", common.must_call(on_end))
                res.resume()

            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
