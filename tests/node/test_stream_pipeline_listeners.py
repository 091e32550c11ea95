# Port of Node v20 test/parallel/test-stream-pipeline-listeners.js.
# Deviations: the process listener is removed at the end of the test; the
# third callback checks `b` as the original does (a copy-paste of the first).
from nodekit import set_timeout
from nodekit.stream import Duplex, PassThrough, Writable, pipeline
from tests.node._streams import message_is, on_uncaught, to_str


def test_pipeline_error_listeners_after_completion(common):
    def main():
        a = PassThrough()
        a.end("foobar")
        b = Duplex(write=lambda chunk, encoding, callback: callback())

        def done_ab(error):
            assert error is None
            assert a.listener_count("error") > 0
            assert b.listener_count("error") == 0

            def later():
                assert b.listener_count("error") == 0
                b.destroy(Exception("no way"))

            set_timeout(later, 100)

        pipeline(a, b, common.must_call(done_ab))

        c = PassThrough()
        c.end("foobar")

        async def upper(source):
            async for chunk in source:
                yield to_str(chunk).upper()

        def done_cd(error, value=None):
            assert error is None
            assert c.listener_count("error") > 0
            assert d.listener_count("error") == 0

            def later():
                assert b.listener_count("error") == 0
                d.destroy(Exception("no way"))

            set_timeout(later, 100)

        d = pipeline(c, upper, common.must_call(done_cd))

        e = PassThrough()
        e.end("foobar")
        f = Writable(write=lambda chunk, encoding, callback: callback())

        def done_ef(error):
            assert error is None
            assert e.listener_count("error") > 0
            assert f.listener_count("error") > 0

            def later():
                assert f.listener_count("error") > 0
                f.destroy(Exception("no way"))

            set_timeout(later, 100)

        pipeline(e, f, common.must_call(done_ef))

    with on_uncaught(common, message_is("no way"), n=2):
        common.run(main)
