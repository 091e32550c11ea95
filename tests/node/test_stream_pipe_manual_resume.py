# Port of Node v20 test/parallel/test-stream-pipe-manual-resume.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit import set_immediate
from nodekit.stream import Readable, Writable


@pytest.mark.parametrize("in_between", [
    lambda rs: rs.read(), lambda rs: rs.resume(), lambda rs: 0],
    ids=["read", "resume", "nothing"])
def test_pipe_does_not_stall_on_unexpected_read(common, in_between):
    def main():
        n = 1000
        counter = {"n": n}

        def read(size):
            counter["n"] -= 1
            if counter["n"] >= 0:
                rs.push({"counter": counter["n"]})
            else:
                rs.push(None)

        rs = Readable(object_mode=True, read=common.must_call_at_least(read, n))
        ws = Writable(object_mode=True,
                      write=common.must_call(lambda data, enc, cb: set_immediate(cb), n))
        set_immediate(lambda: in_between(rs))
        rs.pipe(ws)

    common.run(main)
