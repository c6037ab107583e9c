# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Basic auth, session tokens, SessionManager, index page, plain-HTTP redirect (protocol 1.6, 1.7)."""

import requests
from simfixture import AUTH, Simulator, free_port, new_session, result, rpc


def _unauthorized(response):
    return (
        response.status_code == 401
        and response.headers["WWW-Authenticate"] == 'Basic realm="Xerus"'
        and response.headers["Content-Type"] == "text/plain"
        and response.text == "Unauthorized\n"
    )


def test_bad_credentials_get_401(sim):
    body = {"method": "getVersion", "params": {}, "id": 1}
    assert _unauthorized(requests.post(sim.url("/firmware"), json=body, verify=False))
    assert _unauthorized(requests.post(sim.url("/firmware"), json=body, auth=("admin", "nope"), verify=False))


def test_index_needs_no_credentials(sim):
    assert requests.get(sim.url("/"), verify=False).status_code == 200
    assert requests.get(sim.url("/index.html"), verify=False).status_code == 200


def test_session_token_lifecycle(sim):
    basic = new_session()
    opened = result(basic, sim, "/session", "newSession")
    assert opened["_ret_"] == 0 and len(opened["token"]) == 32
    assert set(opened["session"]) == {
        "sessionId",
        "username",
        "remoteIp",
        "clientType",
        "creationTime",
        "timeout",
        "idle",
        "userIdle",
    }
    token = requests.Session()
    token.headers["X-SessionToken"] = opened["token"]
    current = result(token, sim, "/session", "getCurrentSession")["_ret_"]
    assert current["sessionId"] == opened["session"]["sessionId"]
    assert result(token, sim, "/session", "touchCurrentSession", {"userActivity": True}) is None
    assert any(s["sessionId"] == current["sessionId"] for s in result(token, sim, "/session", "getSessions")["_ret_"])
    assert result(token, sim, "/session", "getSessionHistory")["_ret_"][0]["remoteIp"] == "127.0.0.1"
    assert rpc(basic, sim, "/session", "getCurrentSession")["error"]["code"] == -32000
    assert result(token, sim, "/session", "closeCurrentSession", {"reason": 0}) is None
    closed = token.post(sim.url("/model/pdu/0"), json={"method": "getOutlets", "params": {}, "id": 2}, verify=False)
    assert _unauthorized(closed)


def test_token_wins_over_basic_and_close_session(sim):
    basic = new_session()
    opened = result(basic, sim, "/session", "newSession")
    both = new_session()
    both.headers["X-SessionToken"] = "0" * 32
    assert _unauthorized(both.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False))
    assert (
        result(basic, sim, "/session", "closeSession", {"sessionId": opened["session"]["sessionId"], "reason": 0})
        is None
    )
    token = requests.Session()
    token.headers["X-SessionToken"] = opened["token"]
    assert _unauthorized(token.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False))


def test_plain_http_redirects_to_https():
    simulator = Simulator("--http-port", str(free_port()))
    try:
        device = simulator.device
        response = requests.post(
            f"http://{device['host']}:{device['http_port']}/firmware?x=1",
            json={"method": "getVersion", "id": 1},
            auth=AUTH,
            allow_redirects=False,
        )
        assert response.status_code == 302
        assert response.headers["Location"] == f"https://127.0.0.1:{device['port']}/firmware?x=1"
    finally:
        assert simulator.stop() == 0


def test_cgis_take_a_session_token_in_the_query_and_see_no_other_query(sim):
    token = result(new_session(), sim, "/session", "newSession")["token"]
    raw = requests.get(sim.url(f"/cgi-bin/raw_config_download.cgi?session={token}"), verify=False, timeout=10)
    assert raw.status_code == 200 and raw.text.startswith("# Xerus raw configuration")
    saved = requests.get(sim.url(f"/cgi-bin/bulk_config_save.cgi?link_ids=1&session={token}"), verify=False, timeout=10)
    assert saved.status_code == 200
    assert _unauthorized(
        requests.get(sim.url("/cgi-bin/raw_config_download.cgi?session=" + "0" * 32), verify=False, timeout=10)
    )
    # an option the CGI does not take is still refused next to the token
    other = requests.get(sim.url(f"/cgi-bin/raw_config_download.cgi?session={token}&x=1"), verify=False, timeout=10)
    assert other.status_code == 400
