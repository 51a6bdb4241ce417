"""Point updates and retrieval over several shards: upsert (list and batch),
retrieve, delete by ids and filter, payload set/overwrite/delete/clear,
vector update/delete, /points/batch, wait and operation ids."""

import uuid

import pytest

U1 = str(uuid.UUID(int=1))


@pytest.fixture(params=[1, 3], ids=["1shard", "3shards"])
def coll(server, name, request):
    server.create(name, {"vectors": {"size": 3, "distance": "Dot"},
                         "shard_number": request.param})
    return name


def pts(n):
    return [{"id": i, "vector": [1.0, float(i), 0.0], "payload": {"i": i, "even": i % 2 == 0}}
            for i in range(n)]


def count(server, coll, flt=None):
    body = {"exact": True}
    if flt:
        body["filter"] = flt
    return server.post(f"/collections/{coll}/points/count", body).result["count"]


def test_upsert_list_and_retrieve(server, coll):
    res = server.upsert(coll, pts(20) + [{"id": U1, "vector": [0, 0, 1], "payload": {"u": 1}}])
    assert res["status"] == "completed" and isinstance(res["operation_id"], int)
    assert count(server, coll) == 21
    r = server.get(f"/collections/{coll}/points/7").result
    assert r == {"id": 7, "payload": {"i": 7, "even": False}, "vector": [1.0, 7.0, 0.0]}
    assert server.get(f"/collections/{coll}/points/{U1}").result["payload"] == {"u": 1}
    # many, in request order, missing ids skipped
    recs = server.post(f"/collections/{coll}/points",
                       {"ids": [15, 999, U1, 2], "with_payload": ["i"]}).result
    assert [x["id"] for x in recs] == [15, U1, 2]
    assert recs[0]["payload"] == {"i": 15} and recs[1]["payload"] == {}
    assert "vector" not in recs[0]


def test_retrieve_missing_point_is_404(server, coll):
    r = server.get(f"/collections/{coll}/points/12345")
    assert r.status == 404 and "12345" in r.error
    assert server.get(f"/collections/{coll}/points/not-an-id").status == 400


def test_upsert_batch_columns(server, coll):
    body = {"batch": {"ids": [1, 2, 3], "vectors": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
                      "payloads": [{"a": 1}, None, {"a": 3}]}}
    assert server.put(f"/collections/{coll}/points", body).result["status"] == "completed"
    recs = server.post(f"/collections/{coll}/points",
                       {"ids": [1, 2, 3], "with_vector": True}).result
    assert [x.get("payload") for x in recs] == [{"a": 1}, {}, {"a": 3}]
    assert recs[2]["vector"] == [0.0, 0.0, 1.0]
    bad = {"batch": {"ids": [1, 2], "vectors": [[1, 0, 0]]}}
    r = server.put(f"/collections/{coll}/points", bad)
    assert r.status == 400 and "vectors" in r.error


def test_bad_vector_names_the_point_and_changes_nothing(server, coll):
    server.upsert(coll, pts(5))
    bad = pts(5)
    bad[3]["vector"] = [1.0, 2.0]
    r = server.put(f"/collections/{coll}/points", {"points": bad})
    assert r.status == 400
    assert "points[3].vector" in r.error
    assert server.get(f"/collections/{coll}/points/3").result["vector"] == [1.0, 3.0, 0.0]


def test_validation_error_names_the_path(server, coll):
    r = server.put(f"/collections/{coll}/points",
                   {"points": [{"id": 1, "vector": [1, 2, 3]}, {"id": -5, "vector": [1, 2, 3]}]},
                   validate=False)
    assert r.status == 400
    assert "points[1].id" in r.error
    assert count(server, coll) == 0


def test_wait_false_is_acknowledged(server, coll):
    r = server.put(f"/collections/{coll}/points?wait=false", {"points": pts(3)})
    assert r.result["status"] == "acknowledged"
    assert count(server, coll) == 3


def test_delete_by_ids_and_filter(server, coll):
    server.upsert(coll, pts(20))
    r = server.post(f"/collections/{coll}/points/delete?wait=true", {"points": [0, 1, 2]})
    assert r.result["status"] == "completed"
    assert count(server, coll) == 17
    flt = {"must": [{"key": "even", "match": {"value": True}}]}
    server.post(f"/collections/{coll}/points/delete", {"filter": flt})
    assert count(server, coll) == 9  # odd ids 3..19
    assert count(server, coll, flt) == 0


def test_payload_set_overwrite_delete_clear(server, coll):
    server.upsert(coll, pts(10))
    server.post(f"/collections/{coll}/points/payload", {"payload": {"x": "y"}, "points": [1, 2]})
    assert server.get(f"/collections/{coll}/points/1").result["payload"] == {
        "i": 1, "even": False, "x": "y"}
    flt = {"must": [{"key": "i", "range": {"gte": 8}}]}
    server.post(f"/collections/{coll}/points/payload", {"payload": {"big": True}, "filter": flt})
    assert count(server, coll, {"must": [{"key": "big", "match": {"value": True}}]}) == 2
    server.put(f"/collections/{coll}/points/payload", {"payload": {"only": 1}, "points": [2]})
    assert server.get(f"/collections/{coll}/points/2").result["payload"] == {"only": 1}
    server.post(f"/collections/{coll}/points/payload/delete", {"keys": ["x"], "points": [1]})
    assert server.get(f"/collections/{coll}/points/1").result["payload"] == {"i": 1, "even": False}
    server.post(f"/collections/{coll}/points/payload/clear", {"points": [1, 9]})
    assert server.get(f"/collections/{coll}/points/9").result["payload"] == {}
    r = server.post(f"/collections/{coll}/points/payload", {"payload": {"a": 1}})
    assert r.status == 400


def test_set_payload_with_key(server, coll):
    server.upsert(coll, [{"id": 1, "vector": [1, 0, 0], "payload": {"m": {"a": 1}}}])
    server.post(f"/collections/{coll}/points/payload",
                {"payload": {"b": 2}, "points": [1], "key": "m"})
    assert server.get(f"/collections/{coll}/points/1").result["payload"] == {"m": {"a": 1, "b": 2}}


def test_update_and_delete_vectors(server, name):
    server.create(name, {"vectors": {"a": {"size": 2, "distance": "Dot"},
                                     "b": {"size": 2, "distance": "Dot"}}, "shard_number": 2})
    server.upsert(name, [{"id": i, "vector": {"a": [1, 0], "b": [0, 1]}} for i in range(6)])
    r = server.put(f"/collections/{name}/points/vectors",
                   {"points": [{"id": 4, "vector": {"a": [5, 5]}}]})
    assert r.result["status"] == "completed"
    assert server.get(f"/collections/{name}/points/4").result["vector"] == {
        "a": [5.0, 5.0], "b": [0.0, 1.0]}
    server.post(f"/collections/{name}/points/vectors/delete", {"points": [4, 5], "vector": ["b"]})
    assert server.get(f"/collections/{name}/points/5").result["vector"] == {"a": [1.0, 0.0]}
    server.post(f"/collections/{name}/points/vectors/delete",
                {"filter": {"must": [{"has_id": [0]}]}, "vector": ["a"]})
    assert server.get(f"/collections/{name}/points/0").result["vector"] == {"b": [0.0, 1.0]}


def test_points_batch(server, coll):
    ops = {"operations": [
        {"upsert": {"points": pts(6)}},
        {"delete": {"points": [0]}},
        {"set_payload": {"payload": {"tag": "t"}, "points": [1, 2]}},
        {"overwrite_payload": {"payload": {"o": 1}, "points": [3]}},
        {"delete_payload": {"keys": ["i"], "points": [4]}},
        {"clear_payload": {"points": [5]}},
        {"update_vectors": {"points": [{"id": 1, "vector": [9, 9, 9]}]}},
    ]}
    res = server.post(f"/collections/{coll}/points/batch?wait=true", ops).result
    assert len(res) == 7 and all(r["status"] == "completed" for r in res)
    assert count(server, coll) == 5
    assert server.get(f"/collections/{coll}/points/1").result["vector"] == [9.0, 9.0, 9.0]
    assert server.get(f"/collections/{coll}/points/2").result["payload"]["tag"] == "t"
    assert server.get(f"/collections/{coll}/points/3").result["payload"] == {"o": 1}
    assert server.get(f"/collections/{coll}/points/4").result["payload"] == {"even": True}
    assert server.get(f"/collections/{coll}/points/5").result["payload"] == {}
    bad = {"operations": [{"upsert": {"points": [{"id": 9, "vector": [1, 2]}]}}]}
    r = server.post(f"/collections/{coll}/points/batch", bad)
    assert r.status == 400 and "operations[0]" in r.error


def test_operation_ids_increase(server, name):
    server.create(name, {"vectors": {"size": 3, "distance": "Dot"}})
    a = server.upsert(name, pts(2))["operation_id"]
    b = server.upsert(name, pts(2))["operation_id"]
    assert b > a


def test_update_mode_insert_only(server, coll):
    server.upsert(coll, [{"id": 1, "vector": [1, 0, 0], "payload": {"v": 1}}])
    server.upsert(coll, [{"id": 1, "vector": [1, 0, 0], "payload": {"v": 2}}],
                  update_mode="insert_only")
    assert server.get(f"/collections/{coll}/points/1").result["payload"] == {"v": 1}


def test_bad_point_among_many_changes_no_shard(server, name):
    server.create(name, {"vectors": {"size": 3, "distance": "Dot"}, "shard_number": 4})
    points = [{"id": i, "vector": [1.0, 0.0, float(i)]} for i in range(40)]
    points[25]["vector"] = [1.0, 2.0]
    r = server.put(f"/collections/{name}/points", {"points": points})
    assert r.status == 400
    assert r.error == ("Wrong input: points[25].vector: "
                       "Vector dimension error: expected dim: 3, got 2")
    assert count(server, name) == 0
    r = server.put(f"/collections/{name}/points",
                   {"points": [{"id": 1, "vector": {"nope": [1, 2, 3]}}]})
    assert r.status == 400 and "nope" in r.error
    server.upsert(name, points[:20])
    r = server.put(f"/collections/{name}/points/vectors",
                   {"points": [{"id": 1, "vector": [0, 0, 1]}, {"id": 2, "vector": [0, 1]}]})
    assert r.status == 400 and "points[1].vector" in r.error
    assert server.get(f"/collections/{name}/points/1").result["vector"] == [1.0, 0.0, 1.0]


def test_multivector_dimensions_checked(server, name):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot",
                                     "multivector_config": {"comparator": "max_sim"}},
                         "shard_number": 2})
    server.upsert(name, [{"id": 1, "vector": [[1, 0], [0, 1]]}])
    r = server.put(f"/collections/{name}/points", {"points": [{"id": 2, "vector": [[1, 0], [1]]}]})
    assert r.status == 400 and "dim" in r.error
    hits = server.post(f"/collections/{name}/points/query",
                       {"query": [[1, 0]], "limit": 1}).result["points"]
    assert hits[0]["id"] == 1 and hits[0]["score"] == pytest.approx(1.0)
