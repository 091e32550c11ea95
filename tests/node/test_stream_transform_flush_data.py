# Port of Node v20 test/parallel/test-stream-transform-flush-data.js.
# Deviations: the 'data' listener is a must_call (Node's is a plain listener).
from nodekit.stream import Transform

EXPECTED = "asdf"


def test_flush_callback_pushes_its_data(common):
    def main():
        t = Transform(transform=lambda d, e, n: n(), flush=lambda n: n(None, EXPECTED))
        t.end(b"blerg")

        def on_data(data):
            assert bytes(data).decode() == EXPECTED

        t.on("data", common.must_call(on_data))

    common.run(main)
