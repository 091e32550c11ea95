# Port of Node v20 test/parallel/test-net-server-unref.js.
# Deviations: binds 127.0.0.1; the must-not-call timer is 1 s as in Node, and
# unref'd (the run ends at once).
from nodekit import net, set_timeout


def test_unrefd_server_does_not_keep_the_loop(common):
    def main():
        s = net.create_server()
        s.listen(0, "127.0.0.1")
        s.unref()
        set_timeout(common.must_not_call("timer"), 1000).unref()

    common.run(main)
