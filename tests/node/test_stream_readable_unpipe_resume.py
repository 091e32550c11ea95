# Port of Node v20 test/parallel/test-stream-readable-unpipe-resume.js.
# Deviations: `fs.createReadStream(process.execPath)` (a file several times the
# high-water mark) is a Readable pushing 1 MiB in 16 KiB chunks, asynchronously.
from nodekit import set_immediate
from nodekit.stream import Readable, Transform


def big_source(total=1 << 20, chunk=16 * 1024):
    left = {"n": total}

    def read(size):
        def later():
            if left["n"] <= 0:
                rs.push(None)
                return
            left["n"] -= chunk
            rs.push(b"x" * chunk)

        set_immediate(later)

    rs = Readable(read=read)
    return rs


def test_unpipe_then_resume_in_transform_reaches_end(common):
    def main():
        read_stream = big_source()

        def transform(chunk, encoding, callback):
            read_stream.unpipe()
            read_stream.resume()

        transform_stream = Transform(transform=common.must_call(transform))
        read_stream.on("end", common.must_call())
        read_stream.pipe(transform_stream).resume()

    common.run(main)
