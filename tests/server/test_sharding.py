"""Custom sharding: shard keys with their own shards, shard_key selectors on
every data call, fan-out without a key; collection cluster info."""

import pytest

VEC = {"size": 2, "distance": "Dot"}


@pytest.fixture
def custom(server, name):
    server.create(name, {"vectors": VEC, "sharding_method": "custom", "shard_number": 2})
    for key in ("eu", 7):
        assert server.put(f"/collections/{name}/shards", {"shard_key": key}).result is True
    return name


def test_shard_keys_listed_and_in_cluster_info(server, custom):
    keys = server.get(f"/collections/{custom}/shards").result["shard_keys"]
    assert keys == [{"key": "eu"}, {"key": 7}]
    info = server.get(f"/collections/{custom}/cluster").result
    assert info["shard_count"] == 4
    assert sorted((s["shard_key"], s["shard_id"]) for s in info["local_shards"]
                  if s["shard_key"] == "eu") == [("eu", 0), ("eu", 1)]
    assert info["peer_id"] == server.get("/cluster").result["peer_id"]
    assert info["remote_shards"] == [] and info["shard_transfers"] == []
    params = server.get(f"/collections/{custom}").result["config"]["params"]
    assert params["sharding_method"] == "custom"


def test_writes_need_a_key_and_go_to_it(server, custom):
    r = server.put(f"/collections/{custom}/points", {"points": [{"id": 1, "vector": [1, 0]}]})
    assert r.status == 400 and r.error == "Wrong input: Shard key not specified"
    server.upsert(custom, [{"id": i, "vector": [1, i]} for i in range(10)], shard_key="eu")
    server.upsert(custom, [{"id": 100 + i, "vector": [1, i]} for i in range(4)], shard_key=7)
    c = lambda **kw: server.post(f"/collections/{custom}/points/count", kw).result["count"]
    assert c() == 14
    assert c(shard_key="eu") == 10
    assert c(shard_key=7) == 4
    assert c(shard_key=["eu", 7]) == 14
    # points of "eu" spread over its two shards
    local = server.get(f"/collections/{custom}/cluster").result["local_shards"]
    eu = [s["points_count"] for s in local if s["shard_key"] == "eu"]
    assert sum(eu) == 10 and all(n > 0 for n in eu)
    # reads and queries honour the selector and report the key
    hits = server.post(f"/collections/{custom}/points/query",
                       {"query": [0, 1], "limit": 3, "shard_key": 7}).result["points"]
    assert [h["id"] for h in hits] == [103, 102, 101]
    assert all(h["shard_key"] == 7 for h in hits)
    hits = server.post(f"/collections/{custom}/points/query",
                       {"query": [0, 1], "limit": 2}).result["points"]
    assert [h["id"] for h in hits] == [9, 8]
    recs = server.post(f"/collections/{custom}/points",
                       {"ids": [3, 101], "shard_key": "eu"}).result
    assert [r["id"] for r in recs] == [3]
    page = server.post(f"/collections/{custom}/points/scroll",
                       {"limit": 20, "shard_key": 7}).result
    assert [p["id"] for p in page["points"]] == [100, 101, 102, 103]
    # deletes with a key touch only that key
    server.post(f"/collections/{custom}/points/delete",
                {"filter": {"must": [{"has_id": [1, 101]}]}, "shard_key": 7})
    assert c(shard_key="eu") == 10 and c(shard_key=7) == 3


def test_unknown_key_and_fallback(server, custom):
    r = server.post(f"/collections/{custom}/points/count", {"shard_key": "us"})
    assert r.status == 400 and "Shard key \"us\" not found" in r.error
    server.upsert(custom, [{"id": 1, "vector": [1, 0]}],
                  shard_key={"target": "us", "fallback": "eu"})
    assert server.post(f"/collections/{custom}/points/count",
                       {"shard_key": "eu"}).result["count"] == 1


def test_key_on_auto_sharding_is_rejected(server, name):
    server.create(name, {"vectors": VEC})
    r = server.put(f"/collections/{name}/points",
                   {"points": [{"id": 1, "vector": [1, 0]}], "shard_key": "x"})
    assert r.status == 400
    assert server.get(f"/collections/{name}/shards").result["shard_keys"] is None
    assert server.put(f"/collections/{name}/shards", {"shard_key": "x"}).status == 400


def test_duplicate_and_drop_keys_persist(server, custom):
    assert server.put(f"/collections/{custom}/shards", {"shard_key": "eu"}).status == 409
    server.upsert(custom, [{"id": 1, "vector": [1, 0]}], shard_key="eu")
    assert server.post(f"/collections/{custom}/shards/delete", {"shard_key": "eu"}).result
    assert server.get(f"/collections/{custom}/shards").result["shard_keys"] == [{"key": 7}]
    assert server.post(f"/collections/{custom}/points/count", {}).result["count"] == 0
    assert server.post(f"/collections/{custom}/shards/delete", {"shard_key": "eu"}).status == 404
    # a key with its own shard count, made through the cluster endpoint
    op = {"create_sharding_key": {"shard_key": "big", "shards_number": 3}}
    assert server.post(f"/collections/{custom}/cluster", op).result is True
    server.restart()
    info = server.get(f"/collections/{custom}/cluster").result
    assert sum(1 for s in info["local_shards"] if s.get("shard_key") == "big") == 3
    assert server.get(f"/collections/{custom}/shards").result["shard_keys"] == [
        {"key": 7}, {"key": "big"}]


def test_cluster_operations_needing_peers(server, custom):
    op = {"move_shard": {"shard_id": 0, "from_peer_id": 1, "to_peer_id": 2}}
    r = server.post(f"/collections/{custom}/cluster", op)
    assert r.status == 400 and "Distributed mode disabled" in r.error


def test_auto_sharding_spreads_points(server, name):
    server.create(name, {"vectors": VEC, "shard_number": 4})
    server.upsert(name, [{"id": i, "vector": [1, 0]} for i in range(200)])
    local = server.get(f"/collections/{name}/cluster").result["local_shards"]
    assert [s["shard_id"] for s in local] == [0, 1, 2, 3]
    counts = [s["points_count"] for s in local]
    assert sum(counts) == 200 and min(counts) > 20
    # an update by id reaches the shard that holds the point
    server.upsert(name, [{"id": 17, "vector": [0, 1], "payload": {"x": 1}}])
    assert server.post(f"/collections/{name}/points/count", {}).result["count"] == 200
    assert server.get(f"/collections/{name}/points/17").result["payload"] == {"x": 1}
