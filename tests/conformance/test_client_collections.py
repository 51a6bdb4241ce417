"""qdrant-client (PyPI) against qedge-server: collections, aliases, payload
indexes, service info, cluster info, api-key auth and error statuses."""

import pytest
from qdrant_client import models
from qdrant_client.http.exceptions import UnexpectedResponse

from _support import make_client


def _status(excinfo) -> int:
    return excinfo.value.status_code


def test_service_info_names_a_version(client):
    info = client.info()
    assert info.title
    assert info.version.count(".") >= 2


def test_client_compatibility_check_passes(server):
    """The check every QdrantClient runs on connect (in a background thread,
    warning when it fails), done here in the foreground."""
    import importlib.metadata

    from qdrant_client.common.version_check import get_server_version, is_compatible

    if server.url == ":memory:":
        pytest.skip("local mode has no server version")
    headers = {"api-key": server.api_key} if server.api_key else {}
    version = get_server_version(server.url, headers, None, 10)
    assert version is not None
    assert is_compatible(importlib.metadata.version("qdrant-client"), version), version


def test_create_get_exists_list_delete(client, fresh):
    assert client.collection_exists(fresh) is False
    assert client.create_collection(fresh, vectors_config=models.VectorParams(size=4, distance=models.Distance.COSINE))
    assert client.collection_exists(fresh) is True
    info = client.get_collection(fresh)
    assert info.status == models.CollectionStatus.GREEN
    assert info.points_count == 0
    params = info.config.params
    assert params.vectors.size == 4
    assert params.vectors.distance == models.Distance.COSINE
    names = [c.name for c in client.get_collections().collections]
    assert fresh in names
    assert names == sorted(names)
    assert client.delete_collection(fresh) is True
    assert client.collection_exists(fresh) is False
    assert fresh not in [c.name for c in client.get_collections().collections]
    assert client.delete_collection(fresh) is False


def test_create_existing_is_409(client, fresh):
    client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    with pytest.raises(UnexpectedResponse) as e:
        client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    assert _status(e) == 409
    assert fresh in e.value.content.decode()


@pytest.mark.parametrize(
    "call",
    [
        lambda c, n: c.get_collection(n),
        lambda c, n: c.count(n),
        lambda c, n: c.scroll(n),
        lambda c, n: c.retrieve(n, ids=[1]),
        lambda c, n: c.query_points(n, query=[0.1, 0.2]),
        lambda c, n: c.upsert(n, points=[models.PointStruct(id=1, vector=[0.1, 0.2])]),
    ],
    ids=["get_collection", "count", "scroll", "retrieve", "query_points", "upsert"],
)
def test_unknown_collection_is_404(client, call):
    with pytest.raises(UnexpectedResponse) as e:
        call(client, "no_such_collection_anywhere")
    assert _status(e) == 404
    assert "no_such_collection_anywhere" in e.value.content.decode()


def test_named_and_sparse_vectors_config(client, fresh):
    client.create_collection(
        fresh,
        vectors_config={
            "text": models.VectorParams(size=3, distance=models.Distance.DOT),
            "image": models.VectorParams(size=2, distance=models.Distance.EUCLID),
        },
        sparse_vectors_config={"keywords": models.SparseVectorParams()},
    )
    params = client.get_collection(fresh).config.params
    assert set(params.vectors) == {"text", "image"}
    assert params.vectors["text"].size == 3 and params.vectors["text"].distance == models.Distance.DOT
    assert params.vectors["image"].size == 2 and params.vectors["image"].distance == models.Distance.EUCLID
    assert set(params.sparse_vectors) == {"keywords"}


def test_update_collection(client, fresh):
    client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    assert client.update_collection(
        fresh,
        optimizers_config=models.OptimizersConfigDiff(indexing_threshold=12345),
        hnsw_config=models.HnswConfigDiff(m=24),
    )
    config = client.get_collection(fresh).config
    assert config.optimizer_config.indexing_threshold == 12345
    assert config.hnsw_config.m == 24
    with pytest.raises(UnexpectedResponse) as e:
        client.update_collection("no_such_collection_anywhere", hnsw_config=models.HnswConfigDiff(m=8))
    assert _status(e) == 404


def test_optimizer_threads_auto_reads_back(client, fresh):
    client.create_collection(
        fresh,
        vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT),
        optimizers_config=models.OptimizersConfigDiff(max_optimization_threads=models.MaxOptimizationThreadsSetting.AUTO),
    )
    assert client.get_collection(fresh).config.optimizer_config.max_optimization_threads is None


def test_aliases(client, fresh):
    alias, renamed = f"{fresh}_a", f"{fresh}_b"
    client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    assert client.update_collection_aliases(
        [models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=fresh, alias_name=alias))]
    )
    pairs = {(a.alias_name, a.collection_name) for a in client.get_aliases().aliases}
    assert (alias, fresh) in pairs
    assert [(a.alias_name, a.collection_name) for a in client.get_collection_aliases(fresh).aliases] == [(alias, fresh)]
    # Every collection-addressed call resolves the alias.
    client.upsert(alias, points=[models.PointStruct(id=5, vector=[1.0, 2.0], payload={"via": "alias"})])
    assert client.count(fresh).count == 1
    assert client.retrieve(alias, ids=[5])[0].payload == {"via": "alias"}
    assert client.update_collection_aliases(
        [models.RenameAliasOperation(rename_alias=models.RenameAlias(old_alias_name=alias, new_alias_name=renamed))]
    )
    assert [a.alias_name for a in client.get_collection_aliases(fresh).aliases] == [renamed]
    assert client.update_collection_aliases(
        [models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=renamed))]
    )
    assert client.get_collection_aliases(fresh).aliases == []
    with pytest.raises(UnexpectedResponse) as e:
        client.update_collection_aliases(
            [
                models.CreateAliasOperation(
                    create_alias=models.CreateAlias(collection_name="no_such_collection_anywhere", alias_name=alias)
                )
            ]
        )
    assert _status(e) == 404


def test_deleting_a_collection_drops_its_aliases(client, fresh):
    alias = f"{fresh}_a"
    client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    client.update_collection_aliases(
        [models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=fresh, alias_name=alias))]
    )
    client.delete_collection(fresh)
    assert alias not in {a.alias_name for a in client.get_aliases().aliases}


def test_payload_index_create_delete(client, fresh):
    client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    client.upsert(
        fresh,
        points=[models.PointStruct(id=i, vector=[1.0, float(i)], payload={"city": "c", "n": i}) for i in range(1, 4)],
    )
    r = client.create_payload_index(fresh, "city", field_schema=models.PayloadSchemaType.KEYWORD)
    assert r.status == models.UpdateStatus.COMPLETED
    client.create_payload_index(fresh, "n", field_schema=models.PayloadSchemaType.INTEGER)
    schema = client.get_collection(fresh).payload_schema
    assert schema["city"].data_type == models.PayloadSchemaType.KEYWORD
    assert schema["n"].data_type == models.PayloadSchemaType.INTEGER
    assert schema["n"].points == 3
    client.delete_payload_index(fresh, "city")
    assert set(client.get_collection(fresh).payload_schema) == {"n"}


def test_wrong_dimension_is_400(client, fresh):
    client.create_collection(fresh, vectors_config=models.VectorParams(size=3, distance=models.Distance.DOT))
    with pytest.raises(UnexpectedResponse) as e:
        client.upsert(fresh, points=[models.PointStruct(id=1, vector=[1.0, 2.0])])
    assert _status(e) == 400
    assert "dim" in e.value.content.decode()
    assert client.count(fresh).count == 0


def test_cluster_status_one_enabled_peer(client):
    status = client.cluster_status()
    assert status.status == "enabled"
    assert list(status.peers) == [str(status.peer_id)]


def test_collection_cluster_info(client, fresh):
    client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    client.upsert(fresh, points=[models.PointStruct(id=i, vector=[1.0, float(i)]) for i in range(1, 8)])
    info = client.collection_cluster_info(fresh)
    assert info.peer_id == client.cluster_status().peer_id
    assert info.shard_count == len(info.local_shards) >= 1
    assert info.remote_shards == [] and info.shard_transfers == []
    assert sum(s.points_count for s in info.local_shards) == 7
    assert all(s.state == models.ReplicaState.ACTIVE for s in info.local_shards)


def test_api_key_required(server, client):
    if not server.api_key:
        pytest.skip("server runs without an api key")
    client.get_collections()  # the right key works
    for key in ("wrong-key", None):
        other = make_client(server, api_key=key)
        with pytest.raises(UnexpectedResponse) as e:
            other.get_collections()
        assert _status(e) in (401, 403)
        other.close()
