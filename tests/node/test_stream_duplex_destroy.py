# Port of Node v20 test/parallel/test-stream-duplex-destroy.js.
# Deviations: `err === null` in `_destroy` is `err is None`; the prototype-built
# MyDuplex is a subclass.
from nodekit import AbortController, next_tick
from nodekit.stream import AbortError, Duplex


def _duplex(**options):
    return Duplex(write=lambda chunk, enc, cb: cb(), read=lambda size: None, **options)


def test_destroy(common):
    def main():
        duplex = _duplex()
        duplex.resume()
        duplex.on("end", common.must_not_call("end"))
        duplex.on("finish", common.must_not_call("finish"))
        duplex.on("close", common.must_call())
        duplex.destroy()
        assert duplex.destroyed is True

    common.run(main)


def test_destroy_with_error(common):
    def main():
        duplex = _duplex()
        duplex.resume()
        expected = Exception("kaboom")
        duplex.on("end", common.must_not_call("end"))
        duplex.on("finish", common.must_not_call("finish"))
        duplex.on("error", common.must_call(lambda err: _is(err, expected)))
        duplex.destroy(expected)
        assert duplex.destroyed is True

    common.run(main)


def test_own_destroy_passes_error(common):
    def main():
        duplex = _duplex()
        expected = Exception("kaboom")

        def _destroy(err, cb):
            assert err is expected
            cb(err)

        duplex._destroy = common.must_call(_destroy)
        duplex.on("finish", common.must_not_call("no finish event"))
        duplex.on("error", common.must_call(lambda err: _is(err, expected)))
        duplex.destroy(expected)
        assert duplex.destroyed is True

    common.run(main)


def test_destroy_option_swallows_error(common):
    def main():
        expected = Exception("kaboom")

        def destroy(err, cb):
            assert err is expected
            cb()

        duplex = _duplex(destroy=common.must_call(destroy))
        duplex.resume()
        duplex.on("end", common.must_not_call("no end event"))
        duplex.on("finish", common.must_not_call("no finish event"))
        duplex.on("error", common.must_not_call("no error event"))
        duplex.on("close", common.must_call())
        duplex.destroy(expected)
        assert duplex.destroyed is True

    common.run(main)


def test_destroy_without_error_passes_none(common):
    def main():
        duplex = _duplex()

        def _destroy(err, cb):
            assert err is None
            cb()

        duplex._destroy = common.must_call(_destroy)
        duplex.destroy()
        assert duplex.destroyed is True

    common.run(main)


def test_end_and_push_from_async_destroy_emit_nothing(common):
    def main():
        duplex = _duplex()
        duplex.resume()

        def _destroy(err, cb):
            assert err is None

            def later():
                duplex.push(None)
                duplex.end()
                cb()

            next_tick(later)

        duplex._destroy = common.must_call(_destroy)
        fail = common.must_not_call("no finish or end event")
        duplex.on("finish", fail)
        duplex.on("end", fail)
        duplex.destroy()
        duplex.remove_listener("end", fail)
        duplex.remove_listener("finish", fail)
        duplex.on("end", common.must_not_call("end"))
        duplex.on("finish", common.must_not_call("finish"))
        assert duplex.destroyed is True

    common.run(main)


def test_destroy_callback_error_is_emitted(common):
    def main():
        duplex = _duplex()
        expected = Exception("kaboom")

        def _destroy(err, cb):
            assert err is None
            cb(expected)

        duplex._destroy = common.must_call(_destroy)
        duplex.on("finish", common.must_not_call("no finish event"))
        duplex.on("end", common.must_not_call("no end event"))
        duplex.on("error", common.must_call(lambda err: _is(err, expected)))
        duplex.destroy()
        assert duplex.destroyed is True

    common.run(main)


def test_destroy_half_open(common):
    def main():
        duplex = _duplex(allow_half_open=True)
        duplex.resume()
        duplex.on("finish", common.must_not_call("finish"))
        duplex.on("end", common.must_not_call("end"))
        duplex.destroy()
        assert duplex.destroyed is True

    common.run(main)


def test_destroy_when_already_marked_destroyed(common):
    def main():
        duplex = _duplex()
        duplex.destroyed = True
        assert duplex.destroyed is True
        duplex.on("finish", common.must_not_call("finish"))
        duplex.on("end", common.must_not_call("end"))
        duplex.destroy()

    common.run(main)


def test_subclass_sees_destroyed_false_before_init(common):
    class MyDuplex(Duplex):
        def __init__(self):
            assert self.destroyed is False
            self.destroyed = False
            super().__init__()

    common.run(MyDuplex)


def test_auto_destroy_of_read_only_duplex(common):
    def main():
        duplex = _duplex(writable=False, auto_destroy=True)
        duplex.push(None)
        duplex.resume()
        duplex.on("close", common.must_call())

    common.run(main)


def test_auto_destroy_of_write_only_duplex(common):
    def main():
        duplex = _duplex(readable=False, auto_destroy=True)
        duplex.end()
        duplex.on("close", common.must_call())

    common.run(main)


def test_end_of_readable_side_ends_the_writable_side_later(common):
    def main():
        duplex = _duplex(allow_half_open=False, auto_destroy=True)
        duplex.push(None)
        duplex.resume()
        org_end = duplex.end
        duplex.end = common.must_not_call("end() before the next tick")

        def on_end():
            def later():
                duplex.end = common.must_call(org_end)

            next_tick(later)

        duplex.on("end", on_end)
        duplex.on("close", common.must_call())

    common.run(main)


def test_signal_option_destroys_once(common):
    def main():
        controller = AbortController()
        duplex = _duplex(signal=controller.signal)
        count = {"n": 0}

        def on_error(e):
            assert count["n"] == 0  # not called twice
            count["n"] += 1
            assert isinstance(e, AbortError)

        duplex.on("error", common.must_call(on_error))
        duplex.on("close", common.must_call())
        controller.abort()

    common.run(main)


def _is(a, b):
    assert a is b
