# Port of Node v20 test/parallel/test-stream-transform-constructor-set-methods.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Transform
from tests.node._common import raises


def test_transform_flush_final_options_become_the_hooks(common):
    def main():
        t = Transform()
        raises(lambda: t.end(b"blerg"), code="ERR_METHOD_NOT_IMPLEMENTED",
               message="The _transform() method is not implemented")

        _transform = common.must_call(lambda chunk, _, nxt: nxt())
        _final = common.must_call(lambda nxt: nxt())
        _flush = common.must_call(lambda nxt: nxt())
        t2 = Transform(transform=_transform, flush=_flush, final=_final)
        assert t2._transform is _transform
        assert t2._flush is _flush
        assert t2._final is _final
        t2.end(b"blerg")
        t2.resume()

    common.run(main)
