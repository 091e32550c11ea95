# Port of Node v20 test/parallel/test-net-listen-close-server.js.
# Deviations: binds 127.0.0.1.
from nodekit import net


def test_close_right_after_listen(common):
    def main():
        server = net.create_server(lambda socket: None)
        server.listen(0, "127.0.0.1", common.must_not_call("listening"))
        server.on("error", common.must_not_call("error"))
        server.close()

    common.run(main)
