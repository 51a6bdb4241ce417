"""Collection snapshots: create (a tar of the flushed collection), list,
download, delete."""

import io
import json
import tarfile


def test_snapshot_lifecycle(server, name):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}, "shard_number": 2})
    server.upsert(name, [{"id": i, "vector": [1, i]} for i in range(10)])
    assert server.get(f"/collections/{name}/snapshots").result == []
    snap = server.post(f"/collections/{name}/snapshots").result
    assert snap["name"].startswith(name) and snap["name"].endswith(".snapshot")
    assert snap["size"] > 0
    listed = server.get(f"/collections/{name}/snapshots").result
    assert [s["name"] for s in listed] == [snap["name"]]
    r = server.get(f"/collections/{name}/snapshots/{snap['name']}")
    assert r.status == 200 and len(r.raw) == snap["size"]
    with tarfile.open(fileobj=io.BytesIO(r.raw)) as tar:
        names = tar.getnames()
        meta = json.load(tar.extractfile("collection.json"))
    assert meta["shard_number"] == 2
    assert any(n.startswith("shards/0/") for n in names)
    assert any(n.startswith("shards/1/") for n in names)
    assert server.delete(f"/collections/{name}/snapshots/{snap['name']}").result is True
    assert server.get(f"/collections/{name}/snapshots").result == []
    assert server.get(f"/collections/{name}/snapshots/{snap['name']}").status == 404
    assert server.delete(f"/collections/{name}/snapshots/{snap['name']}").status == 404


def test_recover_from_snapshot(server, name):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}, "shard_number": 3})
    server.upsert(name, [{"id": i, "vector": [1, i], "payload": {"v": "old"}} for i in range(12)])
    alias = name + "_a"
    server.post("/collections/aliases",
                {"actions": [{"create_alias": {"collection_name": name, "alias_name": alias}}]})
    snap = server.post(f"/collections/{name}/snapshots").result["name"]
    # change everything after the snapshot
    server.upsert(name, [{"id": i, "vector": [0, 1], "payload": {"v": "new"}} for i in range(20)])
    server.post(f"/collections/{name}/points/delete", {"points": [0, 1]})
    location = f"file://{server.storage}/snapshots/{name}/{snap}"
    assert server.put(f"/collections/{name}/snapshots/recover", {"location": location}).result
    assert server.post(f"/collections/{name}/points/count", {}).result["count"] == 12
    assert server.get(f"/collections/{name}/points/0").result["payload"] == {"v": "old"}
    assert server.get(f"/collections/{alias}/points/5").result["vector"] == [1.0, 5.0]
    assert server.get(f"/collections/{name}").result["config"]["params"]["shard_number"] == 3
    # into a new collection, which then lives on its own
    copy = name + "_copy"
    assert server.put(f"/collections/{copy}/snapshots/recover", {"location": location}).result
    server.upsert(copy, [{"id": 100, "vector": [1, 1]}])
    assert server.post(f"/collections/{copy}/points/count", {}).result["count"] == 13
    assert server.post(f"/collections/{name}/points/count", {}).result["count"] == 12
    server.restart()
    assert server.post(f"/collections/{copy}/points/count", {}).result["count"] == 13


def test_recover_rejects_foreign_locations(server, name, tmp_path):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}})
    for loc in ("http://127.0.0.1:1/x.snapshot", f"file://{tmp_path}/x.snapshot",
                f"file://{server.storage}/collections/{name}/collection.json"):
        r = server.put(f"/collections/{name}/snapshots/recover", {"location": loc})
        assert r.status == 400, loc
    # a file that is not a tar, inside the snapshots directory
    d = server.storage / "snapshots" / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "junk.snapshot").write_bytes(b"not a tar at all" * 100)
    r = server.put(f"/collections/{name}/snapshots/recover",
                   {"location": f"file://{d}/junk.snapshot"})
    assert r.status == 400
    assert server.get(f"/collections/{name}").status == 200
