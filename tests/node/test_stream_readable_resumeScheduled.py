# Port of Node v20 test/parallel/test-stream-readable-resumeScheduled.js.
# Deviations: `_readableState.resumeScheduled` is `_readable_state.resume_scheduled`.
from nodekit import next_tick
from nodekit.stream import Readable, Writable


def _not_scheduled(r):
    def check(*_args):
        assert r._readable_state.resume_scheduled is False

    return check


def test_pipe_schedules_resume(common):
    def main():
        r = Readable(read=lambda size: None)
        w = Writable()
        assert r._readable_state.resume_scheduled is False
        r.pipe(w)
        assert r._readable_state.resume_scheduled is True
        next_tick(common.must_call(_not_scheduled(r)))

    common.run(main)


def test_data_listener_schedules_resume(common):
    def main():
        r = Readable(read=lambda size: None)
        assert r._readable_state.resume_scheduled is False
        r.push(bytes([1, 2, 3]))
        r.on("data", common.must_call(_not_scheduled(r)))
        assert r._readable_state.resume_scheduled is True
        next_tick(common.must_call(_not_scheduled(r)))

    common.run(main)


def test_resume_schedules_resume(common):
    def main():
        r = Readable(read=lambda size: None)
        assert r._readable_state.resume_scheduled is False
        r.resume()
        assert r._readable_state.resume_scheduled is True
        r.on("resume", common.must_call(_not_scheduled(r)))
        next_tick(common.must_call(_not_scheduled(r)))

    common.run(main)
