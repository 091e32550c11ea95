# Port of Node v20 test/parallel/test-stream-writable-constructor-set-methods.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Writable
from tests.node._common import raises


def test_write_and_writev_options_become_the_hooks(common):
    def main():
        blerg = b"blerg"
        w = Writable()
        raises(lambda: w.end(blerg), code="ERR_METHOD_NOT_IMPLEMENTED",
               message="The _write() method is not implemented")

        _write = common.must_call(lambda chunk, _, nxt: nxt())

        def writev(chunks, nxt):
            assert len(chunks) == 2
            nxt()

        _writev = common.must_call(writev)
        w2 = Writable(write=_write, writev=_writev)
        assert w2._write is _write
        assert w2._writev is _writev
        w2.write(blerg)
        w2.cork()
        w2.write(blerg)
        w2.write(blerg)
        w2.end()

    common.run(main)
