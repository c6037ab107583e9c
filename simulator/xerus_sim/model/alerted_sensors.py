# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sensors.AlertedSensorManager at /model/alertedsensormanager (docs/protocol/XERUS-PROTOCOL.md 3).

[modelled] Monitored are the sensors that can alert: numeric sensors with threshold capabilities (inlet,
outlets, OCPs, external sensors), the OCP trip sensors and the external state sensors. A sensor's alert state
follows its reading: critical beyond a critical threshold (or a tripped breaker, an alarmed contact), warned
beyond a warning threshold, normal otherwise.
"""

from xerus_sim.model import sensors
from xerus_sim.rpc import references

RID = "/model/alertedsensormanager"
TYPE = "sensors.AlertedSensorManager:1.0.6"


def monitored(device):
    """[(sensor, alert state)] of every monitored sensor, each once, in rid order."""
    seen, found = set(), []
    for rid in sorted(device.objects):
        obj = device.objects[rid]
        if id(obj) in seen or not hasattr(obj, "alert_state") or getattr(obj, "parent", None) is None:
            continue
        seen.add(id(obj))
        state = obj.alert_state()
        if state is not None:
            found.append((obj, state))
    return found


def sensor_data(sensor, state):
    return {"sensor": references.reference(sensor), "parent": references.reference(sensor.parent), "alertState": state}


class AlertedSensorManager:
    TYPE = TYPE
    opaque_name = "alertedSensorManager"

    def __init__(self, device):
        self.device = device

    def getSensorCounts(self):
        states = [state for _sensor, state in monitored(self.device)]
        return {
            "_ret_": {
                "total": len(states),
                "unavailable": states.count(sensors.UNAVAILABLE),
                "critical": states.count(sensors.CRITICAL),
                "warned": states.count(sensors.WARNED),
            }
        }

    def getAllSensors(self):
        return {"_ret_": [sensor_data(sensor, state) for sensor, state in monitored(self.device)]}

    def getAlertedSensors(self):
        return {
            "_ret_": [
                sensor_data(sensor, state)
                for sensor, state in monitored(self.device)
                if state in (sensors.CRITICAL, sensors.WARNED)
            ]
        }


RPC_OBJECTS = {RID: AlertedSensorManager}
