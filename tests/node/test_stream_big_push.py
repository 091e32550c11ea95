# Port of Node v20 test/parallel/test-stream-big-push.js.
# Deviations: none beyond Python spelling.
from nodekit import set_timeout, stream

STR = "asdfasdfasdfasdfasdf"


def test_push_over_hwm_and_read(common):
    def main():
        r = stream.Readable(high_water_mark=5, encoding="utf8")
        reads = {"n": 0}

        def _read(size):
            if reads["n"] == 0:
                set_timeout(lambda: r.push(STR), 1)
                reads["n"] += 1
            elif reads["n"] == 1:
                assert r.push(STR) is False
                reads["n"] += 1
            else:
                r.push(None)

        r._read = common.must_call(_read, n=3)
        r.on("end", common.must_call())
        assert not r.push(STR)
        assert r.read() == STR
        assert r.read() is None

        def on_readable():
            assert r.read() == STR + STR
            assert r.read() is None

        r.once("readable", on_readable)

    common.run(main)
