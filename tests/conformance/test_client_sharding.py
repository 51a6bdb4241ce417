"""qdrant-client (PyPI) against qedge-server: custom sharding. Shard keys are
created, listed and deleted, and every data call routes by
shard_key_selector; the server behaves as a one-peer cluster."""

import pytest
from qdrant_client import models
from qdrant_client.http.exceptions import UnexpectedResponse



@pytest.fixture
def tenants(client, fresh):
    client.create_collection(
        fresh,
        vectors_config=models.VectorParams(size=2, distance=models.Distance.EUCLID),
        sharding_method=models.ShardingMethod.CUSTOM,
    )
    assert client.create_shard_key(fresh, "tenant_a")
    assert client.create_shard_key(fresh, "tenant_b")
    client.upsert(
        fresh,
        points=[models.PointStruct(id=i, vector=[float(i), 0.0], payload={"t": "a"}) for i in (1, 2, 3)],
        shard_key_selector="tenant_a",
    )
    client.upsert(
        fresh,
        points=[models.PointStruct(id=i, vector=[float(i), 1.0], payload={"t": "b"}) for i in (10, 11)],
        shard_key_selector="tenant_b",
    )
    return fresh


def test_list_shard_keys(client, tenants):
    keys = client.list_shard_keys(tenants)
    assert sorted(k.key for k in keys.shard_keys) == ["tenant_a", "tenant_b"]


def test_routing_reads_by_shard_key(client, tenants):
    assert client.count(tenants).count == 5
    assert client.count(tenants, shard_key_selector="tenant_a").count == 3
    assert client.count(tenants, shard_key_selector=["tenant_a", "tenant_b"]).count == 5
    got = client.query_points(tenants, query=[0.0, 1.0], limit=10, shard_key_selector="tenant_b").points
    assert [p.id for p in got] == [10, 11]
    assert [p.score for p in got] == pytest.approx([10.0, 11.0])
    assert all(p.shard_key == "tenant_b" for p in got)
    records, _ = client.scroll(tenants, limit=10, shard_key_selector="tenant_a")
    assert [r.id for r in records] == [1, 2, 3]
    assert all(r.shard_key == "tenant_a" for r in records)
    assert [r.id for r in client.retrieve(tenants, ids=[1, 10], shard_key_selector="tenant_b")] == [10]
    # Without a selector reads see every shard.
    got = client.query_points(tenants, query=[0.0, 0.0], limit=10).points
    assert [p.id for p in got] == [1, 2, 3, 10, 11]


def test_routing_writes_by_shard_key(client, tenants):
    client.set_payload(tenants, payload={"x": 1}, points=[1], shard_key_selector="tenant_a")
    assert client.retrieve(tenants, ids=[1])[0].payload == {"t": "a", "x": 1}
    client.delete(tenants, points_selector=models.PointIdsList(points=[10]), shard_key_selector="tenant_b")
    assert client.count(tenants, shard_key_selector="tenant_b").count == 1
    with pytest.raises(UnexpectedResponse) as e:
        client.upsert(tenants, points=[models.PointStruct(id=50, vector=[0.0, 0.0])])  # no shard key
    assert e.value.status_code == 400
    assert client.count(tenants).count == 4


def test_unknown_shard_key_on_write_is_400(client, tenants):
    with pytest.raises(UnexpectedResponse) as e:
        client.upsert(tenants, points=[models.PointStruct(id=50, vector=[0.0, 0.0])], shard_key_selector="nobody")
    assert e.value.status_code == 400
    assert "nobody" in e.value.content.decode()


def test_cluster_info_lists_keyed_shards(client, tenants):
    assert client.get_collection(tenants).config.params.sharding_method == models.ShardingMethod.CUSTOM
    assert client.get_collection(tenants).points_count == 5
    info = client.collection_cluster_info(tenants)
    by_key = {s.shard_key: s for s in info.local_shards}
    assert set(by_key) == {"tenant_a", "tenant_b"}
    assert by_key["tenant_a"].points_count == 3 and by_key["tenant_b"].points_count == 2
    assert info.shard_count == len(info.local_shards)
    assert [s.shard_id for s in info.local_shards] == sorted(s.shard_id for s in info.local_shards)


def test_delete_shard_key_drops_its_points(client, tenants):
    assert client.delete_shard_key(tenants, "tenant_a")
    assert [k.key for k in client.list_shard_keys(tenants).shard_keys] == ["tenant_b"]
    assert client.count(tenants).count == 2
    assert {r.id for r in client.retrieve(tenants, ids=[1, 2, 3, 10, 11])} == {10, 11}


def test_unknown_shard_key_on_read_is_400(client, tenants):
    with pytest.raises(UnexpectedResponse) as e:
        client.count(tenants, shard_key_selector="nobody")
    assert e.value.status_code == 400


def test_duplicate_shard_key_is_rejected(client, tenants):
    with pytest.raises(UnexpectedResponse) as e:
        client.create_shard_key(tenants, "tenant_a")
    assert e.value.status_code == 400
