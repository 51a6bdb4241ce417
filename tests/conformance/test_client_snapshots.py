"""Collection snapshots through qdrant-client: create, list, download,
recover from an http URL (with its checksum) and from an upload."""

import hashlib
import http.server
import io
import threading
import urllib.request

import pytest
from qdrant_client import models
from qdrant_client.http.exceptions import UnexpectedResponse

POINTS = [models.PointStruct(id=i, vector=[1.0, float(i)], payload={"v": "old"}) for i in range(10)]


@pytest.fixture
def served_dir(tmp_path):
    """Files in tmp_path served over loopback http."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(tmp_path), **kw)

        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _download(server, collection, name):
    req = urllib.request.Request(f"{server.url}/collections/{collection}/snapshots/{name}",
                                 headers={"api-key": server.api_key} if server.api_key else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()


def _state(client, collection):
    recs = client.retrieve(collection, ids=list(range(12)), with_vectors=True)
    return sorted((r.id, tuple(r.vector), r.payload["v"]) for r in recs)


def test_snapshot_recover_from_url_and_upload(server, client, fresh, served_dir):
    if server.url == ":memory:":
        pytest.skip("local mode has no snapshots")
    root, base = served_dir
    client.create_collection(fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    client.upsert(fresh, points=POINTS)
    want = _state(client, fresh)
    snap = client.create_snapshot(fresh)
    assert snap.name in [s.name for s in client.list_snapshots(fresh)]
    data = _download(server, fresh, snap.name)
    assert len(data) == snap.size
    (root / "s.snapshot").write_bytes(data)
    # change the collection, then bring the snapshot back from a URL
    client.upsert(fresh, points=[models.PointStruct(id=i, vector=[0.0, 1.0], payload={"v": "new"})
                                 for i in range(12)])
    assert _state(client, fresh) != want
    with pytest.raises(UnexpectedResponse) as e:
        client.recover_snapshot(fresh, location=f"{base}/s.snapshot", checksum="0" * 64)
    assert e.value.status_code == 400
    assert client.recover_snapshot(fresh, location=f"{base}/s.snapshot",
                                   checksum=hashlib.sha256(data).hexdigest())
    assert _state(client, fresh) == want
    # and from an upload
    client.delete(fresh, points_selector=models.PointIdsList(points=[1, 2, 3]))
    assert client.count(fresh).count == 7
    client.http.snapshots_api.recover_from_uploaded_snapshot(
        fresh, wait=True, snapshot=("s.snapshot", io.BytesIO(data)))
    assert _state(client, fresh) == want
    assert client.delete_snapshot(fresh, snap.name)
