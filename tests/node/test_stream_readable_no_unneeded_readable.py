# Port of Node v20 test/parallel/test-stream-readable-no-unneeded-readable.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import PassThrough, Readable


def wrap_and_expect_end(common, r):
    def read(size):
        data = r.read()
        if data:
            wrapper.push(data)
            return

        def on_readable():
            again = r.read()
            if again:
                wrapper.push(again)
            # else: the 'end' event should fire

        r.once("readable", on_readable)

    wrapper = Readable(read=read)
    r.once("end", lambda: wrapper.push(None))
    wrapper.resume()
    wrapper.once("end", common.must_call())


def test_wrapper_of_piped_passthrough_ends(common):
    def main():
        source = Readable(read=lambda size: None)
        source.push("foo")
        source.push("bar")
        source.push(None)
        pt = source.pipe(PassThrough())
        wrap_and_expect_end(common, pt)

    common.run(main)


def test_wrapper_of_sync_then_async_source_ends(common):
    # The underlying cause of the case above.
    def main():
        push_chunks = ["foo", "bar"]

        def read(size):
            chunk = push_chunks.pop(0) if push_chunks else None
            if chunk:
                r.push(chunk)  # synchronous
            else:
                next_tick(lambda: r.push(None))  # asynchronous

        r = Readable(read=read)
        wrap_and_expect_end(common, r)

    common.run(main)
