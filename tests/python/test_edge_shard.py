"""qedge.EdgeShard: Qdrant Edge's API over the C engine — lifetimes, every
update variant, errors (with paths, changing nothing), locking, threads,
numpy, and the JSON the Qdrant Edge style constructors build."""

import datetime as dt
import math
import subprocess
import sys
import threading
import tracemalloc
import uuid

import pytest

import qedge
from qedge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeSparseVectorParams,
    EdgeVectorParams,
    FacetRequest,
    FieldCondition,
    Filter,
    MatchValue,
    PayloadSchemaType,
    Point,
    PointVectors,
    Query,
    QueryRequest,
    ScrollRequest,
    SparseVector,
    UpdateOperation,
    models,
)

np = pytest.importorskip("numpy")

DIM = 4


def unnamed_config(distance=Distance.Cosine):
    return EdgeConfig(vectors=EdgeVectorParams(DIM, distance))


def named_config():
    return EdgeConfig(
        vectors={"a": EdgeVectorParams(DIM, Distance.Dot), "b": EdgeVectorParams(2, Distance.Euclid)},
        sparse_vectors={"sp": EdgeSparseVectorParams()},
    )


@pytest.fixture
def shard(tmp_path):
    s = EdgeShard.create(tmp_path / "s", unnamed_config(Distance.Dot))
    s.update(UpdateOperation.upsert_points([
        Point(1, [1.0, 0.0, 0.0, 0.0], {"city": "Berlin", "n": 1}),
        Point(2, [0.0, 1.0, 0.0, 0.0], {"city": "London", "n": 2}),
        Point(3, [0.0, 0.0, 1.0, 0.0], {"city": ["Berlin", "Paris"], "n": 3}),
        Point("5c56c793-69f3-4fbf-87e6-c4bf54c28c26", [0.5, 0.5, 0.0, 0.0]),
    ]))
    yield s
    s.close()


@pytest.fixture
def named(tmp_path):
    s = EdgeShard.create(tmp_path / "n", named_config())
    s.update(UpdateOperation.upsert_points([
        Point(1, {"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 0.0], "sp": SparseVector([3, 1], [0.5, 1.0])}),
        Point(2, {"a": [0.0, 1.0, 0.0, 1.0]}, {"k": "v"}),
    ]))
    yield s
    s.close()


def everything(s):
    """The whole shard as comparable data."""
    recs, _ = s.scroll(ScrollRequest(limit=10_000, with_payload=True, with_vector=True))
    return [(r.id, r.payload, r.vector) for r in recs]


# ---------------------------------------------------------------- lifetime


def test_create_load_reopen_keep_data(tmp_path):
    path = tmp_path / "shard"
    with EdgeShard.create(path, unnamed_config()) as s:
        s.update(UpdateOperation.upsert_points([Point(7, [3.0, 4.0, 0.0, 0.0], {"a": 1})]))
        before = everything(s)
    assert s.closed
    with EdgeShard.load(path) as s:
        assert everything(s) == before
        assert s.retrieve([7], with_vector=True)[0].vector == pytest.approx([0.6, 0.8, 0.0, 0.0])
        s.flush()
    with EdgeShard.load(str(path), unnamed_config()) as s:  # a matching config is fine
        assert s.count() == 1


def test_older_constructor_opens_or_creates(tmp_path):
    path = tmp_path / "old"
    with EdgeShard(path, unnamed_config()) as s:  # creates
        s.update(UpdateOperation.upsert_points([Point(1, [1.0, 0.0, 0.0, 0.0])]))
    with EdgeShard(path, unnamed_config()) as s:  # opens
        assert s.count() == 1
    with EdgeShard(path) as s:
        assert s.count() == 1
    with pytest.raises(qedge.NotFoundError):
        EdgeShard(tmp_path / "nothing")


def test_create_where_a_shard_is_and_load_where_none_is(tmp_path, shard):
    with pytest.raises(qedge.AlreadyExistsError):
        EdgeShard.create(shard.path, unnamed_config())
    with pytest.raises(qedge.NotFoundError):
        EdgeShard.load(tmp_path / "missing")
    assert issubclass(qedge.NotFoundError, LookupError)


def test_load_with_a_different_config_is_refused(tmp_path, shard):
    shard.close()
    with pytest.raises(qedge.QdrantError):
        EdgeShard.load(shard.path, EdgeConfig(vectors=EdgeVectorParams(DIM + 1, Distance.Dot)))


def test_close_twice_and_use_after_close(shard):
    shard.close()
    shard.close()
    assert shard.closed
    for call in (lambda: shard.count(), lambda: shard.query(QueryRequest(limit=1)),
                 lambda: shard.update(UpdateOperation.delete_points([1])), shard.flush,
                 shard.info, lambda: shard.retrieve([1])):
        with pytest.raises(qedge.ShardClosedError):
            call()
    assert issubclass(qedge.ShardClosedError, qedge.ShardStateError)
    assert "closed" in repr(shard)


def test_context_manager_closes_on_error(tmp_path):
    with pytest.raises(RuntimeError):
        with EdgeShard.create(tmp_path / "cm", unnamed_config()) as s:
            raise RuntimeError("boom")
    assert s.closed
    with EdgeShard.load(tmp_path / "cm") as again:
        assert again.count() == 0


def test_private_handle_is_not_constructible():
    with pytest.raises(TypeError):
        qedge._qedge.Shard()


def test_durability_options(tmp_path):
    for i, durability in enumerate(["fsync", "interval", "on_flush", 2, None]):
        with EdgeShard.create(tmp_path / str(i), unnamed_config(), durability=durability,
                              fsync_interval_ms=5, flush_threshold=3) as s:
            s.update(UpdateOperation.upsert_points([Point(k, [1.0, k, 0.0, 0.0]) for k in range(10)]))
        with EdgeShard.load(tmp_path / str(i)) as s:
            assert s.count() == 10
    with pytest.raises(ValueError):
        EdgeShard.create(tmp_path / "bad", unnamed_config(), durability="sometimes")


# ---------------------------------------------------------------- locking


def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_second_writer_process_gets_ebusy(shard):
    out = _run(
        "import qedge\n"
        f"try:\n    qedge.EdgeShard.load({str(shard.path)!r})\n    print('opened')\n"
        "except qedge.ShardBusyError as e:\n    print('busy', e.code)\n"
    )
    assert out.stdout.split() == ["busy", "EBUSY"], out.stderr
    assert issubclass(qedge.ShardBusyError, BlockingIOError)


def test_read_only_open_shares_with_the_writer(shard):
    shard.flush()  # a read-only open sees the flushed state
    out = _run(
        "import qedge\n"
        f"r = qedge.EdgeShard.load({str(shard.path)!r}, read_only=True)\n"
        "print(r.count(), r.read_only)\n"
        "try:\n    r.update(qedge.UpdateOperation.delete_points([1]))\n"
        "except qedge.ShardStateError as e:\n    print('refused', e.code)\n"
    )
    assert out.stdout.split() == ["4", "True", "refused", "ESTATE"], out.stderr
    assert shard.count() == 4


# ---------------------------------------------------------------- updates


def ids_of(points):
    return [p.id for p in points]


def test_upsert_condition_and_update_modes(shard):
    shard.update(UpdateOperation.upsert_points(
        [Point(1, [0.0, 0.0, 0.0, 1.0], {"v": "cond"}), Point(2, [0.0, 0.0, 0.0, 1.0], {"v": "cond"})],
        condition=Filter(must=[FieldCondition("city", MatchValue("Berlin"))])))
    got = {r.id: r.payload for r in shard.retrieve([1, 2])}
    assert got == {1: {"v": "cond"}, 2: {"city": "London", "n": 2}}
    shard.update(UpdateOperation.upsert_points(
        [Point(2, [1.0] * DIM, {"v": "ins"}), Point(10, [1.0] * DIM, {"v": "ins"})],
        update_mode=qedge.UpdateMode.InsertOnly))
    shard.update(UpdateOperation.upsert_points(
        [Point(3, [1.0] * DIM, {"v": "upd"}), Point(11, [1.0] * DIM, {"v": "upd"})],
        update_mode=qedge.UpdateMode.UpdateOnly))
    got = {r.id: r.payload for r in shard.retrieve([2, 3, 10, 11])}
    assert got == {2: {"city": "London", "n": 2}, 3: {"v": "upd"}, 10: {"v": "ins"}}


def test_delete_points_and_by_filter(shard):
    shard.update(UpdateOperation.delete_points([1, 999]))
    shard.update(UpdateOperation.delete_points_by_filter(Filter(must=[FieldCondition("n", MatchValue(3))])))
    recs, nxt = shard.scroll(ScrollRequest())
    assert ids_of(recs) == [2, uuid.UUID("5c56c793-69f3-4fbf-87e6-c4bf54c28c26")] and nxt is None


def test_payload_operations(shard):
    U = UpdateOperation
    shard.update(U.set_payload([1], {"x": {"y": 1}, "city": None}))
    shard.update(U.set_payload([1], {"z": 2}, key="x"))
    shard.update(U.set_payload_by_filter(Filter(must=[FieldCondition("n", MatchValue(2))]), {"f": True}))
    shard.update(U.overwrite_payload([3], {"only": 1}))
    shard.update(U.overwrite_payload_by_filter(Filter(must=[FieldCondition("f", MatchValue(True))]), {"o": 2}))
    assert {r.id: r.payload for r in shard.retrieve([1, 2, 3])} == {
        1: {"n": 1, "x": {"y": 1, "z": 2}}, 2: {"o": 2}, 3: {"only": 1}}
    shard.update(U.delete_payload([1], ["x.y", "n"]))
    shard.update(U.delete_payload_by_filter(Filter(must=[FieldCondition("o", MatchValue(2))]), ["o"]))
    shard.update(U.clear_payload([3]))
    assert {r.id: r.payload for r in shard.retrieve([1, 2, 3])} == {1: {"x": {"z": 2}}, 2: {}, 3: {}}
    shard.update(U.set_payload([1, 2, 3], {"k": 1}))
    shard.update(U.clear_payload_by_filter(Filter(must=[qedge.HasIdCondition({1, 2})])))
    assert {r.id: r.payload for r in shard.retrieve([1, 2, 3])} == {1: {}, 2: {}, 3: {"k": 1}}


def test_vector_operations(named):
    U = UpdateOperation
    named.update(U.update_vectors([PointVectors(2, {"b": [0.0, 1.0]})]))
    rec = named.retrieve([2], with_vector=True)[0]
    assert rec.vector == {"a": [0.0, 1.0, 0.0, 1.0], "b": [0.0, 1.0]}
    named.update(U.update_vectors([PointVectors(2, {"b": [5.0, 5.0]})],
                                  condition=Filter(must=[FieldCondition("k", MatchValue("nope"))])))
    assert named.retrieve([2], with_vector=["b"])[0].vector == {"b": [0.0, 1.0]}
    named.update(U.delete_vectors([1], ["sp", "b"]))
    assert set(named.retrieve([1], with_vector=True)[0].vector) == {"a"}
    named.update(U.delete_vectors_by_filter(Filter(must=[FieldCondition("k", MatchValue("v"))]), ["a"]))
    assert named.retrieve([2], with_vector=True)[0].vector == {"b": [0.0, 1.0]}
    assert named.count(CountRequest(filter=Filter(must=[qedge.HasVectorCondition("a")]))) == 1


def test_schema_operations(named):
    U = UpdateOperation
    named.update(U.create_field_index("k", PayloadSchemaType.Keyword))
    named.update(U.create_field_index("n", qedge.IntegerIndexParams(lookup=True, range=True)))
    schema = named.info().payload_schema
    assert schema["k"].data_type is PayloadSchemaType.KEYWORD and schema["k"].points == 1
    assert schema["n"].data_type is PayloadSchemaType.Integer
    assert [(h.value, h.count) for h in named.facet(FacetRequest("k"))] == [("v", 1)]
    named.update(U.delete_field_index("k"))
    assert "k" not in named.info().payload_schema
    named.update(U.create_dense_vector("c", 3, Distance.Manhattan))
    named.update(U.create_sparse_vector("s2", modifier=qedge.Modifier.Idf))
    named.update(U.upsert_points([Point(5, {"c": [1.0, 2.0, 3.0], "s2": SparseVector([1], [1.0])})]))
    named.update(U.delete_vector_name("a"))
    assert named.info().config["vectors"].keys() == {"b", "c"}
    hits = named.query(QueryRequest(limit=3, query=Query.Nearest([1.0, 2.0, 2.0], using="c")))
    assert [(h.id, h.score) for h in hits] == [(5, 1.0)]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("op, path, code", [
    (lambda: UpdateOperation.upsert_points([Point(9, [1.0] * DIM), Point(10, [1.0] * 3)]),
     "upsert_points.points[1].vector", "EINVAL"),
    (lambda: UpdateOperation.upsert_points([Point(9, {"nope": [1.0] * DIM})]),
     "upsert_points.points[0].vector.nope", "EINVAL"),
    (lambda: UpdateOperation.upsert_points([Point(9, [1.0, math.nan, 0.0, 0.0])]),
     "upsert_points.points[0].vector[1]", "EINVAL"),
    (lambda: UpdateOperation.upsert_points([Point(9, np.array([1, 2, np.inf, 4], dtype=np.float32))]),
     "upsert_points.points[0].vector[2]", "EINVAL"),
    (lambda: UpdateOperation.upsert_points([Point(-1, [1.0] * DIM)]), "upsert_points.points[0].id", "EINVAL"),
    (lambda: UpdateOperation.upsert_points([Point("not-a-uuid", [1.0] * DIM)]),
     "upsert_points.points[0].id", "EINVAL"),
    (lambda: UpdateOperation.upsert_points([Point(1.5, [1.0] * DIM)]), "upsert_points.points[0].id", "EINVAL"),
    (lambda: UpdateOperation.upsert_points([Point(9, [1.0] * DIM, [1, 2])]),
     "upsert_points.points[0].payload", "EINVAL"),
    (lambda: UpdateOperation.set_payload([1], "text"), "set_payload.payload", "EINVAL"),
    (lambda: UpdateOperation.delete_points_by_filter({"must": [{"key": "a"}]}),
     "delete_points_by_filter.filter.must[0]", "EINVAL"),
    (lambda: UpdateOperation.delete_points_by_filter({"bogus": []}),
     "delete_points_by_filter.filter.bogus", "EINVAL"),
    (lambda: UpdateOperation.set_payload([1, 404], {"x": 1}), "set_payload.point_ids[1]", "ENOTFOUND"),
    (lambda: UpdateOperation.update_vectors([PointVectors(1, [1.0] * DIM), PointVectors(404, [1.0] * DIM)]),
     "update_vectors.point_vectors[1].id", "ENOTFOUND"),
    (lambda: UpdateOperation.delete_vectors([1], ["nope"]), "delete_vectors.vector_names[0]", "EINVAL"),
    (lambda: {"upsert_points": {"points": []}, "delete_points": {"point_ids": [1]}}, "", "EINVAL"),
])
def test_bad_updates_name_the_path_and_change_nothing(shard, op, path, code):
    before = everything(shard)
    with pytest.raises(qedge.QdrantError) as exc:
        shard.update(op())
    assert exc.value.code == code
    if path:
        assert exc.value.path == path, str(exc.value)
    if code == "EINVAL":
        assert isinstance(exc.value, qedge.ValidationError)
    assert everything(shard) == before


@pytest.mark.parametrize("call, path", [
    (lambda s: s.query(QueryRequest(limit=3, query=Query.Nearest([1.0, 2.0]))), "query"),
    (lambda s: s.query(QueryRequest(limit=3, query=Query.Nearest([1.0] * DIM, using="zz"))), "using"),
    (lambda s: s.query(QueryRequest(limit=0)), "limit"),
    (lambda s: s.count(CountRequest(filter={"must": [{"key": "n", "range": {"gt": "yesterday"}}]})),
     "filter.must[0].range.gt"),
    (lambda s: s.count(CountRequest(filter={"must": [{"key": "n", "match": {"value": 1.5}}]})),
     "filter.must[0].match.value"),
    (lambda s: s.scroll(ScrollRequest(offset="nope")), "offset"),
    (lambda s: s.facet(FacetRequest("city")), "key"),
    (lambda s: s.retrieve([1], with_vector=["zz"]), "with_vector"),
])
def test_bad_reads_name_the_path(shard, call, path):
    with pytest.raises(qedge.ValidationError) as exc:
        call(shard)
    assert exc.value.path.startswith(path), str(exc.value)


def test_unsupported_queries_name_the_variant(shard):
    candidates = [
        ("Query.RecommendBestScore", Query.RecommendBestScore(qedge.RecommendQuery([[1.0] * DIM], []))),
        ("Query.RecommendSumScores", Query.RecommendSumScores(qedge.RecommendQuery([[1.0] * DIM], [[0.0] * DIM]))),
        ("Query.Discover", Query.Discover(qedge.DiscoverQuery([1.0] * DIM, [qedge.ContextPair([1.0] * DIM, [0.0] * DIM)]))),
        ("Query.Context", Query.Context(qedge.ContextQuery([qedge.ContextPair([1.0] * DIM, [0.0] * DIM)]))),
        ("Query.FeedbackNaive", Query.FeedbackNaive(qedge.FeedbackNaiveQuery(
            [1.0] * DIM, [qedge.FeedbackItem([1.0] * DIM, 0.5)], qedge.NaiveFeedbackStrategy(1, 1, 1)))),
        ("Mmr", qedge.Mmr([1.0] * DIM, 0.5, 10)),
        ("OrderBy", qedge.OrderBy("n")),
        ("Sample", qedge.Sample.Random),
    ]
    for variant, query in candidates:
        try:
            shard.query(QueryRequest(limit=3, query=query))
        except qedge.UnsupportedError as exc:
            assert str(exc).startswith(f"query: {variant}:") or exc.message.startswith(variant), str(exc)
            assert isinstance(exc, NotImplementedError)
    prefetch = [qedge.Prefetch(5, Query.Nearest([1.0] * DIM)), qedge.Prefetch(5, Query.Nearest([0.0, 1.0, 0.0, 0.0]))]
    for variant, query in (("Fusion.Rrf", qedge.Fusion.Rrf(2)), ("Fusion.Dbsf", qedge.Fusion.Dbsf()),
                           ("Formula", qedge.Formula(qedge.Expression.Variable("$score")))):
        try:
            shard.query(QueryRequest(limit=3, query=query, prefetches=prefetch))
        except qedge.UnsupportedError as exc:
            assert variant in str(exc) or "prefetch" in exc.path, str(exc)


# ---------------------------------------------------------------- reads and results


def test_query_results_and_client_style_inputs(shard):
    q = [1.0, 0.2, 0.0, 0.0]
    edge_style = shard.query(QueryRequest(limit=2, query=Query.Nearest(q), with_payload=True))
    assert ids_of(edge_style) == [1, uuid.UUID("5c56c793-69f3-4fbf-87e6-c4bf54c28c26")]
    assert edge_style[0].score == pytest.approx(1.0) and edge_style[0].payload["city"] == "Berlin"
    assert edge_style[0].vector is None and edge_style[0].order_value is None
    for query in (q, np.array(q, dtype=np.float32), np.array(q), models.NearestQuery(nearest=q)):
        hits = shard.query(QueryRequest(limit=2, query=query, with_payload=True))
        assert hits == edge_style
    assert shard.query({"query": q, "limit": 2, "with_payload": True}) == edge_style
    assert shard.query(models.QueryRequest(query=q, limit=2, with_payload=True)) == edge_style
    assert shard.search(qedge.SearchRequest(Query.Nearest(q), 2, with_payload=True)) == edge_style
    f = models.Filter(must=[models.FieldCondition(key="city", match=models.MatchValue(value="London"))])
    assert ids_of(shard.query(QueryRequest(limit=5, query=q, filter=f))) == [2]
    assert [ids_of(r) for r in shard.query_batch(qedge.QueryBatchRequest([
        QueryRequest(limit=1, query=q), QueryRequest(limit=1, query=[0.0, 1.0, 0.0, 0.0])]))] == [[1], [2]]
    hits = shard.query(QueryRequest(limit=5, query=Query.Nearest(q), score_threshold=0.5))
    assert all(h.score > 0.5 for h in hits) and len(hits) == 2


def test_scroll_count_facet_retrieve_info(shard):
    recs, nxt = shard.scroll(ScrollRequest(limit=2))
    assert ids_of(recs) == [1, 2] and nxt == 3
    recs, nxt = shard.scroll(ScrollRequest(offset=nxt, limit=2))
    assert ids_of(recs) == [3, uuid.UUID("5c56c793-69f3-4fbf-87e6-c4bf54c28c26")] and nxt is None
    assert recs[0].payload == {"city": ["Berlin", "Paris"], "n": 3} and recs[0].vector is None
    assert shard.count() == 4
    assert shard.count(CountRequest(filter=Filter(must=[FieldCondition("city", MatchValue("Berlin"))]))) == 2
    shard.update(UpdateOperation.create_field_index("city", PayloadSchemaType.Keyword))
    facet = shard.facet(FacetRequest("city", limit=2))
    assert [(h.value, h.count) for h in facet] == [("Berlin", 2), ("London", 1)] and len(facet) == 2
    recs = shard.retrieve([3, 404, 1, 3])
    assert ids_of(recs) == [3, 1] and recs[0].payload["n"] == 3 and recs[0].vector is None
    recs = shard.retrieve(["5C56C793-69F3-4FBF-87E6-C4BF54C28C26"], with_payload=False, with_vector=True)
    assert recs[0].payload is None and recs[0].vector == [0.5, 0.5, 0.0, 0.0]
    info = shard.info()
    assert info.points_count == 4 and info.segments_count >= 1
    assert info.payload_schema["city"].data_type is PayloadSchemaType.Keyword


def test_named_and_sparse_vectors_come_back_typed(named):
    rec = named.retrieve([1], with_vector=True)[0]
    assert rec.vector["a"] == [1.0, 2.0, 3.0, 4.0]
    assert isinstance(rec.vector["sp"], SparseVector)
    assert sorted(zip(rec.vector["sp"].indices, rec.vector["sp"].values)) == [(1, 1.0), (3, 0.5)]
    hits = named.query(QueryRequest(limit=1, query=Query.Nearest(SparseVector([1], [2.0]), using="sp")))
    assert [(h.id, h.score) for h in hits] == [(1, 2.0)]
    hits = named.query(QueryRequest(limit=2, query=Query.Nearest([1.0, 1.0], using="b"), with_vector=["b"]))
    assert hits[0].id == 1 and hits[0].vector == {"b": [1.0, 0.0]}


def test_order_by_scroll(shard):
    shard.update(UpdateOperation.create_field_index("n", PayloadSchemaType.Integer))
    recs, nxt = shard.scroll(ScrollRequest(order_by=qedge.OrderBy("n", qedge.Direction.Desc), limit=10))
    assert [(r.id, r.order_value) for r in recs] == [(3, 3), (2, 2), (1, 1)] and nxt is None
    recs, _ = shard.scroll(ScrollRequest(order_by="n"))
    assert [r.order_value for r in recs] == [1, 2, 3]


# ---------------------------------------------------------------- numpy


def test_numpy_vectors_round_trip(tmp_path):
    rng = np.random.default_rng(5)
    data = rng.standard_normal((300, 16)).astype(np.float32)
    cfg = EdgeConfig(vectors=EdgeVectorParams(16, Distance.Euclid))
    with EdgeShard.create(tmp_path / "np", cfg) as s:
        s.update(UpdateOperation.upsert_points([Point(i, data[i]) for i in range(300)]))
        s.update(UpdateOperation.update_vectors([PointVectors(0, data[1].astype(np.float64))]))
        got = np.array([r.vector for r in s.retrieve(range(300), with_vector=True)], dtype=np.float32)
        expected = data.copy()
        expected[0] = data[1]
        assert np.array_equal(got, expected)
        hits = s.query(QueryRequest(limit=3, query=Query.Nearest(data[7])))
        assert hits[0].id == 7 and hits[0].score == pytest.approx(0.0, abs=1e-5)


def test_numpy_float32_is_not_boxed_per_element(tmp_path):
    vectors = np.ones((500, 1024), dtype=np.float32)
    points = [Point(i, vectors[i]) for i in range(500)]
    op = UpdateOperation.upsert_points(points)
    cfg = EdgeConfig(vectors=EdgeVectorParams(1024, Distance.Dot))
    with EdgeShard.create(tmp_path / "nb", cfg, durability="on_flush") as s:
        tracemalloc.start()
        s.update(op)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # 512000 boxed floats would take > 12 MB of Python objects
        assert peak < 2_000_000, peak
        assert s.count() == 500


# ---------------------------------------------------------------- threads


def test_threads_query_while_one_writes(tmp_path):
    cfg = EdgeConfig(vectors=EdgeVectorParams(8, Distance.Cosine))
    s = EdgeShard.create(tmp_path / "t", cfg, flush_threshold=200)
    rng = np.random.default_rng(1)
    s.update(UpdateOperation.upsert_points([Point(i, rng.random(8, dtype=np.float32)) for i in range(100)]))
    errors, stop = [], threading.Event()

    def reader(seed):
        r = np.random.default_rng(seed)
        try:
            while not stop.is_set():
                hits = s.query(QueryRequest(limit=5, query=r.random(8, dtype=np.float32)))
                assert len(hits) == 5
                assert s.count() >= 100
                s.scroll(ScrollRequest(limit=20))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    try:
        for batch in range(20):
            base = 100 + batch * 50
            s.update(UpdateOperation.upsert_points(
                [Point(base + i, rng.random(8, dtype=np.float32), {"b": batch}) for i in range(50)]))
            s.update(UpdateOperation.set_payload([base], {"seen": True}))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors
    assert s.count() == 1100
    s.close()


def test_close_waits_for_running_calls(tmp_path):
    s = EdgeShard.create(tmp_path / "c", unnamed_config())
    s.update(UpdateOperation.upsert_points([Point(i, [1.0, i, 0.0, 0.0]) for i in range(2000)]))
    outcomes, go = [], threading.Event()

    def reader():
        go.wait()
        for _ in range(200):
            try:
                s.query(QueryRequest(limit=10, query=[1.0, 0.0, 0.0, 0.0]))
            except qedge.ShardClosedError:
                outcomes.append("closed")
                return
        outcomes.append("done")

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    go.set()
    s.close()
    for t in threads:
        t.join()
    assert len(outcomes) == 3 and set(outcomes) <= {"closed", "done"}


# ---------------------------------------------------------------- the JSON the constructors build


def test_update_operations_build_edge_update_operation_json():
    f = Filter(must=[FieldCondition("a", MatchValue(1))])
    fj = {"must": [{"key": "a", "match": {"value": 1}}]}
    U = UpdateOperation
    cases = [
        (U.upsert_points([Point(1, [1.0], {"p": 1})], condition=f, update_mode=qedge.UpdateMode.InsertOnly),
         {"upsert_points": {"points": [{"id": 1, "vector": [1.0], "payload": {"p": 1}}],
                            "condition": fj, "update_mode": "insert_only"}}),
        (U.delete_points([1, "5c56c793-69f3-4fbf-87e6-c4bf54c28c26"]),
         {"delete_points": {"point_ids": [1, "5c56c793-69f3-4fbf-87e6-c4bf54c28c26"]}}),
        (U.delete_points_by_filter(f), {"delete_points_by_filter": {"filter": fj}}),
        (U.update_vectors([PointVectors(1, {"a": [1.0]})]),
         {"update_vectors": {"point_vectors": [{"id": 1, "vector": {"a": [1.0]}}]}}),
        (U.delete_vectors([1], ["a"]), {"delete_vectors": {"point_ids": [1], "vector_names": ["a"]}}),
        (U.delete_vectors_by_filter(f, ["a"]), {"delete_vectors_by_filter": {"filter": fj, "vector_names": ["a"]}}),
        (U.set_payload([1], {"k": 1}, key="o"), {"set_payload": {"point_ids": [1], "payload": {"k": 1}, "key": "o"}}),
        (U.set_payload_by_filter(f, {"k": 1}), {"set_payload_by_filter": {"filter": fj, "payload": {"k": 1}}}),
        (U.overwrite_payload([1], {"k": 1}), {"overwrite_payload": {"point_ids": [1], "payload": {"k": 1}}}),
        (U.overwrite_payload_by_filter(f, {}), {"overwrite_payload_by_filter": {"filter": fj, "payload": {}}}),
        (U.delete_payload([1], ["k"]), {"delete_payload": {"point_ids": [1], "keys": ["k"]}}),
        (U.delete_payload_by_filter(f, ["k"]), {"delete_payload_by_filter": {"filter": fj, "keys": ["k"]}}),
        (U.clear_payload([1]), {"clear_payload": {"point_ids": [1]}}),
        (U.clear_payload_by_filter(f), {"clear_payload_by_filter": {"filter": fj}}),
        (U.create_field_index("k", PayloadSchemaType.Keyword),
         {"create_field_index": {"field_name": "k", "field_schema": "keyword"}}),
        (U.create_field_index("k", qedge.KeywordIndexParams(is_tenant=True)),
         {"create_field_index": {"field_name": "k", "field_schema": {"type": "keyword", "is_tenant": True}}}),
        (U.delete_field_index("k"), {"delete_field_index": {"field_name": "k"}}),
        (U.create_dense_vector("v", 3, Distance.Dot, datatype=qedge.VectorStorageDatatype.Float16),
         {"create_dense_vector": {"name": "v", "params": {"size": 3, "distance": "Dot", "datatype": "float16"}}}),
        (U.create_sparse_vector("s", qedge.Modifier.Idf),
         {"create_sparse_vector": {"name": "s", "params": {"modifier": "idf"}}}),
        (U.delete_vector_name("v"), {"delete_vector_name": {"name": "v"}}),
    ]
    for op, expected in cases:
        assert op.to_dict() == expected
        models.validate("EdgeUpdateOperation", op, strict=True)


def test_queries_build_rest_json():
    v = [1.0, 2.0]
    req = QueryRequest(limit=3, query=Query.Nearest(v, using="a"), with_payload=True, offset=1)
    assert req.to_dict() == {"query": {"nearest": v}, "using": "a", "limit": 3, "offset": 1,
                             "with_payload": True}
    rec = Query.RecommendBestScore(qedge.RecommendQuery([v], [[0.0, 1.0]]), using="a")
    assert rec.to_dict() == {"recommend": {"positive": [v], "negative": [[0.0, 1.0]], "strategy": "best_score"}}
    assert Query.RecommendSumScores(qedge.RecommendQuery([v], [])).to_dict()["recommend"]["strategy"] == "sum_scores"
    pair = qedge.ContextPair(v, [0.0, 0.0])
    assert Query.Discover(qedge.DiscoverQuery(v, [pair])).to_dict() == {
        "discover": {"target": v, "context": [{"positive": v, "negative": [0.0, 0.0]}]}}
    assert Query.Context(qedge.ContextQuery([pair])).to_dict() == {
        "context": [{"positive": v, "negative": [0.0, 0.0]}]}
    fb = qedge.FeedbackNaiveQuery(v, [qedge.FeedbackItem(v, 0.9)], qedge.NaiveFeedbackStrategy(1.0, 0.5, 2.0))
    assert Query.FeedbackNaive(fb).to_dict() == {"relevance_feedback": {
        "target": v, "feedback": [{"example": v, "score": 0.9}],
        "strategy": {"naive": {"a": 1.0, "b": 0.5, "c": 2.0}}}}
    assert qedge.Fusion.Rrf(2, [3.0, 1.0]).to_dict() == {"rrf": {"k": 2, "weights": [3.0, 1.0]}}
    assert qedge.Fusion.Dbsf().to_dict() == {"fusion": "dbsf"}
    mmr = qedge.Mmr(v, 0.75, 20, using="a")
    assert QueryRequest(limit=2, query=mmr).to_dict() == {
        "query": {"nearest": v, "mmr": {"diversity": 0.25, "candidates_limit": 20}}, "using": "a", "limit": 2}
    E = qedge.Expression
    formula = qedge.Formula(E.Sum([E.Variable("$score"), E.Mult([E.Constant(2), E.Condition(
        FieldCondition("a", MatchValue(1)))])]), defaults={"x": 1})
    assert formula.to_dict() == {"formula": {"sum": ["$score", {"mult": [2.0, {"key": "a", "match": {"value": 1}}]}]},
                                 "defaults": {"x": 1}}
    assert E.Decay(qedge.DecayKind.Gauss, E.Variable("x"), scale=2.0).to_dict() == {
        "gauss_decay": {"x": "x", "scale": 2.0}}
    assert QueryRequest(limit=1, query=qedge.OrderBy("n", qedge.Direction.Desc, 5)).to_dict() == {
        "query": {"order_by": {"key": "n", "direction": "desc", "start_from": 5}}, "limit": 1}
    assert QueryRequest(limit=1, query=qedge.Sample.Random).to_dict() == {"query": {"sample": "random"}, "limit": 1}
    pf = QueryRequest(limit=5, query=qedge.Fusion.Dbsf(), prefetches=[
        qedge.Prefetch(10, Query.Nearest(v, using="a"), filter=Filter(must=[qedge.IsNullCondition("z")]))])
    assert pf.to_dict() == {"prefetch": [{"query": {"nearest": v}, "using": "a", "limit": 10,
                                          "filter": {"must": [{"is_null": {"key": "z"}}]}}],
                            "query": {"fusion": "dbsf"}, "limit": 5}
    for req in (req, pf, QueryRequest(limit=2, query=mmr), QueryRequest(limit=1, query=formula)):
        models.validate("QueryRequest", req, strict=True)
    assert ScrollRequest(offset=3, limit=2, order_by="n").to_dict() == {"offset": 3, "limit": 2, "order_by": "n"}
    assert CountRequest().to_dict() == {"exact": True}
    assert FacetRequest("k").to_dict() == {"key": "k", "limit": 10, "exact": False}
    assert qedge.PayloadSelector.Exclude(["a"]).to_dict() == {"exclude": ["a"]}


def test_filter_classes_take_qdrant_edge_shapes():
    assert qedge.IsEmptyCondition("a").to_dict() == {"is_empty": {"key": "a"}}
    assert qedge.IsEmptyCondition(is_empty={"key": "a"}) == qedge.IsEmptyCondition("a")
    assert qedge.IsNullCondition("a").key == "a"
    assert qedge.HasIdCondition({7}).to_dict() == {"has_id": [7]}
    assert qedge.HasVectorCondition("v").to_dict() == {"has_vector": "v"}
    nested = qedge.NestedCondition("items", Filter(must=[FieldCondition("k", MatchValue("x"))]))
    assert nested.to_dict() == {"nested": {"key": "items", "filter": {"must": [{"key": "k", "match": {"value": "x"}}]}}}
    G = qedge.GeoPoint
    poly = qedge.GeoPolygon([G(0, 0), G(1, 0), G(1, 1), G(0, 0)], [[G(0.2, 0.2), G(0.3, 0.2), G(0.2, 0.3), G(0.2, 0.2)]])
    assert poly.to_dict()["exterior"]["points"][1] == {"lon": 1, "lat": 0}
    assert len(poly.to_dict()["interiors"][0]["points"]) == 4
    assert qedge.RangeFloat(gte=1, lt=2).to_dict() == {"gte": 1, "lt": 2}
    assert qedge.RangeDateTime(gt=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)).to_dict() == {
        "gt": "2024-01-02T03:04:05+00:00"}
    assert qedge.MatchExcept([1, 2]).to_dict() == {"except": [1, 2]}
    assert qedge.MatchAny(["a"]).to_dict() == {"any": ["a"]}
    assert qedge.ValuesCount(lt=3).to_dict() == {"lt": 3}
    assert qedge.MinShould([qedge.IsEmptyCondition("a")], 1).to_dict() == {
        "conditions": [{"is_empty": {"key": "a"}}], "min_count": 1}
    assert qedge.GeoRadius(G(1, 2), 10.0).to_dict() == {"center": {"lon": 1, "lat": 2}, "radius": 10.0}
    assert qedge.SliceCondition(4, 1).to_dict() == {"slice": {"total": 4, "index": 1}}
    for cls in (qedge.IsEmptyCondition, qedge.HasIdCondition, qedge.NestedCondition, qedge.GeoPolygon,
                qedge.RangeFloat, qedge.RangeDateTime):
        assert issubclass(cls, qedge.models.Model)


def test_config_classes_take_qdrant_edge_shapes():
    cfg = EdgeConfig(
        vectors={"a": EdgeVectorParams(4, Distance.Cosine, quantization_config=qedge.ScalarQuantizationConfig(
            qedge.ScalarType.Int8, 0.99))},
        hnsw_config=qedge.HnswIndexConfig(16, 100, 10000),
        quantization_config=qedge.ProductQuantizationConfig(qedge.CompressionRatio.X16),
    )
    d = cfg.to_dict()
    assert d["vectors"]["a"]["quantization_config"] == {"scalar": {"type": "int8", "quantile": 0.99}}
    assert d["hnsw_config"] == {"m": 16, "ef_construct": 100, "full_scan_threshold": 10000}
    assert d["quantization_config"] == {"product": {"compression": "x16"}}
    assert Distance.Cosine is Distance.COSINE
    assert qedge.UpdateMode.InsertOnly.value == "insert_only"
    assert qedge.MultiVectorComparator.MaxSim.value == "max_sim"
    assert qedge.VectorStorageDatatype.Float32.value == "float32"
    assert qedge.models.TurboQuantBitSize.Bits1_5.value == "bits1_5"


def test_results_behave_like_qdrant_edge_ones(shard):
    hit = shard.query(QueryRequest(limit=1, query=[1.0, 0.0, 0.0, 0.0], with_payload=True))[0]
    assert isinstance(hit, qedge.ScoredPoint)
    assert repr(hit).startswith("ScoredPoint(id=1, version=")
    assert hit == qedge.ScoredPoint(1, hit.version, hit.score, hit.payload)
    assert hit != qedge.ScoredPoint(2, hit.version, hit.score, hit.payload)
    info = shard.info()
    assert isinstance(info, qedge.ShardInfo) and "points_count=4" in repr(info)


def test_query_by_point_id_excludes_that_point(shard):
    hits = shard.query(QueryRequest(limit=10, query=2))
    assert 2 not in ids_of(hits)
    # the referenced point's vector is the query: 5c56... scores 0.5, the rest 0
    assert [(h.id, h.score) for h in hits] == [
        (uuid.UUID("5c56c793-69f3-4fbf-87e6-c4bf54c28c26"), 0.5), (1, 0.0), (3, 0.0)]
    assert ids_of(shard.query(QueryRequest(limit=1, offset=1, query=Query.Nearest(2)))) == [1]
    assert ids_of(shard.query(QueryRequest(limit=5, query=2, filter=Filter(must=[
        qedge.HasIdCondition({2, 3})])))) == [3]
    with pytest.raises(qedge.NotFoundError, match="^query: No point with id 99 found$"):
        shard.query(QueryRequest(query=99))


def test_query_by_id_of_a_point_without_that_vector(named):
    with pytest.raises(qedge.NotFoundError, match='Vector with name "b" for point not found'):
        named.query(QueryRequest(query=Query.Nearest(2, using="b")))
    hits = named.query(QueryRequest(query=Query.Nearest(1, using="sp"), with_vector=["sp"]))
    assert hits == []  # the only other point has no "sp"


def test_optimize_returns_whether_it_rewrote_segments(shard):
    assert shard.optimize() is False  # one segment, nothing deleted
    shard.update(UpdateOperation.delete_points([1]))
    assert shard.optimize() is True
    assert shard.optimize() is False
    shard.update(UpdateOperation.upsert_points([Point(9, [1.0, 1.0, 1.0, 1.0])]))
    shard.flush()
    assert shard.optimize() is True  # two segments merged
    assert ids_of(shard.query(QueryRequest(limit=10))) == [
        2, 3, 9, uuid.UUID("5c56c793-69f3-4fbf-87e6-c4bf54c28c26")]
