# Port of Node v20 test/parallel/test-stream-readable-aborted.js.
# Deviations: queueMicrotask is a next_tick.
from nodekit import next_tick
from nodekit.stream import Duplex, Readable


def test_destroy_before_end_is_aborted(common):
    def main():
        for pushes in ([], [None], ["asd"]):
            readable = Readable(read=lambda size: None)
            assert readable.readable_aborted is False
            for chunk in pushes:
                readable.push(chunk)
            readable.destroy()
            assert readable.readable_aborted is True

    common.run(main)


def test_destroy_after_end_is_not_aborted(common):
    def main():
        readable = Readable(read=lambda size: None)
        assert readable.readable_aborted is False
        readable.push("asd")
        readable.push(None)
        assert readable.readable_aborted is False

        def on_end():
            assert readable.readable_aborted is False
            readable.destroy()
            assert readable.readable_aborted is False

            def later():
                assert readable.readable_aborted is False

            next_tick(common.must_call(later))

        readable.on("end", common.must_call(on_end))
        readable.resume()

    common.run(main)


def test_not_readable_duplex_is_not_aborted(common):
    def main():
        duplex = Duplex(readable=False, write=lambda *a: None)
        duplex.destroy()
        assert duplex.readable_aborted is False

    common.run(main)
