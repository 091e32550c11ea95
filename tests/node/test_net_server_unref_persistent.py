# Port of Node v20 test/parallel/test-net-server-unref-persistent.js.
# Deviations: listen(0, '127.0.0.1') (Node: listen() on every address).
from nodekit import net, set_timeout


def test_unref_before_listen_persists(common):
    def main():
        server = net.create_server()
        server.unref()
        server.listen(0, "127.0.0.1")
        set_timeout(common.must_not_call("timer"), 1000).unref()

    common.run(main)
