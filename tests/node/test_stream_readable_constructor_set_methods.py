# Port of Node v20 test/parallel/test-stream-readable-constructor-set-methods.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable


def test_read_option_is_the_read_hook(common):
    def main():
        def _read(n):
            r.push(None)

        r = Readable(read=common.must_call(_read))
        r.resume()

    common.run(main)
