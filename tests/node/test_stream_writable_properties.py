# Port of Node v20 test/parallel/test-stream-writable-properties.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Writable


def test_writable_corked_counts(common):
    def main():
        w = Writable()
        assert w.writable_corked == 0
        for op, expect in (("uncork", 0), ("cork", 1), ("cork", 2), ("uncork", 1),
                           ("uncork", 0), ("uncork", 0)):
            getattr(w, op)()
            assert w.writable_corked == expect

    common.run(main)
