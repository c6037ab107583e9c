# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk configuration: ``bulkcfg.BulkConfiguration`` at /bulkcfg and the save /
restore CGIs (protocol 8)."""

import copy

from xerus_sim.config import bulk_file, filter_profiles, pending
from xerus_sim.config.filter_profiles import BUILTIN
from xerus_sim.config.query import QueryError, parse_query
from xerus_sim.http.cgi import attachment, code_response, refused
from xerus_sim.http.multipart import MultipartError, NotMultipart, PartTooLarge
from xerus_sim.rpc.errors import INVALID_PARAMS, RpcError

AREA = "bulkcfg"
MAX_FILE = 4 * 1024 * 1024
SAVE_PARAMS = ("bulk_config_password", "config_format", "link_ids", "filter_profile", "mode")
RESTORE_PARAMS = ("user_password", "skip_checks", "link_ids", "mode")
SKIPPABLE = ("model", "firmware_version")
(OK, INTERNAL, PARAMETER, RUNNING, TOO_LARGE) = (0, 1, 2, 11, 12)
UNKNOWN_PROFILE = 15


# ---- state -------------------------------------------------------------------


def _record(device):
    record = device.state.get(AREA)
    if not isinstance(record, dict):
        record = device.state[AREA] = {}
    record.setdefault("profiles", [])
    record.setdefault("default_profile", BUILTIN)
    return record


def _find(record, name):
    return next((p for p in record["profiles"] if p["name"] == name), None)


def _profile_for(device, name):
    """(found, stored profile or None for builtin)."""
    if name == BUILTIN:
        return True, None
    profile = _find(_record(device), name)
    return profile is not None, profile


# ---- RPC ---------------------------------------------------------------------


def _profile_arg(profile, path="params.profile"):
    """Validate a FilterProfile struct; returns a stored-form profile."""
    if not isinstance(profile, dict) or set(profile) != {"name", "description", "filterNameToTypeMap"}:
        raise RpcError(INVALID_PARAMS, "Invalid params", {"path": path, "expected": "struct FilterProfile"})
    if not isinstance(profile["name"], str) or not isinstance(profile["description"], str):
        raise RpcError(INVALID_PARAMS, "Invalid params", {"path": path, "expected": "string name/description"})
    entries = profile["filterNameToTypeMap"]
    types = {}
    if not isinstance(entries, list):
        raise RpcError(
            INVALID_PARAMS,
            "Invalid params",
            {"path": path + ".filterNameToTypeMap", "expected": "map as [{key, value}]"},
        )
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"key", "value"}
            or not isinstance(entry["key"], str)
            or type(entry["value"]) is not int
            or entry["value"] not in (0, 1)
        ):
            raise RpcError(
                INVALID_PARAMS,
                "Invalid params",
                {"path": path + ".filterNameToTypeMap", "expected": "{key: string, value: FilterType 0..1}"},
            )
        types[entry["key"]] = entry["value"]
    return {"name": profile["name"], "description": profile["description"], "types": types}


def _check_profile(profile):
    return filter_profiles.check_name(profile["name"]) or filter_profiles.check_types(profile["types"])


class BulkConfiguration:
    TYPE = "bulkcfg.BulkConfiguration:1.0.2"

    def __init__(self, device):
        self.device = device

    def getStatus(self):
        return pending.status(self.device, AREA)

    def getFilters(self):
        return {"_ret_": copy.deepcopy(filter_profiles.FILTERS)}

    def getFilterProfiles(self):
        with self.device.lock:
            return {"_ret_": self._wire_profiles()}

    def _wire_profiles(self):
        stored = _record(self.device)["profiles"]
        return [filter_profiles.builtin_wire()] + [filter_profiles.stored_to_wire(p) for p in stored]

    def getDefaultFilterProfileName(self):
        with self.device.lock:
            return {"_ret_": _record(self.device)["default_profile"]}

    def selectDefaultFilterProfile(self, profileName: str):
        with self.device.lock:
            if not _profile_for(self.device, profileName)[0]:
                return {"_ret_": filter_profiles.ERR_PROFILE_DOES_NOT_EXIST}
            _record(self.device)["default_profile"] = profileName
            self.device.save()
        return {"_ret_": 0}

    def addFilterProfile(self, profile: dict):
        new = _profile_arg(profile)
        with self.device.lock:
            record = _record(self.device)
            code = filter_profiles.check_name(new["name"])
            if not code and _find(record, new["name"]):
                code = filter_profiles.ERR_PROFILE_ALREADY_EXISTS
            if not code and len(record["profiles"]) >= filter_profiles.MAX_CUSTOM_PROFILES:
                code = filter_profiles.ERR_PROFILE_TOO_MANY
            code = code or filter_profiles.check_types(new["types"])
            if not code:
                record["profiles"].append(new)
                self.device.save()
        return {"_ret_": code}

    def modifyFilterProfile(self, profile: dict):
        new = _profile_arg(profile)
        with self.device.lock:
            record = _record(self.device)
            code = filter_profiles.ERR_PROFILE_IS_BUILTIN if new["name"] == BUILTIN else 0
            old = _find(record, new["name"])
            if not code and old is None:
                code = filter_profiles.ERR_PROFILE_DOES_NOT_EXIST
            code = code or filter_profiles.check_types(new["types"])
            if not code:
                old.update(new)
                self.device.save()
        return {"_ret_": code}

    def deleteFilterProfile(self, profileName: str):
        with self.device.lock:
            record = _record(self.device)
            if profileName == BUILTIN:
                return {"_ret_": filter_profiles.ERR_PROFILE_IS_BUILTIN}
            profile = _find(record, profileName)
            if profile is None:
                return {"_ret_": filter_profiles.ERR_PROFILE_DOES_NOT_EXIST}
            if record["default_profile"] == profileName:
                return {"_ret_": filter_profiles.ERR_PROFILE_IS_DEFAULT}
            record["profiles"].remove(profile)
            self.device.save()
        return {"_ret_": 0}

    def getSettings(self):
        with self.device.lock:
            return {
                "_ret_": {
                    "filterProfiles": self._wire_profiles(),
                    "defaultProfileName": _record(self.device)["default_profile"],
                }
            }

    def setSettings(self, settings: dict):
        if (
            not isinstance(settings, dict)
            or set(settings) != {"filterProfiles", "defaultProfileName"}
            or not isinstance(settings["filterProfiles"], list)
            or not isinstance(settings["defaultProfileName"], str)
        ):
            raise RpcError(INVALID_PARAMS, "Invalid params", {"path": "params.settings", "expected": "struct Settings"})
        profiles = [
            _profile_arg(p, f"params.settings.filterProfiles[{i}]") for i, p in enumerate(settings["filterProfiles"])
        ]
        code = self._check_settings(profiles, settings["defaultProfileName"])
        if not code:
            with self.device.lock:
                record = _record(self.device)
                record["profiles"] = [p for p in profiles if p["name"] != BUILTIN]
                record["default_profile"] = settings["defaultProfileName"]
                self.device.save()
        return {"_ret_": code}

    @staticmethod
    def _check_settings(profiles, default_name):
        custom = [p for p in profiles if p["name"] != BUILTIN]
        names = [p["name"] for p in custom]
        for profile in custom:
            code = _check_profile(profile)
            if code:
                return code
        if len(set(names)) != len(names):
            return filter_profiles.ERR_PROFILE_ALREADY_EXISTS
        if len(custom) > filter_profiles.MAX_CUSTOM_PROFILES:
            return filter_profiles.ERR_PROFILE_TOO_MANY
        if default_name != BUILTIN and default_name not in names:
            return filter_profiles.ERR_PROFILE_DOES_NOT_EXIST
        return 0


# ---- save CGI ------------------------------------------------------------------


def save(device, request):
    """GET /cgi-bin/bulk_config_save.cgi"""
    pending.settle(device, AREA)
    try:
        params = parse_query(request.query, SAVE_PARAMS)
        _check_save_params(params)
    except QueryError:
        return refused(PARAMETER)
    with device.lock:
        name = params.get("filter_profile") or _record(device)["default_profile"]
        found, profile = _profile_for(device, name)
        if not found:
            return refused(UNKNOWN_PROFILE)
        backup = params.get("mode") == "backup"
        filters = filter_profiles.export_filters(profile, backup)
        encryption, password = _encryption(params)
        body = bulk_file.build(device, name, filters, backup, encryption, password)
    filename = "backup_settings.txt" if backup else "bulk_config.txt"  # the names of real devices (8.2)
    return attachment(body, "application/octet-stream", filename, {"X-Response-Code": "0"})


def _check_save_params(params):
    if params.get("link_ids", "1") != "1":
        raise QueryError("only link id 1 exists")
    if params.get("config_format", "cleartext") != "cleartext":
        raise QueryError("bad config_format")
    if params.get("mode", "backup") != "backup":
        raise QueryError("bad mode")
    if "bulk_config_password" in params and not params["bulk_config_password"]:
        raise QueryError("empty password")
    if "filter_profile" in params and not params["filter_profile"]:
        raise QueryError("empty filter_profile")


def _encryption(params):
    if params.get("config_format") == "cleartext":
        return "none", None
    if params.get("bulk_config_password"):
        return "password", params["bulk_config_password"]
    return "device", None


# ---- restore CGI -----------------------------------------------------------------


def restore(device, request):
    """POST /cgi-bin/bulk_config_restore.cgi"""
    pending.settle(device, AREA)
    try:
        params = parse_query(request.query, RESTORE_PARAMS)
        skip = _check_restore_params(params)
        query_code = OK
    except QueryError:
        query_code, params, skip = PARAMETER, {}, ()
    data, part_code = _read_file_part(request)
    if pending.is_pending(device, AREA):
        return code_response(RUNNING)
    code = query_code or part_code
    if not code:
        code, items = _read_file(device, data, params, skip)
    if code:
        pending.upload_failed(device, AREA)
        return code_response(code)
    pending.start(device, AREA, items)
    return code_response(OK)


def _check_restore_params(params):
    if params.get("link_ids", "1") != "1":
        raise QueryError("only link id 1 exists")
    if params.get("mode", "backup") != "backup":
        raise QueryError("bad mode")
    if "user_password" in params and not params["user_password"]:
        raise QueryError("empty password")
    if "skip_checks" not in params:
        return ()
    skip = params["skip_checks"].split(",")
    if not all(s in SKIPPABLE for s in skip) or len(set(skip)) != len(skip):
        raise QueryError("bad skip_checks")
    return tuple(skip)


def _read_file_part(request):
    """(file bytes, 0) or (None, response code)."""
    try:
        parts = request.form_parts(MAX_FILE)
    except NotMultipart:
        return None, PARAMETER
    except PartTooLarge:
        return None, TOO_LARGE
    except MultipartError:
        return None, INTERNAL
    part = next((p for p in parts if p.name == "bulk_config_file"), None)
    if part is None:
        return None, PARAMETER
    return part.data, OK


def _read_file(device, data, params, skip):
    try:
        items = bulk_file.read(device, data, params.get("user_password"), skip, params.get("mode") == "backup")
    except bulk_file.BulkFileError as exc:
        return exc.code, None
    return OK, items


RPC_OBJECTS = {"/bulkcfg": BulkConfiguration}
CGI_HANDLERS = {
    ("GET", "/cgi-bin/bulk_config_save.cgi"): save,
    ("POST", "/cgi-bin/bulk_config_restore.cgi"): restore,
}
