# Port of Node v20 test/parallel/test-stream-passthrough-drain.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import PassThrough


def test_drain_after_reads_with_hwm_0(common):
    def main():
        pt = PassThrough(high_water_mark=0)
        pt.on("drain", common.must_call())
        assert not pt.write("hello1")
        pt.read()
        pt.read()

    common.run(main)
