"""Acceptance scenario of the edge shard, self-contained.

Create a shard with two named vectors (Cosine and Dot), upsert 10k seeded
points with payloads of every kind (keyword, int, float, bool, array,
nested object, array of objects, null, geo, datetime), apply every update
variant while keeping an in-test model of the expected state, then check
query (filters, score_threshold, offset, limit, with_payload
include/exclude, with_vector), scroll (id pages and order_by), count,
facet and retrieve against a brute-force oracle over that model. Close,
reopen (the state of the last flush) and check again with the same
answers; then let a child process write, flush, write more and die without
closing, and check that reopening replays the log to the same state.

Ties: the engine orders equal scores by ascending id (the order of
Qdrant's cross-shard merge), also where the limit or the offset cuts them;
the oracle does the same, and scores closer than the tolerance but not equal
may come in either order. Points sharing an order_by value come in an order
Qdrant does not define: those runs are compared as sets (check_order_runs).
"""

import datetime as dt
import json
import math
import os
import random
import subprocess
import sys
import uuid

import pytest

import qedge
from qedge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeVectorParams,
    FacetRequest,
    FieldCondition,
    Filter,
    MatchAny,
    MatchExcept,
    MatchValue,
    PayloadSchemaType,
    PayloadSelector,
    Point,
    PointVectors,
    Query,
    QueryRequest,
    ScrollRequest,
    UpdateOperation as U,
)

np = pytest.importorskip("numpy")

SEED = 20261122
N = int(os.environ.get("QEDGE_SCENARIO_POINTS", "10000"))
DIMS = {"img": 16, "txt": 8}
DIST = {"img": "Cosine", "txt": "Dot"}
COLORS = ["red", "green", "blue", "black", "white"]
WORDS = ["alpha", "beta", "gamma", "delta", "eps", "zeta"]
KINDS = ["bolt", "nut", "gear", "cog"]
EARTH = 6371008.8
TOL = 1e-4


# ---------------------------------------------------------------- data


def iso(t, form):
    """Datetime text of epoch seconds `t` in one of the accepted formats."""
    d = dt.datetime.fromtimestamp(t, dt.timezone.utc)
    if form == 0:
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    if form == 1:
        off = dt.timezone(dt.timedelta(hours=2))
        return d.astimezone(off).isoformat(timespec="microseconds")
    if form == 2:
        return d.strftime("%Y-%m-%d %H:%M:%S")
    return d.strftime("%Y-%m-%d")


def parse_dt(s):
    """Microseconds since the epoch of the formats iso() writes, else None."""
    if not isinstance(s, str):
        return None
    try:
        if len(s) == 10:
            d = dt.datetime.strptime(s, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
        elif s.endswith("Z"):
            d = dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
        elif "T" in s:
            d = dt.datetime.fromisoformat(s)
        else:
            d = dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None
    return int(d.timestamp()) * 1_000_000 + d.microsecond


T0 = 1_600_000_000  # 2020-09-13


def rand_payload(rng, i):
    p = {}
    if rng.random() < 0.9:
        p["color"] = rng.choice(COLORS)
    r = rng.random()
    if r < 0.85:
        p["n"] = rng.randint(0, 99)
    elif r < 0.93:
        p["n"] = None
    p["price"] = rng.randint(0, 99999) / 100 + 0.005
    p["flag"] = rng.random() < 0.4
    r = rng.random()
    if r < 0.8:
        p["tags"] = rng.sample(WORDS, rng.randint(1, 3))
    elif r < 0.9:
        p["tags"] = []
    if rng.random() < 0.8:
        p["meta"] = {"level": rng.randint(0, 5), "sub": {"x": rng.choice(WORDS)}, "ok": rng.random() < 0.5}
    if rng.random() < 0.7:
        p["items"] = [{"kind": rng.choice(KINDS), "qty": rng.randint(0, 9)}
                      for _ in range(rng.randint(0, 3))]
    p["note"] = None if rng.random() < 0.3 else rng.choice(WORDS)
    if rng.random() < 0.85:
        p["loc"] = {"lon": round(rng.uniform(10, 14), 5), "lat": round(rng.uniform(45, 48), 5)}
    if rng.random() < 0.85:
        p["ts"] = iso(T0 + rng.randint(0, 86400 * 365), rng.randint(0, 3))
    if rng.random() < 0.6:
        # distinct values: a repeated value is listed once by Qdrant's order_by and once
        # per element by the engine (pinned in test_edge_congruence.py)
        p["nums"] = rng.sample(range(51), rng.randint(0, 4))
    return p


def rand_vec(rng, name):
    return [round(rng.uniform(-1, 1), 4) for _ in range(DIMS[name])]


def stored(name, v):
    """The vector as the engine stores it (Cosine: normalised in f32)."""
    a = np.asarray(v, dtype=np.float32)
    if DIST[name] == "Cosine":
        s = float(np.dot(a.astype(np.float64), a.astype(np.float64)))
        if s >= 1.1920929e-07 and abs(s - 1.0) > 1e-6:
            a = (a / np.float32(math.sqrt(s))).astype(np.float32)
    return a


def make_ids(rng, n):
    ints = rng.sample(range(3 * n), n)
    ids = []
    for k in ints:
        if rng.random() < 0.1:
            ids.append(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
        else:
            ids.append(k)
    return ids


def id_key(pid):
    """Qdrant's id order: integers, then UUIDs by their bytes."""
    return (0, pid, "") if isinstance(pid, int) else (1, 0, str(pid))


def norm(pid):
    return str(pid) if isinstance(pid, uuid.UUID) else pid


# ---------------------------------------------------------------- model


class Model:
    """The expected state: id -> (vectors by name, payload)."""

    def __init__(self):
        self.points = {}
        self.indexes = {}
        self.names = dict(DIMS)

    def _vecs(self, vector):
        return {k: stored(k, v) for k, v in vector.items()}

    def upsert(self, points, condition=None, mode=None):
        for pid, vector, payload in points:
            old = self.points.get(pid)
            if old is not None:
                if mode == "insert_only":
                    continue
                if condition is not None and not matches(condition, pid, old):
                    continue
            elif mode == "update_only":
                continue
            self.points[pid] = {"v": self._vecs(vector), "p": dict(payload or {})}

    def select(self, ids=None, flt=None):
        if ids is not None:
            return [i for i in ids if i in self.points]
        ok = compile_filter(flt)
        return [i for i, pt in self.points.items() if ok(i, pt["p"])]

    def delete(self, ids):
        for i in ids:
            self.points.pop(i, None)

    def update_vectors(self, pvs, condition=None):
        for pid, vector in pvs:
            pt = self.points.get(pid)
            if pt is None or (condition is not None and not matches(condition, pid, pt)):
                continue
            pt["v"].update(self._vecs(vector))

    def delete_vectors(self, ids, names):
        for i in ids:
            for n in names:
                self.points[i]["v"].pop(n, None)

    def set_payload(self, ids, payload, key=None):
        for i in ids:
            dest = self.points[i]["p"]
            if key is not None:
                for part in key.split("."):
                    if not isinstance(dest.get(part), dict):
                        dest[part] = {}
                    dest = dest[part]
            for k, v in payload.items():
                if v is None:
                    dest.pop(k, None)
                else:
                    dest[k] = json.loads(json.dumps(v))

    def overwrite(self, ids, payload):
        for i in ids:
            self.points[i]["p"] = json.loads(json.dumps(payload))

    def delete_payload(self, ids, keys):
        for i in ids:
            for key in keys:
                parts = key.split(".")
                cur = [self.points[i]["p"]]
                for part in parts[:-1]:
                    nxt = []
                    for c in cur:
                        name = part[:-2] if part.endswith("[]") else part
                        v = c.get(name) if isinstance(c, dict) else None
                        if part.endswith("[]"):
                            nxt.extend(x for x in (v if isinstance(v, list) else []))
                        elif v is not None:
                            nxt.append(v)
                    cur = nxt
                for c in cur:
                    if isinstance(c, dict):
                        c.pop(parts[-1], None)

    def clear(self, ids):
        for i in ids:
            self.points[i]["p"] = {}


# ---------------------------------------------------------------- oracle: filters


def values_at(payload, path):
    cur = [payload]
    for seg in path.split("."):
        arr = seg.endswith("[]")
        key = seg[:-2] if arr else seg
        nxt = []
        for v in cur:
            if isinstance(v, dict) and key in v:
                x = v[key]
                if arr:
                    if isinstance(x, list):
                        nxt.extend(x)
                else:
                    nxt.append(x)
        cur = nxt
    return cur


def flat(vals):
    for v in vals:
        if isinstance(v, list):
            yield from v
        else:
            yield v


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def same_value(a, b):
    if isinstance(b, bool) or isinstance(a, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(b, str):
        return isinstance(a, str) and a == b
    return is_int(a) and a == b


def in_range(x, r):
    return all(b is None or op(x, b) for b, op in (
        (r.get("lt"), lambda a, b: a < b), (r.get("gt"), lambda a, b: a > b),
        (r.get("lte"), lambda a, b: a <= b), (r.get("gte"), lambda a, b: a >= b)))


def haversine(a, b):
    t1, t2 = math.radians(a["lat"]), math.radians(b["lat"])
    dl = math.radians(b["lon"] - a["lon"])
    h = math.sin((t2 - t1) / 2) ** 2 + math.cos(t1) * math.cos(t2) * math.sin(dl / 2) ** 2
    return EARTH * 2 * math.asin(math.sqrt(h))


def compile_field(c):
    key = c["key"]
    if "match" in c:
        m = c["match"]
        if "value" in m:
            x = m["value"]
            return lambda vals: any(same_value(v, x) for v in flat(vals))
        if "any" in m:
            xs = m["any"]
            return lambda vals: any(any(same_value(v, x) for x in xs) for v in flat(vals))
        ex = m["except"]
        return lambda vals: any(v is not None and not any(same_value(v, x) for x in ex) for v in flat(vals))
    if "range" in c:
        r = c["range"]
        if any(isinstance(b, str) for b in r.values()):
            r = {k: parse_dt(b) for k, b in r.items()}
            return lambda vals: any(parse_dt(v) is not None and in_range(parse_dt(v), r) for v in flat(vals))
        return lambda vals: any(is_num(v) and in_range(v, r) for v in flat(vals))
    if "values_count" in c:
        r = c["values_count"]
        return lambda vals: in_range(sum(len(v) if isinstance(v, list) else 0 if v is None else 1
                                         for v in vals), r)
    if "geo_radius" in c:
        g = c["geo_radius"]
        return lambda vals: any(isinstance(v, dict) and haversine(g["center"], v) < g["radius"]
                                for v in flat(vals))
    raise AssertionError(f"oracle: unknown condition {c}")


def compile_cond(c, in_nested):
    """A condition as a function of (id, payload)."""
    if "key" in c:
        check, key = compile_field(c), c["key"]
        return lambda pid, p: check(values_at(p, key))
    if "is_empty" in c:
        key = c["is_empty"]["key"]
        return lambda pid, p: all(v is None or v == [] for v in values_at(p, key))
    if "is_null" in c:
        key = c["is_null"]["key"]
        return lambda pid, p: any(v is None for v in values_at(p, key))
    if "has_id" in c:
        ids = {norm_id(x) for x in c["has_id"]}
        return lambda pid, p: not in_nested and norm_id(pid) in ids
    if "nested" in c:
        key, inner = c["nested"]["key"], compile_filter(c["nested"]["filter"], True)
        return lambda pid, p: any(isinstance(e, dict) and inner(pid, e)
                                  for v in values_at(p, key) if isinstance(v, list) for e in v)
    return compile_filter(c, in_nested)


def as_list(x):
    return x if isinstance(x, list) else [x]


def compile_filter(f, in_nested=False):
    """Qdrant's filter semantics, evaluated on the model (the oracle)."""
    if f is None:
        return lambda pid, p: True
    if not isinstance(f, dict):
        f = f.to_dict()
    must = [compile_cond(c, in_nested) for c in as_list(f.get("must") or [])]
    should = [compile_cond(c, in_nested) for c in as_list(f["should"])] if f.get("should") is not None else None
    must_not = [compile_cond(c, in_nested) for c in as_list(f.get("must_not") or [])]
    ms = f.get("min_should")
    mins = [compile_cond(c, in_nested) for c in ms["conditions"]] if ms else None

    def ok(pid, p):
        if not all(c(pid, p) for c in must):
            return False
        if should is not None and not any(c(pid, p) for c in should):
            return False
        if any(c(pid, p) for c in must_not):
            return False
        return mins is None or sum(c(pid, p) for c in mins) >= ms["min_count"]
    return ok


def norm_id(x):
    return str(x).lower() if isinstance(x, (str, uuid.UUID)) else x


def matches(flt, pid, pt):
    return compile_filter(flt)(pid, pt["p"])


# ---------------------------------------------------------------- random filters


def rand_filters(rng, ids):
    """(name, Filter) pairs covering every condition kind."""
    F, FC = Filter, FieldCondition
    t_lo = T0 + rng.randint(0, 86400 * 200)
    center = qedge.GeoPoint(rng.uniform(10.5, 13.5), rng.uniform(45.5, 47.5))
    some = rng.sample(ids, 300)
    out = [
        ("none", None),
        ("match keyword", F(must=[FC("color", MatchValue(rng.choice(COLORS)))])),
        ("match int", F(must=[FC("n", MatchValue(rng.randint(0, 99)))])),
        ("match bool", F(must=[FC("flag", MatchValue(True))])),
        ("match array element", F(must=[FC("tags", MatchValue(rng.choice(WORDS)))])),
        ("match any keyword", F(must=[FC("color", MatchAny(rng.sample(COLORS, 2)))])),
        ("match any int", F(must=[FC("n", MatchAny(rng.sample(range(100), 30)))])),
        ("match except keyword", F(must=[FC("color", MatchExcept(rng.sample(COLORS, 3)))])),
        ("match except int", F(must=[FC("n", MatchExcept(list(range(0, 90))))])),
        ("range int", F(must=[FC("n", range=qedge.Range(gte=10, lt=40))])),
        ("range float", F(must=[FC("price", range=qedge.Range(gt=100.5, lte=420.25))])),
        ("range array", F(must=[FC("nums", range=qedge.Range(gt=45))])),
        ("range datetime", F(must=[FC("ts", range=qedge.RangeDateTime(
            gte=dt.datetime.fromtimestamp(t_lo, dt.timezone.utc),
            lt=dt.datetime.fromtimestamp(t_lo + 86400 * 60, dt.timezone.utc)))])),
        ("is_empty tags", F(must=[qedge.IsEmptyCondition("tags")])),
        ("is_empty meta.level", F(must=[qedge.IsEmptyCondition("meta.level")])),
        ("is_null note", F(must=[qedge.IsNullCondition("note")])),
        ("is_null n", F(must_not=[qedge.IsNullCondition("n")])),
        ("has_id", F(must=[qedge.HasIdCondition(set(some))])),
        ("nested key path", F(must=[FC("meta.level", MatchValue(rng.randint(0, 5)))])),
        ("deep key path", F(must=[FC("meta.sub.x", MatchAny(rng.sample(WORDS, 2)))])),
        ("array of objects path", F(must=[FC("items[].kind", MatchValue(rng.choice(KINDS)))])),
        ("nested condition", F(must=[qedge.NestedCondition("items", F(must=[
            FC("kind", MatchValue(rng.choice(KINDS))), FC("qty", range=qedge.Range(gte=5))]))])),
        ("geo radius", F(must=[FC("loc", geo_radius=qedge.GeoRadius(center, rng.uniform(40e3, 120e3)))])),
        ("values_count", F(must=[FC("nums", values_count=qedge.ValuesCount(gte=2))])),
        ("values_count lt", F(must=[FC("tags", values_count=qedge.ValuesCount(lt=2))])),
        ("should", F(should=[FC("color", MatchValue("red")), FC("flag", MatchValue(True)),
                             qedge.IsNullCondition("note")])),
        ("must_not", F(must_not=[FC("color", MatchAny(["red", "blue"])), qedge.IsEmptyCondition("tags")])),
        ("mixed", F(must=[FC("price", range=qedge.Range(lt=700.5))],
                    should=[FC("meta.ok", MatchValue(True)), FC("n", range=qedge.Range(gt=80))],
                    must_not=[qedge.HasIdCondition(set(some[:100]))])),
        ("nested bool filter", F(must=[F(should=[FC("tags", MatchValue("alpha")),
                                                 F(must=[FC("flag", MatchValue(False))])])])),
        ("min_should", F(min_should=qedge.MinShould([
            FC("color", MatchValue("green")), FC("flag", MatchValue(True)),
            FC("n", range=qedge.Range(lt=50)), qedge.IsNullCondition("note")], 2))),
        ("empty result", F(must=[FC("color", MatchValue("purple"))])),
    ]
    return out


# ---------------------------------------------------------------- oracle: reads


def scores(model, name, q, cand):
    """Brute-force scores of `cand` ids for query vector q (float64)."""
    qv = stored(name, q).astype(np.float64)
    ids = [i for i in cand if name in model.points[i]["v"]]
    if not ids:
        return []
    mat = np.stack([model.points[i]["v"][name] for i in ids]).astype(np.float64)
    if DIST[name] == "Euclid":
        sc = np.sqrt(((mat - qv) ** 2).sum(axis=1))
    else:
        sc = (mat * qv).sum(axis=1)
    return list(zip(ids, sc.tolist()))


def better(name):
    return (lambda a, b: a < b) if DIST[name] == "Euclid" else (lambda a, b: a > b)


def ranked(model, name, q, cand, threshold=None):
    res = scores(model, name, q, cand)
    sign = 1 if DIST[name] == "Euclid" else -1
    res.sort(key=lambda t: (sign * t[1], id_key(t[0])))
    if threshold is not None:
        res = [t for t in res if better(name)(t[1], threshold)]
    return res


def close(a, b):
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def check_ranking(got, full, offset, limit, what):
    """got: [(id, score)] from the engine; full: the oracle's ranking.

    Positions must agree in score (within TOL) and id. A near-tie (scores
    within TOL, not equal) may swap. An exact tie (equal vectors) must be in
    id order, also where the offset or the limit cuts a group of tied points:
    the window holds the smallest ids of the group, as in any longer answer."""
    want = full[offset:offset + limit]
    assert len(got) == len(want), what
    by_id = dict(full)
    seen = set()
    for k, ((gid, gs), (wid, ws)) in enumerate(zip(got, want)):
        assert close(gs, ws), (what, k, gid, gs, wid, ws)
        assert gid not in seen, (what, gid)
        seen.add(gid)
        if gid != wid:
            assert gid in by_id and close(by_id[gid], ws), (what, k, gid, wid)
            assert by_id[gid] != ws, ("exact tie out of id order", what, k, gid, wid)
        if k and gs == got[k - 1][1]:
            assert id_key(got[k - 1][0]) < id_key(gid), ("tie not in id order", what, k)


def check_order_runs(got, want, limit, what):
    """got: [(order_value, id)] from an order_by scroll; want: every expected
    (order_value, id) entry, sorted by value in the direction asked.

    The values must come exactly as in `want[:limit]`; within a run of equal
    values only the set of ids is checked (a subset of the run's ids when the
    limit cuts it). The order of points sharing a value is not defined by
    Qdrant: Qdrant Edge lists them as they sit in its segment — points
    written by separate operations in write order (reversed for desc), but
    the points of one batch in hash-map order that changes from process to
    process, and a rewritten point keeps its place — while the engine keeps
    write order and moves a rewritten point to the end (pinned in
    tests/c/test_shard_query.c). The scenario writes in batches and rewrites
    points, so no one order of ties is right here."""
    assert len(got) == min(limit, len(want)), (what, len(got), len(want))
    assert [v for v, _ in got] == [v for v, _ in want[:len(got)]], (what, got[:5], want[:5])
    ids_of = {}
    for v, pid in want:
        ids_of.setdefault(v, set()).add(pid)
    k = 0
    while k < len(got):
        v, run = got[k][0], []
        while k < len(got) and got[k][0] == v:
            run.append(got[k][1])
            k += 1
        assert len(set(run)) == len(run), ("a point twice in one run", what, v, run)
        cut = k == len(got) and k < len(want) and want[k][0] == v
        if cut:
            assert set(run) <= ids_of[v], ("ids of a cut run", what, v, run)
        else:
            assert set(run) == ids_of[v], ("ids of a run", what, v, sorted(run, key=id_key))


def project(payload, sel):
    if sel is True or sel is None:
        return payload
    if isinstance(sel, list):
        sel = {"include": sel}
    if "include" in sel:
        out = {}
        for path in sel["include"]:
            parts = path.split(".")
            src, dst = payload, out
            for part in parts[:-1]:
                if not isinstance(src, dict) or not isinstance(src.get(part), dict):
                    src = None
                    break
                src = src[part]
                dst = dst.setdefault(part, {})
            if isinstance(src, dict) and parts[-1] in src:
                dst[parts[-1]] = src[parts[-1]]
        return out
    out = json.loads(json.dumps(payload))
    for path in sel["exclude"]:
        parts = path.split(".")
        cur = out
        for part in parts[:-1]:
            cur = cur.get(part) if isinstance(cur, dict) else None
        if isinstance(cur, dict):
            cur.pop(parts[-1], None)
    return out


def sel_json(sel):
    return sel if isinstance(sel, (bool, list, type(None))) else sel.to_dict()


def vectors_of(model, pid, wv):
    v = model.points[pid]["v"]
    names = sorted(v) if wv is True else [n for n in wv if n in v]
    return {n: v[n] for n in names}


def check_record(model, pid, payload, vector, wp, wv, what):
    pt = model.points[pid]
    if wp is False:
        assert payload is None, what
    else:
        assert payload == project(pt["p"], sel_json(wp)), (what, pid)
    if not wv:
        assert vector is None, what
    else:
        want = vectors_of(model, pid, wv)
        assert sorted(vector) == sorted(want), (what, pid, vector)
        for n, arr in want.items():
            assert np.allclose(vector[n], arr, rtol=0, atol=1e-6), (what, pid, n)


# ---------------------------------------------------------------- the checks


def point_values(model, cache, key, conv):
    """Distinct values of `key` (the last word of `key`) of every point
    through `conv` (None drops one), once per state: `cache` lives as long
    as a state."""
    if ("values", key) not in cache:
        path = key.split()[-1]
        cache["values", key] = {
            pid: [x for x in dict.fromkeys(conv(v) for v in flat(values_at(pt["p"], path))) if x is not None]
            for pid, pt in model.points.items()}
    return cache["values", key]


def check_all(shard, model, seed, cache):
    """Every read against the oracle; returns the engine's answers. `cache`
    keeps the oracle's filter matches for a second pass over the same state."""
    rng = random.Random(seed)
    ids = sorted(model.points, key=id_key)
    transcript = []
    filters = rand_filters(rng, ids)
    payload_sels = [True, False, ["color", "meta.level", "items"],
                    PayloadSelector.Include(["n", "loc", "meta.sub"]),
                    PayloadSelector.Exclude(["tags", "meta.sub", "ts"])]
    for fname, flt in filters:
        if fname not in cache:
            cache[fname] = model.select(flt=flt)
        cand = cache[fname]
        # count (exact)
        got = shard.count(CountRequest(filter=flt))
        assert got == len(cand), fname
        transcript.append(got)
        # query
        for name in ("img", "txt"):
            q = rand_vec(rng, name)
            if (fname, name) not in cache:
                cache[fname, name] = ranked(model, name, q, cand)
            full = cache[fname, name]
            limit, offset = rng.choice([1, 5, 10, 37]), rng.choice([0, 0, 3, 20])
            wp, wv = rng.choice(payload_sels), rng.choice([False, True, ["txt"], ["img"]])
            threshold = None
            if full and rng.random() < 0.5:
                k = rng.randrange(len(full))
                while k + 1 < len(full) and close(full[k][1], full[k + 1][1]):
                    k += 1
                if k + 1 < len(full):
                    threshold = (full[k][1] + full[k + 1][1]) / 2
                    full = [t for t in full if better(name)(t[1], threshold)]
            hits = shard.query(QueryRequest(
                limit=limit, offset=offset or None, query=Query.Nearest(q, using=name),
                filter=flt, score_threshold=threshold, with_payload=wp, with_vector=wv))
            what = f"query {fname} using {name} limit {limit} offset {offset} thr {threshold}"
            check_ranking([(norm(h.id), h.score) for h in hits], full, offset, limit, what)
            for h in hits:
                check_record(model, norm(h.id), h.payload, h.vector, wp, wv, what)
            transcript.append([(norm(h.id), h.score, h.payload) for h in hits])
        # plain scroll, paged
        want = sorted(cand, key=id_key)
        # (every page costs the engine a pass over the shard and the binding
        # a conversion: three pages at most; the C scenario pages to the end)
        page, got, offset = rng.choice([7, 200, 700]), [], None
        pages = 3
        wp = rng.choice(payload_sels)
        for _ in range(pages):
            recs, nxt = shard.scroll(ScrollRequest(offset=offset, limit=page, filter=flt, with_payload=wp))
            for r in recs:
                check_record(model, norm(r.id), r.payload, r.vector, wp, False, f"scroll {fname}")
            got.extend(norm(r.id) for r in recs)
            start = len(got)
            assert norm(nxt) == (want[start] if start < len(want) else None), fname
            if nxt is None:
                break
            offset = nxt
        assert got == want[:len(got)] and len(got) == min(len(want), pages * page), fname
        transcript.append(got)
        # scroll with order_by
        key = rng.choice(["n", "price", "ts", "nums"])
        direction = rng.choice(["asc", "desc"])
        per_point = point_values(model, cache, key, lambda v: parse_dt(v) if key == "ts" else v if (
            is_int(v) or (key == "price" and is_num(v))) else None)
        vals = [(ov, pid) for pid in cand for ov in per_point[pid]]
        start = None
        if vals and rng.random() < 0.6:
            start = rng.choice(vals)[0]
            vals = [t for t in vals if (t[0] >= start if direction == "asc" else t[0] <= start)]
        vals.sort(key=lambda t: t[0], reverse=direction == "desc")
        limit = rng.choice([5, 50, 300])
        start_json = start
        if key == "ts" and start is not None:
            start_json = dt.datetime.fromtimestamp(start / 1e6, dt.timezone.utc).isoformat()
        recs, nxt = shard.scroll(ScrollRequest(limit=limit, filter=flt, order_by=qedge.OrderBy(
            key, qedge.Direction(direction), start_json)))
        assert nxt is None
        got = [(r.order_value, norm(r.id)) for r in recs]
        check_order_runs(got, vals, limit, (fname, key, direction, start, limit))
        transcript.append(got)
        # facet
        fkey = rng.choice(["color", "tags", "n", "flag"])
        flimit = rng.choice([2, 3, 100])
        per_point = point_values(model, cache, "facet " + fkey, lambda v: json.dumps(v) if (
            isinstance(v, (str, bool)) or is_int(v)) else None)
        counts = {}
        for pid in cand:
            for v in per_point[pid]:
                counts[v] = counts.get(v, 0) + 1
        want = sorted(((json.loads(v), c) for v, c in counts.items()), key=lambda t: (-t[1], t[0]))
        got = [(h.value, h.count) for h in shard.facet(FacetRequest(fkey, limit=flimit, exact=True, filter=flt))]
        assert got == want[:flimit], (fname, fkey)
        transcript.append(got)
    # retrieve: present, missing and repeated ids, every selector
    pool = ids + [10 * N + k for k in range(20)] + [str(uuid.UUID(int=k + 1, version=4)) for k in range(5)]
    for _ in range(10):
        ask = [rng.choice(pool) for _ in range(40)]
        ask += ask[:3]
        wp, wv = rng.choice(payload_sels), rng.choice([False, True, ["img"]])
        recs = shard.retrieve(ask, with_payload=sel_json(wp), with_vector=wv)
        want = list(dict.fromkeys(i for i in ask if i in model.points))
        assert [norm(r.id) for r in recs] == want
        for r in recs:
            check_record(model, norm(r.id), r.payload, r.vector, wp, wv, "retrieve")
        transcript.append([(norm(r.id), r.payload) for r in recs])
    info = shard.info()
    assert info.points_count == len(model.points)
    assert sorted(info.payload_schema) == sorted(model.indexes)
    return transcript


# ---------------------------------------------------------------- updates


def apply(shard, model, op, model_fn):
    """Apply `op` to the shard (when given) and to the model."""
    if shard is not None:
        shard.update(op)
    model_fn()


def pt(pid, vec, payload):
    return Point(pid, vec, payload)


def mutate(shard, model, rng, ops_log=None):
    """Every update variant, on the shard (or only logged for a child) and
    on the model."""
    def do(op, fn):
        if ops_log is not None:
            ops_log.append(op.to_dict())
        apply(shard, model, op, fn)

    ids = sorted(model.points, key=id_key)
    F, FC = Filter, FieldCondition

    def vecs(full=True):
        v = {"img": rand_vec(rng, "img")}
        if full or rng.random() < 0.5:
            v["txt"] = rand_vec(rng, "txt")
        return v

    # plain upsert of new and existing points
    batch = []
    for pid in rng.sample(ids, 200) + [3 * N + k for k in range(50)]:
        batch.append((pid, vecs(False), rand_payload(rng, 0)))
    do(U.upsert_points([pt(*b) for b in batch]), lambda: model.upsert(batch))
    # upsert with a condition (only existing points that match are replaced; new ones go in)
    cond = F(must=[FC("color", MatchValue("red"))])
    batch = [(pid, vecs(), {"upserted": "cond", "color": "green"})
             for pid in rng.sample(ids, 300) + [3 * N + 100 + k for k in range(5)]]
    do(U.upsert_points([pt(*b) for b in batch], condition=cond), lambda: model.upsert(batch, cond))
    # update modes
    for mode in ("insert_only", "update_only"):
        batch = [(pid, vecs(), {"mode": mode, "n": 7})
                 for pid in rng.sample(ids, 50) + [3 * N + 200 + k + (0 if mode == "insert_only" else 50)
                                                    for k in range(10)]]
        do(U.upsert_points([pt(*b) for b in batch], update_mode=qedge.UpdateMode(mode)),
           lambda: model.upsert(batch, None, mode))
    ids = sorted(model.points, key=id_key)
    # deletes
    gone = rng.sample(ids, 150) + [10 * N + 1]
    do(U.delete_points(gone), lambda: model.delete(gone))
    f = F(must=[FC("n", MatchValue(13)), FC("flag", MatchValue(True))])
    do(U.delete_points_by_filter(f), lambda: model.delete(model.select(flt=f)))
    ids = sorted(model.points, key=id_key)
    # vectors
    pvs = [(pid, {"txt": rand_vec(rng, "txt")}) for pid in rng.sample(ids, 200)]
    do(U.update_vectors([PointVectors(p, v) for p, v in pvs]), lambda: model.update_vectors(pvs))
    cond = F(must=[FC("flag", MatchValue(False))])
    pvs = [(pid, {"img": rand_vec(rng, "img")}) for pid in rng.sample(ids, 200)]
    do(U.update_vectors([PointVectors(p, v) for p, v in pvs], condition=cond),
       lambda: model.update_vectors(pvs, cond))
    some = rng.sample(ids, 100)
    do(U.delete_vectors(some, ["txt"]), lambda: model.delete_vectors(some, ["txt"]))
    f = F(must=[FC("meta.level", MatchValue(5)), FC("color", MatchValue("black"))])
    do(U.delete_vectors_by_filter(f, ["img"]), lambda: model.delete_vectors(model.select(flt=f), ["img"]))
    # payload
    some = rng.sample(ids, 300)
    patch = {"color": "blue", "note": None, "extra": {"deep": [1, 2]}}
    do(U.set_payload(some, patch), lambda: model.set_payload(some, patch))
    some = rng.sample(ids, 200)
    patch = {"level": 9, "added": True}
    do(U.set_payload(some, patch, key="meta"), lambda: model.set_payload(some, patch, "meta"))
    some = rng.sample(ids, 50)
    patch = {"z": "zz"}
    do(U.set_payload(some, patch, key="meta.sub"), lambda: model.set_payload(some, patch, "meta.sub"))
    f = F(must=[FC("tags", MatchValue("beta"))])
    patch = {"beta_seen": 1}
    do(U.set_payload_by_filter(f, patch), lambda: model.set_payload(model.select(flt=f), patch))
    some = rng.sample(ids, 100)
    new = rand_payload(rng, 0)
    do(U.overwrite_payload(some, new), lambda: model.overwrite(some, new))
    f = F(must=[FC("n", MatchValue(42))])
    new = {"color": "white", "n": 43, "tags": ["zeta"], "over": None}
    do(U.overwrite_payload_by_filter(f, new), lambda: model.overwrite(model.select(flt=f), new))
    some = rng.sample(ids, 300)
    keys = ["ts", "meta.sub", "items[].qty"]
    do(U.delete_payload(some, keys), lambda: model.delete_payload(some, keys))
    f = F(must=[FC("color", MatchValue("green"))], must_not=[qedge.IsEmptyCondition("nums")])
    keys = ["nums", "note"]
    do(U.delete_payload_by_filter(f, keys), lambda: model.delete_payload(model.select(flt=f), keys))
    some = rng.sample(ids, 60)
    do(U.clear_payload(some), lambda: model.clear(some))
    f = F(must=[FC("meta.level", MatchValue(0)), FC("flag", MatchValue(True))])
    do(U.clear_payload_by_filter(f), lambda: model.clear(model.select(flt=f)))


def schema_ops(shard, model):
    for key, schema in (("color", PayloadSchemaType.Keyword), ("tags", PayloadSchemaType.Keyword),
                        ("n", PayloadSchemaType.Integer), ("flag", PayloadSchemaType.Bool),
                        ("price", PayloadSchemaType.Float), ("ts", PayloadSchemaType.Datetime),
                        ("nums", PayloadSchemaType.Integer), ("note", PayloadSchemaType.Keyword)):
        shard.update(U.create_field_index(key, schema))
        model.indexes[key] = schema
    shard.update(U.delete_field_index("note"))
    del model.indexes["note"]
    with pytest.raises(qedge.ValidationError):
        shard.facet(FacetRequest("note"))


def vector_name_ops(shard, model, rng):
    """create_dense_vector, use it, query it, delete_vector_name."""
    shard.update(U.create_dense_vector("extra", 4, Distance.Euclid))
    ids = sorted(model.points, key=id_key)
    some = rng.sample(ids, 50)
    vs = {pid: [round(rng.uniform(-1, 1), 4) for _ in range(4)] for pid in some}
    shard.update(U.update_vectors([PointVectors(p, {"extra": v}) for p, v in vs.items()]))
    q = [0.1, 0.2, -0.3, 0.4]
    want = sorted(((pid, float(np.sqrt(((np.float32(v) - np.float32(q)) ** 2).astype(np.float64).sum())))
                   for pid, v in vs.items()), key=lambda t: (t[1], id_key(t[0])))
    hits = shard.query(QueryRequest(limit=10, query=Query.Nearest(q, using="extra")))
    check_ranking([(norm(h.id), h.score) for h in hits], want, 0, 10, "extra vector")
    shard.update(U.delete_vector_name("extra"))
    assert set(shard.info().config["vectors"]) == {"img", "txt"}
    with pytest.raises(qedge.ValidationError):
        shard.query(QueryRequest(limit=1, query=Query.Nearest(q, using="extra")))


# ---------------------------------------------------------------- the scenario


def config():
    return EdgeConfig(vectors={n: EdgeVectorParams(DIMS[n], getattr(Distance, DIST[n])) for n in DIMS})


CHILD = r"""
import json, os, sys
import qedge
path, ops = sys.argv[1], json.load(open(sys.argv[2]))
s = qedge.EdgeShard.load(path)
for op in ops:
    if op == "FLUSH":
        s.flush()
    else:
        s.update(op)
os._exit(0)  # no close: what was not flushed must come back from the log
"""


def test_acceptance_scenario(tmp_path):
    rng = random.Random(SEED)
    path = tmp_path / "shard"
    model = Model()
    shard = EdgeShard.create(path, config())
    ids = make_ids(rng, N)
    # upsert N points with payloads, in batches; some points lack "txt";
    # every 50th point repeats an earlier vector (exact score ties)
    points = []
    for k, pid in enumerate(ids):
        vec = {"img": rand_vec(rng, "img")}
        if rng.random() < 0.85:
            vec["txt"] = rand_vec(rng, "txt")
        if k % 50 == 49:
            vec = dict(points[rng.randrange(len(points))][1])
        points.append((pid, vec, rand_payload(rng, k)))
    for b in range(0, N, 1000):
        chunk = points[b:b + 1000]
        shard.update(U.upsert_points([pt(*p) for p in chunk]))
        model.upsert(chunk)
    assert shard.count() == N
    schema_ops(shard, model)
    mutate(shard, model, rng)
    vector_name_ops(shard, model, rng)
    cache = {}
    first = check_all(shard, model, SEED + 1, cache)

    # reopen after close (which flushes): same answers
    shard.close()
    shard = EdgeShard.load(path)
    assert check_all(shard, model, SEED + 1, cache) == first
    shard.close()

    # a child writes, flushes, writes more and dies without closing
    ops = []
    mutate(None, model, rng, ops)
    ops.insert(len(ops) // 2, "FLUSH")
    (tmp_path / "ops.json").write_text(json.dumps(ops))
    (tmp_path / "child.py").write_text(CHILD)
    out = subprocess.run([sys.executable, str(tmp_path / "child.py"), str(path), str(tmp_path / "ops.json")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    shard = EdgeShard.load(path)
    cache = {}
    second = check_all(shard, model, SEED + 2, cache)
    shard.close()
    shard = EdgeShard.load(path)
    assert check_all(shard, model, SEED + 2, cache) == second
    shard.close()


def test_exact_tie_at_the_limit_keeps_the_smaller_id(tmp_path):
    with EdgeShard.create(tmp_path / "t", EdgeConfig(vectors=EdgeVectorParams(2, Distance.Dot))) as s:
        s.update(U.upsert_points([Point(2, [1.0, 0.0]), Point(1, [1.0, 0.0]), Point(3, [0.5, 0.0])]))
        both = [h.id for h in s.query(QueryRequest(limit=2, query=[1.0, 0.0]))]
        first = [h.id for h in s.query(QueryRequest(limit=1, query=[1.0, 0.0]))]
        assert both == [1, 2]
        assert first == [1]
