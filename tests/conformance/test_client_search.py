"""qdrant-client (PyPI) against qedge-server: query_points and its variants,
the legacy search endpoints, scroll (order_by), count, facet and the distance
matrix, each answer checked against numpy brute force over the same data."""

import numpy as np
import pytest
from qdrant_client import models
from qdrant_client.http.exceptions import UnexpectedResponse

from _oracle import dataset, facet, groups, nearest, sparse_dot
from _support import not_served

N = 40
IDS, VECTORS, PAYLOADS = dataset(n=N)
QUERY = np.array([0.3, -1.2, 0.5, 0.9], dtype=np.float32)
DISTANCES = {
    "Cosine": models.Distance.COSINE,
    "Dot": models.Distance.DOT,
    "Euclid": models.Distance.EUCLID,
    "Manhattan": models.Distance.MANHATTAN,
}


def _pairs(points):
    return [(p.id, p.score) for p in points]


def assert_ranked(got, want):
    """Same ids in the same order, scores equal to f32 precision."""
    assert [g[0] for g in got] == [w[0] for w in want]
    np.testing.assert_allclose([g[1] for g in got], [w[1] for w in want], rtol=1e-4, atol=1e-4)


def _fill(client, name, distance, indexes=True):
    client.create_collection(name, vectors_config=models.VectorParams(size=4, distance=DISTANCES[distance]))
    client.upsert(name, points=models.Batch(ids=IDS, vectors=VECTORS.tolist(), payloads=PAYLOADS))
    if indexes:
        client.create_payload_index(name, "city", field_schema=models.PayloadSchemaType.KEYWORD)
        client.create_payload_index(name, "n", field_schema=models.PayloadSchemaType.INTEGER)
    return name


@pytest.fixture
def cosine(client, fresh):
    return _fill(client, fresh, "Cosine")


@pytest.mark.parametrize("distance", sorted(DISTANCES))
def test_query_nearest_matches_brute_force(client, fresh, distance):
    _fill(client, fresh, distance, indexes=False)
    got = client.query_points(fresh, query=QUERY.tolist(), limit=7).points
    assert_ranked(_pairs(got), nearest(distance, IDS, VECTORS, QUERY, limit=7))
    assert [p.payload for p in got] == [PAYLOADS[IDS.index(p.id)] for p in got]  # client default: payload on
    assert all(p.vector is None for p in got)
    # score_threshold is strict in the distance's direction: the 4th score as threshold keeps 3.
    cut = client.query_points(fresh, query=QUERY.tolist(), limit=7, score_threshold=got[3].score).points
    assert [p.id for p in cut] == [p.id for p in got[:3]]


def test_query_filter_threshold_offset(client, cosine):
    mask = [p["city"] in ("Berlin", "Paris") and p["n"] >= 4 for p in PAYLOADS]
    flt = models.Filter(
        must=[
            models.FieldCondition(key="city", match=models.MatchAny(any=["Berlin", "Paris"])),
            models.FieldCondition(key="n", range=models.Range(gte=4)),
        ]
    )
    want = nearest("Cosine", IDS, VECTORS, QUERY, limit=N, mask=mask)
    got = client.query_points(cosine, query=QUERY.tolist(), query_filter=flt, limit=N).points
    assert_ranked(_pairs(got), want)
    # The threshold is strict: a threshold equal to the 4th score keeps 3 points.
    threshold = got[3].score
    got = client.query_points(cosine, query=QUERY.tolist(), query_filter=flt, score_threshold=threshold, limit=N).points
    assert [p.id for p in got] == [w[0] for w in want[:3]]
    got = client.query_points(cosine, query=QUERY.tolist(), query_filter=flt, offset=2, limit=3).points
    assert_ranked(_pairs(got), want[2:5])


def test_query_with_payload_and_vectors(client, cosine):
    got = client.query_points(cosine, query=QUERY.tolist(), limit=3, with_payload=["city", "n"], with_vectors=True).points
    want = nearest("Cosine", IDS, VECTORS, QUERY, limit=3)
    assert [p.id for p in got] == [w[0] for w in want]
    for p in got:
        i = IDS.index(p.id)
        assert p.payload == {"city": PAYLOADS[i]["city"], "n": PAYLOADS[i]["n"]}
        v = VECTORS[i] / np.linalg.norm(VECTORS[i])
        np.testing.assert_allclose(p.vector, v, rtol=1e-5, atol=1e-6)


def test_query_without_query_is_id_order(client, cosine):
    got = client.query_points(cosine, limit=5, offset=3).points
    assert [p.id for p in got] == IDS[3:8]
    assert all(p.score == 1.0 for p in got)


def test_query_by_point_id_excludes_it(client, cosine):
    got = client.query_points(cosine, query=IDS[0], limit=4).points
    want = [w for w in nearest("Cosine", IDS, VECTORS, VECTORS[0], limit=5) if w[0] != IDS[0]][:4]
    assert_ranked(_pairs(got), want)


def test_query_named_vectors_with_using(client, fresh):
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(N, 3)).astype(np.float32), rng.normal(size=(N, 2)).astype(np.float32)
    client.create_collection(
        fresh,
        vectors_config={
            "a": models.VectorParams(size=3, distance=models.Distance.DOT),
            "b": models.VectorParams(size=2, distance=models.Distance.EUCLID),
        },
    )
    client.upsert(fresh, points=models.Batch(ids=IDS, vectors={"a": a.tolist(), "b": b.tolist()}))
    qa, qb = [0.5, -0.2, 1.0], [0.1, 0.4]
    got = client.query_points(fresh, query=qa, using="a", limit=5).points
    assert_ranked(_pairs(got), nearest("Dot", IDS, a, qa, limit=5))
    got = client.query_points(fresh, query=qb, using="b", limit=5, with_vectors=["b"]).points
    assert_ranked(_pairs(got), nearest("Euclid", IDS, b, qb, limit=5))
    assert set(got[0].vector) == {"b"}
    with pytest.raises(UnexpectedResponse) as e:
        client.query_points(fresh, query=qa, using="nope", limit=5)
    assert e.value.status_code in (400, 404)


def test_query_sparse(client, fresh):
    rng = np.random.default_rng(5)
    sparse = {}
    for pid in IDS:
        idx = sorted(int(i) for i in rng.choice(30, size=4, replace=False))
        sparse[pid] = (idx, [round(float(x), 3) for x in rng.uniform(0.1, 1.0, size=4)])
    client.create_collection(fresh, vectors_config={}, sparse_vectors_config={"s": models.SparseVectorParams()})
    client.upsert(
        fresh,
        points=[
            models.PointStruct(id=pid, vector={"s": models.SparseVector(indices=i, values=v)})
            for pid, (i, v) in sparse.items()
        ],
    )
    q = ([1, 4, 7, 12, 20], [0.9, 0.3, 1.5, 0.2, 0.7])
    got = client.query_points(fresh, query=models.SparseVector(indices=q[0], values=q[1]), using="s", limit=6).points
    assert_ranked(_pairs(got), sparse_dot(sparse, q)[:6])


def test_query_batch_points(client, cosine):
    q2 = [1.0, 0.0, -1.0, 0.5]
    flt = models.Filter(must_not=[models.FieldCondition(key="city", match=models.MatchValue(value="London"))])
    out = client.query_batch_points(
        cosine,
        requests=[
            models.QueryRequest(query=QUERY.tolist(), limit=3),
            models.QueryRequest(query=q2, filter=flt, limit=4, with_payload=True),
        ],
    )
    assert len(out) == 2
    assert_ranked(_pairs(out[0].points), nearest("Cosine", IDS, VECTORS, QUERY, limit=3))
    mask = [p["city"] != "London" for p in PAYLOADS]
    assert_ranked(_pairs(out[1].points), nearest("Cosine", IDS, VECTORS, q2, limit=4, mask=mask))
    assert all(p.payload["city"] != "London" for p in out[1].points)


def test_query_points_groups(client, cosine):
    res = client.query_points_groups(cosine, query=QUERY.tolist(), group_by="city", limit=3, group_size=2)
    want = groups("Cosine", IDS, VECTORS, PAYLOADS, QUERY, "city", limit=3, group_size=2)
    assert [g.id for g in res.groups] == [w[0] for w in want]
    for g, (_, hits) in zip(res.groups, want):
        assert_ranked(_pairs(g.hits), hits)


@not_served("POST /points/query with prefetch (fusion)")
def test_query_prefetch_rrf(client, cosine):
    q2 = [1.0, 0.0, -1.0, 0.5]
    got = client.query_points(
        cosine,
        prefetch=[models.Prefetch(query=QUERY.tolist(), limit=5), models.Prefetch(query=q2, limit=5)],
        query=models.FusionQuery(fusion=models.Fusion.RRF),
        limit=4,
    ).points
    fused = {}
    for q in (QUERY, q2):
        for rank, (pid, _) in enumerate(nearest("Cosine", IDS, VECTORS, q, limit=5)):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (rank + 2)  # default k = 2
    want = sorted(fused.items(), key=lambda kv: -kv[1])
    np.testing.assert_allclose([p.score for p in got], [w[1] for w in want[:4]], rtol=1e-6)
    assert {p.id for p in got} <= set(fused)


def _raw(client, method, path, body):
    """The client's own HTTP layer, for endpoints its methods no longer wrap."""
    return client.http.client.request(type_=dict, method=method, url=path, json=body)["result"]


def test_legacy_search_endpoints(client, cosine):
    flt = {"must": [{"key": "city", "match": {"value": "Berlin"}}]}
    mask = [p["city"] == "Berlin" for p in PAYLOADS]
    got = _raw(client, "POST", f"/collections/{cosine}/points/search", {"vector": QUERY.tolist(), "limit": 5, "filter": flt})
    assert_ranked([(p["id"], p["score"]) for p in got], nearest("Cosine", IDS, VECTORS, QUERY, limit=5, mask=mask))
    batch = _raw(
        client,
        "POST",
        f"/collections/{cosine}/points/search/batch",
        {"searches": [{"vector": QUERY.tolist(), "limit": 2}, {"vector": VECTORS[5].tolist(), "limit": 3, "offset": 1}]},
    )
    assert_ranked([(p["id"], p["score"]) for p in batch[0]], nearest("Cosine", IDS, VECTORS, QUERY, limit=2))
    assert_ranked(
        [(p["id"], p["score"]) for p in batch[1]], nearest("Cosine", IDS, VECTORS, VECTORS[5], limit=3, offset=1)
    )
    res = _raw(
        client,
        "POST",
        f"/collections/{cosine}/points/search/groups",
        {"vector": QUERY.tolist(), "group_by": "city", "limit": 2, "group_size": 3},
    )
    want = groups("Cosine", IDS, VECTORS, PAYLOADS, QUERY, "city", limit=2, group_size=3)
    assert [g["id"] for g in res["groups"]] == [w[0] for w in want]
    for g, (_, hits) in zip(res["groups"], want):
        assert_ranked([(h["id"], h["score"]) for h in g["hits"]], hits)


def test_scroll_pages_and_filter(client, cosine):
    seen, offset = [], None
    while True:
        records, offset = client.scroll(cosine, limit=7, offset=offset, with_payload=False)
        seen += [r.id for r in records]
        if offset is None:
            break
        assert offset == IDS[len(seen)]
    assert seen == IDS
    flt = models.Filter(should=[models.FieldCondition(key="tags", match=models.MatchValue(value="t1"))])
    records, _ = client.scroll(cosine, scroll_filter=flt, limit=N)
    assert [r.id for r in records] == [i for i, p in zip(IDS, PAYLOADS) if "t1" in p["tags"]]
    assert all(r.payload == PAYLOADS[IDS.index(r.id)] for r in records)


def test_scroll_order_by(client, cosine):
    records, next_offset = client.scroll(
        cosine, limit=N, order_by=models.OrderBy(key="n", direction=models.Direction.DESC), with_payload=True
    )
    assert next_offset is None
    values = [r.payload["n"] for r in records]
    assert values == sorted((p["n"] for p in PAYLOADS), reverse=True)
    assert [r.order_value for r in records] == values
    records, _ = client.scroll(cosine, limit=5, order_by=models.OrderBy(key="n", start_from=6))
    assert [r.order_value for r in records] == sorted(p["n"] for p in PAYLOADS if p["n"] >= 6)[:5]
    with pytest.raises(UnexpectedResponse) as e:
        client.scroll(cosine, limit=5, order_by="price")  # no range index on price
    assert e.value.status_code == 400


def test_count(client, cosine):
    assert client.count(cosine).count == N
    flt = models.Filter(
        must=[models.FieldCondition(key="price", range=models.Range(gt=20.0, lte=70.0))],
        must_not=[models.HasIdCondition(has_id=[1, 2, 3])],
    )
    want = sum(1 for i, p in zip(IDS, PAYLOADS) if 20.0 < p["price"] <= 70.0 and i not in (1, 2, 3))
    assert client.count(cosine, count_filter=flt, exact=True).count == want


def test_facet(client, cosine):
    res = client.facet(cosine, key="city", limit=3, exact=True)
    assert [(h.value, h.count) for h in res.hits] == facet([p["city"] for p in PAYLOADS], limit=3)
    flt = models.Filter(must=[models.FieldCondition(key="n", range=models.Range(lt=6))])
    res = client.facet(cosine, key="city", facet_filter=flt, exact=True)
    assert [(h.value, h.count) for h in res.hits] == facet([p["city"] for p in PAYLOADS if p["n"] < 6])
    with pytest.raises(UnexpectedResponse) as e:
        client.facet(cosine, key="price")  # no keyword index on price
    assert e.value.status_code == 400


def _neighbours(limit):
    """For every point, its `limit` nearest other points (Cosine)."""
    out = {}
    for i, pid in enumerate(IDS):
        ranked = [w for w in nearest("Cosine", IDS, VECTORS, VECTORS[i], limit=limit + 1) if w[0] != pid]
        out[pid] = ranked[:limit]
    return out


def test_search_matrix_pairs(client, cosine):
    res = client.search_matrix_pairs(cosine, sample=N, limit=2)
    want = _neighbours(2)
    got = {}
    for pair in res.pairs:
        got.setdefault(pair.a, []).append((pair.b, pair.score))
    assert set(got) == set(IDS)
    for pid, rows in got.items():
        assert_ranked(sorted(rows, key=lambda r: -r[1]), want[pid])


def test_search_matrix_offsets(client, cosine):
    flt = models.Filter(must=[models.FieldCondition(key="city", match=models.MatchValue(value="Berlin"))])
    res = client.search_matrix_offsets(cosine, sample=N, limit=1, query_filter=flt)
    berlin = [i for i, p in zip(IDS, PAYLOADS) if p["city"] == "Berlin"]
    assert sorted(res.ids) == berlin
    assert len(res.offsets_row) == len(res.offsets_col) == len(res.scores) == len(berlin)
    mask = [p["city"] == "Berlin" for p in PAYLOADS]
    for r, c, s in zip(res.offsets_row, res.offsets_col, res.scores):
        a, b = res.ids[r], res.ids[c]
        best = [w for w in nearest("Cosine", IDS, VECTORS, VECTORS[IDS.index(a)], limit=2, mask=mask) if w[0] != a][0]
        assert (b, pytest.approx(s, abs=1e-4)) == best
