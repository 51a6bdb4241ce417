"""Edge shard against Qdrant Edge, same code, same data, same run.

Both packages expose Qdrant Edge's API (EdgeShard, Point, UpdateOperation,
QueryRequest, Query.Nearest, ...), so every step below runs unchanged on each:
bulk upsert, exact nearest-neighbour queries (plain and filtered), count, and
close + reopen. Figures are medians over repeats; ratios compare the two in
the same process run.

    .venv/bin/python bench/bench_edge.py [--n 100000] [--dim 100] [--repeats 3]
"""
import argparse
import importlib
import shutil
import statistics
import tempfile
import time

import numpy as np


def run_once(mod, data, payload_groups, queries, args, workdir):
    path = f"{workdir}/{mod.__name__}"
    shutil.rmtree(path, ignore_errors=True)
    cfg = mod.EdgeConfig(vectors=mod.EdgeVectorParams(size=args.dim, distance=mod.Distance.Cosine))
    shard = mod.EdgeShard.create(path, cfg)
    out = {}
    t0 = time.perf_counter()
    for start in range(0, len(data), args.batch):
        pts = [
            mod.Point(start + i, row.tolist(), {"g": int(payload_groups[start + i])})
            for i, row in enumerate(data[start : start + args.batch])
        ]
        shard.update(mod.UpdateOperation.upsert_points(pts))
    shard.flush()
    out["upsert points/s"] = len(data) / (time.perf_counter() - t0)

    exact = mod.SearchParams(exact=True)
    lat = []
    ids = []
    for q in queries:
        t = time.perf_counter()
        res = shard.query(mod.QueryRequest(limit=10, query=mod.Query.Nearest(q.tolist()), params=exact))
        lat.append(time.perf_counter() - t)
        ids.append([p.id for p in res])
    out["exact query/s"] = 1.0 / statistics.median(lat)

    flt = mod.Filter(must=[mod.FieldCondition(key="g", match=mod.MatchValue(value=3))])
    lat = []
    for q in queries[: max(1, len(queries) // 4)]:
        t = time.perf_counter()
        shard.query(mod.QueryRequest(limit=10, query=mod.Query.Nearest(q.tolist()), filter=flt, params=exact))
        lat.append(time.perf_counter() - t)
    out["filtered query/s"] = 1.0 / statistics.median(lat)

    lat = []
    for _ in range(5):  # the first call may parse payloads the queries skipped
        t = time.perf_counter()
        n = shard.count(mod.CountRequest(exact=True, filter=flt))
        lat.append(time.perf_counter() - t)
        assert n == int((payload_groups == 3).sum()), n
    out["filtered count/s"] = 1.0 / statistics.median(lat)

    shard.close()
    t = time.perf_counter()
    shard = mod.EdgeShard.load(path)
    shard.query(mod.QueryRequest(limit=1, query=mod.Query.Nearest(queries[0].tolist()), params=exact))
    out["reopen + first query (s)"] = time.perf_counter() - t
    shard.close()
    return out, ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    data = rng.standard_normal((args.n, args.dim), dtype=np.float32)
    groups = rng.integers(0, 10, args.n)
    queries = rng.standard_normal((args.queries, args.dim), dtype=np.float32)
    mods = [importlib.import_module(m) for m in ("qedge", "qdrant_edge")]
    results = {m.__name__: [] for m in mods}
    answers = {}
    workdir = tempfile.mkdtemp(prefix="qedge-bench-")
    try:
        for _ in range(args.repeats):
            for m in mods:  # alternate, so drift hits both alike
                r, ids = run_once(m, data, groups, queries, args, workdir)
                results[m.__name__].append(r)
                answers[m.__name__] = ids
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    same = sum(a == b for a, b in zip(answers["qedge"], answers["qdrant_edge"]))
    print(f"n={args.n} dim={args.dim} queries={args.queries} repeats={args.repeats}; "
          f"identical top-10 for {same}/{len(queries)} queries")
    print(f"| measure | qedge | Qdrant Edge | qedge advantage (>1: qedge better) |")
    print(f"|---|---:|---:|---:|")
    for key in results["qedge"][0]:
        a = statistics.median(r[key] for r in results["qedge"])
        b = statistics.median(r[key] for r in results["qdrant_edge"])
        ratio = a / b if "(s)" not in key else b / a  # >1 means qedge is better
        print(f"| {key} | {a:,.3g} | {b:,.3g} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
