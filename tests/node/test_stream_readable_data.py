# Port of Node v20 test/parallel/test-stream-readable-data.js.
# Deviations: none beyond Python spelling.
# The set-up is shared with test-stream-readable-pause-and-resume.js:
# tests/node/_twins/stream_siblings.py.
from nodekit import next_tick
from tests.node._twins.stream_siblings import readable_without_its_readable_listener


def test_data_after_a_removed_readable_listener(common):
    def main():
        readable = readable_without_its_readable_listener()

        def later():
            readable.on("data", common.must_call())
            readable.push("hello")

        next_tick(later)

    common.run(main)
