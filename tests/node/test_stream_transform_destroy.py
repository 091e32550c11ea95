# Port of Node v20 test/parallel/test-stream-transform-destroy.js.
# Deviations: `err === null` in `_destroy` is `err is None`.
from nodekit import next_tick
from nodekit.stream import Transform


def _transform():
    return Transform(transform=lambda chunk, enc, cb: None)


def test_destroy_closes_without_end_or_finish(common):
    def main():
        t = _transform()
        t.resume()
        t.on("end", common.must_not_call("end"))
        t.on("close", common.must_call())
        t.on("finish", common.must_not_call("finish"))
        t.destroy()

    common.run(main)


def test_destroy_with_error(common):
    def main():
        t = _transform()
        t.resume()
        expected = Exception("kaboom")
        t.on("end", common.must_not_call("end"))
        t.on("finish", common.must_not_call("finish"))
        t.on("close", common.must_call())
        t.on("error", common.must_call(lambda err: _is(err, expected)))
        t.destroy(expected)

    common.run(main)


def test_own_destroy_passes_the_error_on(common):
    def main():
        t = _transform()
        expected = Exception("kaboom")

        def _destroy(err, cb):
            assert err is expected
            cb(err)

        t._destroy = common.must_call(_destroy)
        t.on("finish", common.must_not_call("no finish event"))
        t.on("close", common.must_call())
        t.on("error", common.must_call(lambda err: _is(err, expected)))
        t.destroy(expected)

    common.run(main)


def test_destroy_option_swallows_the_error(common):
    def main():
        expected = Exception("kaboom")

        def destroy(err, cb):
            assert err is expected
            cb()

        t = Transform(transform=lambda chunk, enc, cb: None, destroy=common.must_call(destroy))
        t.resume()
        t.on("end", common.must_not_call("no end event"))
        t.on("close", common.must_call())
        t.on("finish", common.must_not_call("no finish event"))
        # The error is swallowed by the custom _destroy.
        t.on("error", common.must_not_call("no error event"))
        t.destroy(expected)

    common.run(main)


def test_destroy_without_error_passes_none(common):
    def main():
        t = _transform()

        def _destroy(err, cb):
            assert err is None
            cb()

        t._destroy = common.must_call(_destroy)
        t.destroy()

    common.run(main)


def test_end_pushed_from_async_destroy(common):
    def main():
        t = _transform()
        t.resume()

        def _destroy(err, cb):
            assert err is None

            def later():
                t.push(None)
                t.end()
                cb()

            next_tick(later)

        t._destroy = common.must_call(_destroy)
        fail = common.must_not_call("no event")
        t.on("finish", fail)
        t.on("end", fail)
        t.on("close", common.must_call())
        t.destroy()
        t.remove_listener("end", fail)
        t.remove_listener("finish", fail)
        t.on("end", common.must_call())
        t.on("finish", common.must_not_call("finish"))

    common.run(main)


def test_destroy_callback_error_is_emitted(common):
    def main():
        t = _transform()
        expected = Exception("kaboom")

        def _destroy(err, cb):
            assert err is None
            cb(expected)

        t._destroy = common.must_call(_destroy)
        t.on("close", common.must_call())
        t.on("finish", common.must_not_call("no finish event"))
        t.on("end", common.must_not_call("no end event"))
        t.on("error", common.must_call(lambda err: _is(err, expected)))
        t.destroy()

    common.run(main)


def _is(a, b):
    assert a is b
