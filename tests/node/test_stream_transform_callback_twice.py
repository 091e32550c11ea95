# Port of Node v20 test/parallel/test-stream-transform-callback-twice.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Transform


def test_transform_callback_twice_errors(common):
    def main():
        def transform(chunk, enc, cb):
            cb()
            cb()

        stream = Transform(transform=transform)
        stream.on("error", common.expects_error(code="ERR_MULTIPLE_CALLBACK",
                                                message="Callback called multiple times"))
        stream.write("foo")

    common.run(main)
