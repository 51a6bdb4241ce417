"""Found by the schemathesis run: behaviour of qedge-server under loads a
generated request can create, each pinned with a minimal repro."""

import concurrent.futures
import urllib.request


def _get(url, key):
    req = urllib.request.Request(url, headers={"api-key": key} if key else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except OSError as e:
        return type(e).__name__


# Found by schemathesis: more than 1024 descriptors open (here one collection
# of 520 shards) once reset connections, as libmicrohttpd watched them with
# select(); the daemon now uses poll().
def test_many_shards_keep_serving(server, client, fresh):
    from qdrant_client import models

    client.create_collection(
        fresh, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT), shard_number=520
    )
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: _get(server.url + "/collections", server.api_key), range(32)))
    finally:
        client.delete_collection(fresh)
    assert answers == [200] * 32
