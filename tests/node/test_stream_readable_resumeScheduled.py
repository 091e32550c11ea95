# Port of Node v20 test/parallel/test-stream-readable-resumeScheduled.js.
# Deviations: `_readableState.resumeScheduled` is `_readable_state.resume_scheduled`.
from nodekit import next_tick
from nodekit.stream import Readable, Writable


def _not_scheduled(r):
    def check(*_args):
        assert r._readable_state.resume_scheduled is False

    return check


def _unscheduled():
    """A readable that reads nothing by itself, no resume scheduled yet."""
    r = Readable(read=lambda size: None)
    assert r._readable_state.resume_scheduled is False
    return r


def test_pipe_schedules_resume(common):
    def main():
        r = _unscheduled()
        w = Writable()
        r.pipe(w)
        assert r._readable_state.resume_scheduled is True
        next_tick(common.must_call(_not_scheduled(r)))

    common.run(main)


def test_data_listener_schedules_resume(common):
    def main():
        r = _unscheduled()
        r.push(bytes([1, 2, 3]))
        r.on("data", common.must_call(_not_scheduled(r)))
        assert r._readable_state.resume_scheduled is True
        next_tick(common.must_call(_not_scheduled(r)))

    common.run(main)


def test_resume_schedules_resume(common):
    def main():
        r = _unscheduled()
        r.resume()
        assert r._readable_state.resume_scheduled is True
        r.on("resume", common.must_call(_not_scheduled(r)))
        next_tick(common.must_call(_not_scheduled(r)))

    common.run(main)
