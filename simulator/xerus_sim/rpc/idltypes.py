# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parameter types of the simulated IDL and their validation.

A type is either a plain Python annotation (int, bool, str, float, list, dict,
list[int], list[str]; also as strings when a module uses postponed
annotations) or one of the richer descriptors below.  `check(type, value,
path, generation)` returns None when the value fits, otherwise (path, expected, got); the generation decides
which fields a structure has (generations.NEWER_FIELDS) and which type a ByGeneration stands for.
"""

from xerus_sim.model import generations

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
MISSING = "'<missing>'"


class Enum:
    def __init__(self, type_id, count):
        self.type_id = type_id
        self.count = count

    def describe(self):
        return f"enum {self.type_id}"

    def check(self, value, path, generation=generations.DEFAULT):
        if _is_int(value) and 0 <= value < self.count:
            return None
        return path, f"enum {self.type_id} (integer 0..{self.count - 1})", repr(value)


class Struct:
    """A structure: every field required unless `sparse`; extra fields refused.  `structure`
    ("interface.Structure") names it in generations.NEWER_FIELDS."""

    def __init__(self, type_id, fields, sparse=False, structure=None):
        self.type_id = type_id
        self.fields = fields
        self.sparse = sparse
        self.structure = structure

    def fields_of(self, generation):
        dropped = generations.missing_fields(generation, self.structure) if self.structure else ()
        return {name: ftype for name, ftype in self.fields.items() if name not in dropped}

    def describe(self):
        return f"struct {self.type_id}"

    def check(self, value, path, generation=generations.DEFAULT):
        if not isinstance(value, dict):
            return path, f"struct {self.type_id} (object)", repr(value)
        fields = self.fields_of(generation)
        for name in value:
            if name not in fields:
                return f"{path}.{name}", f"no such field of {self.type_id}", repr(value[name])
        for name, ftype in fields.items():
            if name not in value:
                if self.sparse:
                    continue
                return f"{path}.{name}", f"required field of {self.type_id}", MISSING
            problem = check(ftype, value[name], f"{path}.{name}", generation)
            if problem:
                return problem
        return None


class Vector:
    def __init__(self, element):
        self.element = element

    def describe(self):
        return f"vector<{describe(self.element)}>"

    def check(self, value, path, generation=generations.DEFAULT):
        if not isinstance(value, list):
            return path, self.describe(), repr(value)
        for index, item in enumerate(value):
            problem = check(self.element, item, f"{path}[{index}]", generation)
            if problem:
                return problem
        return None


class Any:
    def describe(self):
        return "any"

    def check(self, value, path, generation=generations.DEFAULT):
        return None


class ByGeneration:
    """A parameter whose type differs between firmware generations (e.g. a changed structure)."""

    def __init__(self, by_generation):
        self.by_generation = dict(by_generation)

    def describe(self):
        return describe(self.by_generation[generations.DEFAULT])

    def check(self, value, path, generation=generations.DEFAULT):
        return check(self.by_generation[generation], value, path, generation)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


_SIMPLE = {
    "int": "int",
    "bool": "boolean",
    "str": "string",
    "float": "double",
    "list": "vector",
    "dict": "struct",
    "list[int]": "vector<int>",
    "list[str]": "vector<string>",
}


def _simple_name(annotation):
    if isinstance(annotation, str):
        return annotation.replace(" ", "")
    if annotation in (int, bool, str, float, list, dict):
        return annotation.__name__
    text = repr(annotation)
    return text.replace("typing.", "").replace("List", "list").replace(" ", "")


def describe(annotation):
    if hasattr(annotation, "describe"):
        return annotation.describe()
    return _SIMPLE.get(_simple_name(annotation), "any")


def _check_simple(name, value, path):
    if name == "int":
        ok = _is_int(value) and INT32_MIN <= value <= INT32_MAX
        return None if ok else (path, "int (32-bit integer)", repr(value))
    if name == "bool":
        return None if isinstance(value, bool) else (path, "boolean", repr(value))
    if name == "str":
        return None if isinstance(value, str) else (path, "string", repr(value))
    if name == "float":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else (path, "double", repr(value))
    if name == "list":
        return None if isinstance(value, list) else (path, "vector", repr(value))
    if name == "dict":
        return None if isinstance(value, dict) else (path, "struct", repr(value))
    if name in ("list[int]", "list[str]"):
        return Vector(name[5:-1]).check(value, path)
    return None


def check(annotation, value, path, generation=generations.DEFAULT):
    if hasattr(annotation, "check"):
        return annotation.check(value, path, generation)
    return _check_simple(_simple_name(annotation), value, path)
