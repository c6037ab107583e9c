# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare a recorded capture exchange with one the SDK just made against the simulator.

What must agree: request method, path, query (redacted values match anything),
the set of request header names, JSON request bodies with every `id` ignored,
response status, the response headers that carry meaning, and the response
JSON structure (same keys, same value types, recursively).  Values may differ:
serials, timestamps, tokens and the like are device-specific.
"""

import json
import re

MEANINGFUL_HEADERS = ("Content-Type", "X-Response-Code", "WWW-Authenticate", "Allow", "Location")
REDACTED = "<redacted"


def header_names(lines):
    return sorted({line.split(":", 1)[0].strip().lower() for line in lines})


def header_value(lines, name):
    for line in lines:
        key, _sep, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def without_ids(value):
    if isinstance(value, dict):
        return {key: without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


def type_name(value):
    if value is None:
        return "null"
    return {bool: "bool", int: "int", float: "float", str: "str", list: "array", dict: "object"}[type(value)]


def structure_differences(recorded, actual, where="$"):
    """Readable differences of keys and value types between two JSON values."""
    if type_name(recorded) != type_name(actual):
        return [f"{where}: recorded {type_name(recorded)} {_short(recorded)}, got {type_name(actual)} {_short(actual)}"]
    if isinstance(recorded, dict):
        problems = []
        missing, extra = recorded.keys() - actual.keys(), actual.keys() - recorded.keys()
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
        if extra:
            problems.append(f"{where}: unexpected keys {sorted(extra)}")
        for key in recorded.keys() & actual.keys():
            problems += structure_differences(recorded[key], actual[key], f"{where}.{key}")
        return problems
    if isinstance(recorded, list):
        return _list_differences(recorded, actual, where)
    return []


def _list_differences(recorded, actual, where):
    if len(recorded) == len(actual):
        problems = []
        for index, (left, right) in enumerate(zip(recorded, actual)):
            problems += structure_differences(left, right, f"{where}[{index}]")
        return problems
    # Different lengths (e.g. more sessions): every element must look like some recorded one.
    if not recorded or not actual:
        return []
    problems = []
    for index, item in enumerate(actual):
        if all(structure_differences(sample, item) for sample in recorded):
            problems += [
                f"{where}[{index}]: no recorded element has this structure: "
                + "; ".join(structure_differences(recorded[0], item, f"{where}[{index}]"))
            ]
    return problems


def _short(value):
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _query_differences(recorded_params, actual_query):
    actual = {}
    for item in actual_query.split("&") if actual_query else []:
        key, _sep, value = item.partition("=")
        actual[key] = value
    problems = []
    if list(recorded_params) != list(actual):
        problems.append(f"query parameters: recorded {list(recorded_params)}, got {list(actual)}")
    for key, value in recorded_params.items():
        if key in actual and not str(value).startswith(REDACTED) and actual[key] != value:
            problems.append(f"query {key}: recorded {value!r}, got {actual[key]!r}")
    return problems


def request_differences(recorded, actual):
    problems = []
    if (recorded["method"], recorded["path"]) != (actual.method, actual.path):
        problems.append(f"request: recorded {recorded['method']} {recorded['path']}, got {actual.method} {actual.path}")
    problems += _query_differences(recorded.get("query_params") or {}, actual.query)
    sent = sorted({header[0].lower() for header in actual.sent_headers})
    if header_names(recorded["headers"]) != sent:
        problems.append(f"request header names: recorded {header_names(recorded['headers'])}, sent {sent}")
    recorded_json = (recorded.get("body") or {}).get("json")
    if recorded_json is not None:
        actual_json = actual.request_json()
        if without_ids(recorded_json) != without_ids(actual_json):
            problems.append(
                f"request JSON (ids ignored): recorded {_short(without_ids(recorded_json))}, "
                f"sent {_short(without_ids(actual_json))}"
            )
    return problems


def _media_type(value):
    return value.split(";")[0].strip().lower() if value else None


def response_header_differences(recorded_lines, actual):
    problems = []
    for name in MEANINGFUL_HEADERS:
        left, right = header_value(recorded_lines, name), actual.response_header(name)
        if (left is None) != (right is None):
            problems.append(f"response header {name}: recorded {left!r}, got {right!r}")
        elif name == "Content-Type" and _media_type(left) != _media_type(right):
            problems.append(f"response Content-Type: recorded {left!r}, got {right!r}")
        elif name in ("X-Response-Code", "Allow", "WWW-Authenticate") and left != right:
            problems.append(f"response header {name}: recorded {left!r}, got {right!r}")
        elif name == "Location" and left and right and left.split("/", 3)[-1] != right.split("/", 3)[-1]:
            problems.append(f"response Location path: recorded {left!r}, got {right!r}")
    return problems


# One event, a device closing an established connection as it goes down (reboot, web-server restart),
# surfaces as any of these depending on whether the close lands during the TLS handshake, before the
# answer or while reading it: the recording caught one moment, a replay may catch another. A refused
# connection (nothing listening) is a different event and is not in this set.
CONNECTION_LOST = frozenset(
    (
        "SSLEOFError",
        "SSLZeroReturnError",
        "RemoteDisconnected",
        "ConnectionResetError",
        "ConnectionAbortedError",
        "BrokenPipeError",
    )
)


def response_differences(recorded, actual):
    """`recorded` is a capture exchange (with `response` or `error`)."""
    if "response" not in recorded:
        if actual.error is None:
            return [f"recorded a socket error ({recorded.get('error', '?')[:60]}), got HTTP {actual.status}"]
        expected = recorded.get("error", "").split(":")[0]
        if expected == actual.error or {expected, actual.error} <= CONNECTION_LOST:
            return []
        return [f"socket error: recorded {expected}, got {actual.error}"]
    if actual.error is not None:
        return [f"recorded HTTP {recorded['response']['status']}, got socket error {actual.error}"]
    response = recorded["response"]
    problems = []
    if response["status"] != actual.status:
        problems.append(f"status: recorded {response['status']}, got {actual.status}")
    problems += response_header_differences(response["headers"], actual)
    recorded_json = (response.get("body") or {}).get("json")
    actual_json = actual.response_json()
    if recorded_json is not None:
        if actual_json is None:
            problems.append(f"response body: recorded JSON, got {actual.response_body[:60]!r}")
        else:
            problems += ["response " + line for line in structure_differences(recorded_json, actual_json)]
            problems += ["response state value " + line for line in state_value_differences(recorded_json, actual_json)]
    return problems


# Values that are not device-specific: the switching state machine (XERUS-PROTOCOL.md 5.3)
# and pending flags.  Replayed in the recorded order, the simulator must reach the same values.
STATE_VALUE_KEYS = {
    "powerState",
    "switchOnInProgress",
    "cycleInProgress",
    "sequenceRunning",
    "nextOutletToSwitch",
    "outletsRemaining",
    "cancelableOutletsRemaining",
    "havePendingReq",
    "havePendingCert",
    "statcode",
}


def state_value_differences(recorded, actual, where="$"):
    if isinstance(recorded, dict) and isinstance(actual, dict):
        problems = []
        for key in recorded.keys() & actual.keys():
            if key in STATE_VALUE_KEYS and not isinstance(recorded[key], (dict, list)):
                if recorded[key] != actual[key]:
                    problems.append(f"{where}.{key}: recorded {recorded[key]!r}, got {actual[key]!r}")
            else:
                problems += state_value_differences(recorded[key], actual[key], f"{where}.{key}")
        return problems
    if isinstance(recorded, list) and isinstance(actual, list) and len(recorded) == len(actual):
        problems = []
        for index, (left, right) in enumerate(zip(recorded, actual)):
            problems += state_value_differences(left, right, f"{where}[{index}]")
        return problems
    return []


def exchange_differences(recorded, actual):
    return request_differences(recorded["request"], actual) + response_differences(recorded, actual)


ENUM_NAME = re.compile(r"^[a-z_]+(\.[A-Za-z_0-9]+)+\.[A-Z][A-Z0-9_]*$")


def value_differences(recorded, actual, where="returned"):
    """Business codes, flags and enum members the SDK returned must equal the recorded ones."""
    if isinstance(recorded, bool) or isinstance(recorded, int):
        if isinstance(actual, (bool, int)) and (type(recorded), recorded) != (type(actual), actual):
            return [f"SDK {where}: recorded {recorded!r}, got {actual!r}"]
        return []
    if isinstance(recorded, str) and ENUM_NAME.match(recorded) and hasattr(actual, "val"):
        return [] if str(actual) == recorded else [f"SDK {where}: recorded {recorded}, got {actual}"]
    if isinstance(recorded, list) and isinstance(actual, (list, tuple)) and len(recorded) == len(actual):
        problems = []
        for index, (left, right) in enumerate(zip(recorded, actual)):
            problems += value_differences(left, right, f"{where}[{index}]")
        return problems
    return []


def outcome_differences(recorded_result, outcome):
    """Compare what the SDK returned/raised with the capture's `sdk_result`."""
    kind, detail = outcome
    if "raised" in recorded_result:
        expected = recorded_result["raised"]["exception"]
        if kind != "raised":
            return [f"SDK result: recorded raise of {expected}, but the call returned"]
        if detail != expected:
            return [f"SDK result: recorded raise of {expected}, got {detail}"]
        return []
    if kind == "raised":
        return [f"SDK result: recorded a return value, but the SDK raised {detail}"]
    return value_differences(recorded_result.get("returned"), detail)
