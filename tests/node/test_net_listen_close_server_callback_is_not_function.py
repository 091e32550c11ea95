# Port of Node v20 test/parallel/test-net-listen-close-server-callback-is-not-function.js.
# Deviations: binds 127.0.0.1.
from nodekit import net


def test_close_with_a_non_callable_argument(common):
    def main():
        server = net.create_server(common.must_not_call("connection"))
        server.on("close", common.must_call())
        server.listen(0, "127.0.0.1", common.must_not_call("listening"))
        server.close("bad argument")

    common.run(main)
