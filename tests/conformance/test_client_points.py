"""qdrant-client (PyPI) against qedge-server: point writes (upsert as
PointStruct list and Batch, upload_points/upload_collection, delete by ids and
filter, payload and vector updates) and retrieve, checked value by value."""

import uuid

import numpy as np
import pytest
from qdrant_client import models
from qdrant_client.http.exceptions import UnexpectedResponse

from _oracle import dataset, normalize


def _by_id(records):
    return {r.id: r for r in records}


@pytest.fixture
def cosine(client, fresh):
    client.create_collection(fresh, vectors_config=models.VectorParams(size=4, distance=models.Distance.COSINE))
    return fresh


@pytest.fixture
def named(client, fresh):
    client.create_collection(
        fresh,
        vectors_config={
            "a": models.VectorParams(size=3, distance=models.Distance.DOT),
            "b": models.VectorParams(size=2, distance=models.Distance.EUCLID),
        },
    )
    return fresh


def test_upsert_point_structs_and_retrieve(client, cosine):
    ids, vectors, payloads = dataset(n=12)
    r = client.upsert(
        cosine, points=[models.PointStruct(id=i, vector=v.tolist(), payload=p) for i, v, p in zip(ids, vectors, payloads)]
    )
    assert r.status == models.UpdateStatus.COMPLETED
    assert client.count(cosine).count == 12
    got = _by_id(client.retrieve(cosine, ids=ids, with_payload=True, with_vectors=True))
    assert set(got) == set(ids)
    for i, v, p in zip(ids, vectors, payloads):
        assert got[i].payload == p
        # Cosine vectors are stored normalised.
        np.testing.assert_allclose(got[i].vector, normalize(v), rtol=1e-5, atol=1e-6)


def test_upsert_batch_and_uuid_ids(client, cosine):
    ids = [7, str(uuid.UUID(int=3)), 2]
    vectors = [[1.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 3.0, 4.0]]
    payloads = [{"k": 1}, {"k": "two"}, {}]
    client.upsert(cosine, points=models.Batch(ids=ids, vectors=vectors, payloads=payloads))
    got = _by_id(client.retrieve(cosine, ids=ids, with_payload=True, with_vectors=True))
    assert got[7].payload == {"k": 1} and got[str(uuid.UUID(int=3))].payload == {"k": "two"}
    assert got[2].payload in ({}, None)
    np.testing.assert_allclose(got[2].vector, [0.0, 0.0, 0.6, 0.8], atol=1e-6)
    # Scroll order: integer ids ascending, then UUIDs.
    records, next_offset = client.scroll(cosine, limit=10)
    assert [r.id for r in records] == [2, 7, str(uuid.UUID(int=3))]
    assert next_offset is None


def test_upsert_replaces_the_whole_point(client, named):
    client.upsert(named, points=[models.PointStruct(id=1, vector={"a": [1, 2, 3], "b": [1, 1]}, payload={"x": 1, "y": 2})])
    client.upsert(named, points=[models.PointStruct(id=1, vector={"a": [3, 2, 1]}, payload={"z": 3})])
    (p,) = client.retrieve(named, ids=[1], with_payload=True, with_vectors=True)
    assert p.payload == {"z": 3}
    assert p.vector == {"a": [3.0, 2.0, 1.0]}


def test_upload_points_and_upload_collection(client, fresh):
    client.create_collection(fresh, vectors_config=models.VectorParams(size=4, distance=models.Distance.DOT))
    ids, vectors, payloads = dataset(n=30)
    client.upload_points(
        fresh,
        points=[models.PointStruct(id=i, vector=v.tolist(), payload=p) for i, v, p in zip(ids[:15], vectors, payloads)],
        batch_size=4,
        wait=True,
    )
    client.upload_collection(fresh, vectors=vectors[15:], payload=payloads[15:], ids=ids[15:], batch_size=7, wait=True)
    assert client.count(fresh).count == 30
    got = _by_id(client.retrieve(fresh, ids=ids, with_payload=True, with_vectors=True))
    for i, v, p in zip(ids, vectors, payloads):
        assert got[i].payload == p
        np.testing.assert_allclose(got[i].vector, v, rtol=1e-6)


def test_retrieve_order_missing_and_selectors(client, cosine):
    client.upsert(
        cosine,
        points=[
            models.PointStruct(id=i, vector=[1.0, float(i), 0.0, 0.0], payload={"a": i, "b": {"c": i, "d": "x"}})
            for i in (1, 2, 3)
        ],
    )
    got = client.retrieve(cosine, ids=[3, 99, 1], with_payload=["a"], with_vectors=False)
    assert [r.id for r in got] == [3, 1]
    assert [r.payload for r in got] == [{"a": 3}, {"a": 1}]
    assert all(r.vector is None for r in got)
    got = client.retrieve(cosine, ids=[2], with_payload=models.PayloadSelectorExclude(exclude=["b.d"]))
    assert got[0].payload == {"a": 2, "b": {"c": 2}}
    got = client.retrieve(cosine, ids=[2], with_payload=False)
    assert got[0].payload is None


def test_delete_by_ids_and_filter(client, cosine):
    ids, vectors, payloads = dataset(n=20)
    client.upsert(cosine, points=models.Batch(ids=ids, vectors=vectors.tolist(), payloads=payloads))
    client.delete(cosine, points_selector=models.PointIdsList(points=[1, 2, 999]))
    assert client.count(cosine).count == 18
    flt = models.Filter(must=[models.FieldCondition(key="city", match=models.MatchValue(value="Berlin"))])
    berlin = {i for i, p in zip(ids, payloads) if p["city"] == "Berlin"}
    client.delete(cosine, points_selector=models.FilterSelector(filter=flt))
    remaining = {r.id for r in client.scroll(cosine, limit=100)[0]}
    assert remaining == set(ids) - {1, 2} - berlin


def test_payload_set_overwrite_delete_clear(client, cosine):
    client.upsert(
        cosine,
        points=[
            models.PointStruct(id=i, vector=[1.0, 0.0, 0.0, float(i)], payload={"a": 1, "keep": i}) for i in (1, 2, 3)
        ],
    )

    def payload(pid):
        return client.retrieve(cosine, ids=[pid], with_payload=True)[0].payload

    client.set_payload(cosine, payload={"b": 2, "a": 10}, points=[1, 2])
    assert payload(1) == {"a": 10, "keep": 1, "b": 2}
    assert payload(3) == {"a": 1, "keep": 3}
    client.set_payload(cosine, payload={"a": None}, points=[1])
    assert payload(1) == {"keep": 1, "b": 2}
    client.set_payload(cosine, payload={"c": 5}, points=[2], key="nested.inner")
    assert payload(2) == {"a": 10, "keep": 2, "b": 2, "nested": {"inner": {"c": 5}}}
    client.set_payload(
        cosine,
        payload={"f": True},
        points=models.Filter(must=[models.FieldCondition(key="keep", match=models.MatchValue(value=3))]),
    )
    assert payload(3) == {"a": 1, "keep": 3, "f": True}
    client.overwrite_payload(cosine, payload={"only": "this"}, points=[2])
    assert payload(2) == {"only": "this"}
    client.delete_payload(cosine, keys=["keep", "absent"], points=[1, 3])
    assert payload(1) == {"b": 2}
    assert payload(3) == {"a": 1, "f": True}
    client.clear_payload(cosine, points_selector=models.PointIdsList(points=[3]))
    assert payload(3) in ({}, None)
    with pytest.raises(UnexpectedResponse) as e:
        client.set_payload(cosine, payload={"x": 1}, points=[404404])
    assert e.value.status_code == 404


def test_update_and_delete_vectors(client, named):
    client.upsert(
        named,
        points=[
            models.PointStruct(id=1, vector={"a": [1, 2, 3], "b": [1, 1]}),
            models.PointStruct(id=2, vector={"a": [0, 1, 0], "b": [2, 2]}),
        ],
    )
    client.update_vectors(named, points=[models.PointVectors(id=1, vector={"b": [5, 6]})])
    got = _by_id(client.retrieve(named, ids=[1, 2], with_vectors=True))
    assert got[1].vector == {"a": [1.0, 2.0, 3.0], "b": [5.0, 6.0]}
    client.delete_vectors(named, vectors=["a"], points=[1, 2])
    got = _by_id(client.retrieve(named, ids=[1, 2], with_vectors=True))
    assert got[1].vector == {"b": [5.0, 6.0]} and got[2].vector == {"b": [2.0, 2.0]}
    assert client.retrieve(named, ids=[2], with_vectors=["b"])[0].vector == {"b": [2.0, 2.0]}
    with pytest.raises(UnexpectedResponse) as e:
        client.update_vectors(named, points=[models.PointVectors(id=1, vector={"a": [1.0]})])
    assert e.value.status_code == 400


def test_sparse_vectors_round_trip(client, fresh):
    client.create_collection(fresh, vectors_config={}, sparse_vectors_config={"s": models.SparseVectorParams()})
    client.upsert(
        fresh, points=[models.PointStruct(id=1, vector={"s": models.SparseVector(indices=[3, 1], values=[0.5, 2.0])})]
    )
    (p,) = client.retrieve(fresh, ids=[1], with_vectors=True)
    sv = p.vector["s"]
    assert sorted(zip(sv.indices, sv.values)) == [(1, 2.0), (3, 0.5)]


def test_batch_update_points(client, cosine):
    client.batch_update_points(
        cosine,
        update_operations=[
            models.UpsertOperation(
                upsert=models.PointsList(
                    points=[models.PointStruct(id=i, vector=[1.0, 0.0, float(i), 0.0], payload={"i": i}) for i in (1, 2)]
                )
            ),
            models.SetPayloadOperation(set_payload=models.SetPayload(payload={"s": True}, points=[2])),
            models.DeleteOperation(delete=models.PointIdsList(points=[1])),
        ],
    )
    got = client.retrieve(cosine, ids=[1, 2])
    assert [(r.id, r.payload) for r in got] == [(2, {"i": 2, "s": True})]


def test_upsert_without_wait_is_acknowledged(client, cosine):
    r = client.upsert(cosine, points=[models.PointStruct(id=1, vector=[1.0, 0.0, 0.0, 0.0])], wait=False)
    assert r.status in (models.UpdateStatus.ACKNOWLEDGED, models.UpdateStatus.COMPLETED)
    assert isinstance(r.operation_id, int)
    r2 = client.upsert(cosine, points=[models.PointStruct(id=2, vector=[0.0, 1.0, 0.0, 0.0])], wait=True)
    assert r2.status == models.UpdateStatus.COMPLETED
    assert r2.operation_id > r.operation_id
    assert client.count(cosine).count == 2
