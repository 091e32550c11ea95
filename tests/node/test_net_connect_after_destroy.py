# Port of Node v20 test/parallel/test-net-connect-after-destroy.js.
# Deviations: connects to 127.0.0.1:80 (Node: google.com:80; no network
# here) — the point is only that destroy() right after connect() is quiet.
from nodekit import net


def test_destroy_right_after_connect_is_quiet(common):
    def main():
        c = net.create_connection(80, "127.0.0.1")
        c.destroy()

    common.run(main)
