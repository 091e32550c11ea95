# Port of Node v20 test/parallel/test-stream-end-paused.js.
# Deviations: none beyond Python spelling.
from nodekit import set_timeout
from nodekit.stream import Readable


def test_end_after_resume_of_a_paused_empty_stream(common):
    state = {"read": False}

    def main():
        stream = Readable()

        def _read(size):
            assert not state["read"]
            state["read"] = True
            stream.push(None)

        stream._read = _read
        stream.on("data", common.must_not_call("should not ever get data"))
        stream.pause()

        def later():
            stream.on("end", common.must_call())
            stream.resume()

        set_timeout(common.must_call(later), 1)

    common.run(main)
    assert state["read"]
