# Port of Node v20 test/parallel/test-http-unix-socket-keep-alive.js.
# Deviations: common.PIPE is a unix socket path in a fresh temporary directory.
import os
import tempfile

from nodekit import http, set_timeout


def test_ten_keep_alive_requests_share_one_unix_connection(common):
    pipe = os.path.join(tempfile.mkdtemp(), "node.sock")

    def main():
        server = http.create_server(lambda req, res: res.end())

        def make_request(cb):
            def on_response(res):
                res.on("data", common.must_not_call()).on("end", cb)

            http.get({"socket_path": pipe, "headers": {"connection": "keep-alive"}}, on_response)

        def async_loop(fn, times, cb):
            left = [times]

            def handler():
                left[0] -= 1
                if left[0]:
                    set_timeout(lambda: fn(handler), 10)
                else:
                    cb()

            fn(handler)

        def on_count(conns):
            assert conns == 1
            server.close()

        def done():
            server.get_connections(common.must_succeed(on_count))

        server.listen(pipe, common.must_call(
            lambda: async_loop(make_request, 10, common.must_call(done))))

    common.run(main)
