"""QdrantClient: qdrant-client's REST methods over qedge's C client.

Every method builds the request body from qdrant-client's arguments (models
from :mod:`qedge.models`, plain dicts, numpy arrays — anything the models
accept), hands it to the C core, which checks it against Qdrant's OpenAPI
model (bad input raises :class:`~qedge.ValidationError` naming the path,
before any request), sends it with libcurl (GIL released; keep-alive,
timeouts, retries with backoff for idempotent calls) and returns the
answer as models (``QueryResponse``, ``CollectionInfo``, ``UpdateResult``...).

Errors: an error status raises :class:`~qedge.UnexpectedResponse`; no
usable answer (connection refused or reset, timeout) raises
:class:`~qedge.ResponseHandlingException`. Both are :class:`~qedge.QdrantError`.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _qedge, models
from ._model import Model

__all__ = ["QdrantClient"]

_DEFAULT_PORT = 6333


def _drop_none(**kw: Any) -> Dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


def _is_id(x: Any) -> bool:
    return isinstance(x, (int, str, uuid.UUID)) and not isinstance(x, bool)


def _selector(points: Any, shard_key_selector: Any = None) -> Dict[str, Any]:
    """Ids, a Filter, or a selector model/dict → a PointsSelector body."""
    if isinstance(points, Model):
        name = type(points).__name__
        if name == "Filter":
            body = {"filter": points}
        elif name in ("PointIdsList", "FilterSelector"):
            body = dict(_qedge.to_builtins(points))
        else:
            raise TypeError(f"points: expected ids, a Filter or a selector, got {name}")
    elif isinstance(points, Mapping):
        body = dict(points) if ("points" in points or "filter" in points) else {"filter": points}
    elif _is_id(points):
        body = {"points": [points]}
    else:
        body = {"points": list(points)}
    if shard_key_selector is not None:
        body["shard_key"] = shard_key_selector
    return body


def _vector_query(query: Any) -> Any:
    """Numpy arrays go as they are (the C core reads the buffer)."""
    return query


class QdrantClient:
    """A client for a Qdrant server (or qedge-server) over REST.

    Args:
        location: a URL (same as ``url``); ``":memory:"`` is not supported.
        url: ``"http://host:6333"``, ``"https://host"`` (port 443 when an https
            URL names none; 6333 for http), optionally with a path prefix.
        host, port, https, prefix: the server by parts when no url is given;
            https defaults to on when an api_key is given (as qdrant-client).
        api_key: sent in the ``api-key`` header.
        timeout: seconds allowed per attempt of a request (default 30). The
            methods' own ``timeout`` is the server-side one (``?timeout=``).
        headers: extra headers for every request.
        auth_token_provider: callable returning a bearer token (str), called
            before every attempt.
        connect_timeout: seconds to connect (default 5).
        max_retries: retries of idempotent requests after connection errors
            and 429/502/503/504 answers (default 3; 0 disables).
        backoff_base, backoff_max: exponential backoff in seconds (defaults
            0.1 and 10); Retry-After is honoured up to backoff_max.
        gzip_min_bytes: gzip request bodies at least this large (default off).
        verify: check TLS certificates (default True); ca_file: CA bundle.
        log: callable(level: int, message: str) told about every retry.
    """

    def __init__(
        self,
        location: Optional[str] = None,
        url: Optional[str] = None,
        port: Optional[int] = _DEFAULT_PORT,
        grpc_port: int = 6334,
        prefer_grpc: bool = False,
        https: Optional[bool] = None,
        api_key: Optional[str] = None,
        prefix: Optional[str] = None,
        timeout: Optional[float] = None,
        host: Optional[str] = None,
        path: Optional[str] = None,
        headers: Optional[Dict[str, str]] = None,
        auth_token_provider: Optional[Callable[[], str]] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        backoff_base: Optional[float] = None,
        backoff_max: Optional[float] = None,
        gzip_min_bytes: int = 0,
        verify: bool = True,
        ca_file: Optional[str] = None,
        log: Optional[Callable[[int, str], None]] = None,
        **kwargs: Any,
    ) -> None:
        if prefer_grpc:
            raise NotImplementedError("qedge speaks REST only; prefer_grpc is not supported")
        if path is not None or location == ":memory:":
            raise NotImplementedError(
                "local mode is not part of QdrantClient; use qedge.EdgeShard for an embedded store")
        if location is not None:
            if url is not None or host is not None:
                raise ValueError("give only one of location, url and host")
            url = location
        if url is not None and host is not None:
            raise ValueError("give url or host, not both")
        # With a url, `port` only fills in a url without one when it was
        # changed from the default: https URLs without a port use 443.
        if url is not None:
            c_port = port if port not in (None, _DEFAULT_PORT) else 0
        else:
            c_port = port or 0
        self._timeout = timeout
        self._client = _qedge.Client(
            url=url,
            host=host,
            port=c_port,
            https=https,
            prefix=prefix,
            api_key=api_key,
            timeout=float(timeout or 0),
            connect_timeout=float(connect_timeout or 0),
            headers=headers,
            auth_token_provider=auth_token_provider,
            max_retries=max_retries,
            backoff_base=float(backoff_base or 0),
            backoff_max=float(backoff_max or 0),
            gzip_min_bytes=gzip_min_bytes,
            verify=verify,
            ca_file=ca_file,
            log=log,
        )

    # ------------------------------------------------------------ plumbing

    @property
    def base_url(self) -> str:
        """The base URL requests go to."""
        return self._client.base_url

    def close(self, **kwargs: Any) -> None:
        """Close the connections; later calls raise QdrantError."""
        self._client.close()

    def __enter__(self) -> "QdrantClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _call(self, op: str, collection: Optional[str] = None, body: Any = None, *,
              arg: Optional[str] = None, wait: bool = True, ordering: Any = None,
              consistency: Any = None, timeout: Optional[int] = None) -> Any:
        if ordering is not None and not isinstance(ordering, str):
            ordering = getattr(ordering, "value", ordering)
        return self._client.call(op, collection, arg, body, wait=wait, ordering=ordering,
                                 consistency=consistency, timeout=timeout)

    # ------------------------------------------------------------ collections

    def get_collections(self) -> models.CollectionsResponse:
        """Names of every collection."""
        return self._call("get_collections")

    def get_collection(self, collection_name: str) -> models.CollectionInfo:
        """Status, counts and configuration of a collection."""
        return self._call("get_collection", collection_name)

    def collection_exists(self, collection_name: str) -> bool:
        """Whether the collection exists."""
        return self._call("collection_exists", collection_name).exists

    def create_collection(self, collection_name: str, vectors_config: Any = None,
                          sparse_vectors_config: Any = None, shard_number: Optional[int] = None,
                          sharding_method: Any = None, replication_factor: Optional[int] = None,
                          write_consistency_factor: Optional[int] = None,
                          on_disk_payload: Optional[bool] = None, hnsw_config: Any = None,
                          optimizers_config: Any = None, wal_config: Any = None,
                          quantization_config: Any = None, init_from: Any = None,
                          timeout: Optional[int] = None, strict_mode_config: Any = None,
                          metadata: Any = None, **kwargs: Any) -> bool:
        """Create a collection (CreateCollection)."""
        body = _drop_none(vectors=vectors_config, sparse_vectors=sparse_vectors_config,
                          shard_number=shard_number, sharding_method=sharding_method,
                          replication_factor=replication_factor,
                          write_consistency_factor=write_consistency_factor,
                          on_disk_payload=on_disk_payload, hnsw_config=hnsw_config,
                          optimizers_config=optimizers_config, wal_config=wal_config,
                          quantization_config=quantization_config, init_from=init_from,
                          strict_mode_config=strict_mode_config, metadata=metadata)
        return self._call("create_collection", collection_name, body, timeout=timeout)

    def recreate_collection(self, collection_name: str, vectors_config: Any = None,
                            **kwargs: Any) -> bool:
        """Delete the collection if it exists, then create it."""
        self.delete_collection(collection_name, timeout=kwargs.get("timeout"))
        return self.create_collection(collection_name, vectors_config, **kwargs)

    def update_collection(self, collection_name: str, optimizers_config: Any = None,
                          collection_params: Any = None, vectors_config: Any = None,
                          hnsw_config: Any = None, quantization_config: Any = None,
                          timeout: Optional[int] = None, sparse_vectors_config: Any = None,
                          strict_mode_config: Any = None, metadata: Any = None,
                          **kwargs: Any) -> bool:
        """Change a collection's settings (UpdateCollection)."""
        body = _drop_none(optimizers_config=optimizers_config, params=collection_params,
                          vectors=vectors_config, hnsw_config=hnsw_config,
                          quantization_config=quantization_config,
                          sparse_vectors=sparse_vectors_config,
                          strict_mode_config=strict_mode_config, metadata=metadata)
        return self._call("update_collection", collection_name, body, timeout=timeout)

    def delete_collection(self, collection_name: str, timeout: Optional[int] = None,
                          **kwargs: Any) -> bool:
        """Delete a collection; False when it did not exist."""
        return self._call("delete_collection", collection_name, timeout=timeout)

    def update_collection_aliases(self, change_aliases_operations: Sequence[Any],
                                  timeout: Optional[int] = None, **kwargs: Any) -> bool:
        """Create, delete and rename aliases in one step (not retried)."""
        return self._call("update_collection_aliases", None,
                          {"actions": list(change_aliases_operations)}, timeout=timeout)

    def get_collection_aliases(self, collection_name: str,
                               **kwargs: Any) -> models.CollectionsAliasesResponse:
        """Aliases of one collection."""
        return self._call("get_collection_aliases", collection_name)

    def get_aliases(self, **kwargs: Any) -> models.CollectionsAliasesResponse:
        """Every alias."""
        return self._call("get_aliases")

    # ------------------------------------------------------------ points

    def upsert(self, collection_name: str, points: Any, wait: bool = True, ordering: Any = None,
               shard_key_selector: Any = None, update_filter: Any = None, update_mode: Any = None,
               **kwargs: Any) -> models.UpdateResult:
        """Insert or replace points: a list of PointStruct (or dicts) or a Batch."""
        if isinstance(points, Model) and type(points).__name__ == "Batch":
            body: Dict[str, Any] = {"batch": points}
        elif isinstance(points, Mapping) and "ids" in points:
            body = {"batch": points}
        else:
            body = {"points": list(points)}
        body.update(_drop_none(shard_key=shard_key_selector, update_filter=update_filter,
                               update_mode=update_mode))
        return self._call("upsert", collection_name, body, wait=wait, ordering=ordering)

    def retrieve(self, collection_name: str, ids: Sequence[Any], with_payload: Any = True,
                 with_vectors: Any = False, consistency: Any = None, shard_key_selector: Any = None,
                 timeout: Optional[int] = None, **kwargs: Any) -> List[models.Record]:
        """Points by id (missing ids are left out)."""
        body = _drop_none(ids=list(ids), with_payload=with_payload, with_vector=with_vectors,
                          shard_key=shard_key_selector)
        return self._call("retrieve", collection_name, body, consistency=consistency,
                          timeout=timeout)

    def delete(self, collection_name: str, points_selector: Any, wait: bool = True,
               ordering: Any = None, shard_key_selector: Any = None,
               **kwargs: Any) -> models.UpdateResult:
        """Delete points by ids, Filter or selector."""
        return self._call("delete", collection_name, _selector(points_selector, shard_key_selector),
                          wait=wait, ordering=ordering)

    def _payload_op(self, op: str, collection_name: str, body: Dict[str, Any], points: Any,
                    shard_key_selector: Any, wait: bool, ordering: Any) -> models.UpdateResult:
        if points is not None:
            body.update(_selector(points))
        if shard_key_selector is not None:
            body["shard_key"] = shard_key_selector
        return self._call(op, collection_name, body, wait=wait, ordering=ordering)

    def set_payload(self, collection_name: str, payload: Mapping[str, Any], points: Any,
                    key: Optional[str] = None, wait: bool = True, ordering: Any = None,
                    shard_key_selector: Any = None, **kwargs: Any) -> models.UpdateResult:
        """Set payload keys (others are kept) on the selected points."""
        return self._payload_op("set_payload", collection_name,
                                _drop_none(payload=payload, key=key), points,
                                shard_key_selector, wait, ordering)

    def overwrite_payload(self, collection_name: str, payload: Mapping[str, Any], points: Any,
                          wait: bool = True, ordering: Any = None,
                          shard_key_selector: Any = None, **kwargs: Any) -> models.UpdateResult:
        """Replace the whole payload of the selected points."""
        return self._payload_op("overwrite_payload", collection_name, {"payload": payload},
                                points, shard_key_selector, wait, ordering)

    def delete_payload(self, collection_name: str, keys: Sequence[str], points: Any,
                       wait: bool = True, ordering: Any = None, shard_key_selector: Any = None,
                       **kwargs: Any) -> models.UpdateResult:
        """Remove payload keys from the selected points."""
        return self._payload_op("delete_payload", collection_name, {"keys": list(keys)}, points,
                                shard_key_selector, wait, ordering)

    def clear_payload(self, collection_name: str, points_selector: Any, wait: bool = True,
                      ordering: Any = None, shard_key_selector: Any = None,
                      **kwargs: Any) -> models.UpdateResult:
        """Remove the whole payload of the selected points."""
        return self._call("clear_payload", collection_name,
                          _selector(points_selector, shard_key_selector), wait=wait,
                          ordering=ordering)

    def update_vectors(self, collection_name: str, points: Sequence[Any], wait: bool = True,
                       ordering: Any = None, shard_key_selector: Any = None,
                       update_filter: Any = None, **kwargs: Any) -> models.UpdateResult:
        """Replace the given vectors of points (PointVectors), keeping the others."""
        body = _drop_none(points=list(points), shard_key=shard_key_selector,
                          update_filter=update_filter)
        return self._call("update_vectors", collection_name, body, wait=wait, ordering=ordering)

    def delete_vectors(self, collection_name: str, vectors: Sequence[str], points: Any,
                       wait: bool = True, ordering: Any = None, shard_key_selector: Any = None,
                       **kwargs: Any) -> models.UpdateResult:
        """Remove named vectors from the selected points."""
        body = _selector(points, shard_key_selector)
        body["vector"] = list(vectors)
        return self._call("delete_vectors", collection_name, body, wait=wait, ordering=ordering)

    def batch_update_points(self, collection_name: str, update_operations: Sequence[Any],
                            wait: bool = True, ordering: Any = None,
                            **kwargs: Any) -> List[models.UpdateResult]:
        """Several update operations in order (not retried)."""
        return self._call("batch_update_points", collection_name,
                          {"operations": list(update_operations)}, wait=wait, ordering=ordering)

    # ------------------------------------------------------------ search

    def query_points(self, collection_name: str, query: Any = None, using: Optional[str] = None,
                     prefetch: Any = None, query_filter: Any = None, search_params: Any = None,
                     limit: int = 10, offset: Optional[int] = None, with_payload: Any = True,
                     with_vectors: Any = False, score_threshold: Optional[float] = None,
                     lookup_from: Any = None, consistency: Any = None,
                     shard_key_selector: Any = None, timeout: Optional[int] = None,
                     **kwargs: Any) -> models.QueryResponse:
        """The universal query: nearest, recommend, discover, fusion, order-by..."""
        body = _drop_none(query=_vector_query(query), using=using, prefetch=prefetch,
                          filter=query_filter, params=search_params, limit=limit, offset=offset,
                          with_payload=with_payload, with_vector=with_vectors,
                          score_threshold=score_threshold, lookup_from=lookup_from,
                          shard_key=shard_key_selector)
        return self._call("query_points", collection_name, body, consistency=consistency,
                          timeout=timeout)

    def query_batch_points(self, collection_name: str, requests: Sequence[Any],
                           consistency: Any = None, timeout: Optional[int] = None,
                           **kwargs: Any) -> List[models.QueryResponse]:
        """Several QueryRequests in one round trip."""
        return self._call("query_batch_points", collection_name, {"searches": list(requests)},
                          consistency=consistency, timeout=timeout)

    def query_points_groups(self, collection_name: str, group_by: str, query: Any = None,
                            using: Optional[str] = None, prefetch: Any = None,
                            query_filter: Any = None, search_params: Any = None, limit: int = 10,
                            group_size: int = 3, with_payload: Any = True,
                            with_vectors: Any = False, score_threshold: Optional[float] = None,
                            with_lookup: Any = None, lookup_from: Any = None,
                            consistency: Any = None, shard_key_selector: Any = None,
                            timeout: Optional[int] = None, **kwargs: Any) -> models.GroupsResult:
        """Query, grouped by a payload key."""
        body = _drop_none(query=query, using=using, prefetch=prefetch, filter=query_filter,
                          params=search_params, limit=limit, group_by=group_by,
                          group_size=group_size, with_payload=with_payload,
                          with_vector=with_vectors, score_threshold=score_threshold,
                          with_lookup=with_lookup, lookup_from=lookup_from,
                          shard_key=shard_key_selector)
        return self._call("query_points_groups", collection_name, body, consistency=consistency,
                          timeout=timeout)

    def search(self, collection_name: str, query_vector: Any, query_filter: Any = None,
               search_params: Any = None, limit: int = 10, offset: Optional[int] = None,
               with_payload: Any = True, with_vectors: Any = False,
               score_threshold: Optional[float] = None, consistency: Any = None,
               shard_key_selector: Any = None, timeout: Optional[int] = None,
               **kwargs: Any) -> List[models.ScoredPoint]:
        """The pre-1.16 search (removed from qdrant-client; kept as a thin alias).
        ``query_vector`` is a vector, a ``(name, vector)`` tuple or a NamedVector."""
        if isinstance(query_vector, tuple) and len(query_vector) == 2 and isinstance(
                query_vector[0], str):
            query_vector = {"name": query_vector[0], "vector": query_vector[1]}
        body = _drop_none(vector=query_vector, filter=query_filter, params=search_params,
                          limit=limit, offset=offset, with_payload=with_payload,
                          with_vector=with_vectors, score_threshold=score_threshold,
                          shard_key=shard_key_selector)
        return self._call("search", collection_name, body, consistency=consistency,
                          timeout=timeout)

    def scroll(self, collection_name: str, scroll_filter: Any = None, limit: int = 10,
               order_by: Any = None, offset: Any = None, with_payload: Any = True,
               with_vectors: Any = False, consistency: Any = None, shard_key_selector: Any = None,
               timeout: Optional[int] = None,
               **kwargs: Any) -> Tuple[List[models.Record], Optional[Any]]:
        """A page of points in id order (or order_by); returns (records, next_offset)."""
        body = _drop_none(filter=scroll_filter, limit=limit, order_by=order_by, offset=offset,
                          with_payload=with_payload, with_vector=with_vectors,
                          shard_key=shard_key_selector)
        r = self._call("scroll", collection_name, body, consistency=consistency, timeout=timeout)
        return r.points, r.next_page_offset

    def count(self, collection_name: str, count_filter: Any = None, exact: bool = True,
              shard_key_selector: Any = None, timeout: Optional[int] = None,
              **kwargs: Any) -> models.CountResult:
        """How many points match."""
        body = _drop_none(filter=count_filter, exact=exact, shard_key=shard_key_selector)
        return self._call("count", collection_name, body, timeout=timeout)

    def facet(self, collection_name: str, key: str, facet_filter: Any = None, limit: int = 10,
              exact: bool = False, consistency: Any = None, shard_key_selector: Any = None,
              timeout: Optional[int] = None, **kwargs: Any) -> models.FacetResponse:
        """Counts of the values of an indexed payload key."""
        body = _drop_none(key=key, filter=facet_filter, limit=limit, exact=exact,
                          shard_key=shard_key_selector)
        return self._call("facet", collection_name, body, consistency=consistency,
                          timeout=timeout)

    # ------------------------------------------------------------ indexes, shards, cluster

    def create_payload_index(self, collection_name: str, field_name: str,
                             field_schema: Any = None, field_type: Any = None, wait: bool = True,
                             ordering: Any = None, **kwargs: Any) -> models.UpdateResult:
        """Index a payload key (keyword, integer, float, geo, text, bool, datetime, uuid)."""
        schema = field_schema if field_schema is not None else field_type
        body = _drop_none(field_name=field_name, field_schema=schema)
        return self._call("create_payload_index", collection_name, body, wait=wait,
                          ordering=ordering)

    def delete_payload_index(self, collection_name: str, field_name: str, wait: bool = True,
                             ordering: Any = None, **kwargs: Any) -> models.UpdateResult:
        """Drop a payload index."""
        return self._call("delete_payload_index", collection_name, arg=field_name, wait=wait,
                          ordering=ordering)

    def create_shard_key(self, collection_name: str, shard_key: Any,
                         shards_number: Optional[int] = None,
                         replication_factor: Optional[int] = None, placement: Any = None,
                         initial_state: Any = None, timeout: Optional[int] = None,
                         **kwargs: Any) -> bool:
        """Create the shards of a key (collections with sharding_method=custom)."""
        body = _drop_none(shard_key=shard_key, shards_number=shards_number,
                          replication_factor=replication_factor, placement=placement,
                          initial_state=initial_state)
        return self._call("create_shard_key", collection_name, body, timeout=timeout)

    def delete_shard_key(self, collection_name: str, shard_key: Any,
                         timeout: Optional[int] = None, **kwargs: Any) -> bool:
        """Delete a shard key and its points (not retried)."""
        return self._call("delete_shard_key", collection_name, {"shard_key": shard_key},
                          timeout=timeout)

    def list_shard_keys(self, collection_name: str, **kwargs: Any) -> models.ShardKeysResponse:
        """Shard keys of a collection."""
        return self._call("list_shard_keys", collection_name)

    def cluster_status(self, **kwargs: Any) -> Any:
        """Cluster status of the node (ClusterStatus)."""
        return self._call("cluster_status")

    def collection_cluster_info(self, collection_name: str,
                                **kwargs: Any) -> models.CollectionClusterInfo:
        """Shards of a collection on this node and elsewhere."""
        return self._call("collection_cluster_info", collection_name)

    # ------------------------------------------------------------ snapshots

    def create_snapshot(self, collection_name: str, wait: bool = True,
                        **kwargs: Any) -> Optional[models.SnapshotDescription]:
        """Make a snapshot of a collection (not retried: it would make two)."""
        return self._call("create_snapshot", collection_name, wait=wait)

    def list_snapshots(self, collection_name: str,
                       **kwargs: Any) -> List[models.SnapshotDescription]:
        """Snapshots of a collection."""
        return self._call("list_snapshots", collection_name)

    def delete_snapshot(self, collection_name: str, snapshot_name: str, wait: bool = True,
                        **kwargs: Any) -> Optional[bool]:
        """Delete a snapshot of a collection."""
        return self._call("delete_snapshot", collection_name, arg=snapshot_name, wait=wait)
