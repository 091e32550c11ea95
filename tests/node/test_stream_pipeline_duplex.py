# Port of Node v20 test/parallel/test-stream-pipeline-duplex.js.
# Deviations: none beyond Python spelling.
from nodekit import set_immediate
from nodekit.stream import Duplex, PassThrough, pipeline


def test_pipeline_back_into_its_source_closes_prematurely(common):
    def main():
        remote = PassThrough()
        local = Duplex(read=lambda size: None, write=lambda chunk, enc, cb: cb())

        def done(err):
            assert err.code == "ERR_STREAM_PREMATURE_CLOSE"

        pipeline(remote, local, remote, common.must_call(done))
        set_immediate(remote.end)

    common.run(main)
