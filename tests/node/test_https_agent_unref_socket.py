# Port of Node v20 test/parallel/test-https-agent-unref-socket.js.
# Deviations: Node forks itself as the child; here the child is a Python
# process (the same interpreter, NODEKIT_* settings inherited) that makes the
# https.get and unrefs its socket. The parent's net server (which never
# answers) is a plain listening socket on 127.0.0.1, which the child asks
# for by address (Node: localhost, its server on every address): the child
# must exit 0 by itself.
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from nodekit import https, run

def main():
    request = https.get("https://127.0.0.1:" + sys.argv[1])
    request.on("socket", lambda socket: socket.unref())

run(main)
"""


def test_an_unrefd_request_socket_lets_the_process_exit():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = subprocess.run([sys.executable, "-c", CHILD, str(port)], env=env,
                               capture_output=True, text=True, timeout=30)
    assert child.returncode == 0, child.stderr
