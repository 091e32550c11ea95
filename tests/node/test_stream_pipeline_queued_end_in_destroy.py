# Port of Node v20 test/parallel/test-stream-pipeline-queued-end-in-destroy.js.
# Deviations: none beyond Python spelling.
from nodekit import set_immediate
from nodekit.stream import Duplex, Readable, pipeline


def test_pipeline_callback_runs_when_destroy_queues_an_end(common):
    def main():
        readable = Readable(read=common.must_call(lambda size: None))

        def destroy(self, err, cb):
            # end() from inside _destroy, as HTTP/2 streams did (nodejs/node#24456).
            self.end()
            cb(err)

        duplex = Duplex(write=lambda chunk, enc, cb: None,  # messages queue up
                        read=lambda size: None, destroy=destroy)
        duplex.on("finished", common.must_not_call("finished"))

        def done(err):
            assert err.code == "ERR_STREAM_PREMATURE_CLOSE"

        pipeline(readable, duplex, common.must_call(done))
        # One chunk, then destroy the source: that tears the pipeline down.
        readable.push("foo")
        set_immediate(readable.destroy)

    common.run(main)
