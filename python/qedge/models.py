"""Qdrant models, built at import time from the C model registry.

Every object model is a class (a subclass of :class:`qedge._model.Model`):
construct it with keyword arguments, read fields as attributes, serialise
with ``to_dict()``, build from server JSON with ``from_dict()``. Every enum is
a ``(str, Enum)`` class whose members are reachable both as
``Distance.COSINE`` and in the spelling of the value, ``Distance.Cosine``.
Unions and aliases are typing aliases (``Condition``, ``ExtendedPointId``).

The same registry drives validation in C, the Lua constructors and the stub
file ``models.pyi`` beside this module, so the three never disagree.
"""

import copy as _copy
import enum as _enum
import inspect as _inspect
import json as _json
import typing as _t

from . import _qedge
from ._model import FieldInfo as _FieldInfo
from ._model import Model
from ._model import attr_name as _attr_name
from ._model import enum_member_names as _enum_member_names
from ._model import parse_type as _parse_type

#: Fields that hold vectors: the C converter packs lists of numbers there
#: straight into float32 (``__qe_vectors__``, see bindings/python/to_json.c).
_VECTOR_FIELDS = {"PointStruct": ("vector",), "PointVectors": ("vector",)}

#: Arguments that may be given by position, for the models whose users call
#: them that way (Qdrant Edge style: ``Point(1, [0.1, 0.2])``). Used only when
#: every named field exists in the registry's model.
_POSITIONAL = {
    "PointVectors": ("id", "vector"),
    "SparseVector": ("indices", "values"),
    # filters, in the order qdrant_edge's constructors take them
    "Filter": ("must", "should", "must_not", "min_should"),
    "MinShould": ("conditions", "min_count"),
    "FieldCondition": (
        "key",
        "match",
        "range",
        "geo_bounding_box",
        "geo_radius",
        "geo_polygon",
        "values_count",
        "is_empty",
        "is_null",
    ),
    "MatchValue": ("value",),
    "MatchAny": ("any",),
    "MatchExcept": ("except_",),
    "MatchText": ("text",),
    "MatchTextAny": ("text_any",),
    "MatchPhrase": ("phrase",),
    "MatchPrefix": ("prefix",),
    "ValuesCount": ("lt", "gt", "lte", "gte"),
    "GeoPoint": ("lon", "lat"),
    "GeoRadius": ("center", "radius"),
    "GeoBoundingBox": ("top_left", "bottom_right"),
    # queries and search settings
    "ContextPair": ("positive", "negative"),
    "OrderBy": ("key", "direction", "start_from"),
    "SearchParams": ("hnsw_ef", "exact", "quantization", "indexed_only", "acorn"),
    "QuantizationSearchParams": ("ignore", "rescore", "oversampling"),
    "AcornSearchParams": ("enable", "max_selectivity"),
    # edge shard configuration
    "EdgeConfig": (
        "vectors",
        "sparse_vectors",
        "on_disk_payload",
        "hnsw_config",
        "quantization_config",
        "optimizers",
        "max_search_threads",
        "search_pool_core",
        "payload_memory",
        "id_tracker_memory",
        "wal_enabled",
    ),
    "EdgeVectorParams": (
        "size",
        "distance",
        "on_disk",
        "multivector_config",
        "datatype",
        "quantization_config",
        "hnsw_config",
        "memory",
    ),
    "EdgeSparseVectorParams": ("full_scan_threshold", "on_disk", "modifier", "datatype", "memory"),
    "EdgeOptimizersConfig": (
        "deleted_threshold",
        "vacuum_min_vector_number",
        "default_segment_number",
        "max_segment_size",
        "indexing_threshold",
        "prevent_unoptimized",
    ),
    "VectorDataConfig": ("size", "distance"),
    "MultiVectorConfig": ("comparator",),
    "ScalarQuantizationConfig": ("type", "quantile", "always_ram", "memory"),
    "ProductQuantizationConfig": ("compression", "always_ram", "memory"),
}

#: The registry, as qe_registry_describe() gives it.
REGISTRY: _t.List[_t.Dict[str, _t.Any]] = _json.loads(_qedge.registry_json())

_MUTABLE = (dict, list)


def _field_property(info: _FieldInfo) -> property:
    key, default, doc = info.name, info.default, info.doc or None

    def get(self: Model) -> _t.Any:
        data = self._data
        if key in data:
            return data[key]
        return _copy.deepcopy(default) if isinstance(default, _MUTABLE) else default

    def set_(self: Model, value: _t.Any) -> None:
        self._data[key] = value

    def delete(self: Model) -> None:
        self._data.pop(key, None)

    return property(get, set_, delete, doc)


def _typed_default(field: _t.Dict[str, _t.Any]) -> _t.Any:
    """The field's default as the value validation would give (an enum
    member rather than its string, for example)."""
    value = field.get("default")
    if value is None:
        return None
    try:
        return _qedge.validate_type(field["type"], value)
    except Exception:  # a default the checker refuses stays as written
        return value


def _class_doc(desc: _t.Dict[str, _t.Any], fields: _t.Tuple[_FieldInfo, ...]) -> str:
    lines = [desc.get("doc") or f"Qdrant model {desc['name']}."]
    if fields:
        lines += ["", "Fields:"]
        for f in fields:
            req = "required" if f.required else "optional"
            text = f"    {f.attr} ({f.type}, {req})"
            if f.doc:
                text += f": {f.doc}"
            lines.append(text)
    return "\n".join(lines)


def _make_object(desc: _t.Dict[str, _t.Any]) -> type:
    fields = tuple(
        _FieldInfo(
            name=f["name"],
            attr=_attr_name(f["name"]),
            type=f["type"],
            required=bool(f.get("required")),
            default=_typed_default(f),
            has_default="default" in f,
            doc=f.get("doc") or "",
            aliases=tuple(f.get("aliases") or ()),
        )
        for f in desc.get("fields") or ()
    )
    name = desc["name"]
    attrs = [f.attr for f in fields]
    positional = _POSITIONAL.get(name, ())
    if not all(a in attrs for a in positional):
        positional = ()
    ns: _t.Dict[str, _t.Any] = {
        "__slots__": (),
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": _class_doc(desc, fields),
        "_name": name,
        "_fields": fields,
        "_attr_to_key": {f.attr: f.name for f in fields},
        "_positional": positional,
        "__qe_vectors__": _VECTOR_FIELDS.get(name, ()),
    }
    for f in fields:
        ns[f.attr] = _field_property(f)
    cls = type(name, (Model,), ns)
    params = []
    for f in fields:
        kind = (
            _inspect.Parameter.POSITIONAL_OR_KEYWORD
            if f.attr in positional
            else _inspect.Parameter.KEYWORD_ONLY
        )
        default = _inspect.Parameter.empty if f.required else None
        params.append(_inspect.Parameter(f.attr, kind, default=default))
    # positional ones first, in the order they are taken; then keyword-only
    order = {a: i for i, a in enumerate(positional)}
    params.sort(key=lambda p: (p.kind, order.get(p.name, 0)))
    cls.__signature__ = _inspect.Signature(params)  # type: ignore[attr-defined]
    return cls


def _make_enum(desc: _t.Dict[str, _t.Any]) -> type:
    name = desc["name"]
    cls = _enum.Enum(  # type: ignore[misc]
        name, _enum_member_names(desc["values"]), type=str, module=__name__, qualname=name
    )
    cls.__doc__ = desc.get("doc") or f"Qdrant enum {name}: {', '.join(desc['values'])}."
    return cls


_PRIM_TYPES: _t.Dict[str, _t.Any] = {
    "bool": bool,
    "int": int,
    "uint": int,
    "float": float,
    "string": str,
    "any": _t.Any,
    "object": _t.Dict[str, _t.Any],
    "null": type(None),
    "point_id": _t.Union[int, str],
    "vector": _t.List[float],
}


def _build() -> _t.Dict[str, _t.Any]:
    """Every model of the registry as a class or typing alias, by name."""
    by_name = {d["name"]: d for d in REGISTRY}
    out: _t.Dict[str, _t.Any] = {}
    for d in REGISTRY:
        if d["kind"] == "object":
            out[d["name"]] = _make_object(d)
        elif d["kind"] == "enum":
            out[d["name"]] = _make_enum(d)

    resolving: _t.Set[str] = set()

    def resolve(name: str) -> _t.Any:
        if name in out:
            return out[name]
        if name in resolving or name not in by_name:  # a cycle through aliases only
            return _t.ForwardRef(name)
        resolving.add(name)
        out[name] = typing_of(_parse_type(by_name[name]["type"]))
        resolving.discard(name)
        return out[name]

    def typing_of(tree: _t.Tuple[_t.Any, ...]) -> _t.Any:
        kind = tree[0]
        if kind == "prim":
            return _PRIM_TYPES[tree[1]]
        if kind == "ref":
            return resolve(tree[1])
        if kind == "array":
            return _t.List[typing_of(tree[1])]  # type: ignore[misc]
        if kind == "map":
            return _t.Dict[str, typing_of(tree[1])]  # type: ignore[misc]
        return _t.Union[tuple(typing_of(t) for t in tree[1])]

    for d in REGISTRY:
        if d["kind"] in ("union", "alias"):
            resolve(d["name"])
    return out


_MODELS = _build()
globals().update(_MODELS)
_qedge._set_model_classes(
    Model, {d["name"]: _MODELS[d["name"]] for d in REGISTRY if d["kind"] in ("object", "enum")}
)

__all__ = sorted(_MODELS) + ["Model", "validate"]


def validate(model: str, data: _t.Any, strict: bool = False) -> _t.Any:
    """Validate ``data`` against the registry model named ``model`` and return
    it normalised, with values accepted as models turned into instances.
    Raises :class:`qedge.ValidationError` with the path of the bad value."""
    return _qedge.validate(model, data, strict=strict)
