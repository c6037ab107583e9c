# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Walk a device with whichever vendor Python bindings `import raritan` finds, and judge every answer.

Run as a script (the PyPI SDK 4.4.1 and Debian's 4.0.20 bindings are both called `raritan`, so each
runs in its own process):  python bindings_walk.py HOST:PORT USER PASSWORD [--outlets N] [--update IMAGE]

With --update, the bindings first upload IMAGE with their own upload helper and install it, so that the
update history holds an entry to judge.

From the well-known rids it asks `getTypeInfo`, picks the bindings' proxy class for the answer, calls
every parameterless getter the bindings declare for that interface and follows every reference in the
answers.  An answer conforms when the bindings decode it and encoding the decoded values gives back
exactly the JSON the device sent: a missing field fails the decode, an extra one the comparison.
Prints one JSON object: the bindings' version, every call with its verdict, the type ids seen.
"""

import inspect
import json
import re
import sys
import time

import raritan.rpc
from raritan.rpc import Enumeration, Interface, Structure, TypeInfo, ValueObject, firmware

ENTRY_RIDS = (
    "/model/pdu/0",
    "/firmware",
    "/cgi-bin/fwupdate_progress.cgi",
    "/server_ssl_cert",
    "/bulkcfg",
    "/rawcfg",
    "/session",
    "/snmp",
    "/bulk",
    "/diag",
    "/net",
    "/datetime",
    "/modbus",
    "/smtp",
    "/event_engine",
)
GETTER = re.compile(r"^(get|is)[A-Z]")
# Getters that are not reads: a device answers them differently (or not) without an open session.
SKIPPED = {("session.SessionManager", "getCurrentSession")}


def bindings_version():
    """ "4.0.20" (Debian's package carries raritan/version.py) or the installed distribution's version."""
    try:
        from raritan import version

        return f"{version.__sdk_version__}.{version.__sdk_subversion__}"
    except (ImportError, AttributeError):
        import importlib.metadata

        return importlib.metadata.version("raritan")


def encode_any(value):
    """The JSON the bindings would send for a decoded value."""
    if isinstance(value, ValueObject):  # a value object travels with its type id (protocol 1.4)
        return {"type": value.idlType, "value": value.encode()}
    if isinstance(value, Structure):
        return value.encode()
    if isinstance(value, Interface):
        return Interface.encode(value)
    if isinstance(value, Enumeration):
        return value.encode()
    if isinstance(value, (list, tuple)):
        return [encode_any(item) for item in value]
    if isinstance(value, dict):
        return {key: encode_any(item) for key, item in value.items()}
    if hasattr(value, "encode") and not isinstance(value, (str, bytes)):
        return value.encode()
    return value


def references(value):
    if isinstance(value, Interface):
        yield value
    elif isinstance(value, Structure):
        for name in value.elements:
            yield from references(getattr(value, name))
    elif isinstance(value, ValueObject):
        for item in vars(value).values():
            yield from references(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from references(item)


def out_names(method_class):
    """The names of a method's results in the order its decode() returns them."""
    source = inspect.getsource(method_class.decode)
    names = []
    for name in re.findall(r"rsp\['(\w+)'\]", source):
        if name not in names:
            names.append(name)
    return names


def parameterless_getters(proxy_class):
    for klass in proxy_class.__mro__:
        for name, member in vars(klass).items():
            if not (inspect.isclass(member) and issubclass(member, Interface.Method) and name.startswith("_")):
                continue
            if GETTER.match(member.name) and not inspect.signature(member.encode).parameters:
                yield member


def diff(sent, rebuilt, path="result"):
    """First difference between the device's JSON and the bindings' re-encoding, or None."""
    if isinstance(sent, dict) and isinstance(rebuilt, dict):
        extra, missing = sorted(set(sent) - set(rebuilt)), sorted(set(rebuilt) - set(sent))
        if extra or missing:
            return f"{path}: fields the bindings do not know {extra}, fields missing {missing}"
        for key in sent:
            problem = diff(sent[key], rebuilt[key], f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(sent, list) and isinstance(rebuilt, list):
        if len(sent) != len(rebuilt):
            return f"{path}: {len(sent)} items sent, {len(rebuilt)} decoded"
        for index, (a, b) in enumerate(zip(sent, rebuilt)):
            problem = diff(a, b, f"{path}[{index}]")
            if problem:
                return problem
        return None
    if sent != rebuilt or isinstance(sent, bool) != isinstance(rebuilt, bool):
        return f"{path}: sent {sent!r}, re-encoded {rebuilt!r}"
    return None


def judge(method_class, raw, agent):
    """None when `raw` (the JSON-RPC result) conforms to the method's declared results."""
    try:
        decoded = method_class.decode(raw, agent)
    except Exception as error:  # noqa: BLE001 - the verdict names any decoding failure
        return f"decode failed: {type(error).__name__}: {error}"
    names = out_names(method_class)
    if not names:
        return None if raw in ({}, None) else f"void method returned {raw!r}"
    values = decoded if len(names) > 1 else (decoded,)
    rebuilt = {name: encode_any(value) for name, value in zip(names, values)}
    return diff(raw, rebuilt)


class Walk:
    def __init__(self, agent, outlets):
        self.agent = agent
        self.outlets = outlets
        self.calls = []
        self.type_ids = {}
        self.visited = set()

    def proxy_for(self, rid, declared_type=None):
        raw = self.agent.json_rpc(rid, "getTypeInfo", {})
        type_info = raw["_ret_"]
        proxy_class = TypeInfo.decode(type_info["id"])
        self.type_ids[rid] = {
            "getTypeInfo": type_info["id"],
            "reference": declared_type,
            "bindings": proxy_class.idlType,
        }
        return proxy_class(rid, self.agent), type_info

    def visit(self, rid, declared_type=None):
        if rid in self.visited:
            return
        self.visited.add(rid)
        try:
            proxy = self.proxy_for(rid, declared_type)[0]
        except Exception as error:  # noqa: BLE001
            self.calls.append({"rid": rid, "method": "getTypeInfo", "verdict": f"failed: {error}"})
            return
        interface = TypeInfo.typeBaseName(proxy.idlType)
        for method_class in parameterless_getters(type(proxy)):
            if (interface, method_class.name) in SKIPPED:
                continue
            self.call(rid, interface, method_class)

    def call(self, rid, interface, method_class):
        entry = {"rid": rid, "interface": interface, "method": method_class.name}
        self.calls.append(entry)
        try:
            raw = self.agent.json_rpc(rid, method_class.name, {})
        except Exception as error:  # noqa: BLE001
            entry["verdict"] = f"call failed: {error}"
            return
        entry["verdict"] = judge(method_class, raw, self.agent) or "ok"
        try:
            decoded = method_class.decode(raw, self.agent)
        except Exception:  # noqa: BLE001 - already judged
            return
        for reference in references(decoded):
            if self._worth_visiting(reference.target):
                self.visit(reference.target, reference.idlType)

    def _worth_visiting(self, rid):
        """Outlets (and their sensors) beyond the first few add nothing: well-known /outlet/<n>/..., opaque
        .../outlet.<n> and .../O<n><Sensor> (XERUS-PROTOCOL.md section 3)."""
        match = re.search(r"/outlet[/.](\d+)|/O(\d+)[A-Z]", rid)
        return not match or int(match.group(1) or match.group(2)) < self.outlets

    def run(self):
        for rid in ENTRY_RIDS:
            self.visit(rid)
        return {"bindings": bindings_version(), "calls": self.calls, "type_ids": self.type_ids}


def install(address, user, password, image_path, timeout=60):
    """Upload and install an image the way the bindings' own helper does; wait for the new version."""

    def agent():
        return raritan.rpc.Agent("https", address, user, password, disable_certificate_verification=True, timeout=5)

    proxy = firmware.Firmware("/firmware", agent())
    with open(image_path, "rb") as handle:
        firmware.upload(proxy.agent, handle.read())
    deadline = time.monotonic() + timeout
    while True:  # devices refuse JSON-RPC calls for a short while after an upload (protocol 7.1)
        try:
            ok, info = proxy.getImageInfo()
            proxy.startUpdate([])
            break
        except raritan.rpc.JsonRpcErrorException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    if not ok:
        raise RuntimeError("uploaded image not accepted")
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            if firmware.Firmware("/firmware", agent()).getVersion() == info.version:
                return
        except Exception:  # noqa: BLE001 - flashing (503) and rebooting (refused) are expected
            continue
    raise RuntimeError("no new firmware version after the update")


def main(argv):
    address, user, password = argv[1:4]
    outlets = int(argv[argv.index("--outlets") + 1]) if "--outlets" in argv else 2
    if "--update" in argv:
        install(address, user, password, argv[argv.index("--update") + 1])
    agent = raritan.rpc.Agent("https", address, user, password, disable_certificate_verification=True, timeout=20)
    json.dump(Walk(agent, outlets).run(), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
