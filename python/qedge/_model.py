"""The base class of every ``qedge.models`` class, and the small helpers the
model builder (``qedge.models``) and the stub generator (``tools/gen_pyi.py``)
share: the type-expression parser and the naming rules.

A model instance keeps its fields in one dict, ``_data``, keyed by the JSON
field names and holding normalised values (nested model instances, enum
members, lists of floats). The C extension converts an instance by reading
that dict, and builds instances from validated data with ``_from_data``
without validating twice.
"""

import copy as _copy
import keyword
import re
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Type, TypeVar, Union

from . import _qedge
from .errors import ValidationError

__all__ = ["Model", "FieldInfo", "parse_type", "attr_name", "enum_member_names"]

_M = TypeVar("_M", bound="Model")


class FieldInfo(NamedTuple):
    """One field of a model, as the registry describes it."""

    name: str  #: JSON field name
    attr: str  #: Python attribute / keyword name (``except_`` for ``except``)
    type: str  #: registry type expression, e.g. ``"[Condition] | Condition"``
    required: bool
    default: Any  #: default value (typed), or None
    has_default: bool
    doc: str
    aliases: Tuple[str, ...]


class Model:
    """Base class of the generated model classes.

    Construct with keyword arguments (validated strictly: unknown fields are
    errors); build from a server response with :meth:`from_dict` (unknown
    fields kept); serialise with :meth:`to_dict`.
    """

    __slots__ = ("_data",)

    _data: Dict[str, Any]  # field values by JSON name (the slot above)
    _name: str = ""  # registry name, set on each generated class
    _fields: Tuple[FieldInfo, ...] = ()
    _attr_to_key: Dict[str, str] = {}
    _positional: Tuple[str, ...] = ()  # attribute names accepted by position

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if args:
            if len(args) > len(cls._positional):
                raise TypeError(
                    f"{cls.__name__}() takes at most {len(cls._positional)} positional "
                    f"arguments ({len(args)} given)"
                )
            for attr, value in zip(cls._positional, args):
                if attr in kwargs:
                    raise TypeError(f"{cls.__name__}() got multiple values for argument {attr!r}")
                kwargs[attr] = value
        required = {f.name for f in cls._fields if f.required}
        data: Dict[str, Any] = {}
        for key, value in kwargs.items():
            name = cls._attr_to_key.get(key, key)
            # None means "not set" for optional fields, as in keyword defaults.
            if value is None and name not in required:
                continue
            data[name] = value
        result = _qedge.validate(cls._name, data, strict=True)
        self._data = result._data if isinstance(result, Model) else result

    @classmethod
    def _from_data(cls: Type[_M], data: Dict[str, Any]) -> _M:
        """Wrap already-validated field data (used by the C extension)."""
        obj = object.__new__(cls)
        obj._data = data
        return obj

    # ------------------------------------------------------------ building

    @classmethod
    def from_dict(cls: Type[_M], data: Any) -> _M:
        """Validate ``data`` (a dict, or an instance) leniently: unknown fields
        are kept, as a newer server may send them."""
        result = _qedge.validate(cls._name, data)
        if type(result) is cls:
            return result
        if isinstance(result, Model):
            return cls._from_data(result._data)
        if isinstance(result, dict):
            return cls._from_data(result)
        raise ValidationError(f"expected an object for {cls._name}", "")

    @classmethod
    def model_validate(cls: Type[_M], obj: Any) -> _M:
        """Alias of :meth:`from_dict` (the pydantic spelling)."""
        return cls.from_dict(obj)

    @classmethod
    def model_validate_json(cls: Type[_M], text: Union[str, bytes]) -> _M:
        """Parse JSON text and validate it as :meth:`from_dict` does."""
        return cls.from_dict(_qedge.json_loads(text))

    # ------------------------------------------------------------ output

    def to_dict(self) -> Dict[str, Any]:
        """The set fields as a JSON-ready dict (nested models as dicts, enums
        as strings, vectors as lists of float)."""
        return _qedge.to_builtins(self)

    def model_dump(self, *, exclude_none: bool = False, **_ignored: Any) -> Dict[str, Any]:
        """Pydantic-style :meth:`to_dict`; unset fields are never included."""
        out = self.to_dict()
        return _drop_none(out) if exclude_none else out

    def to_json(self, *, pretty: bool = False) -> str:
        """JSON text of :meth:`to_dict`."""
        return _qedge.json_dumps(self, pretty=pretty)

    def model_dump_json(self, **_ignored: Any) -> str:
        """Pydantic-style :meth:`to_json`."""
        return _qedge.json_dumps(self)

    def model_copy(
        self: _M, *, update: Optional[Dict[str, Any]] = None, deep: bool = False
    ) -> _M:
        """A copy, with the fields in ``update`` (attribute names) replaced."""
        data = _copy.deepcopy(self._data) if deep else dict(self._data)
        for key, value in (update or {}).items():
            data[type(self)._attr_to_key.get(key, key)] = value
        return type(self)._from_data(data)

    # ------------------------------------------------------------ protocol

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not fields: unknown fields a server
        # sent (kept by from_dict) are readable as attributes.
        if not name.startswith("__"):
            try:
                data = object.__getattribute__(self, "_data")
            except AttributeError:
                data = {}
            if name in data:
                return data[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return self._name == other._name and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        key_to_attr = {f.name: f.attr for f in type(self)._fields}
        named, extra = [], {}
        for key, value in self._data.items():
            attr = key_to_attr.get(key)
            if attr is None and key.isidentifier() and not keyword.iskeyword(key):
                attr = key
            if attr is None:
                extra[key] = value
            else:
                named.append(f"{attr}={value!r}")
        if extra:
            named.append(f"**{extra!r}")
        return f"{type(self).__name__}({', '.join(named)})"

    def __copy__(self: _M) -> _M:
        return type(self)._from_data(dict(self._data))

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self)._from_data, (self._data,))


def _drop_none(value: Any) -> Any:
    """``value`` without the None members of its dicts, recursively."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


# ---------------------------------------------------------------- naming

#: Attribute names of Model that a field must not shadow.
RESERVED_ATTRS = frozenset(n for n in dir(Model) if not n.startswith("__")) | {"_data"}


def attr_name(field: str) -> str:
    """Python attribute and keyword name of a JSON field: Python keywords
    and names Model uses get a trailing underscore (``except`` → ``except_``)."""
    if keyword.iskeyword(field) or field in RESERVED_ATTRS:
        return field + "_"
    return field


def _upper_snake(value: str) -> str:
    """``"Cosine"`` → ``"COSINE"``, ``"TextAny"`` → ``"TEXT_ANY"``,
    ``"average_vector"`` → ``"AVERAGE_VECTOR"``."""
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value)
    s = re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").upper()
    if not s or s[0].isdigit():
        s = "V_" + s
    return s


def _usable_member(name: str) -> bool:
    """Can ``name`` be an enum member of a ``(str, Enum)`` class?"""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("_")
        and not hasattr(str, name)
        and name not in ("name", "value", "mro")
    )


def _camel(value: str) -> str:
    """``"insert_only"`` → ``"InsertOnly"``, ``"max_sim"`` → ``"MaxSim"``,
    ``"bits1_5"`` → ``"Bits1_5"`` (an underscore stays before a digit): the
    spelling Qdrant Edge's Python enums use."""
    parts = [p for p in value.split("_") if p]
    out = ""
    for p in parts:
        if out and p[0].isdigit():
            out += "_" + p
        else:
            out += p[0].upper() + p[1:]
    return out


def enum_member_names(values: List[str]) -> List[Tuple[str, str]]:
    """(member name, value) pairs of an enum: one UPPER_SNAKE member per value,
    then, as alias members where they differ and are usable identifiers, the
    value's own spelling (``Distance.Cosine`` beside ``Distance.COSINE``) and
    its CamelCase spelling (``UpdateMode.InsertOnly``, Qdrant Edge's).
    Canonical members come first, in value order."""
    pairs: List[Tuple[str, str]] = []
    taken = set()
    for v in values:
        name = _upper_snake(v)
        while name in taken or not _usable_member(name):
            name += "_"
        taken.add(name)
        pairs.append((name, v))
    for spelling in (lambda v: v, _camel):
        for v in values:
            alias = spelling(v)
            if alias not in taken and _usable_member(alias):
                taken.add(alias)
                pairs.append((alias, v))
    return pairs


# ---------------------------------------------------------------- type expressions

# Parsed type expressions are tuples:
#   ("prim", name, bounds)   bool int uint float string any object null point_id vector
#   ("ref", Name)            another model
#   ("array", T)  ("map", T)  ("union", [T, ...])
PRIMITIVES = frozenset(
    ["bool", "int", "uint", "float", "string", "any", "object", "null", "point_id", "vector"]
)

_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?|([\[\]{}|]))")


def parse_type(expr: str) -> Tuple[Any, ...]:
    """Parse a registry type expression (see qedge/model.h) into a tuple tree."""
    tokens: List[Tuple[str, str]] = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"bad type expression {expr!r} at offset {pos}")
        if m.group(1):
            tokens.append(("name", m.group(1) + (m.group(2) or "")))
        else:
            tokens.append(("punct", m.group(3)))
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1

    def union(i: int) -> Tuple[Tuple[Any, ...], int]:
        alts = []
        t, i = single(i)
        alts.append(t)
        while i < len(tokens) and tokens[i] == ("punct", "|"):
            t, i = single(i + 1)
            alts.append(t)
        return (alts[0] if len(alts) == 1 else ("union", alts)), i

    def single(i: int) -> Tuple[Tuple[Any, ...], int]:
        if i >= len(tokens):
            raise ValueError(f"bad type expression {expr!r}: unexpected end")
        kind, text = tokens[i]
        if kind == "punct" and text in "[{":
            inner, j = union(i + 1)
            close = "]" if text == "[" else "}"
            if j >= len(tokens) or tokens[j] != ("punct", close):
                raise ValueError(f"bad type expression {expr!r}: missing {close!r}")
            return ("array" if text == "[" else "map", inner), j + 1
        if kind != "name":
            raise ValueError(f"bad type expression {expr!r}: unexpected {text!r}")
        base, _, bounds = text.partition("(")
        if base in PRIMITIVES:
            return ("prim", base, bounds.rstrip(")") if bounds else ""), i + 1
        return ("ref", base), i + 1

    tree, end = union(0)
    if end != len(tokens):
        raise ValueError(f"bad type expression {expr!r}: trailing {tokens[end][1]!r}")
    return tree


def union_variants(tree: Tuple[Any, ...]) -> List[Tuple[Any, ...]]:
    """The top-level alternatives of a parsed expression (itself if not a union)."""
    return list(tree[1]) if tree[0] == "union" else [tree]
