# Port of Node v20 test/parallel/test-stream-add-abort-signal.js.
# Deviations: the second block checks the internal `addAbortSignalNoValidate`
# (--expose-internals); here the public `add_abort_signal` returns the stream
# it is given, which is what that block's deepStrictEqual asserts of the internal.
from nodekit import AbortController
from nodekit.stream import Readable, add_abort_signal
from tests.node._common import raises


def test_add_abort_signal_validates_its_arguments(common):
    def main():
        raises(lambda: add_abort_signal("INVALID_SIGNAL", Readable()),
               code="ERR_INVALID_ARG_TYPE")
        ac = AbortController()
        raises(lambda: add_abort_signal(ac.signal, "INVALID_STREAM"),
               code="ERR_INVALID_ARG_TYPE")

    common.run(main)


def test_add_abort_signal_returns_the_stream(common):
    def main():
        r = Readable(read=lambda size: None)
        assert add_abort_signal(AbortController().signal, r) is r

    common.run(main)
