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


# ---------------------------------------------------------------- upload and URL recovery

import hashlib
import http.server
import threading

import pytest


def _multipart(data: bytes, field="snapshot", boundary="qedgeBoundary7x"):
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"s.snapshot\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def _snapshot_bytes(server, name):
    """A collection of 3 shards with 12 points, its snapshot's bytes, and
    then every point changed, so a recovery is visible."""
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}, "shard_number": 3})
    server.upsert(name, [{"id": i, "vector": [1, i], "payload": {"v": "old"}} for i in range(12)])
    snap = server.post(f"/collections/{name}/snapshots").result["name"]
    data = server.get(f"/collections/{name}/snapshots/{snap}").raw
    server.delete(f"/collections/{name}/snapshots/{snap}")
    server.upsert(name, [{"id": i, "vector": [0, 1], "payload": {"v": "new"}} for i in range(20)])
    return data


def _is_old(server, name):
    return (server.post(f"/collections/{name}/points/count", {}).result["count"] == 12
            and server.get(f"/collections/{name}/points/3").result["payload"] == {"v": "old"}
            and server.get(f"/collections/{name}/points/3").result["vector"] == [1.0, 3.0])


def test_upload_snapshot(server, name):
    data = _snapshot_bytes(server, name)
    body, hdrs = _multipart(data)
    r = server.request("POST", f"/collections/{name}/snapshots/upload?wait=true", raw_body=body,
                       headers=hdrs)
    assert r.result is True
    assert _is_old(server, name)
    # into a new collection, with the right checksum
    copy = name + "_up"
    good = hashlib.sha256(data).hexdigest()
    r = server.request("POST", f"/collections/{copy}/snapshots/upload?checksum={good}",
                       raw_body=body, headers=hdrs)
    assert r.result is True
    assert _is_old(server, copy)
    assert server.get(f"/collections/{copy}").result["config"]["params"]["shard_number"] == 3
    # no temporary file is left behind
    assert not [p for p in (server.storage / "snapshots").iterdir() if p.name.startswith(".")]


def test_upload_snapshot_rejects_bad_input(server, name):
    data = _snapshot_bytes(server, name)
    path = f"/collections/{name}/snapshots/upload"
    body, hdrs = _multipart(data)
    bad = "0" * 64
    r = server.request("POST", f"{path}?checksum={bad}", raw_body=body, headers=hdrs)
    assert r.status == 400 and "checksum mismatch" in r.error
    r = server.request("POST", path, raw_body=data, headers={"Content-Type": "application/octet-stream"})
    assert r.status == 400 and "multipart/form-data" in r.error
    wrong_field, hdrs2 = _multipart(data, field="file")
    r = server.request("POST", path, raw_body=wrong_field, headers=hdrs2)
    assert r.status == 400 and '"snapshot"' in r.error
    junk, hdrs3 = _multipart(b"not a tar" * 100)
    r = server.request("POST", path, raw_body=junk, headers=hdrs3)
    assert r.status == 400
    # none of them touched the collection (it still has the changed points)
    assert server.post(f"/collections/{name}/points/count", {}).result["count"] == 20
    assert server.get(f"/collections/{name}/points/3").result["payload"] == {"v": "new"}


@pytest.fixture
def http_files(tmp_path):
    """A loopback HTTP server for the files put in tmp_path/www."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_recover_from_http_url(server, name, http_files):
    root, base = http_files
    data = _snapshot_bytes(server, name)
    (root / "s.snapshot").write_bytes(data)
    url = f"{base}/s.snapshot"
    # a wrong checksum and a missing file change nothing
    r = server.put(f"/collections/{name}/snapshots/recover", {"location": url, "checksum": "ab" * 32})
    assert r.status == 400 and "checksum mismatch" in r.error
    r = server.put(f"/collections/{name}/snapshots/recover", {"location": f"{base}/nope.snapshot"})
    assert r.status == 400 and "404" in r.error
    assert server.post(f"/collections/{name}/points/count", {}).result["count"] == 20
    # the real one, with its checksum
    r = server.put(f"/collections/{name}/snapshots/recover",
                   {"location": url, "checksum": hashlib.sha256(data).hexdigest()})
    assert r.result is True
    assert _is_old(server, name)
    copy = name + "_url"
    assert server.put(f"/collections/{copy}/snapshots/recover", {"location": url}).result is True
    assert _is_old(server, copy)
    assert not [p for p in (server.storage / "snapshots").iterdir() if p.name.startswith(".")]
    server.restart()
    assert _is_old(server, copy)
