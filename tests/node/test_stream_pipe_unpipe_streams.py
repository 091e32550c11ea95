# Port of Node v20 test/parallel/test-stream-pipe-unpipe-streams.js.
# Deviations: `_readableState.pipes`/`.flowing` are `_readable_state.pipes`/`.flowing`.
from nodekit.stream import Readable, Writable


def pair():
    return (Readable(read=lambda size: None), Writable(write=lambda *a: None),
            Writable(write=lambda *a: None))


def test_unpipe_one_then_the_other(common):
    def main():
        source, dest1, dest2 = pair()
        source.pipe(dest1)
        source.pipe(dest2)
        dest1.on("unpipe", common.must_call())
        dest2.on("unpipe", common.must_call())
        pipes = source._readable_state.pipes
        assert pipes[0] is dest1 and pipes[1] is dest2 and len(pipes) == 2
        source.unpipe(dest2)
        assert source._readable_state.pipes == [dest1]
        dest2.on("unpipe", common.must_not_call("unpipe twice"))
        source.unpipe(dest2)
        source.unpipe(dest1)
        assert len(source._readable_state.pipes) == 0

    common.run(main)


def test_unpipe_all_removes_every_listener(common):
    def main():
        source, dest1, dest2 = pair()
        count = {"n": 0}

        def check_src_cleanup():
            assert len(source._readable_state.pipes) == 0
            assert source._readable_state.flowing is False
            for name in ("end", "data"):
                assert source.listener_count(name) == 0, name

        check_src = common.must_call(check_src_cleanup)

        def check_dest_cleanup(dest):
            count["n"] += 1
            source.pipe(dest)

            def checker(*_):
                assert dest.listeners("unpipe") == [unpipe_checker]
                dest.remove_listener("unpipe", unpipe_checker)
                for name in ("close", "finish", "drain", "error", "unpipe"):
                    assert dest.listener_count(name) == 0, name
                count["n"] -= 1
                if count["n"] == 0:
                    check_src()

            unpipe_checker = common.must_call(checker)
            dest.on("unpipe", unpipe_checker)

        check_dest_cleanup(dest1)
        check_dest_cleanup(dest2)
        source.unpipe()

    common.run(main)


def test_unpipe_in_resume_pauses(common):
    def main():
        src, dst, _ = pair()
        src.pipe(dst)

        def on_resume():
            src.on("pause", common.must_call())
            src.unpipe(dst)

        src.on("resume", common.must_call(on_resume))

    common.run(main)
