# Port of Node v20 test/parallel/test-stream-duplex-end.js.
# Deviations: `_writableState.ended = true` is `_writable_state.ended = True`.
import pytest

from nodekit.stream import Duplex


@pytest.mark.parametrize(("half_open", "pre_ended", "finishes"), [
    (None, False, False), (False, False, True), (False, True, False)])
def test_readable_end_and_allow_half_open(common, half_open, pre_ended, finishes):
    def main():
        opts = {} if half_open is None else {"allow_half_open": half_open}
        stream = Duplex(read=lambda size: None, **opts)
        assert stream.allow_half_open is (True if half_open is None else half_open)
        if pre_ended:
            stream._writable_state.ended = True
        stream.on("finish", common.must_call() if finishes else common.must_not_call("finish"))
        assert stream.listener_count("end") == 0
        stream.resume()
        stream.push(None)

    common.run(main)
