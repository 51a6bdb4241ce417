"""``UpdateOperation``: Qdrant Edge's update constructors, each building one
EdgeUpdateOperation object (the registry model the engine and its
write-ahead log take: ``{"upsert_points": {"points": [...]}}`` and so on).

Points and vectors are kept as given and converted by the engine call, so a
numpy array goes to the engine through the buffer protocol.
"""

from typing import Any, Dict, Iterable, List, Optional

from . import models
from ._edge_value import EdgeValue

__all__ = ["UpdateOperation", "PayloadSchemaType", "UpdateMode"]

PayloadSchemaType = models.PayloadSchemaType
UpdateMode = models.UpdateMode


def _ids(point_ids: Iterable[Any]) -> List[Any]:
    return list(point_ids)


def _body(**fields: Any) -> Dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


class UpdateOperation(EdgeValue):
    """One update of an edge shard. Build it with the static methods, then
    pass it to :meth:`EdgeShard.update`. ``kind`` is the operation name,
    ``body`` its arguments in REST form."""

    __slots__ = ("kind", "body")

    def __init__(self, kind: str, body: Dict[str, Any]) -> None:
        self.kind = kind
        self.body = body

    def _json(self) -> Dict[str, Any]:
        return {self.kind: self.body}

    def __repr__(self) -> str:
        return f"UpdateOperation.{self.kind}({self.body!r})"

    # ------------------------------------------------------------ points

    @staticmethod
    def upsert_points(
        points: Iterable[Any], condition: Any = None, update_mode: Any = None
    ) -> "UpdateOperation":
        """Insert or replace points (:class:`Point`, ``models.PointStruct`` or
        dicts). With ``condition``, an existing point is replaced only when it
        matches; ``update_mode`` (:class:`UpdateMode`) restricts the
        operation to inserting new or updating existing points."""
        return UpdateOperation(
            "upsert_points",
            _body(points=list(points), condition=condition, update_mode=update_mode),
        )

    @staticmethod
    def delete_points(point_ids: Iterable[Any]) -> "UpdateOperation":
        """Delete points by id; missing ids are ignored."""
        return UpdateOperation("delete_points", {"point_ids": _ids(point_ids)})

    @staticmethod
    def delete_points_by_filter(filter: Any) -> "UpdateOperation":
        """Delete the points a filter selects."""
        return UpdateOperation("delete_points_by_filter", {"filter": filter})

    # ------------------------------------------------------------ vectors

    @staticmethod
    def update_vectors(point_vectors: Iterable[Any], condition: Any = None) -> "UpdateOperation":
        """Replace the given vectors of existing points, keeping the others."""
        return UpdateOperation(
            "update_vectors", _body(point_vectors=list(point_vectors), condition=condition)
        )

    @staticmethod
    def delete_vectors(point_ids: Iterable[Any], vector_names: Iterable[str]) -> "UpdateOperation":
        """Remove named vectors (``""`` is the unnamed one) from points."""
        return UpdateOperation(
            "delete_vectors", {"point_ids": _ids(point_ids), "vector_names": list(vector_names)}
        )

    @staticmethod
    def delete_vectors_by_filter(filter: Any, vector_names: Iterable[str]) -> "UpdateOperation":
        """Remove named vectors from the points a filter selects."""
        return UpdateOperation(
            "delete_vectors_by_filter", {"filter": filter, "vector_names": list(vector_names)}
        )

    # ------------------------------------------------------------ payload

    @staticmethod
    def set_payload(
        point_ids: Iterable[Any], payload: Dict[str, Any], key: Optional[str] = None
    ) -> "UpdateOperation":
        """Merge keys into payloads (at the path ``key`` when given); a key set
        to None is removed."""
        return UpdateOperation(
            "set_payload", _body(point_ids=_ids(point_ids), payload=payload, key=key)
        )

    @staticmethod
    def set_payload_by_filter(
        filter: Any, payload: Dict[str, Any], key: Optional[str] = None
    ) -> "UpdateOperation":
        """:meth:`set_payload` for the points a filter selects."""
        return UpdateOperation(
            "set_payload_by_filter", _body(filter=filter, payload=payload, key=key)
        )

    @staticmethod
    def overwrite_payload(
        point_ids: Iterable[Any], payload: Dict[str, Any], key: Optional[str] = None
    ) -> "UpdateOperation":
        """Replace whole payloads."""
        return UpdateOperation(
            "overwrite_payload", _body(point_ids=_ids(point_ids), payload=payload, key=key)
        )

    @staticmethod
    def overwrite_payload_by_filter(
        filter: Any, payload: Dict[str, Any], key: Optional[str] = None
    ) -> "UpdateOperation":
        """:meth:`overwrite_payload` for the points a filter selects."""
        return UpdateOperation(
            "overwrite_payload_by_filter", _body(filter=filter, payload=payload, key=key)
        )

    @staticmethod
    def delete_payload(point_ids: Iterable[Any], keys: Iterable[str]) -> "UpdateOperation":
        """Remove payload paths (``a.b``, ``a[].b``) from points."""
        return UpdateOperation("delete_payload", {"point_ids": _ids(point_ids), "keys": list(keys)})

    @staticmethod
    def delete_payload_by_filter(filter: Any, keys: Iterable[str]) -> "UpdateOperation":
        """:meth:`delete_payload` for the points a filter selects."""
        return UpdateOperation("delete_payload_by_filter", {"filter": filter, "keys": list(keys)})

    @staticmethod
    def clear_payload(point_ids: Iterable[Any]) -> "UpdateOperation":
        """Remove every payload key of points."""
        return UpdateOperation("clear_payload", {"point_ids": _ids(point_ids)})

    @staticmethod
    def clear_payload_by_filter(filter: Any) -> "UpdateOperation":
        """:meth:`clear_payload` for the points a filter selects."""
        return UpdateOperation("clear_payload_by_filter", {"filter": filter})

    # ------------------------------------------------------------ schema

    @staticmethod
    def create_field_index(field_name: str, schema: Any = None) -> "UpdateOperation":
        """Declare a payload index: ``schema`` is a :class:`PayloadSchemaType`
        (or its name) or index parameters such as ``KeywordIndexParams()``."""
        return UpdateOperation(
            "create_field_index", _body(field_name=field_name, field_schema=schema)
        )

    @staticmethod
    def delete_field_index(field_name: str) -> "UpdateOperation":
        """Drop a payload index."""
        return UpdateOperation("delete_field_index", {"field_name": field_name})

    @staticmethod
    def create_dense_vector(
        vector_name: str, size: int, distance: Any,
        multivector_config: Any = None, datatype: Any = None,
    ) -> "UpdateOperation":
        """Add a dense vector name with its size and distance."""
        params = _body(
            size=size, distance=distance, multivector_config=multivector_config, datatype=datatype
        )
        return UpdateOperation("create_dense_vector", {"name": vector_name, "params": params})

    @staticmethod
    def create_sparse_vector(
        vector_name: str, modifier: Any = None, datatype: Any = None
    ) -> "UpdateOperation":
        """Add a sparse vector name (``modifier=Modifier.Idf`` for IDF)."""
        params = _body(modifier=modifier, datatype=datatype)
        return UpdateOperation("create_sparse_vector", {"name": vector_name, "params": params})

    @staticmethod
    def delete_vector_name(vector_name: str) -> "UpdateOperation":
        """Drop a vector name and its data."""
        return UpdateOperation("delete_vector_name", {"name": vector_name})
