"""Vectors given as Python lists take the direct float32 path (no Python
float per element in the converter, packed at once in Point/PointVectors);
these tests hold that path to exactly what the generic path and numpy give:
the same bytes on disk, the same errors, and payload numbers left exact."""

import array
import os

import pytest

import qedge
from qedge import (
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeVectorParams,
    Point,
    PointVectors,
    Query,
    QueryRequest,
    UpdateOperation,
    ValidationError,
    _qedge,
)

np = pytest.importorskip("numpy")

DIM = 16


def tree_bytes(root):
    """Every file under `root` (relative path → bytes)."""
    out = {}
    for base, _, files in os.walk(root):
        for f in files:
            p = os.path.join(base, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = fh.read()
    return out


def store(path, vectors, payload):
    """Upsert one point per vector; return the shard's files after the update
    (WAL) and after close (segment)."""
    cfg = EdgeConfig(vectors={"v": EdgeVectorParams(DIM, Distance.Euclid)})
    s = EdgeShard.create(path, cfg)
    s.update(UpdateOperation.upsert_points(
        [Point(i, {"v": v}, payload) for i, v in enumerate(vectors)]))
    s.update(UpdateOperation.update_vectors(
        [PointVectors(i, {"v": v}) for i, v in enumerate(reversed(vectors))]))
    logged = tree_bytes(path)
    s.close()
    return logged, tree_bytes(path)


def test_list_and_numpy_vectors_store_identical_bytes(tmp_path):
    rng = np.random.default_rng(11)
    f64 = rng.standard_normal((5, DIM))  # not float32-exact: rounding must agree
    f64[0, :3] = [1e-40, -0.0, 3]  # a float32 subnormal, negative zero
    f32 = f64.astype(np.float32)
    ints = rng.integers(-1000, 1000, (5, DIM))
    variants = {
        "numpy f32": list(f32),
        "numpy f64": list(f64),
        "list of f64": [r.tolist() for r in f64],
        "tuple of f64": [tuple(r.tolist()) for r in f64],
        "list of f32 values": [r.tolist() for r in f32],
        "array d": [array.array("d", r.tolist()) for r in f64],
    }
    payload = {"w": [0.1, 1 / 3], "n": 7}
    ref = store(tmp_path / "ref", variants.pop("numpy f32"), payload)
    assert any(name.endswith(".log") and data for name, data in ref[0].items())
    for name, vectors in variants.items():
        assert store(tmp_path / name.replace(" ", "_"), vectors, payload) == ref, name
    ref_int = store(tmp_path / "int_np", list(ints.astype(np.float32)), payload)
    assert store(tmp_path / "int_list", [r.tolist() for r in ints], payload) == ref_int


def test_query_vector_list_equals_numpy(tmp_path):
    rng = np.random.default_rng(5)
    data = rng.standard_normal((50, DIM))
    s = EdgeShard.create(tmp_path / "s", EdgeConfig(vectors=EdgeVectorParams(DIM, Distance.Dot)))
    s.update(UpdateOperation.upsert_points([Point(i, r.tolist()) for i, r in enumerate(data)]))
    q = rng.standard_normal(DIM)
    a = s.query(QueryRequest(limit=5, query=Query.Nearest(q.tolist())))
    b = s.query(QueryRequest(limit=5, query=Query.Nearest(q.astype(np.float32))))
    assert [(p.id, p.score) for p in a] == [(p.id, p.score) for p in b]
    s.close()


def test_point_packs_lists_as_float32_and_reads_back():
    p = Point(1, [1 / 3, 2], {"w": [1 / 3]})
    assert p.vector == [float(np.float32(1 / 3)), 2.0]
    assert p.payload == {"w": [1 / 3]}  # payload numbers stay exact
    assert p.to_dict()["payload"] == {"w": [1 / 3]}
    named = PointVectors(2, {"a": [0.5, 1], "m": [[1 / 3], [2.0]]})
    assert named.vector == {"a": [0.5, 1.0], "m": [[1 / 3], [2.0]]}  # multivector kept
    p.vector = [0.25]
    assert p.vector == [0.25]
    # what the fast path declines is kept as given, for the engine to check
    for odd in ([True, 1.0], [1.0, float("nan")], [1e300], [2**70], ["x"], []):
        assert Point(1, odd).vector is odd


def test_payload_lists_of_numbers_stay_exact():
    v = _qedge.json_dumps(Point(1, [1 / 3], {"vector": [1 / 3], "nearest": [1 / 3]}))
    assert v == '{"id":1,"vector":[0.33333334],"payload":{"vector":[0.3333333333333333],' \
                '"nearest":[0.3333333333333333]}}'
    assert _qedge.json_dumps({"vector": [1 / 3]}) == '{"vector":[0.3333333333333333]}'
    assert _qedge.json_dumps(Query.Nearest([1 / 3])) == '{"nearest":[0.33333334]}'
    sparse = {"s": {"indices": [3, 1], "values": [1 / 3, 1]}}
    assert _qedge.json_dumps(PointVectors(1, sparse)) == \
        '{"id":1,"vector":{"s":{"indices":[3,1],"values":[0.3333333333333333,1]}}}'


@pytest.mark.parametrize("bad, path, words", [
    ([1.0, True, 0.0, 0.0], "upsert_points.points[0].vector[1]", "expected a number"),
    ([1.0, 0.0, 1e300, 0.0], "upsert_points.points[0].vector[2]", "float32 range"),
    ([1.0, 0.0, 0.0, float("inf")], "upsert_points.points[0].vector[3]", "finite"),
    ([1.0, 2**70, 0.0, 0.0], "upsert_points.points[0].vector[1]", "out of range"),
])
def test_bad_list_vectors_get_the_generic_errors(tmp_path, bad, path, words):
    s = EdgeShard.create(tmp_path / "s", EdgeConfig(vectors=EdgeVectorParams(4, Distance.Dot)))
    for op in (UpdateOperation.upsert_points([Point(0, bad)]),
               {"upsert_points": {"points": [{"id": 0, "vector": bad}]}}):
        with pytest.raises(ValidationError) as e:
            s.update(op)
        assert e.value.path == path and words in str(e.value), (e.value.path, str(e.value))
    assert s.count(qedge.CountRequest()) == 0
    s.close()
