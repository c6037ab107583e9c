"""Parameter types of the simulated IDL and their validation.

A type is either a plain Python annotation (int, bool, str, float, list, dict,
list[int], list[str]; also as strings when a module uses postponed
annotations) or one of the richer descriptors below.  `check(type, value,
path)` returns None when the value fits, otherwise (path, expected, got).
"""

INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1
MISSING = "'<missing>'"


class Enum:
    def __init__(self, type_id, count):
        self.type_id = type_id
        self.count = count

    def describe(self):
        return f"enum {self.type_id}"

    def check(self, value, path):
        if _is_int(value) and 0 <= value < self.count:
            return None
        return path, f"enum {self.type_id} (integer 0..{self.count - 1})", repr(value)


class Struct:
    """A structure: every field required unless `sparse`; extra fields refused."""

    def __init__(self, type_id, fields, sparse=False):
        self.type_id = type_id
        self.fields = fields
        self.sparse = sparse

    def describe(self):
        return f"struct {self.type_id}"

    def check(self, value, path):
        if not isinstance(value, dict):
            return path, f"struct {self.type_id} (object)", repr(value)
        for name in value:
            if name not in self.fields:
                return f"{path}.{name}", f"no such field of {self.type_id}", repr(value[name])
        for name, ftype in self.fields.items():
            if name not in value:
                if self.sparse:
                    continue
                return f"{path}.{name}", f"required field of {self.type_id}", MISSING
            problem = check(ftype, value[name], f"{path}.{name}")
            if problem:
                return problem
        return None


class Vector:
    def __init__(self, element):
        self.element = element

    def describe(self):
        return f"vector<{describe(self.element)}>"

    def check(self, value, path):
        if not isinstance(value, list):
            return path, self.describe(), repr(value)
        for index, item in enumerate(value):
            problem = check(self.element, item, f"{path}[{index}]")
            if problem:
                return problem
        return None


class Any:
    def describe(self):
        return "any"

    def check(self, value, path):
        return None


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


_SIMPLE = {
    "int": "int", "bool": "boolean", "str": "string", "float": "double",
    "list": "vector", "dict": "struct", "list[int]": "vector<int>", "list[str]": "vector<string>",
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


def check(annotation, value, path):
    if hasattr(annotation, "check"):
        return annotation.check(value, path)
    return _check_simple(_simple_name(annotation), value, path)
