"""Edge shard configuration and payload index parameters under Qdrant
Edge's call shapes.

``EdgeConfig``, ``EdgeVectorParams`` and the rest are the registry models
(qedge.models accepts their arguments by position, in Qdrant Edge's order);
the subclasses here only bridge the places where Qdrant Edge's values differ
from the REST shapes:

- a quantization setting is given as the inner config
  (``ScalarQuantizationConfig(...)``), which REST wraps
  (``{"scalar": {...}}``);
- ``HnswIndexConfig(m, ef_construct, full_scan_threshold, ...)`` is the
  registry's ``HnswConfigDiff`` taking its first fields by position;
- payload index parameters (``KeywordIndexParams(is_tenant=True)``) carry
  their ``type`` implicitly.
"""

from typing import Any, Dict

from . import models

__all__ = [
    "EdgeConfig",
    "EdgeVectorParams",
    "HnswIndexConfig",
    "KeywordIndexParams",
    "IntegerIndexParams",
    "FloatIndexParams",
    "GeoIndexParams",
    "TextIndexParams",
    "BoolIndexParams",
    "DatetimeIndexParams",
    "UuidIndexParams",
]

#: Inner quantization configs and the REST wrapper each goes into.
_QUANT_WRAPPERS = (
    (models.ScalarQuantizationConfig, "scalar"),
    (models.ProductQuantizationConfig, "product"),
    (models.BinaryQuantizationConfig, "binary"),
    (models.TurboQuantQuantizationConfig, "turbo"),
)


def _wrap_quantization(value: Any) -> Any:
    for cls, key in _QUANT_WRAPPERS:
        if isinstance(value, cls):
            return {key: value}
    return value


def _named_args(cls: type, args: tuple, kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """Merge positional arguments into keywords, by the class's order."""
    positional = cls._positional  # type: ignore[attr-defined]
    if len(args) > len(positional):
        raise TypeError(
            f"{cls.__name__}() takes at most {len(positional)} positional arguments "
            f"({len(args)} given)"
        )
    for name, value in zip(positional, args):
        if name in kwargs:
            raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
        kwargs[name] = value
    return kwargs


class EdgeConfig(models.EdgeConfig):
    """Configuration of a new edge shard (see ``qedge.models.EdgeConfig``);
    ``quantization_config`` may be an inner config such as
    ``ScalarQuantizationConfig(ScalarType.Int8)``."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs = _named_args(type(self), args, kwargs)
        if "quantization_config" in kwargs:
            kwargs["quantization_config"] = _wrap_quantization(kwargs["quantization_config"])
        super().__init__(**kwargs)


class EdgeVectorParams(models.EdgeVectorParams):
    """Settings of one dense vector: ``EdgeVectorParams(size, distance, ...)``
    (see ``qedge.models.EdgeVectorParams``)."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs = _named_args(type(self), args, kwargs)
        if "quantization_config" in kwargs:
            kwargs["quantization_config"] = _wrap_quantization(kwargs["quantization_config"])
        super().__init__(**kwargs)


class HnswIndexConfig(models.HnswConfigDiff):
    """``HnswIndexConfig(m, ef_construct, full_scan_threshold,
    max_indexing_threads=0, on_disk=None, payload_m=None, ...)``."""

    __slots__ = ()
    _positional = (
        "m", "ef_construct", "full_scan_threshold", "max_indexing_threads", "on_disk",
        "payload_m", "inline_storage", "memory",
    )


def _index_params(base: type, type_value: str) -> type:
    def __init__(self: Any, **kwargs: Any) -> None:
        kwargs.setdefault("type", type_value)
        base.__init__(self, **kwargs)  # type: ignore[misc]

    ns = {
        "__slots__": (),
        "__init__": __init__,
        "__module__": __name__,
        "__doc__": f"Parameters of a {type_value} payload index (``type`` is implied).",
    }
    return type(base.__name__, (base,), ns)


KeywordIndexParams = _index_params(models.KeywordIndexParams, "keyword")
IntegerIndexParams = _index_params(models.IntegerIndexParams, "integer")
FloatIndexParams = _index_params(models.FloatIndexParams, "float")
GeoIndexParams = _index_params(models.GeoIndexParams, "geo")
TextIndexParams = _index_params(models.TextIndexParams, "text")
BoolIndexParams = _index_params(models.BoolIndexParams, "bool")
DatetimeIndexParams = _index_params(models.DatetimeIndexParams, "datetime")
UuidIndexParams = _index_params(models.UuidIndexParams, "uuid")
