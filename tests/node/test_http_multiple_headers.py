# Port of Node v20 test/parallel/test-http-multiple-headers.js.
# Deviations: none (Node v20.20's headersDistinct has a null prototype, so
# its own deepStrictEqual fails there; a Python dict has no prototype).
from nodekit import http


def test_unique_headers_join_with_semicolons_and_others_repeat(common):
    def main():
        def handler(req, res):
            host = f"127.0.0.1:{server.address()['port']}"
            assert req.raw_headers == [
                "connection", "close",
                "X-Req-a", "eee", "X-Req-a", "fff", "X-Req-a", "ggg", "X-Req-a", "hhh",
                "X-Req-b", "iii; jjj; kkk; lll",
                "Host", host,
                "Transfer-Encoding", "chunked",
            ]
            assert req.headers == {"connection": "close", "x-req-a": "eee, fff, ggg, hhh",
                                   "x-req-b": "iii; jjj; kkk; lll", "host": host,
                                   "transfer-encoding": "chunked"}
            assert req.headers_distinct == {
                "connection": ["close"], "x-req-a": ["eee", "fff", "ggg", "hhh"],
                "x-req-b": ["iii; jjj; kkk; lll"], "host": [host],
                "transfer-encoding": ["chunked"]}

            def on_end(*_):
                assert req.raw_trailers == ["x-req-x", "xxx", "x-req-x", "yyy",
                                            "X-req-Y", "zzz; www"]
                assert req.trailers == {"x-req-x": "xxx, yyy", "x-req-y": "zzz; www"}
                assert req.trailers_distinct == {"x-req-x": ["xxx", "yyy"],
                                                 "x-req-y": ["zzz; www"]}
                res.set_header("X-Res-a", "AAA")
                res.append_header("x-res-a", ["BBB", "CCC"])
                res.set_header("X-Res-b", ["DDD", "EEE"])
                res.append_header("x-res-b", ["FFF", "GGG"])
                res.remove_header("date")
                res.write_head(200, {"Connection": "close", "x-res-c": ["HHH", "III"],
                                     "x-res-d": ["JJJ", "KKK", "LLL"]})
                res.add_trailers({"x-res-x": ["XXX", "YYY"], "X-Res-Y": ["ZZZ", "WWW"]})
                res.write("BODY")
                res.end()
                assert res.get_header("X-Res-a") == ["AAA", "BBB", "CCC"]
                assert res.get_header("x-res-a") == ["AAA", "BBB", "CCC"]
                assert res.get_header("x-res-b") == ["DDD", "EEE", "FFF", "GGG"]
                assert res.get_header("x-res-c") == ["HHH", "III"]
                assert res.get_header("connection") == "close"
                assert res.get_header_names() == ["x-res-a", "x-res-b", "connection",
                                                  "x-res-c", "x-res-d"]
                assert res.get_raw_header_names() == ["X-Res-a", "X-Res-b", "Connection",
                                                      "x-res-c", "x-res-d"]
                assert res.get_headers() == {
                    "x-res-a": ["AAA", "BBB", "CCC"], "x-res-b": ["DDD", "EEE", "FFF", "GGG"],
                    "connection": "close", "x-res-c": ["HHH", "III"],
                    "x-res-d": ["JJJ", "KKK", "LLL"]}

            req.on("end", on_end)
            req.resume()

        server = http.create_server({"unique_headers": ["x-res-b", "x-res-d", "x-res-y"]},
                                    common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.raw_headers == [
                    "X-Res-a", "AAA", "X-Res-a", "BBB", "X-Res-a", "CCC",
                    "X-Res-b", "DDD; EEE; FFF; GGG",
                    "Connection", "close",
                    "x-res-c", "HHH", "x-res-c", "III",
                    "x-res-d", "JJJ; KKK; LLL",
                    "Transfer-Encoding", "chunked",
                ]
                assert res.headers == {"x-res-a": "AAA, BBB, CCC", "x-res-b": "DDD; EEE; FFF; GGG",
                                       "connection": "close", "x-res-c": "HHH, III",
                                       "x-res-d": "JJJ; KKK; LLL", "transfer-encoding": "chunked"}
                assert res.headers_distinct == {
                    "x-res-a": ["AAA", "BBB", "CCC"], "x-res-b": ["DDD; EEE; FFF; GGG"],
                    "connection": ["close"], "x-res-c": ["HHH", "III"],
                    "x-res-d": ["JJJ; KKK; LLL"], "transfer-encoding": ["chunked"]}

                def on_end(*_):
                    assert res.raw_trailers == ["x-res-x", "XXX", "x-res-x", "YYY",
                                                "X-Res-Y", "ZZZ; WWW"]
                    assert res.trailers == {"x-res-x": "XXX, YYY", "x-res-y": "ZZZ; WWW"}
                    assert res.trailers_distinct == {"x-res-x": ["XXX", "YYY"],
                                                     "x-res-y": ["ZZZ; WWW"]}
                    server.close()

                res.on("end", on_end)
                res.resume()

            req = http.request({"host": "127.0.0.1", "port": port, "path": "/", "method": "POST",
                                "headers": {"connection": "close", "x-req-a": "aaa",
                                            "X-Req-a": "bbb", "X-Req-b": ["ccc", "ddd"]},
                                "unique_headers": ["x-req-b", "x-req-y"]},
                               common.must_call(on_response))
            req.set_header("X-Req-a", ["eee", "fff"])
            req.append_header("X-req-a", ["ggg", "hhh"])
            req.set_header("X-Req-b", ["iii", "jjj"])
            req.append_header("x-req-b", ["kkk", "lll"])
            req.add_trailers({"x-req-x": ["xxx", "yyy"], "X-req-Y": ["zzz", "www"]})
            req.write("BODY")
            req.end()

        common.listen(server, go)

    common.run(main, timeout=3)
