# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret reaches the simulator's stderr or access log: login password, session token, SNMP
communities, bulk configuration passwords, private keys (the control server's state dump may hold them;
that is a test tool, not a log)."""

import time
import urllib.parse

import pytest
import requests
from certs import key_pem, make_chain
from simfixture import Simulator, free_port, multipart, new_session, result, rpc, wait_for

PASSWORD = "Login-Pw-4711"
WRONG_PASSWORD = "Wrong-Pw-0815"
READ_COMMUNITY, WRITE_COMMUNITY = "rc-Comm-7781", "wc-Comm-7782"
BULK_PASSWORD, WRONG_BULK_PASSWORD = "Bulk-Pw-9911", "Bulk-Wrong-5522"
FORGED_TOKEN = "forged-token-3141592653"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A session / SNMP / certificate / bulk-password run; yields (secrets, stderr text, access log text)."""
    work = tmp_path_factory.mktemp("secrets")
    log = work / "access.log"
    sim = Simulator("--password", PASSWORD, "--access-log", str(log), "--http-port", str(free_port()))
    secrets = [
        PASSWORD,
        WRONG_PASSWORD,
        READ_COMMUNITY,
        WRITE_COMMUNITY,
        BULK_PASSWORD,
        WRONG_BULK_PASSWORD,
        FORGED_TOKEN,
    ]
    try:
        secrets += _exercise(sim)
    finally:
        assert sim.stop() == 0
    yield secrets, sim.process.stderr.read(), log.read_text()


def _exercise(sim):
    session = new_session(("admin", PASSWORD))
    token = result(session, sim, "/session", "newSession")["token"]
    by_token = requests.Session()
    by_token.headers["X-SessionToken"] = token
    assert result(by_token, sim, "/firmware", "getVersion")["_ret_"]
    assert result(by_token, sim, "/session", "closeCurrentSession", {"reason": 0}) is None
    forged = requests.Session()
    forged.headers["X-SessionToken"] = FORGED_TOKEN
    assert forged.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False).status_code == 401
    wrong = new_session(("admin", WRONG_PASSWORD))
    assert wrong.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False).status_code == 401
    snmp = result(session, sim, "/snmp", "getConfiguration")["_ret_"]
    snmp.update(readComm=READ_COMMUNITY, writeComm=WRITE_COMMUNITY, v2enable=True)
    assert result(session, sim, "/snmp", "setConfiguration", {"cfg": snmp})["_ret_"] == 0
    rpc(session, sim, "/snmp", "setConfiguration", {"cfg": {"readComm": READ_COMMUNITY}})  # invalid params
    key, chain = make_chain()
    private_pem = key_pem(key)
    content_type, body = multipart([("cert_file", "cert-file.crt", chain), ("key_file", "key-file.key", private_pem)])
    answer = session.post(
        sim.url("/cgi-bin/server_ssl_cert_upload.cgi"), data=body, headers={"Content-Type": content_type}, verify=False
    )
    assert answer.headers["X-Response-Code"] == "0"
    assert result(session, sim, "/server_ssl_cert", "installPendingKeyPair")["_ret_"] == 0
    time.sleep(1.0)  # the web-server restart begins just after the answer: let it begin before polling
    wait_for(lambda: result(new_session(("admin", PASSWORD)), sim, "/firmware", "getVersion"), timeout=10)
    session = new_session(("admin", PASSWORD))
    query = "bulk_config_password=" + urllib.parse.quote(BULK_PASSWORD) + "&link_ids=1"
    saved = session.get(sim.url("/cgi-bin/bulk_config_save.cgi?" + query), verify=False)
    assert saved.status_code == 200
    for password in (WRONG_BULK_PASSWORD, BULK_PASSWORD):
        content_type, body = multipart([("bulk_config_file", "bulk_config.txt", saved.content)])
        session.post(
            sim.url("/cgi-bin/bulk_config_restore.cgi?link_ids=1&user_password=" + password),
            data=body,
            headers={"Content-Type": content_type},
            verify=False,
        )
    plain = requests.get(
        f"http://{sim.device['host']}:{sim.device['http_port']}/?token={FORGED_TOKEN}",
        allow_redirects=False,
        auth=("admin", PASSWORD),
    )
    assert plain.status_code == 302
    key_body = "".join(private_pem.decode().splitlines()[1:4])
    return [token, key_body[:40]]


def test_stderr_holds_no_secret(run):
    secrets, stderr, _ = run
    assert "ready in" in stderr
    leaked = [secret for secret in secrets if secret in stderr]
    assert not leaked and "PRIVATE KEY" not in stderr, f"stderr shows {leaked}: {stderr[-2000:]}"


def test_access_log_holds_no_secret(run):
    secrets, _, log = run
    assert "/cgi-bin/bulk_config_save.cgi" in log and "/session:newSession" in log
    leaked = [secret for secret in secrets if secret in log]
    assert not leaked and "PRIVATE KEY" not in log, f"access log shows {leaked}"


def test_internal_errors_print_no_exception_message(tmp_path, capsys):
    import threading

    from xerus_sim.http import errorlog
    from xerus_sim.model.device import Device, DeviceConfig, Timings

    device = Device("127.0.0.1", 0, 0, DeviceConfig(), tmp_path, Timings())
    try:
        raise ValueError(f"invalid literal for int(): {READ_COMMUNITY!r}")
    except ValueError:
        device.log_exception("/snmp:setConfiguration")
    errorlog.install_thread_hook()
    try:
        worker = threading.Thread(target=lambda: {}[BULK_PASSWORD], name="conn-test")
        worker.start()
        worker.join()
    finally:
        threading.excepthook = threading.__excepthook__
    err = capsys.readouterr().err
    assert "internal error in 127.0.0.1 /snmp:setConfiguration: ValueError" in err
    assert "internal error in thread conn-test: KeyError" in err
    assert READ_COMMUNITY not in err and BULK_PASSWORD not in err
