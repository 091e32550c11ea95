# Port of Node v20 test/parallel/test-stream-readable-invalid-chunk.js.
# Deviations: JS's [] / {} / 0 are a list, a dict and 0.
from nodekit import stream


def test_push_and_unshift_of_a_non_chunk_error(common):
    def main():
        for method in ("push", "unshift"):
            for val in ([], {}, 0):
                readable = stream.Readable(read=lambda size: None)
                readable.on("error", common.expects_error(code="ERR_INVALID_ARG_TYPE",
                                                          cls=TypeError))
                getattr(readable, method)(val)

    common.run(main)
