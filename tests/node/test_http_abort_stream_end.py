# Port of Node v20 test/parallel/test-http-abort-stream-end.js.
# Deviations: host 127.0.0.1 rather than localhost.
from nodekit import http

MAX = 1024


def test_no_data_after_abort(common):
    def main():
        def handler(req, res):
            server.close()
            res.write_head(200, {"Content-Type": "text/plain"})
            for i in range(MAX):
                res.write(f"x{i}")
            res.end()

        server = http.create_server(common.must_call(handler))
        size = [0]

        def go(port):
            def on_response(res):
                def on_data(chunk):
                    size[0] += len(chunk)
                    assert not req.aborted, "got data after abort"
                    if size[0] > MAX:
                        req.abort()
                        assert req.aborted is True
                        size[0] = MAX

                res.on("data", on_data)
                req.on("abort", common.must_call(lambda: _eq(size[0], MAX)))
                assert req.aborted is False

            req = http.get(f"http://127.0.0.1:{port}", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
