# Port of Node v20 test/parallel/test-stream-duplex-destroy.js.
# Deviations: `err === null` in `_destroy` is `err is None`; the prototype-built
# MyDuplex is a subclass.
# The blocks shared with the other destroy ports live in
# tests/node/_twins/stream_destroy.py.
from nodekit import AbortController, next_tick
from nodekit.stream import AbortError
from tests.node._twins import stream_destroy as body
from tests.node._twins.stream_destroy import DUPLEX


def test_destroy(common):
    body.destroy(common, DUPLEX, error=False, resume=True, silent=("end", "finish"))


def test_destroy_with_error(common):
    body.destroy(common, DUPLEX, error=True, resume=True, silent=("end", "finish"),
                 close=False)


def test_own_destroy_passes_error(common):
    body.own_destroy_passes_error(common, DUPLEX, silent=("finish",), close=False)


def test_destroy_option_swallows_error(common):
    body.destroy_option_swallows_error(common, DUPLEX, resume=True,
                                       silent=("end", "finish"))


def test_destroy_without_error_passes_none(common):
    body.destroy_without_error_passes_none(common, DUPLEX)


def test_end_and_push_from_async_destroy_emit_nothing(common):
    body.ending_from_async_destroy(common, DUPLEX, resume=True, silent=("finish", "end"),
                                   close=False)


def test_destroy_callback_error_is_emitted(common):
    body.destroy_callback_error_is_emitted(common, DUPLEX, silent=("finish", "end"),
                                           close=False)


def test_destroy_half_open(common):
    body.destroy(common, DUPLEX, error=False, resume=True, silent=("finish", "end"),
                 close=False, allow_half_open=True)


def test_destroy_when_already_marked_destroyed(common):
    body.destroy_when_already_marked_destroyed(common, DUPLEX, resume=False,
                                               silent=("finish", "end"))


def test_subclass_sees_destroyed_false_before_init(common):
    body.subclass_sees_destroyed_false_before_init(common, DUPLEX)


def test_auto_destroy_of_read_only_duplex(common):
    def main():
        duplex = DUPLEX.make(writable=False, auto_destroy=True)
        duplex.push(None)
        duplex.resume()
        duplex.on("close", common.must_call())

    common.run(main)


def test_auto_destroy_of_write_only_duplex(common):
    def main():
        duplex = DUPLEX.make(readable=False, auto_destroy=True)
        duplex.end()
        duplex.on("close", common.must_call())

    common.run(main)


def test_end_of_readable_side_ends_the_writable_side_later(common):
    def main():
        duplex = DUPLEX.make(allow_half_open=False, auto_destroy=True)
        duplex.push(None)
        duplex.resume()
        org_end = duplex.end
        duplex.end = common.must_not_call("end() before the next tick")

        def on_end():
            def later():
                duplex.end = common.must_call(org_end)

            next_tick(later)

        duplex.on("end", on_end)
        duplex.on("close", common.must_call())

    common.run(main)


def test_signal_option_destroys_once(common):
    def main():
        controller = AbortController()
        duplex = DUPLEX.make(signal=controller.signal)
        count = {"n": 0}

        def on_error(e):
            assert count["n"] == 0  # not called twice
            count["n"] += 1
            assert isinstance(e, AbortError)

        duplex.on("error", common.must_call(on_error))
        duplex.on("close", common.must_call())
        controller.abort()

    common.run(main)


def _is(a, b):
    assert a is b
