# Port of Node v20 test/parallel/test-stream-writable-finished-state.js.
# Deviations: `_writableState.finished` is private: the public
# `writable_finished` is checked.
# The body is shared with test-stream-writable-finished.js's first block:
# tests/node/_twins/stream_siblings.py.
from tests.node._twins.stream_siblings import writable_finished_state


def test_writable_finished_state(common):
    writable_finished_state(common, lambda w: w.writable_finished)
