# Port of Node v20 test/parallel/test-stream-writable-finished.js.
# Deviations: `Object.hasOwn(Writable.prototype, 'writableFinished')` is a
# property on the class.
# The first block is shared with test-stream-writable-finished-state.js:
# tests/node/_twins/stream_siblings.py.
from nodekit.stream import Writable
from tests.node._twins.stream_siblings import writable_finished_state


def test_writable_finished_is_a_class_property():
    assert isinstance(Writable.__dict__.get("writable_finished"), property)


def test_writable_finished_state(common):
    writable_finished_state(common, lambda w: w.writable_finished)

    def main():
        w = Writable(write=lambda chunk, encoding, cb: cb())
        w.end()
        w.on("finish", common.must_call())

    common.run(main)


def test_prefinish_and_final_are_synchronous_in_end(common):
    def main():
        for final in (None, lambda cb: cb()):
            state = {"sync": True}
            opts = {"write": lambda chunk, encoding, cb: cb()}
            if final is not None:
                opts["final"] = final
            w = Writable(opts)

            def on_prefinish(state=state):
                assert state["sync"] is True

            w.on("prefinish", common.must_call(on_prefinish))
            w.end()
            state["sync"] = False

        state = {"sync": True}

        def final_check(cb):
            assert state["sync"] is True
            cb()

        Writable(write=lambda chunk, encoding, cb: cb(), final=common.must_call(final_check)).end()
        state["sync"] = False

    common.run(main)
