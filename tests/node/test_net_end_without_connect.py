# Port of Node v20 test/parallel/test-net-end-without-connect.js.
# Deviations: none.
from nodekit import net


def test_end_on_a_never_connected_socket(common):
    common.run(lambda: net.Socket().end())  # must not raise
