# Port of Node v20 test/parallel/test-http-agent-getname.js.
# Deviations: JS `undefined` and `null` families are both None.
import os
import tempfile

import pytest

from nodekit import http


def test_get_name_with_local_address():
    agent = http.Agent()
    assert agent.get_name({"port": 80, "local_address": "192.168.1.1"}) == \
        "localhost:80:192.168.1.1"
    assert agent.get_name() == "localhost::"
    assert agent.get_name({}) == "localhost::"
    assert agent.get_name({"host": "0.0.0.0", "port": 80, "local_address": "192.168.1.1"}) == \
        "0.0.0.0:80:192.168.1.1"


def test_get_name_with_socket_path():
    socket_path = os.path.join(tempfile.gettempdir(), "foo", "bar")
    assert http.Agent().get_name({"socket_path": socket_path}) == f"localhost:::{socket_path}"


@pytest.mark.parametrize("family", [0, None, "bogus"])
def test_get_name_ignores_other_families(family):
    assert http.Agent().get_name({"family": family}) == "localhost::"


@pytest.mark.parametrize("family", [4, 6])
def test_get_name_appends_family_4_or_6(family):
    assert http.Agent().get_name({"family": family}) == f"localhost:::{family}"
