# Port of Node v20 test/parallel/test-stream-ispaused.js.
# Deviations: none beyond Python spelling.
from nodekit import stream


def test_is_paused(common):
    def main():
        readable = stream.Readable()
        readable._read = lambda size: None
        assert not readable.is_paused()
        readable.on("data", lambda chunk: None)
        assert not readable.is_paused()
        readable.pause()
        assert readable.is_paused()
        readable.resume()
        assert not readable.is_paused()

    common.run(main)
