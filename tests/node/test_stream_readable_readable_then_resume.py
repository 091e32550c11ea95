# Port of Node v20 test/parallel/test-stream-readable-readable-then-resume.js.
# Deviations: `s.removeListener === s.off` compares the unbound functions.
from nodekit.stream import Readable


def test_resume_after_removing_readable_listener_in_same_tick(common):
    def main():
        first = {"done": False}

        def read(size):
            if not first["done"]:
                s.push("hello")
                first["done"] = True
                return
            s.push(None)

        s = Readable(object_mode=True, high_water_mark=1, read=read)
        readable_listener = common.must_not_call("readable")
        s.on("readable", readable_listener)
        s.on("end", common.must_call())
        assert type(s).remove_listener is type(s).off
        s.remove_listener("readable", readable_listener)
        s.resume()

    common.run(main)
