"""Randomised edge-shard scenarios shared by the congruence tests.

Everything here is written once against "a module with Qdrant Edge's API":
the real ``qdrant_edge`` package (the oracle) and ``qedge`` are both passed
as ``m``, so the same code builds the same configs, points, filters and
requests for both, which is itself a check that qedge's names and call
shapes are Qdrant Edge's. Data is made from a seeded ``random.Random``;
requests are described as REST-shaped dicts first (easy to print in a
failure) and built into objects by :func:`build_filter` and friends.
"""

import math
import random
import uuid
from typing import Any, Dict, List, Optional, Sequence, Tuple

DISTANCES = ("Cosine", "Euclid", "Dot", "Manhattan")
COLORS = ("red", "green", "blue", "black", "white")
WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "Alpha", "be")
#: Keys that get a payload index on both shards (Qdrant Edge facets and
#: orders only indexed keys). Text-matched keys are never indexed, so both
#: sides use Qdrant's plain payload matching for them.
INDEXES = (("color", "Keyword"), ("n", "Integer"), ("flag", "Bool"), ("price", "Float"))
#: Longitude/latitude box the geo payloads fall in.
LON, LAT = (10.0, 14.0), (45.0, 48.0)


# ---------------------------------------------------------------- config


class Layout:
    """Which vectors a scenario has: the unnamed one (``""``) or named dense
    vectors, optionally a sparse one; dims and distances drawn from rng."""

    def __init__(self, rng: random.Random, named: bool, sparse: bool,
                 distances: Optional[Sequence[str]] = None) -> None:
        names = ["a", "b"] if named else [""]
        dists = list(distances or [rng.choice(DISTANCES) for _ in names])
        self.dense = {n: (rng.randint(4, 16), d) for n, d in zip(names, dists)}
        self.sparse = ["sp"] if sparse else []

    @property
    def names(self) -> List[str]:
        return list(self.dense) + self.sparse

    def config(self, m: Any) -> Any:
        def params(dim: int, dist: str) -> Any:
            return m.EdgeVectorParams(size=dim, distance=getattr(m.Distance, dist))

        if list(self.dense) == [""]:
            vectors = params(*self.dense[""])
        else:
            vectors = {n: params(*dd) for n, dd in self.dense.items()}
        sparse = {n: m.EdgeSparseVectorParams() for n in self.sparse}
        return m.EdgeConfig(vectors=vectors, sparse_vectors=sparse or None)

    def __repr__(self) -> str:
        return f"Layout(dense={self.dense}, sparse={self.sparse})"


# ---------------------------------------------------------------- data


def rand_id(rng: random.Random, used: set) -> Any:
    while True:
        if rng.random() < 0.8:
            pid: Any = rng.randint(0, 100_000)
        else:
            pid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if pid not in used:
            used.add(pid)
            return pid


def rand_dense(rng: random.Random, dim: int) -> List[float]:
    return [round(rng.uniform(-1, 1), 4) for _ in range(dim)]


def rand_sparse(rng: random.Random) -> Tuple[List[int], List[float]]:
    idx = sorted(rng.sample(range(40), rng.randint(1, 6)))
    rng.shuffle(idx)
    return idx, [round(rng.uniform(0.05, 1), 3) for _ in idx]


def rand_vectors(rng: random.Random, layout: Layout, full: bool = False) -> Dict[str, Any]:
    """Vectors of one point as {name: list | (indices, values)}; named
    layouts leave some names out (never all of them)."""
    out: Dict[str, Any] = {}
    for name, (dim, _) in layout.dense.items():
        if full or name == "" or rng.random() < 0.8:
            out[name] = rand_dense(rng, dim)
    for name in layout.sparse:
        if full or rng.random() < 0.7:
            out[name] = rand_sparse(rng)
    if not out:
        name, (dim, _) = next(iter(layout.dense.items()))
        out[name] = rand_dense(rng, dim)
    return out


def rand_datetime(rng: random.Random) -> str:
    y, mo, d = rng.randint(2020, 2025), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    form = rng.randrange(4)
    if form == 0:
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"
    if form == 1:
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+02:00"
    if form == 2:
        return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{rng.randint(0, 999999):06d}Z"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}"


def rand_payload(rng: random.Random) -> Optional[Dict[str, Any]]:
    """A payload mixing every JSON kind the filters look at."""
    if rng.random() < 0.05:
        return None
    p: Dict[str, Any] = {}

    def maybe(prob: float) -> bool:
        return rng.random() < prob

    if maybe(0.85):
        r = rng.random()
        p["color"] = (
            rng.choice(COLORS) if r < 0.75
            else [rng.choice(COLORS) for _ in range(rng.randint(0, 3))] if r < 0.9
            else None
        )
    if maybe(0.85):
        r = rng.random()
        # arrays hold distinct values: see test_order_by_repeated_array_values
        p["n"] = rng.randint(-20, 20) if r < 0.8 else rng.sample(range(-20, 21), 3)
    if maybe(0.8):
        p["price"] = round(rng.uniform(0, 100), 2) if maybe(0.9) else rng.randint(0, 100)
    if maybe(0.7):
        p["flag"] = rng.random() < 0.5
    if maybe(0.7):
        p["text"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
    if maybe(0.6):
        p["tags"] = [rng.choice(WORDS) for _ in range(rng.randint(0, 4))]
    if maybe(0.6):
        obj: Dict[str, Any] = {"x": rng.randint(0, 9), "y": rng.choice(WORDS)}
        if maybe(0.3):
            obj["z"] = None
        if maybe(0.5):
            obj["inner"] = {"w": rng.randint(0, 5)}
        p["obj"] = obj
    if maybe(0.6):
        p["items"] = [
            {"k": rng.choice(COLORS), "v": rng.randint(0, 9)} for _ in range(rng.randint(0, 3))
        ]
    if maybe(0.6):
        p["ts"] = rand_datetime(rng)
    if maybe(0.6):
        p["loc"] = {"lon": round(rng.uniform(*LON), 4), "lat": round(rng.uniform(*LAT), 4)}
    if maybe(0.2):
        p["nul"] = None
    if maybe(0.1):
        p["empty"] = []
    if maybe(0.1):
        p["mixed"] = [1, "one", None, 1.5, True, {"k": "red"}]
    return p


class PointSpec:
    """One point as plain data: id, vectors {name: list | (idx, vals)}, payload."""

    def __init__(self, pid: Any, vectors: Dict[str, Any], payload: Optional[Dict[str, Any]]):
        self.id, self.vectors, self.payload = pid, vectors, payload


def rand_points(rng: random.Random, layout: Layout, n: int, used: set) -> List[PointSpec]:
    return [PointSpec(rand_id(rng, used), rand_vectors(rng, layout), rand_payload(rng))
            for _ in range(n)]


def vector_arg(m: Any, layout: Layout, vectors: Dict[str, Any]) -> Any:
    """The ``vector`` argument of Point/PointVectors for module ``m``."""
    def one(v: Any) -> Any:
        return m.SparseVector(indices=list(v[0]), values=list(v[1])) if isinstance(v, tuple) else v

    if list(vectors) == [""] and not layout.sparse:
        return vectors[""]
    return {name: one(v) for name, v in vectors.items()}


def build_points(m: Any, layout: Layout, specs: Sequence[PointSpec]) -> List[Any]:
    return [m.Point(s.id, vector_arg(m, layout, s.vectors), s.payload) for s in specs]


# ---------------------------------------------------------------- filters (REST dicts)


#: Condition kinds rand_condition draws from.
CONDITION_KINDS = (
    "match_value", "match_any", "match_except", "text", "text_any", "phrase", "prefix",
    "range", "range_int", "datetime", "geo_radius", "geo_box", "geo_polygon",
    "values_count", "is_empty", "is_null", "has_id", "has_vector", "nested", "path",
    "match_bool", "match_int_array",
)


def rand_condition(
    rng: random.Random, ids: Sequence[Any], layout: Layout, depth: int = 0,
    kinds: Sequence[str] = CONDITION_KINDS,
) -> Dict[str, Any]:
    choices = list(kinds) + (["filter"] if depth < 2 else [])
    kind = rng.choice(choices)
    if kind == "match_value":
        key = rng.choice(["color", "tags", "obj.y", "text", "items[].k"])
        return {"key": key, "match": {"value": rng.choice(COLORS + WORDS[:3])}}
    if kind == "match_bool":
        return {"key": "flag", "match": {"value": rng.random() < 0.5}}
    if kind == "match_int_array":
        return {"key": rng.choice(["n", "obj.x", "items[].v", "price"]),
                "match": {"value": rng.randint(-5, 9)}}
    if kind == "match_any":
        if rng.random() < 0.5:
            return {"key": rng.choice(["color", "tags", "items[].k"]),
                    "match": {"any": rng.sample(COLORS + WORDS[:4], rng.randint(0, 3))}}
        return {"key": rng.choice(["n", "obj.x"]),
                "match": {"any": [rng.randint(-10, 10) for _ in range(rng.randint(1, 4))]}}
    if kind == "match_except":
        if rng.random() < 0.5:
            return {"key": rng.choice(["color", "tags"]),
                    "match": {"except": rng.sample(COLORS, rng.randint(0, 3))}}
        return {"key": rng.choice(["n", "obj.x"]),
                "match": {"except": [rng.randint(-10, 10) for _ in range(rng.randint(0, 4))]}}
    if kind == "text":
        return {"key": rng.choice(["text", "obj.y", "tags"]),
                "match": {"text": rng.choice(["alp", "beta", "ta", "gamma delta", "Alpha", "e"])}}
    if kind == "text_any":
        return {"key": "text", "match": {"text_any": rng.choice(["alp zeta", "be", "xx theta"])}}
    if kind == "phrase":
        return {"key": "text", "match": {"phrase": rng.choice(["alpha beta", "eta", "gamma"])}}
    if kind == "prefix":
        return {"key": rng.choice(["text", "color", "tags"]),
                "match": {"prefix": rng.choice(["al", "b", "gre", "ze", "Al"])}}
    if kind == "range":
        lo = round(rng.uniform(0, 60), 1)
        r = {"gte": lo, "lt": lo + round(rng.uniform(5, 40), 1)}
        if rng.random() < 0.3:
            r = {"gt": lo}
        return {"key": rng.choice(["price", "n", "obj.x", "items[].v"]), "range": r}
    if kind == "range_int":
        lo = rng.randint(-20, 10)
        return {"key": "n", "range": {"gte": lo, "lte": lo + rng.randint(0, 15)}}
    if kind == "datetime":
        a = rand_datetime(rng)
        b = rand_datetime(rng)
        lo, hi = sorted([a, b])
        return {"key": "ts", "range": rng.choice([{"gte": lo, "lt": hi}, {"gt": lo}, {"lte": hi}])}
    if kind == "geo_radius":
        return {"key": "loc", "geo_radius": {
            "center": {"lon": rng.uniform(*LON), "lat": rng.uniform(*LAT)},
            "radius": rng.uniform(20_000, 200_000)}}
    if kind == "geo_box":
        lon0, lat0 = rng.uniform(LON[0], 12), rng.uniform(46, LAT[1])
        return {"key": "loc", "geo_bounding_box": {
            "top_left": {"lon": lon0, "lat": lat0},
            "bottom_right": {"lon": lon0 + rng.uniform(0.5, 2), "lat": lat0 - rng.uniform(0.5, 2)}}}
    if kind == "geo_polygon":
        cx, cy = rng.uniform(11, 13), rng.uniform(45.8, 47.2)
        ring = [{"lon": cx + 1.5 * math.cos(a), "lat": cy + 1.0 * math.sin(a)}
                for a in (0.0, 1.3, 2.6, 3.9, 5.2)]
        ring.append(dict(ring[0]))
        poly: Dict[str, Any] = {"exterior": {"points": ring}}
        if rng.random() < 0.4:
            hole = [{"lon": cx + 0.4 * math.cos(a), "lat": cy + 0.3 * math.sin(a)}
                    for a in (0.0, 2.1, 4.2)]
            hole.append(dict(hole[0]))
            poly["interiors"] = [{"points": hole}]
        return {"key": "loc", "geo_polygon": poly}
    if kind == "values_count":
        c = rng.randint(0, 3)
        return {"key": rng.choice(["tags", "items", "color", "n", "nul"]),
                "values_count": rng.choice([{"gte": c}, {"lt": c}, {"gt": c, "lte": c + 2}])}
    if kind == "is_empty":
        return {"is_empty": {"key": rng.choice(["color", "tags", "nul", "empty", "obj.z", "items[].k", "missing"])}}
    if kind == "is_null":
        return {"is_null": {"key": rng.choice(["color", "nul", "obj.z", "empty", "missing", "tags"])}}
    if kind == "has_id":
        return {"has_id": rng.sample(list(ids), min(len(ids), rng.randint(0, 8)))}
    if kind == "has_vector":
        return {"has_vector": rng.choice(layout.names)}
    if kind == "nested":
        inner = {"must": [{"key": "k", "match": {"value": rng.choice(COLORS)}}]}
        if rng.random() < 0.5:
            inner["must"].append({"key": "v", "range": {"gte": rng.randint(0, 5)}})
        if rng.random() < 0.3:
            inner = {"must_not": [{"key": "v", "match": {"value": rng.randint(0, 9)}}]}
        return {"nested": {"key": "items", "filter": inner}}
    if kind == "path":
        return {"key": rng.choice(["obj.inner.w", "items[0].v", "obj.x"]),
                "range": {"gte": rng.randint(0, 5)}}
    return rand_filter(rng, ids, layout, depth + 1, kinds)


def rand_filter(
    rng: random.Random, ids: Sequence[Any], layout: Layout, depth: int = 0,
    kinds: Sequence[str] = CONDITION_KINDS,
) -> Dict[str, Any]:
    def cond() -> Dict[str, Any]:
        return rand_condition(rng, ids, layout, depth, kinds)

    f: Dict[str, Any] = {}
    for clause, prob in (("must", 0.6), ("should", 0.35), ("must_not", 0.3)):
        if rng.random() < prob:
            f[clause] = [cond() for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.15:
        conds = [cond() for _ in range(rng.randint(1, 4))]
        f["min_should"] = {"conditions": conds, "min_count": rng.randint(1, len(conds))}
    if not f:
        f["must"] = [cond()]
    return f


# ---------------------------------------------------------------- building (module m)


def _geo_point(m: Any, d: Dict[str, float]) -> Any:
    return m.GeoPoint(lon=d["lon"], lat=d["lat"])


def _range(m: Any, r: Dict[str, Any]) -> Any:
    if any(isinstance(v, str) for v in r.values()):
        return m.RangeDateTime(**r)
    return m.RangeFloat(**r)


def _match(m: Any, d: Dict[str, Any]) -> Any:
    (kind, value), = d.items()
    if kind == "value":
        return m.MatchValue(value)
    if kind == "any":
        return m.MatchAny(any=value)
    if kind == "except":
        return m.MatchExcept(value)
    if kind == "text":
        return m.MatchText(text=value)
    if kind == "text_any":
        return m.MatchTextAny(text_any=value)
    if kind == "phrase":
        return m.MatchPhrase(phrase=value)
    if kind == "prefix":
        return m.MatchPrefix(prefix=value)
    raise ValueError(kind)


def build_condition(m: Any, c: Dict[str, Any]) -> Any:
    if "key" in c:
        kw: Dict[str, Any] = {}
        if "match" in c:
            kw["match"] = _match(m, c["match"])
        if "range" in c:
            kw["range"] = _range(m, c["range"])
        if "geo_radius" in c:
            g = c["geo_radius"]
            kw["geo_radius"] = m.GeoRadius(center=_geo_point(m, g["center"]), radius=g["radius"])
        if "geo_bounding_box" in c:
            g = c["geo_bounding_box"]
            kw["geo_bounding_box"] = m.GeoBoundingBox(
                top_left=_geo_point(m, g["top_left"]), bottom_right=_geo_point(m, g["bottom_right"]))
        if "geo_polygon" in c:
            g = c["geo_polygon"]
            ext = [_geo_point(m, p) for p in g["exterior"]["points"]]
            ints = [[_geo_point(m, p) for p in r["points"]] for r in g.get("interiors", [])]
            kw["geo_polygon"] = m.GeoPolygon(exterior=ext, interiors=ints or None)
        if "values_count" in c:
            kw["values_count"] = m.ValuesCount(**c["values_count"])
        return m.FieldCondition(key=c["key"], **kw)
    if "is_empty" in c:
        return m.IsEmptyCondition(key=c["is_empty"]["key"])
    if "is_null" in c:
        return m.IsNullCondition(key=c["is_null"]["key"])
    if "has_id" in c:
        return m.HasIdCondition(point_ids=set(c["has_id"]))
    if "has_vector" in c:
        return m.HasVectorCondition(vector=c["has_vector"])
    if "nested" in c:
        return m.NestedCondition(key=c["nested"]["key"], filter=build_filter(m, c["nested"]["filter"]))
    return build_filter(m, c)


def build_filter(m: Any, f: Optional[Dict[str, Any]]) -> Any:
    if f is None:
        return None
    kw: Dict[str, Any] = {}
    for clause in ("must", "should", "must_not"):
        if clause in f:
            kw[clause] = [build_condition(m, c) for c in f[clause]]
    if "min_should" in f:
        ms = f["min_should"]
        kw["min_should"] = m.MinShould(
            conditions=[build_condition(m, c) for c in ms["conditions"]], min_count=ms["min_count"])
    return m.Filter(**kw)


def query_vector(m: Any, layout: Layout, name: str, rng: random.Random) -> Any:
    if name in layout.sparse:
        idx, vals = rand_sparse(rng)
        return m.SparseVector(indices=idx, values=vals)
    return rand_dense(rng, layout.dense[name][0])


# ---------------------------------------------------------------- normalising answers


def norm_id(pid: Any) -> Any:
    return str(pid) if isinstance(pid, (uuid.UUID, str)) else pid


def norm_vector(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, dict):
        return {k: norm_vector(x) for k, x in v.items()}
    if hasattr(v, "indices"):
        pairs = sorted(zip(list(v.indices), [float(x) for x in v.values]))
        return ("sparse", tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))
    return [float(x) for x in v]


def close(a: float, b: float, rel: float = 1e-4, abs_: float = 1e-5) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def vectors_close(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(vectors_close(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a[1] == b[1] and all(close(x, y) for x, y in zip(a[2], b[2]))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return a == b


def describe_points(points: Sequence[Any], scored: bool) -> List[Tuple[Any, ...]]:
    out = []
    for p in points:
        row: Tuple[Any, ...] = (norm_id(p.id),)
        if scored:
            row += (round(float(p.score), 5),)
        out.append(row)
    return out


def _tie_runs(points: Sequence[Any]) -> List[List[Any]]:
    """Consecutive hits with equal scores (within tolerance): Qdrant leaves
    their order unspecified."""
    runs: List[List[Any]] = []
    for p in points:
        if runs and close(float(runs[-1][-1].score), float(p.score), 1e-6, 1e-7):
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def same_ids(theirs: Sequence[Any], ours: Sequence[Any], scored: bool) -> bool:
    """Same ids in the same order; for scored hits, ids within a run of tied
    scores may come in any order, and the last run (cut by the limit) may
    hold different members."""
    ti, oi = [norm_id(p.id) for p in theirs], [norm_id(p.id) for p in ours]
    if not scored or ti == oi:
        return ti == oi
    if len(ti) != len(oi):
        return False
    pos = 0
    runs = _tie_runs(theirs)
    for n, run in enumerate(runs):
        mine = oi[pos:pos + len(run)]
        want = [norm_id(p.id) for p in run]
        if n < len(runs) - 1 and sorted(map(str, mine)) != sorted(map(str, want)):
            return False
        if n == len(runs) - 1 and len(run) > 1:
            scores = [float(p.score) for p in ours[pos:]]
            if not all(close(x, float(run[0].score), 1e-6, 1e-7) for x in scores):
                return False
        elif n == len(runs) - 1 and mine != want:
            return False
        pos += len(run)
    return True


def diff_points(theirs: Sequence[Any], ours: Sequence[Any], scored: bool) -> Optional[str]:
    """None when two answers agree: same ids in the same order, scores within
    1e-4 relative, equal payloads, close vectors, equal order values."""
    ta, oa = describe_points(theirs, scored), describe_points(ours, scored)
    if not same_ids(theirs, ours, scored):
        return f"ids differ:\n  qdrant_edge {ta}\n  qedge       {oa}"
    by_id = {norm_id(o.id): o for o in ours}
    for t in theirs:
        o = by_id.get(norm_id(t.id))
        if o is None:  # a truncated run of ties: membership may differ
            continue
        pid = norm_id(t.id)
        if scored and not close(float(t.score), float(o.score)):
            return f"score of {pid}: qdrant_edge {t.score} qedge {o.score}"
        if scored and t.version != o.version:
            return f"version of {pid}: qdrant_edge {t.version} qedge {o.version}"
        tp = t.payload if t.payload is not None else None
        if tp != o.payload:
            return f"payload of {pid}:\n  qdrant_edge {tp}\n  qedge       {o.payload}"
        tv, ov = norm_vector(t.vector), norm_vector(o.vector)
        if not vectors_close(tv, ov):
            return f"vector of {pid}:\n  qdrant_edge {tv}\n  qedge       {ov}"
        if t.order_value != o.order_value:
            return f"order_value of {pid}: qdrant_edge {t.order_value} qedge {o.order_value}"
    return None


# ---------------------------------------------------------------- a pair of shards


class Outcome:
    """What one side answered: a value, or the exception it raised."""

    def __init__(self, value: Any = None, error: Optional[BaseException] = None) -> None:
        self.value, self.error = value, error

    def __repr__(self) -> str:
        return f"raised {type(self.error).__name__}: {self.error}" if self.error else repr(self.value)


class Pair:
    """The same scenario on the oracle (``theirs``, a qdrant_edge module) and
    on qedge (``ours``): two shards built from the same seeded data."""

    def __init__(self, theirs_mod: Any, ours_mod: Any, root: str, seed: int, named: bool,
                 sparse: bool, distances: Optional[Sequence[str]] = None, n_points: int = 300,
                 indexes: bool = True) -> None:
        self.mods = (theirs_mod, ours_mod)
        self.root = root
        self.rng = random.Random(seed)
        self.layout = Layout(self.rng, named, sparse, distances)
        self.used: set = set()
        self.shards: Dict[Any, Any] = {}
        for m in self.mods:
            self.shards[m] = m.EdgeShard.create(self.path(m), self.layout.config(m))
        self.specs = rand_points(self.rng, self.layout, n_points, self.used)
        self.update(lambda m: m.UpdateOperation.upsert_points(build_points(m, self.layout, self.specs)))
        if indexes:
            for key, kind in INDEXES:
                self.update(lambda m, key=key, kind=kind: m.UpdateOperation.create_field_index(
                    key, getattr(m.PayloadSchemaType, kind)))

    def path(self, m: Any) -> str:
        import os

        return os.path.join(self.root, m.__name__)

    @property
    def ids(self) -> List[Any]:
        return [s.id for s in self.specs]

    def both(self, fn: Any) -> Tuple[Outcome, Outcome]:
        out = []
        for m in self.mods:
            try:
                out.append(Outcome(fn(m, self.shards[m])))
            except Exception as exc:  # the comparison decides what is fine
                out.append(Outcome(error=exc))
        return out[0], out[1]

    def update(self, make_op: Any) -> Tuple[Outcome, Outcome]:
        """Apply ``make_op(m)`` to both; raises AssertionError when exactly one
        side fails."""
        t, o = self.both(lambda m, s: s.update(make_op(m)))
        if (t.error is None) != (o.error is None):
            raise AssertionError(f"update: qdrant_edge {t}; qedge {o}")
        return t, o

    def reopen(self) -> None:
        for m in self.mods:
            self.shards[m].close()
            self.shards[m] = m.EdgeShard.load(self.path(m))

    def close(self) -> None:
        for s in self.shards.values():
            s.close()


def same_outcome(t: Outcome, o: Outcome, what: str) -> Optional[str]:
    """None if both raised or both answered equal plain values."""
    if t.error is not None or o.error is not None:
        if t.error is not None and o.error is not None:
            return None
        return f"{what}: qdrant_edge {t}; qedge {o}"
    if t.value != o.value:
        return f"{what}:\n  qdrant_edge {t.value!r}\n  qedge       {o.value!r}"
    return None
