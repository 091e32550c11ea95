# Port of Node v20 test/parallel/test-net-socket-no-halfopen-enforcer.js.
# Deviations: none beyond Python spelling.
from nodekit import net


def test_allow_half_open_false_adds_one_end_listener():
    socket = net.Socket({"allow_half_open": False})
    assert socket.listener_count("end") == 1
