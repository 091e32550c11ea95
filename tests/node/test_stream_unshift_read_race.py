# Port of Node v20 test/parallel/test-stream-unshift-read-race.js.
# Deviations: `Buffer.allocUnsafe(n)` is `bytes(n)`; the check on 'exit' runs
# once the loop is idle; the console tracing is dropped.
from nodekit import set_timeout
from nodekit.stream import Readable, Writable
from tests.node._common import raises


def test_unshift_during_reads_and_push_after_eof(common):
    written = []

    def main():
        hwm = 10
        r = Readable(high_water_mark=hwm, auto_destroy=False)
        chunks = 10
        size = chunks * hwm + -(-hwm // 2)
        data = bytes(b"asdf"[i % 4] for i in range(size))
        box = {"pos": 0, "pushed_null": False}

        def push_error():
            r.unshift(bytes(1))
            w.end()
            raises(lambda: r.push(bytes(1)), code="ERR_STREAM_PUSH_AFTER_EOF",
                   message="stream.push() after EOF")

        def _read(n):
            assert not box["pushed_null"], "_read after null push"

            def push(fast):
                assert not box["pushed_null"], "push() after null push"
                pos = box["pos"]
                c = None if pos >= len(data) else data[pos:pos + n]
                box["pushed_null"] = c is None

                def do_push():
                    box["pos"] += n
                    r.push(c)
                    if c is None:
                        push_error()

                if fast:
                    do_push()
                else:
                    set_timeout(do_push, 1)

            # Every third chunk is fast.
            push(not (chunks % 3))

        r._read = _read
        w = Writable()

        def _write(chunk, encoding, cb):
            written.append(chunk.decode())
            cb()

        w._write = _write
        r.on("end", common.must_not_call("end"))

        def on_readable():
            while True:
                chunk = r.read(10)
                if chunk is None:
                    break
                w.write(chunk)
                if len(chunk) > 4:
                    r.unshift(b"1234")

        r.on("readable", on_readable)

        def on_finish():
            # Each chunk starts with 1234, then asdfasdf...; the first was
            # pulled out before the first unshift, so it lacks that piece.
            assert written[0] == "asdfasdfas"
            asdf = "d"
            nxt = {"a": "s", "s": "d", "d": "f", "f": "a"}
            for chunk in written[1:]:
                assert chunk[:4] == "1234"
                for c in chunk[4:]:
                    assert c == asdf
                    asdf = nxt[asdf]

        w.on("finish", common.must_call(on_finish))

    common.run(main)
    assert len(written) == 18
