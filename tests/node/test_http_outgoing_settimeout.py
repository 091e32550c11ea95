# Port of Node v20 test/parallel/test-http-outgoing-settimeout.js.
# Deviations: the socket stand-in is a SimpleNamespace with set_timeout.
from types import SimpleNamespace

from nodekit import http


def test_set_timeout_goes_to_the_socket_now(common):
    def check(msecs):
        assert msecs == 42

    def main():
        msg = http.OutgoingMessage()
        msg.socket = SimpleNamespace(set_timeout=common.must_call(lambda msecs, *a: check(msecs)))
        msg.set_timeout(42)

    common.run(main)


def test_set_timeout_goes_to_the_socket_when_it_comes(common):
    def check(msecs):
        assert msecs == 23

    def main():
        msg = http.OutgoingMessage()
        msg.set_timeout(23)
        msg.emit("socket", SimpleNamespace(
            set_timeout=common.must_call(lambda msecs, *a: check(msecs))))

    common.run(main)
