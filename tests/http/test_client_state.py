"""The client connection's state machine (issue 11): named states and one
transition table in ``_client``; the per-socket object it lives on is
declared, so neither the client nor the Agent hangs attributes on sockets."""

from __future__ import annotations

from test_client_support import get_with, nodekit_server

from nodekit import http
from nodekit.http import _client
from nodekit.http._client import (
    CLOSED,
    CLOSING,
    IDLE,
    READING_BODY,
    TRANSITIONS,
    UPGRADED,
    WAITING_RESPONSE,
)

STATES = {IDLE, WAITING_RESPONSE, READING_BODY, UPGRADED, CLOSING, CLOSED}


def test_every_transition_leads_to_a_named_state() -> None:
    assert set(TRANSITIONS) == STATES
    for moves in TRANSITIONS.values():
        assert set(moves.values()) <= STATES


def test_a_keep_alive_exchange_walks_idle_waiting_reading_idle() -> None:
    state = IDLE
    for event in ("request", "head", "complete"):
        state = TRANSITIONS[state][event]
    assert state == IDLE


def test_closed_and_closing_take_no_new_request() -> None:
    assert "request" not in TRANSITIONS[CLOSED]
    assert "request" not in TRANSITIONS[CLOSING]


def test_agent_and_client_hang_no_undeclared_attributes_on_sockets() -> None:
    # Before issue 11: _client_parser, _client_dispatch, _peer_eof, _agent_name,
    # _agent_options were set on each socket under `type: ignore`.
    agent = http.Agent(keep_alive=True)
    seen: dict[str, object] = {}

    def client(srv, port):
        def on_response(res):
            sock = res.socket
            seen["attrs"] = {k for k in vars(sock) if k.startswith(("_client", "_agent", "_peer"))}
            conn = sock._http_connection
            seen["conn"] = (type(conn), conn.state, conn.agent_name)
            seen["name"] = f"127.0.0.1:{port}:"

            def on_end():
                agent.destroy()
                srv.close()

            res.on("end", on_end)
            res.resume()

        http.get(get_with(port, agent=agent), on_response)

    nodekit_server(lambda req, res: res.end("ok"), client)
    assert seen["attrs"] == set()
    assert seen["conn"] == (_client.ClientConnection, READING_BODY, seen["name"])


def test_response_completes_in_idle_state_on_a_kept_socket() -> None:
    agent = http.Agent(keep_alive=True)
    states: list[str] = []

    def client(srv, port):
        def on_response(res):
            conn = res.socket._http_connection

            def on_end():
                states.append(conn.state)
                agent.destroy()
                srv.close()

            res.on("end", on_end)
            res.resume()

        http.get(get_with(port, agent=agent), on_response)

    nodekit_server(lambda req, res: res.end("ok"), client)
    assert states == [IDLE]

