# Port of Node v20 test/parallel/test-stream-push-order.js.
# Deviations: the check on 'exit' runs once the loop is idle.
from nodekit.stream import Readable


def test_pushes_in_read_keep_their_order(common):
    lst = ["1", "2", "3", "4", "5", "6"]
    holder = {}

    def main():
        s = Readable(high_water_mark=20, encoding="ascii")
        holder["s"] = s

        def _read(n):
            one = lst.pop(0) if lst else None
            if not one:
                s.push(None)
            else:
                two = lst.pop(0)
                s.push(one)
                s.push(two)

        s._read = _read
        s.read(0)

    common.run(main)
    # Once went [1, 3, 5, 6, 4, 2].
    assert ",".join(holder["s"].readable_buffer) == "1,2,3,4,5,6"
