# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Opaque rids in references, well-known rids served too, getTypeInfo, void results as null,
the default session timeout (protocol 1.3, 1.6, 3)."""

import pytest
from simfixture import Simulator, new_session, result, rpc

PDU = "/model/pdu/0"


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    assert simulator.stop() == 0


def test_references_carry_opaque_rids_built_from_the_type_id(sim):
    session = new_session()
    outlets = result(session, sim, PDU, "getOutlets")["_ret_"]
    assert len(outlets) == 8
    assert outlets[3] == {"rid": "/tfwopaque/pdumodel.Outlet:3.0.4/outlet.3", "type": "pdumodel.Outlet:3.0.4"}
    inlets = result(session, sim, PDU, "getInlets")["_ret_"]
    assert inlets == [{"rid": "/tfwopaque/pdumodel.Inlet:3.0.4/inlet.0", "type": "pdumodel.Inlet:3.0.4"}]
    sensors = result(session, sim, inlets[0]["rid"], "getSensors")["_ret_"]
    assert sensors["voltage"]["rid"] == "/tfwopaque/sensors.NumericSensor:4.0.9/I0Voltage"
    assert sensors["activeEnergy"]["type"] == "sensors.AccumulatingNumericSensor:2.0.10"
    assert sensors["peakCurrent"] is None
    outlet_sensors = result(session, sim, outlets[3]["rid"], "getSensors")["_ret_"]
    assert outlet_sensors["outletState"]["rid"] == "/tfwopaque/sensors.StateSensor:4.0.8/O3OutletState"


def test_opaque_and_well_known_rids_name_the_same_object(sim):
    session = new_session()
    opaque = result(
        session,
        sim,
        "/tfwopaque/pdumodel.Outlet:3.0.4/outlet.2",
        "setSettings",
        {
            "settings": {
                "name": "via-opaque",
                "startupState": 3,
                "usePduCycleDelay": True,
                "cycleDelay": 10,
                "nonCritical": False,
                "sequenceDelay": 0,
            }
        },
    )
    assert opaque == {"_ret_": 0}
    assert result(session, sim, f"{PDU}/outlet/2", "getSettings")["_ret_"]["name"] == "via-opaque"
    reading = result(session, sim, "/tfwopaque/sensors.NumericSensor:4.0.9/I0Voltage", "getReading")["_ret_"]
    assert reading["value"] == result(session, sim, f"{PDU}/inlet/0/voltage", "getReading")["_ret_"]["value"]


def test_an_opaque_rid_of_another_version_is_not_served(sim):
    response = new_session().post(
        sim.url("/tfwopaque/pdumodel.Outlet:3.0.1/outlet.0"),
        json={"method": "getState", "params": {}, "id": 1},
        verify=False,
        timeout=10,
    )
    assert response.status_code == 404


def test_get_type_info_names_the_chain(sim):
    info = result(new_session(), sim, "/tfwopaque/pdumodel.Outlet:3.0.4/outlet.0", "getTypeInfo")["_ret_"]
    assert info["id"] == "pdumodel.Outlet:3.0.4" and info["parent"]["id"] == "pdumodel.EDevice:1.0.1"
    assert result(new_session(), sim, "/firmware", "getTypeInfo")["_ret_"]["id"].startswith("firmware.Firmware:")
    refused = rpc(new_session(), sim, "/firmware", "getTypeInfo", {"extra": 1})
    assert refused["error"]["code"] == -32602


def test_void_results_are_null_also_inside_bulk(sim):
    session = new_session()
    assert rpc(session, sim, PDU, "cancelOutletSequence")["result"] is None
    answer = result(
        session,
        sim,
        "/bulk",
        "performBulk",
        {
            "requests": [
                {"rid": PDU, "json": {"jsonrpc": "2.0", "method": "cancelOutletSequence", "params": {}, "id": "void"}}
            ]
        },
    )
    assert answer["responses"][0]["json"] == {"jsonrpc": "2.0", "result": None, "id": "void"}


def test_sessions_expire_after_30_seconds_idle_by_default(sim):
    opened = result(new_session(), sim, "/session", "newSession")
    assert opened["session"]["timeout"] == 30
