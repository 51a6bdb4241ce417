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
