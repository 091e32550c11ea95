# Port of Node v20 test/parallel/test-stream-writable-aborted.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Writable


def test_writable_aborted(common):
    def main():
        for end_first in (False, True):
            writable = Writable(write=lambda *a: None)
            assert writable.writable_aborted is False
            if end_first:
                writable.end()
            writable.destroy()
            assert writable.writable_aborted is True

    common.run(main)
