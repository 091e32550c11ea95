# Port of Node v20 test/parallel/test-stream-duplex-writable-finished.js.
# Deviations: `Object.hasOwn(Duplex.prototype, 'writableFinished')` is a property
# found on the Duplex class.
from nodekit.stream import Duplex


def test_writable_finished_is_a_property():
    assert isinstance(Duplex.writable_finished, property)


def test_writable_finished_state(common):
    def main():
        duplex = Duplex()

        def write(chunk, encoding, cb):
            # The finished state starts as false.
            assert duplex.writable_finished is False
            cb()

        duplex._write = write

        def finished_now(*_args):
            assert duplex.writable_finished is True

        duplex.on("finish", common.must_call(finished_now))
        duplex.end("testing finished state", common.must_call(finished_now))

    common.run(main)
