"""qedge.QdrantClient against a real qedge-server: every operation of the
first slice, with values checked."""

import math
import uuid

import numpy as np
import pytest

import qedge
from qedge import models

UID = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26"


def _fill(client, name="docs"):
    assert client.create_collection(
        name, vectors_config=models.VectorParams(size=4, distance=models.Distance.DOT)) is True
    r = client.upsert(name, [
        models.PointStruct(id=1, vector=[1, 0, 0, 0], payload={"color": "red", "n": 1}),
        {"id": 2, "vector": np.array([0.5, 0.5, 0, 0], dtype=np.float32),
         "payload": {"color": "blue", "n": 2}},
        models.PointStruct(id=uuid.UUID(UID), vector=np.array([0.1, 0.2, 0.3, 0.4]),
                           payload={"color": "red", "n": 3}),
    ])
    assert isinstance(r, models.UpdateResult)
    assert r.status == models.UpdateStatus.COMPLETED


def test_collections(client):
    assert client.collection_exists("docs") is False
    _fill(client)
    assert client.collection_exists("docs") is True
    names = [c.name for c in client.get_collections().collections]
    assert names == ["docs"]
    info = client.get_collection("docs")
    assert isinstance(info, models.CollectionInfo)
    assert info.points_count == 3
    assert info.config.params.vectors.size == 4
    assert info.config.params.vectors.distance == models.Distance.DOT
    assert client.update_collection("docs", optimizers_config=models.OptimizersConfigDiff(
        indexing_threshold=1000)) is True
    assert client.get_collection("docs").config.optimizer_config.indexing_threshold == 1000
    assert client.delete_collection("docs") is True
    assert client.collection_exists("docs") is False


def test_errors_carry_status_and_message(client):
    with pytest.raises(qedge.UnexpectedResponse) as e:
        client.get_collection("missing")
    assert e.value.status_code == 404
    assert e.value.reason_phrase == "Not Found"
    assert b"missing" in e.value.content
    assert e.value.headers["content-type"].startswith("application/json")
    assert isinstance(e.value, qedge.QdrantError)
    assert "404" in str(e.value) and "missing" in str(e.value)
    _fill(client)
    with pytest.raises(qedge.UnexpectedResponse) as e:
        client.create_collection("docs", vectors_config=models.VectorParams(size=4,
                                                                            distance="Dot"))
    assert e.value.status_code == 409
    # a wrong dimension is the server's 400
    with pytest.raises(qedge.UnexpectedResponse) as e:
        client.upsert("docs", [models.PointStruct(id=9, vector=[1, 2])])
    assert e.value.status_code == 400
    assert client.count("docs").count == 3


def test_bad_input_named_before_sending(client):
    _fill(client)
    with pytest.raises(qedge.ValidationError) as e:
        client.upsert("docs", [{"id": 9, "vector": [1, "x", 0, 0]}])
    assert e.value.path.startswith("points[0].vector")
    with pytest.raises(qedge.ValidationError) as e:
        client.upsert("docs", [{"id": -1, "vector": [1, 0, 0, 0]}])
    assert e.value.path == "points[0].id"
    with pytest.raises(qedge.ValidationError) as e:
        client.query_points("docs", query=[1, 0, 0, 0], limit=-3)
    assert e.value.path == "limit"
    assert client.count("docs").count == 3


def test_retrieve_and_vectors_roundtrip(client):
    _fill(client)
    recs = client.retrieve("docs", [UID.upper(), 2, 77], with_vectors=True)
    assert [r.id for r in recs] == [UID, 2] or [r.id for r in recs] == [2, UID]
    by_id = {r.id: r for r in recs}
    assert isinstance(by_id[2], models.Record)
    assert by_id[UID].vector == [np.float32(x) for x in (0.1, 0.2, 0.3, 0.4)]
    assert by_id[2].payload == {"color": "blue", "n": 2}
    recs = client.retrieve("docs", [1], with_payload=False)
    assert recs[0].payload is None and recs[0].vector is None


def test_query_points_and_batch(client):
    _fill(client)
    res = client.query_points("docs", query=np.array([1, 0, 0, 0], dtype=np.float32), limit=2)
    assert isinstance(res, models.QueryResponse)
    assert [p.id for p in res.points] == [1, 2]
    assert isinstance(res.points[0], models.ScoredPoint)
    assert math.isclose(res.points[0].score, 1.0, rel_tol=1e-6)
    assert math.isclose(res.points[1].score, 0.5, rel_tol=1e-6)
    assert res.points[1].payload == {"color": "blue", "n": 2}
    red = models.Filter(must=[models.FieldCondition(key="color",
                                                    match=models.MatchValue(value="red"))])
    res = client.query_points("docs", query=models.NearestQuery(nearest=[0, 0, 0, 1]),
                              query_filter=red, with_payload=False, with_vectors=True)
    assert [p.id for p in res.points] == [UID, 1]
    assert res.points[0].payload is None
    assert res.points[0].vector == pytest.approx([0.1, 0.2, 0.3, 0.4], rel=1e-6)
    res = client.query_points("docs", query=1, limit=1)  # recommend by id
    assert res.points[0].id == 2
    out = client.query_batch_points("docs", [
        models.QueryRequest(query=[0, 1, 0, 0], limit=1),
        {"query": [1, 0, 0, 0], "filter": red, "limit": 5, "score_threshold": 0.2},
    ])
    assert len(out) == 2 and all(isinstance(o, models.QueryResponse) for o in out)
    assert [p.id for p in out[0].points] == [2]
    assert [p.id for p in out[1].points] == [1]
    hits = client.search("docs", query_vector=[0, 1, 0, 0], limit=2)
    assert [h.id for h in hits] == [2, UID]
    assert math.isclose(hits[1].score, 0.2, rel_tol=1e-6)


def test_scroll_count_facet(client):
    _fill(client)
    recs, nxt = client.scroll("docs", limit=2)
    assert [r.id for r in recs] == [1, 2]
    assert nxt == UID
    recs, nxt = client.scroll("docs", offset=nxt, limit=2)
    assert [r.id for r in recs] == [UID] and nxt is None
    cnt = client.count("docs", count_filter=models.Filter(must=[
        models.FieldCondition(key="n", range=models.Range(gte=2))]))
    assert isinstance(cnt, models.CountResult) and cnt.count == 2
    r = client.create_payload_index("docs", "color", field_schema=models.PayloadSchemaType.KEYWORD)
    assert r.status == models.UpdateStatus.COMPLETED
    assert client.get_collection("docs").payload_schema["color"].data_type == "keyword"
    f = client.facet("docs", "color")
    assert [(h.value, h.count) for h in f.hits] == [("red", 2), ("blue", 1)]
    client.delete_payload_index("docs", "color")
    assert "color" not in (client.get_collection("docs").payload_schema or {})


def test_payload_and_vector_updates(client):
    _fill(client)
    client.set_payload("docs", {"tag": "x"}, points=[1])
    client.set_payload("docs", {"deep": 5}, points=models.Filter(must=[
        models.FieldCondition(key="color", match=models.MatchValue(value="blue"))]))
    client.overwrite_payload("docs", {"only": True}, points=[UID])
    client.delete_payload("docs", ["n"], points=[1])
    got = {r.id: r.payload for r in client.retrieve("docs", [1, 2, UID])}
    assert got == {1: {"color": "red", "tag": "x"}, 2: {"color": "blue", "n": 2, "deep": 5},
                   UID: {"only": True}}
    client.clear_payload("docs", [2])
    assert client.retrieve("docs", [2])[0].payload == {}
    client.update_vectors("docs", [models.PointVectors(id=2, vector=[0, 0, 2, 0])])
    res = client.query_points("docs", query=[0, 0, 1, 0], limit=1)
    assert res.points[0].id == 2 and math.isclose(res.points[0].score, 2.0)
    r = client.delete("docs", [1])
    assert r.status == models.UpdateStatus.COMPLETED
    client.delete("docs", models.Filter(must=[models.HasIdCondition(has_id=[UID])]))
    assert client.count("docs").count == 1


def test_named_vectors_delete_vectors(client):
    client.create_collection("nv", vectors_config={
        "a": models.VectorParams(size=2, distance="Euclid"),
        "b": models.VectorParams(size=2, distance="Euclid")})
    client.upsert("nv", [models.PointStruct(id=1, vector={"a": [1, 1], "b": [2, 2]})])
    client.delete_vectors("nv", ["b"], [1])
    rec = client.retrieve("nv", [1], with_vectors=True)[0]
    assert set(rec.vector) == {"a"}
    hits = client.search("nv", query_vector=("a", [1, 1]), limit=1)
    assert hits[0].id == 1 and hits[0].score == 0.0


def test_batch_update(client):
    _fill(client)
    out = client.batch_update_points("docs", [
        models.UpsertOperation(upsert=models.PointsList(points=[
            models.PointStruct(id=10, vector=[0, 0, 0, 1])])),
        models.DeleteOperation(delete=models.PointIdsList(points=[1])),
    ])
    assert len(out) == 2 and all(isinstance(u, models.UpdateResult) for u in out)
    assert client.count("docs").count == 3
    assert client.retrieve("docs", [1]) == []


def test_aliases_shard_keys_cluster(client):
    _fill(client)
    assert client.update_collection_aliases([models.CreateAliasOperation(
        create_alias=models.CreateAlias(collection_name="docs", alias_name="papers"))]) is True
    aliases = client.get_aliases().aliases
    assert [(a.alias_name, a.collection_name) for a in aliases] == [("papers", "docs")]
    assert len(client.get_collection_aliases("docs").aliases) == 1
    assert client.count("papers").count == 3
    client.update_collection_aliases([{"delete_alias": {"alias_name": "papers"}}])
    assert client.get_aliases().aliases == []

    client.create_collection("tenants", vectors_config=models.VectorParams(size=2,
                                                                           distance="Euclid"),
                             sharding_method=models.ShardingMethod.CUSTOM)
    assert client.create_shard_key("tenants", "acme") is True
    assert client.create_shard_key("tenants", 7) is True
    keys = sorted(str(k.key) for k in client.list_shard_keys("tenants").shard_keys)
    assert keys == ["7", "acme"]
    client.upsert("tenants", [models.PointStruct(id=1, vector=[1, 1])], shard_key_selector="acme")
    client.upsert("tenants", [models.PointStruct(id=2, vector=[1, 1])], shard_key_selector=7)
    assert client.count("tenants", shard_key_selector="acme").count == 1
    assert client.count("tenants").count == 2
    info = client.collection_cluster_info("tenants")
    assert isinstance(info, models.CollectionClusterInfo)
    assert info.shard_count == 2
    assert client.delete_shard_key("tenants", "acme") is True
    assert client.count("tenants").count == 1
    st = client.cluster_status()
    assert st.status == "enabled"


def test_snapshots(client):
    _fill(client)
    snap = client.create_snapshot("docs")
    assert isinstance(snap, models.SnapshotDescription) and snap.size > 0
    assert [s.name for s in client.list_snapshots("docs")] == [snap.name]
    assert client.delete_snapshot("docs", snap.name) is True
    assert client.list_snapshots("docs") == []


def test_url_handling():
    assert qedge.QdrantClient(url="https://example.com").base_url == "https://example.com:443"
    assert qedge.QdrantClient(url="https://example.com/qdrant").base_url == \
        "https://example.com:443/qdrant"
    assert qedge.QdrantClient(url="http://example.com").base_url == "http://example.com:6333"
    assert qedge.QdrantClient(url="http://example.com", port=7000).base_url == \
        "http://example.com:7000"
    assert qedge.QdrantClient(host="h", api_key="k").base_url == "https://h:6333"
    assert qedge.QdrantClient(host="h", port=80, https=False, prefix="p").base_url == \
        "http://h:80/p"
    assert qedge.QdrantClient().base_url == "http://localhost:6333"
    assert qedge.QdrantClient("http://[::1]:1234").base_url == "http://[::1]:1234"
    with pytest.raises(qedge.ValidationError) as e:
        qedge.QdrantClient(url="localhost:6333")
    assert e.value.path == "url"
    with pytest.raises(ValueError):
        qedge.QdrantClient(url="http://a", host="b")
    with pytest.raises(NotImplementedError):
        qedge.QdrantClient(":memory:")


def test_api_key_and_headers(make_server):
    s = make_server(args=["--api-key", "sekret"])
    bad = qedge.QdrantClient(url=s.url, api_key="wrong")
    with pytest.raises(qedge.UnexpectedResponse) as e:
        bad.get_collections()
    assert e.value.status_code in (401, 403)
    good = qedge.QdrantClient(url=s.url, api_key="sekret", https=False)
    assert good.get_collections().collections == []
    calls = []

    def token():
        calls.append(1)
        return "sekret"

    tok = qedge.QdrantClient(url=s.url, auth_token_provider=token)
    assert tok.get_collections().collections == []
    assert len(calls) == 1
    hdr = qedge.QdrantClient(url=s.url, headers={"api-key": "sekret"})
    assert hdr.collection_exists("x") is False


def test_closed_client_refuses(server):
    c = qedge.QdrantClient(url=server.url)
    c.close()
    with pytest.raises(qedge.QdrantError):
        c.get_collections()
