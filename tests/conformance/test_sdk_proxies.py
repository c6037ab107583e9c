# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK's generated proxies decode every answer of the simulator, over Basic auth and a session token.

The generated decoders check JSON types, struct fields and enum indices, so a
call that returns at all has a well-formed answer; the assertions add the
protocol's meaning (XERUS-PROTOCOL.md sections 4-7).
"""

import pytest
from raritan.rpc import Time, bulkcfg, cert, devsettings, firmware, pdumodel, rawcfg, session
from simproc import make_agent

PDU = "/model/pdu/0"
Outlet = pdumodel.Outlet


@pytest.fixture(scope="module")
def token(sim):
    ret, details, token = session.SessionManager("/session", make_agent(sim.address)).newSession()
    assert ret == 0 and isinstance(token, str) and token
    assert details.username == "admin"
    return token


@pytest.fixture(params=["basic", "token"])
def sdk(request, sim):
    """A recording agent authenticated one way or the other; checks the auth headers it sent."""
    if request.param == "basic":
        agent = make_agent(sim.address)
    else:
        agent = make_agent(sim.address, token=request.getfixturevalue("token"))
    yield agent
    expected = "authorization" if request.param == "basic" else "x-sessiontoken"
    for exchange in agent.exchanges:
        names = {header[0].lower() for header in exchange.sent_headers}
        assert expected in names and names & {"authorization", "x-sessiontoken"} == {expected}, exchange.describe()
        assert exchange.status == 200, exchange.describe()


def test_pdu_metadata_and_nameplate(sdk, sim):
    pdu = pdumodel.Pdu(PDU, sdk)
    meta = pdu.getMetaData()
    assert meta.nameplate.serialNumber == sim.device["serial"]
    assert meta.nameplate.model == sim.device["model"]
    assert meta.fwRevision == firmware.Firmware("/firmware", sdk).getVersion()
    assert isinstance(meta.pduOrientation, pdumodel.Pdu.PduOrientation)
    assert all(isinstance(w, pdumodel.Pdu.InletWiring) for w in meta.supportedInletWirings)
    assert pdu.getNameplate().serialNumber == sim.device["serial"]


def test_pdu_settings_round_trip(sdk):
    pdu = pdumodel.Pdu(PDU, sdk)
    settings = pdu.getSettings()
    assert isinstance(settings.startupState, pdumodel.Pdu.StartupState)
    assert pdu.setSettings(settings) == 0
    assert pdu.getSettings().cycleDelay == settings.cycleDelay


def test_pdu_set_settings_is_sparse(sdk):
    pdu = pdumodel.Pdu(PDU, sdk)
    before = pdu.getSettings()
    assert sdk.json_rpc(PDU, "setSettings", {"settings": {"name": "sparse-rack"}}) == {"_ret_": 0}
    after = pdu.getSettings()
    assert after.name == "sparse-rack"
    assert (after.cycleDelay, after.inRushGuardDelay, after.startupState) == (
        before.cycleDelay,
        before.inRushGuardDelay,
        before.startupState,
    )


def test_pdu_set_settings_refuses_invalid_values(sdk):
    pdu = pdumodel.Pdu(PDU, sdk)
    settings = pdu.getSettings()
    settings.cycleDelay = 0
    assert pdu.setSettings(settings) == 1


def test_get_outlets_returns_outlet_proxies(sdk, sim):
    outlets = pdumodel.Pdu(PDU, sdk).getOutlets()
    assert len(outlets) == sim.device["outlets"]
    assert all(isinstance(outlet, Outlet) for outlet in outlets)
    # references carry opaque rids (protocol 3); the proxies use them as returned and they work
    assert all(o.target.startswith("/tfwopaque/pdumodel.Outlet:") for o in outlets)
    assert len({o.target for o in outlets}) == len(outlets)
    assert outlets[0].getMetaData().label == "1"


def test_outlet_reads(sdk):
    outlet = Outlet(f"{PDU}/outlet/0", sdk)
    meta = outlet.getMetaData()
    assert meta.label == "1" and isinstance(meta.isSwitchable, bool)
    state = outlet.getState()
    assert isinstance(state.powerState, Outlet.PowerState)
    assert isinstance(state.lastPowerStateChange, Time)
    assert isinstance(outlet.getSettings().startupState, Outlet.StartupState)


def test_outlet_settings_round_trip(sdk):
    outlet = Outlet(f"{PDU}/outlet/1", sdk)
    settings = outlet.getSettings()
    settings.name = "conformance-2"
    assert outlet.setSettings(settings) == 0
    assert outlet.getSettings().name == "conformance-2"
    settings.cycleDelay = 0
    assert outlet.setSettings(settings) == 1


def test_outlet_switch_and_cycle(sdk):
    outlet = Outlet(f"{PDU}/outlet/2", sdk)
    assert outlet.setPowerState(Outlet.PowerState.PS_OFF) == 0
    assert outlet.getState().powerState == Outlet.PowerState.PS_OFF
    assert outlet.setPowerState(Outlet.PowerState.PS_ON) == 0
    assert outlet.getState().powerState == Outlet.PowerState.PS_ON
    assert outlet.cyclePowerState() == 0
    assert outlet.getState().cycleInProgress is True


def test_multi_outlet_calls(sdk):
    pdu = pdumodel.Pdu(PDU, sdk)
    assert pdu.setMultipleOutletPowerStates([3, 4], Outlet.PowerState.PS_OFF, False) == 0
    assert Outlet(f"{PDU}/outlet/3", sdk).getState().powerState == Outlet.PowerState.PS_OFF
    assert pdu.setMultipleOutletPowerStates([3, 4], Outlet.PowerState.PS_ON, True) == 0
    sequence = pdu.getOutletSequenceState()
    assert isinstance(sequence.sequenceRunning, bool)
    assert pdu.setMultipleOutletPowerStates([99], Outlet.PowerState.PS_ON, False) == 1
    assert pdu.cycleMultipleOutletPowerStates([5], False) == 0
    assert pdu.setAllOutletPowerStates(Outlet.PowerState.PS_ON) == 0
    assert pdu.cancelOutletSequence() is None


def test_firmware_reads(sdk):
    proxy = firmware.Firmware("/firmware", sdk)
    version = proxy.getVersion()
    assert proxy.getInfo().version == version
    history = proxy.getUpdateHistory()
    assert all(isinstance(entry.status, firmware.UpdateHistoryStatus) for entry in history)
    status = proxy.getImageStatus()
    assert isinstance(status.state, firmware.ImageState)


def test_server_ssl_cert_info(sdk):
    info = cert.ServerSSLCert("/server_ssl_cert", sdk).getInfo()
    assert isinstance(info.havePendingCert, bool)
    assert info.activeCertInfo.subject.commonName
    assert isinstance(info.activeCertInfo.keyInfo.type, cert.ServerSSLCert.KeyType)
    keys = cert.ServerSSLCert("/server_ssl_cert", sdk).getSupportedKeyInfos()
    assert keys and all(isinstance(key.type, cert.ServerSSLCert.KeyType) for key in keys)


def test_snmp_configuration_round_trip(sdk):
    snmp = devsettings.Snmp("/snmp", sdk)
    configuration = snmp.getConfiguration()
    configuration.sysLocation = "conformance lab"
    assert snmp.setConfiguration(configuration) == 0
    assert snmp.getConfiguration().sysLocation == "conformance lab"
    assert isinstance(snmp.getV3EngineId(), str)


def test_bulk_configuration_reads(sdk):
    proxy = bulkcfg.BulkConfiguration("/bulkcfg", sdk)
    status, stamp = proxy.getStatus()
    assert isinstance(status, bulkcfg.BulkConfiguration.Status)
    filters = proxy.getFilters()
    assert {f.name for f in filters} >= {"pdu_settings", "outlet_settings", "snmp_settings"}
    profiles = proxy.getFilterProfiles()
    default = proxy.getDefaultFilterProfileName()
    assert default in {p.name for p in profiles}
    assert proxy.getSettings().defaultProfileName == default


def test_raw_configuration_status(sdk):
    status, stamp = rawcfg.RawConfiguration("/rawcfg", sdk).getStatus()
    assert isinstance(status, rawcfg.RawConfiguration.Status)


def test_session_manager_with_token(sim, token):
    agent = make_agent(sim.address, token=token)
    manager = session.SessionManager("/session", agent)
    current = manager.getCurrentSession()
    assert current.username == "admin" and current.clientType == "Python RPC"
    assert manager.touchCurrentSession(True) is None
    assert any(s.sessionId == current.sessionId for s in manager.getSessions())
    assert manager.getSessionHistory()
