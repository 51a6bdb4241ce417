"""Query (fan-out and merge checked against brute force), query batch,
groups, search matrix, legacy search, unsupported variants, scroll, count,
facet."""

import random

import numpy as np
import pytest

DIM = 8


def build(server, name, distance, shards, n=120, seed=7):
    server.create(name, {"vectors": {"size": DIM, "distance": distance}, "shard_number": shards})
    rng = random.Random(seed)
    vecs = {}
    points = []
    for i in range(n):
        v = [rng.uniform(-1, 1) for _ in range(DIM)]
        vecs[i] = np.array(v, dtype=np.float32)
        points.append({"id": i, "vector": v,
                       "payload": {"color": ["red", "green", "blue"][i % 3], "n": i,
                                   "tags": [f"t{i % 4}", f"t{i % 5}"]}})
    for k in range(0, n, 50):
        server.upsert(name, points[k:k + 50])
    return vecs


def brute(vecs, q, distance, ids=None):
    q = np.array(q, dtype=np.float32)
    out = []
    for i, v in vecs.items():
        if ids is not None and i not in ids:
            continue
        if distance == "Dot":
            s = float(v @ q)
        elif distance == "Cosine":
            s = float((v / np.linalg.norm(v)) @ (q / np.linalg.norm(q)))
        else:
            s = float(np.linalg.norm(v - q))
        out.append((s, i))
    out.sort(key=lambda t: (t[0], t[1]) if distance == "Euclid" else (-t[0], t[1]))
    return out


@pytest.mark.parametrize("distance", ["Dot", "Cosine", "Euclid"])
@pytest.mark.parametrize("shards", [1, 4])
def test_query_matches_brute_force(server, name, distance, shards):
    vecs = build(server, name, distance, shards)
    q = [0.3, -0.2, 0.9, 0.1, -0.5, 0.4, 0.0, 0.2]
    res = server.post(f"/collections/{name}/points/query",
                      {"query": q, "limit": 7, "offset": 3, "with_payload": True}).result
    want = brute(vecs, q, distance)[3:10]
    assert [p["id"] for p in res["points"]] == [i for _, i in want]
    for p, (s, _) in zip(res["points"], want):
        assert p["score"] == pytest.approx(s, rel=1e-4, abs=1e-4)
        assert p["payload"]["n"] == p["id"]


def test_query_with_filter_threshold_and_no_query(server, name):
    vecs = build(server, name, "Dot", 3)
    q = [1, 0, 0, 0, 0, 0, 0, 0]
    flt = {"must": [{"key": "color", "match": {"value": "red"}}]}
    res = server.post(f"/collections/{name}/points/query",
                      {"query": q, "filter": flt, "limit": 100, "score_threshold": 0.5}).result
    reds = {i for i in vecs if i % 3 == 0}
    want = [i for s, i in brute(vecs, q, "Dot", reds) if s > 0.5]
    assert [p["id"] for p in res["points"]] == want
    # no query: points in id order across shards
    res = server.post(f"/collections/{name}/points/query", {"limit": 5, "offset": 2}).result
    assert [p["id"] for p in res["points"]] == [2, 3, 4, 5, 6]


def test_query_batch(server, name):
    vecs = build(server, name, "Cosine", 2)
    qs = [[1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1]]
    res = server.post(f"/collections/{name}/points/query/batch",
                      {"searches": [{"query": q, "limit": 3} for q in qs]}).result
    assert len(res) == 2
    for q, r in zip(qs, res):
        assert [p["id"] for p in r["points"]] == [i for _, i in brute(vecs, q, "Cosine")[:3]]


def test_query_unsupported_variants_answer_400_naming_them(server, name):
    build(server, name, "Dot", 2, n=10)
    for query, word in (({"recommend": {"positive": [1]}}, "recommend"),
                        ({"fusion": "rrf"}, "fusion"),
                        ({"order_by": "n"}, "order_by")):
        body = {"query": query}
        if word == "fusion":
            body["prefetch"] = [{"query": [1] * DIM}]
        r = server.post(f"/collections/{name}/points/query", body)
        assert r.status == 400
        assert word in r.error or "prefetch" in r.error
    r = server.post(f"/collections/{name}/points/recommend", {"positive": [1], "limit": 3},
                    validate=False)
    assert r.status == 400 and "recommend" in r.error
    r = server.post(f"/collections/{name}/points/discover",
                    {"target": 1, "context": [{"positive": 2, "negative": 3}], "limit": 3},
                    validate=False)
    assert r.status == 400 and "discover" in r.error


def test_legacy_search_and_batch(server, name):
    vecs = build(server, name, "Euclid", 3)
    q = [0.1] * DIM
    body = {"vector": q, "limit": 4, "with_payload": True}
    res = server.post(f"/collections/{name}/points/search", body, validate=False).result
    assert [p["id"] for p in res] == [i for _, i in brute(vecs, q, "Euclid")[:4]]
    res = server.post(f"/collections/{name}/points/search/batch",
                      {"searches": [body, {**body, "limit": 2}]}, validate=False).result
    assert [len(r) for r in res] == [4, 2]


def test_query_groups(server, name):
    vecs = build(server, name, "Dot", 3)
    q = [0.5, 0.5, 0, 0, 0, 0, 0, -0.5]
    res = server.post(f"/collections/{name}/points/query/groups",
                      {"query": q, "group_by": "color", "limit": 2, "group_size": 3}).result
    ranked = brute(vecs, q, "Dot")
    colors = ["red", "green", "blue"]
    want_groups = []
    for _, i in ranked:
        c = colors[i % 3]
        if c not in want_groups:
            want_groups.append(c)
    assert [g["id"] for g in res["groups"]] == want_groups[:2]
    for g in res["groups"]:
        want = [i for _, i in ranked if colors[i % 3] == g["id"]][:3]
        assert [h["id"] for h in g["hits"]] == want
        assert all("payload" not in h for h in g["hits"])
    # array values put a point in several groups; payload selectors apply
    res = server.post(f"/collections/{name}/points/query/groups",
                      {"query": q, "group_by": "tags", "limit": 9, "group_size": 2,
                       "with_payload": {"include": ["n"]}}).result
    assert {g["id"] for g in res["groups"]} == {f"t{k}" for k in range(5)}
    for g in res["groups"]:
        for h in g["hits"]:
            assert h["payload"] == {"n": h["id"]}


def test_query_groups_with_lookup(server, name):
    build(server, name, "Dot", 2, n=30)
    other = name + "_lookup"
    server.create(other, {"vectors": {"size": 2, "distance": "Dot"}})
    server.put(f"/collections/{other}/points?wait=true",
               {"points": [{"id": 1, "vector": [1, 0], "payload": {"title": "one"}}]})
    server.upsert(name, [{"id": 500, "vector": [9] * DIM, "payload": {"doc": 1}}])
    res = server.post(f"/collections/{name}/points/query/groups",
                      {"query": [1] * DIM, "group_by": "doc", "limit": 1,
                       "with_lookup": other}).result
    assert res["groups"][0]["id"] == 1
    assert res["groups"][0]["lookup"]["payload"] == {"title": "one"}


@pytest.mark.parametrize("shards", [1, 3])
def test_search_matrix(server, name, shards):
    vecs = build(server, name, "Dot", shards, n=40)
    flt = {"must": [{"key": "color", "match": {"value": "green"}}]}
    body = {"filter": flt, "sample": 5, "limit": 2}
    pairs = server.post(f"/collections/{name}/points/search/matrix/pairs", body).result["pairs"]
    offs = server.post(f"/collections/{name}/points/search/matrix/offsets", body).result
    sample = offs["ids"]
    assert len(sample) == 5 and all(i % 3 == 1 for i in sample)
    assert len(pairs) == 10 and len(offs["scores"]) == 10
    for p in pairs:
        assert p["a"] != p["b"] and p["b"] in sample
        assert p["score"] == pytest.approx(float(vecs[p["a"]] @ vecs[p["b"]]), abs=1e-4)
    for a in sample:
        want = [i for _, i in brute(vecs, vecs[a], "Dot", set(sample) - {a})[:2]]
        assert [p["b"] for p in pairs if p["a"] == a] == want
    for r, c, s in zip(offs["offsets_row"], offs["offsets_col"], offs["scores"]):
        assert s == pytest.approx(float(vecs[sample[r]] @ vecs[sample[c]]), abs=1e-4)


@pytest.mark.parametrize("shards", [1, 4])
def test_scroll_pages_through_everything_in_id_order(server, name, shards):
    build(server, name, "Dot", shards, n=53)
    seen, offset = [], None
    while True:
        body = {"limit": 10, "with_payload": False}
        if offset is not None:
            body["offset"] = offset
        res = server.post(f"/collections/{name}/points/scroll", body).result
        seen += [p["id"] for p in res["points"]]
        offset = res["next_page_offset"]
        if offset is None:
            break
        assert offset == seen[-1] + 1
    assert seen == list(range(53))


def test_scroll_filter_and_order_by(server, name):
    build(server, name, "Dot", 3, n=30)
    server.put(f"/collections/{name}/index", {"field_name": "n", "field_schema": "integer"})
    flt = {"must": [{"key": "color", "match": {"value": "blue"}}]}
    res = server.post(f"/collections/{name}/points/scroll", {"filter": flt, "limit": 100}).result
    assert [p["id"] for p in res["points"]] == list(range(2, 30, 3))
    assert res["points"][0]["payload"]["color"] == "blue"  # payload by default
    res = server.post(f"/collections/{name}/points/scroll",
                      {"order_by": {"key": "n", "direction": "desc"}, "limit": 4}).result
    assert [p["id"] for p in res["points"]] == [29, 28, 27, 26]


def test_count_and_facet_across_shards(server, name):
    build(server, name, "Dot", 4, n=100)
    flt = {"must": [{"key": "n", "range": {"lt": 50}}]}
    assert server.post(f"/collections/{name}/points/count", {"filter": flt}).result == {
        "count": 50}
    server.put(f"/collections/{name}/index", {"field_name": "color", "field_schema": "keyword"})
    hits = server.post(f"/collections/{name}/facet", {"key": "color"}).result["hits"]
    assert hits == [{"value": "red", "count": 34}, {"value": "blue", "count": 33},
                    {"value": "green", "count": 33}]
    hits = server.post(f"/collections/{name}/facet",
                       {"key": "color", "limit": 1, "filter": flt}).result["hits"]
    assert hits == [{"value": "green", "count": 17}]  # ties: smaller value first


@pytest.mark.parametrize("shards", [pytest.param(1, marks=pytest.mark.xfail(
    strict=True, reason="server bug seen from h-client: with one shard the query by id leaves "
    "the point itself out ([25, 21, ...]); with 4 shards it is first, as the test expects")), 4])
def test_query_by_point_id_uses_that_points_vector(server, name, shards):
    vecs = build(server, name, "Cosine", shards, n=40)
    want = [i for _, i in brute(vecs, vecs[11], "Cosine")[:5]]
    for query in (11, {"nearest": 11}):
        res = server.post(f"/collections/{name}/points/query",
                          {"query": query, "limit": 5}).result["points"]
        assert [p["id"] for p in res] == want
    r = server.post(f"/collections/{name}/points/query", {"query": 4040})
    assert r.status == 404 and "4040" in r.error


def test_sparse_query_across_shards(server, name):
    server.create(name, {"sparse_vectors": {"kw": {}}, "shard_number": 3})
    rng = random.Random(3)
    docs = {}
    for i in range(60):
        idx = sorted(rng.sample(range(30), 4))
        val = [round(rng.uniform(0.1, 2), 3) for _ in idx]
        docs[i] = dict(zip(idx, val))
    server.upsert(name, [{"id": i, "vector": {"kw": {"indices": list(d), "values": list(d.values())}}}
                         for i, d in docs.items()])
    q = {3: 1.0, 7: 0.5, 11: 2.0}
    want = sorted(((sum(v * q.get(k, 0) for k, v in d.items()), i) for i, d in docs.items()),
                  key=lambda t: (-t[0], t[1]))
    want = [(s, i) for s, i in want if s > 0][:6]
    res = server.post(f"/collections/{name}/points/query",
                      {"query": {"indices": list(q), "values": list(q.values())}, "using": "kw",
                       "limit": 6}).result["points"]
    assert [p["id"] for p in res] == [i for _, i in want]
    for p, (s, _) in zip(res, want):
        assert p["score"] == pytest.approx(s, rel=1e-4)


def test_legacy_search_groups(server, name):
    vecs = build(server, name, "Dot", 2, n=30)
    q = [1, 0, 0, 0, 0, 0, 0, 0]
    res = server.post(f"/collections/{name}/points/search/groups",
                      {"vector": q, "group_by": "color", "limit": 3, "group_size": 1},
                      validate=False).result
    ranked = brute(vecs, q, "Dot")
    colors = ["red", "green", "blue"]
    firsts = {}
    for _, i in ranked:
        firsts.setdefault(colors[i % 3], i)
    assert sorted((g["id"], [h["id"] for h in g["hits"]]) for g in res["groups"]) == sorted(
        (c, [i]) for c, i in firsts.items())


@pytest.mark.parametrize("shards", [1, 3])
def test_huge_limits_are_answered_not_allocated(server, name, shards):
    build(server, name, "Dot", shards, n=20)
    big = 2**64 - 1
    r = server.post(f"/collections/{name}/points/query",
                    {"query": [1] * DIM, "limit": big, "offset": big - 5})
    assert r.result["points"] == []
    r = server.post(f"/collections/{name}/points/query", {"query": [1] * DIM, "limit": big})
    assert len(r.result["points"]) == 20
    assert len(server.post(f"/collections/{name}/points/scroll",
                           {"limit": big}).result["points"]) == 20
    pairs = server.post(f"/collections/{name}/points/search/matrix/pairs",
                        {"sample": 4, "limit": big}).result["pairs"]
    assert len(pairs) == 4 * 3
    groups = server.post(f"/collections/{name}/points/query/groups",
                         {"query": [1] * DIM, "group_by": "color", "limit": big,
                          "group_size": big}).result["groups"]
    assert sorted(len(g["hits"]) for g in groups) == [6, 7, 7]
