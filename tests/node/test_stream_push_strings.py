# Port of Node v20 test/parallel/test-stream-push-strings.js.
# Deviations: the 'last chunk' timer is 20 ms (Node: 100).
from nodekit import next_tick, set_timeout
from nodekit.stream import Readable


class MyStream(Readable):
    def __init__(self, options=None):
        super().__init__(options)
        self.chunks = 3

    def _read(self, n):
        left, self.chunks = self.chunks, self.chunks - 1
        if left == 0:
            return self.push(None)
        if left == 1:
            return set_timeout(lambda: self.push("last chunk"), 20)
        if left == 2:
            return self.push("second to last chunk")
        if left == 3:
            return next_tick(lambda: self.push("first chunk"))
        raise AssertionError("?")


def test_pushed_strings_are_read_in_order(common):
    results = []
    box = {}

    def main():
        ms = box["ms"] = MyStream()

        def on_readable():
            while (chunk := ms.read()) is not None:
                results.append(bytes(chunk).decode())

        ms.on("readable", on_readable)

    common.run(main)
    assert box["ms"].chunks == -1
    assert results == ["first chunksecond to last chunk", "last chunk"]
