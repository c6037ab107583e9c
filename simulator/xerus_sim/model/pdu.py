# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pdumodel.Pdu, pdumodel.Outlet and pdumodel.Inlet (protocol 4 and 5)."""

from xerus_sim.model import alerted_sensors, generations, ocp, peripheral, sensors, switching
from xerus_sim.rpc import references
from xerus_sim.rpc.idltypes import Enum, Struct, Vector

PDU_TYPE = "pdumodel.Pdu:6.5.7"
OUTLET_TYPE = "pdumodel.Outlet:3.0.4"
INLET_TYPE = "pdumodel.Inlet:3.0.4"
EDEVICE_TYPE = "pdumodel.EDevice:1.0.1"
PDU_RID = "/model/pdu/0"
# The PDU total sensors are built under this key and served only at their opaque rids (registry.build_objects).
TOTALS_KEY = "#pdu-totals"
PDU_TOTALS = {name: sensors.OUTLET_SENSORS[name] for name in ("activePower", "apparentPower", "activeEnergy")}
INLET_RATED, OUTLET_RATED, BIG_OUTLET_RATED = 32, 10, 16

PowerState = Enum("pdumodel.Outlet_3_0_4.PowerState:1.0.0", 2)
PduSettings = Struct(
    "pdumodel.Pdu_6_5_7.Settings:1.0.0",
    {
        "name": str,
        "startupState": Enum("pdumodel.Pdu_6_5_7.StartupState:1.0.0", 3),
        "cycleDelay": int,
        "inRushGuardDelay": int,
        "outletPowerStateSequence": Vector("int"),
        "powerOnDelay": int,
        "latchingRelays": bool,
        "energyPulseEnabled": bool,
        "energyPulsesPerKWh": int,
        "demandUpdateInterval": int,
        "demandAveragingIntervals": int,
        "suspendTripCauseOutlets": bool,
        "inhibitRelayControl": bool,
        "inletWiring": Enum("pdumodel.Pdu_6_5_7.InletWiring:1.0.0", 4),
    },
    sparse=True,
    structure="pdumodel.Pdu.Settings",
)
OutletSettings = Struct(
    "pdumodel.Outlet_3_0_4.Settings:1.0.0",
    {
        "name": str,
        "startupState": Enum("pdumodel.Outlet_3_0_4.StartupState:1.0.0", 4),
        "usePduCycleDelay": bool,
        "cycleDelay": int,
        "nonCritical": bool,
        "sequenceDelay": int,
    },
)
InletSettings = Struct("pdumodel.Inlet_3_0_4.Settings:1.0.0", {"name": str})

OK, INVALID, RELAY_INHIBITED = 0, 1, 5
EMPTY_RATING = {"voltage": "", "current": "", "frequency": "", "power": ""}
NO_WAVEFORM = {"voltage": [], "current": [], "sampleRate": 0}


def nameplate(device):
    return {
        "manufacturer": "Raritan",
        "brand": "Raritan",
        "model": device.model,
        "partNumber": device.model,
        "serialNumber": device.serial,
        "rating": {"voltage": "200-240V", "current": "32A", "frequency": "50/60Hz", "power": "6.4-7.7kVA"},
        "imageFileURL": "",
    }


def _shape(device, structure, value):
    return generations.shape(generations.of(device), structure, value)


def _valid_pdu_settings(device, merged):
    sequence = merged["outletPowerStateSequence"]
    return (
        len(merged["name"]) <= 64
        and 1 <= merged["cycleDelay"] <= 3600
        and 100 <= merged["inRushGuardDelay"] <= 100000
        and 0 <= merged["powerOnDelay"] <= 3600
        and (not sequence or sorted(sequence) == list(range(device.outlet_count)))
        and not merged["latchingRelays"]
        and not merged["energyPulseEnabled"]
    )


class Pdu:
    TYPE = PDU_TYPE
    NEUTRAL = {
        "getSensorLogger": {"_ret_": None},
        "getControllers": {"_ret_": []},
        "getTransferSwitches": {"_ret_": []},
        "getBeeper": {"_ret_": None},
        "isLoadSheddingActive": {"_ret_": False},
        "setLoadSheddingActive": {"_ret_": 0},
        "getFeaturePorts": {"_ret_": []},
        "getSensorPorts": {"_ret_": []},
        "getRemoteHubPorts": {"_ret_": []},
        "getPorts": {"_ret_": []},
        "getPowerShelfManager": {"_ret_": None},
        "enterRS485ConfigModeAndAssignCtrlBoardAddress": {"_ret_": 0},
        "enterRS485ConfigModeAndAssignSCBoardAddress": {"_ret_": 0},
        "leaveRS485ConfigMode": {"_ret_": 0},
        "getStatistic": {
            "_ret_": {
                "cbStats": [],
                "ctrlStats": [],
                "outletStats": [],
                "peripheralStats": {"cSumErrCnt": 0, "fuseTripCnt": 0},
            }
        },
    }

    def __init__(self, device):
        self.device = device
        self.totals = {}

    def getNameplate(self):
        return {"_ret_": nameplate(self.device)}

    def getMetaData(self):
        device = self.device
        return {
            "_ret_": _shape(
                device,
                "pdumodel.Pdu.MetaData",
                {
                    "nameplate": nameplate(device),
                    "ctrlBoardSerial": device.serial + "C",
                    "hwRevision": "0x64",
                    "fwRevision": device.firmware_version,
                    "macAddress": device.mac,
                    "hasSwitchableOutlets": True,
                    "hasMeteredOutlets": True,
                    "hasLatchingOutletRelays": False,
                    "isInlineMeter": False,
                    "isEnergyPulseSupported": False,
                    "hasDCInlets": False,
                    "pduOrientation": 0,
                    "supportedInletWirings": [0, 1],
                },
            )
        }

    def getSettings(self):
        with self.device.lock:
            return {"_ret_": _shape(self.device, "pdumodel.Pdu.Settings", self.device.state["pdu_settings"])}

    def setSettings(self, settings: PduSettings):
        with self.device.lock:
            merged = dict(self.device.state["pdu_settings"], **settings)
            if not _valid_pdu_settings(self.device, merged):
                return {"_ret_": INVALID}
            self.device.state["pdu_settings"] = merged
            self.device.save()
        return {"_ret_": OK}

    def getOutlets(self):
        outlets = [self.device.find_object(outlet_rid(n)) for n in range(self.device.outlet_count)]
        return {"_ret_": [references.reference(outlet) for outlet in outlets]}

    def getInlets(self):
        return {"_ret_": [references.reference(self.device.find_object(Inlet.RID))]}

    def getOverCurrentProtectors(self):
        return {"_ret_": ocp.references_of(self.device)}

    def getSensors(self):
        """The PDU totals, at opaque rids only (the vendor lists no well-known rid for them)."""
        totals = {name: self.totals[f"{TOTALS_KEY}/{name}"] for name in PDU_TOTALS}
        return {
            "_ret_": {
                "powerSupplyStatus": [],
                "apparentEnergy": None,
                **{name: references.reference(sensor) for name, sensor in totals.items()},
            }
        }

    def getAlertedSensorManager(self):
        return {"_ret_": references.reference(self.device.find_object(alerted_sensors.RID))}

    def getPeripheralDeviceManager(self):
        return {"_ret_": references.reference(self.device.find_object(peripheral.MANAGER_RID))}

    def _switch(self, numbers, action):
        with self.device.lock:
            if switching.relay_inhibited(self.device):
                return {"_ret_": RELAY_INHIBITED}
            if not switching.valid_numbers(self.device, numbers):
                return {"_ret_": INVALID}
            switching.advance(self.device)
            action()
            self.device.save()
        return {"_ret_": OK}

    def setMultipleOutletPowerStates(self, outletNumbers: list[int], state: PowerState, respectSequence: bool):
        def action():
            order = switching.ordered(self.device, outletNumbers, respectSequence)
            if state == 0:
                switching.switch_off(self.device, order)
            else:
                switching.switch_on(self.device, order)

        return self._switch(outletNumbers, action)

    def setAllOutletPowerStates(self, pstate: PowerState):
        return self.setMultipleOutletPowerStates(list(range(self.device.outlet_count)), pstate, True)

    def cycleMultipleOutletPowerStates(self, outletNumbers: list[int], respectSequence: bool):
        def action():
            switching.cycle(self.device, switching.ordered(self.device, outletNumbers, respectSequence))

        return self._switch(outletNumbers, action)

    def cycleAllOutletPowerStates(self):
        return self.cycleMultipleOutletPowerStates(list(range(self.device.outlet_count)), True)

    def getOutletSequenceState(self):
        with self.device.lock:
            switching.advance(self.device)
            return {"_ret_": switching.sequence_state(self.device)}

    def cancelOutletSequence(self):
        with self.device.lock:
            switching.advance(self.device)
            switching.cancel_sequence(self.device)
            self.device.save()
        return None


def outlet_rid(number):
    return f"{PDU_RID}/outlet/{number}"


class Outlet:
    TYPE = OUTLET_TYPE
    BASES = (EDEVICE_TYPE,)
    NEUTRAL = {
        "getIOP": {"i": None, "o": None, "p": []},
        "getController": {"_ret_": None},
        "getInrushWaveform": {"_ret_": NO_WAVEFORM},
        "getWaveform": {"_ret_": NO_WAVEFORM},
        "getParents": {"_ret_": []},
        "getChildren": {"_ret_": []},
        "setServiceModeEnabled": {},
        "unstick": {"_ret_": 0},
    }

    def __init__(self, device, number):
        self.device = device
        self.number = number
        self.rid = outlet_rid(number)
        self.opaque_name = f"outlet.{number}"

    def _outlet(self):
        return self.device.state["outlets"][self.number]

    def getMetaData(self):
        big = self.number >= self.device.outlet_count - 6
        current = 16 if big else 10
        return {
            "_ret_": _shape(
                self.device,
                "pdumodel.Outlet.MetaData",
                {
                    "label": str(self.number + 1),
                    "receptacleType": "IEC 60320 C19" if big else "IEC 60320 C13",
                    "namePlate": {
                        "manufacturer": "",
                        "brand": "",
                        "model": "",
                        "partNumber": "",
                        "serialNumber": "",
                        "rating": dict(EMPTY_RATING),
                        "imageFileURL": "",
                    },
                    "rating": {
                        "current": current,
                        "decimalCurrent": float(current),
                        "minVoltage": 200,
                        "maxVoltage": 240,
                    },
                    "isSwitchable": True,
                    "isLatching": False,
                    "maxRelayCycleCnt": 100000,
                    "hasWaveformSupport": False,
                    "hasServiceModeSupport": True,
                },
            )
        }

    def getSensors(self):
        served = sensors.sensor_struct(self.device, self.rid, sensors.OUTLET_FIELDS)
        return {"_ret_": _shape(self.device, "pdumodel.Outlet.Sensors", served)}

    def getState(self):
        with self.device.lock:
            switching.advance(self.device)
            outlet = self._outlet()
            queued = outlet.get("pendingOn") or {}
            return {
                "_ret_": _shape(
                    self.device,
                    "pdumodel.Outlet.State",
                    {
                        "available": True,
                        "powerState": outlet["powerState"],
                        "switchOnInProgress": queued.get("kind") == "sequence",
                        "cycleInProgress": queued.get("kind") == "cycle",
                        "isLoadShed": False,
                        "isSuspended": False,
                        "hasInrushWaveform": False,
                        "inServiceMode": False,
                        "ledState": {"red": False, "green": False, "blinking": False},
                        "lastPowerStateChange": outlet["lastPowerStateChange"],
                    },
                )
            }

    def getSettings(self):
        with self.device.lock:
            return {"_ret_": dict(self._outlet()["settings"])}

    def setSettings(self, settings: OutletSettings):
        if not (
            len(settings["name"]) <= 64
            and 1 <= settings["cycleDelay"] <= 3600
            and 0 <= settings["sequenceDelay"] <= 100000
        ):
            return {"_ret_": INVALID}
        with self.device.lock:
            self._outlet()["settings"] = dict(settings)
            self.device.save()
        return {"_ret_": OK}

    def setPowerState(self, pstate: PowerState):
        with self.device.lock:
            if switching.relay_inhibited(self.device):
                return {"_ret_": RELAY_INHIBITED}
            switching.advance(self.device)
            switching.set_power_state(self.device, self.number, pstate)
            self.device.save()
        return {"_ret_": OK}

    def cyclePowerState(self):
        with self.device.lock:
            if switching.relay_inhibited(self.device):
                return {"_ret_": RELAY_INHIBITED}
            switching.advance(self.device)
            switching.cycle(self.device, [self.number])
            self.device.save()
        return {"_ret_": OK}


class Inlet:
    TYPE = INLET_TYPE
    BASES = (EDEVICE_TYPE,)
    RID = f"{PDU_RID}/inlet/0"
    opaque_name = "inlet.0"
    NEUTRAL = {
        "getPoles": {"_ret_": []},
        "getLinePairs": {"_ret_": []},
        "setEnabled": {"_ret_": 0},
        "getWaveform": {"_ret_": NO_WAVEFORM},
        "getParents": {"_ret_": []},
        "getChildren": {"_ret_": []},
    }

    def __init__(self, device):
        self.device = device

    def getMetaData(self):
        return {
            "_ret_": {
                "label": "I1",
                "plugType": "IEC 60309 2P+E 32A",
                "namePlate": nameplate(self.device),
                "rating": {"current": 32, "decimalCurrent": 32.0, "minVoltage": 200, "maxVoltage": 240},
                "hasWaveformSupport": False,
                "isDC": False,
            }
        }

    def getSensors(self):
        return {"_ret_": sensors.sensor_struct(self.device, self.RID, sensors.INLET_FIELDS)}

    def getSettings(self):
        with self.device.lock:
            return {"_ret_": dict(self.device.state["inlet_settings"])}

    def setSettings(self, settings: InletSettings):
        if len(settings["name"]) > 64:
            return {"_ret_": INVALID}
        with self.device.lock:
            self.device.state["inlet_settings"] = dict(settings)
            self.device.save()
        return {"_ret_": OK}

    def isEnabled(self):
        return {"_ret_": True}


def build(device):
    """Pdu, inlet, outlets and their sensors of one device, keyed by rid."""
    inlet = Inlet(device)
    objects = {PDU_RID: Pdu(device), Inlet.RID: inlet}
    count = device.outlet_count
    objects.update(
        sensors.build(
            device, Inlet.RID, "I0", sensors.INLET_SENSORS, list(range(count)), rated=INLET_RATED, parent=inlet
        )
    )
    for number in range(count):
        outlet = Outlet(device, number)
        objects[outlet.rid] = outlet
        rated = BIG_OUTLET_RATED if number >= count - 6 else OUTLET_RATED
        objects.update(
            sensors.build(
                device, outlet.rid, f"O{number}", sensors.OUTLET_SENSORS, [number], rated=rated, parent=outlet
            )
        )
    totals = sensors.build(device, TOTALS_KEY, "Pdu", PDU_TOTALS, list(range(count)), rated=INLET_RATED)
    for sensor in totals.values():
        sensor.opaque_only = True
    objects.update(totals)
    objects[PDU_RID].totals = totals
    objects.update(ocp.build(device))
    objects.update(peripheral.build(device))
    return objects
