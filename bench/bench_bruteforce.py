#!/usr/bin/env python3
"""Exact top-k search: qedge's kernels (bench_distance) against numpy and
hnswlib's brute-force index, on the same data, in the same run.

    python bench/bench_bruteforce.py --bench build/dist/bench/bench_distance

Writes random float32 rows and queries to a temporary directory, runs the C
benchmark on them, then times numpy (`X @ q` + argpartition) and, when it is
installed, hnswlib.BFIndex (space "ip") on the same arrays. Every figure is
the median queries/s of --runs runs; ratios are against numpy. numpy's BLAS
and hnswlib are held to one thread (--threads) since the C benchmark uses one.
Needs numpy; hnswlib is optional.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bench", default=os.path.join(here, "..", "build", "dist", "bench",
                                                   "bench_distance"))
    p.add_argument("--n", type=int, default=100000)
    p.add_argument("--dims", default="100,784")
    p.add_argument("--queries", type=int, default=30)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--threads", type=int, default=1, help="BLAS / hnswlib threads")
    p.add_argument("--seed", type=int, default=7)
    return p.parse_args()


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def timed(fn, queries, runs):
    fn(queries[0])  # warm-up
    qps = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for q in queries:
            fn(q)
        qps.append(len(queries) / (time.perf_counter() - t0))
    return statistics.median(qps)


def main():
    args = parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import numpy as np  # after the thread variables are set

    try:
        import hnswlib
    except ImportError:
        hnswlib = None

    dims = [int(d) for d in args.dims.split(",") if d]
    rng = np.random.default_rng(args.seed)
    rows = []  # (dim, implementation, qps)
    with tempfile.TemporaryDirectory(prefix="qedge-bench-") as tmp:
        data = {}
        for dim in dims:
            x = rng.standard_normal((args.n, dim), dtype=np.float32)
            q = rng.standard_normal((args.queries, dim), dtype=np.float32)
            x.tofile(os.path.join(tmp, f"base_{dim}.f32"))
            q.tofile(os.path.join(tmp, f"queries_{dim}.f32"))
            data[dim] = (x, q)

        cmd = [args.bench, "--n", str(args.n), "--dims", args.dims, "--queries",
               str(args.queries), "--runs", str(args.runs), "--k", str(args.k),
               "--data-dir", tmp, "--no-pair"]
        print("$", " ".join(cmd), flush=True)
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        print(out, end="")
        auto = re.search(r"^auto kernel=(\S+)", out, re.M).group(1)
        c_top = {}
        for m in re.finditer(r"^exact kernel=(\S+) .*?dim=(\d+) .*?qps=([\d.]+) .*?top=(\S*)",
                             out, re.M):
            kernel, dim, qps, top = m.group(1), int(m.group(2)), float(m.group(3)), m.group(4)
            rows.append((dim, f"qedge {kernel}", qps))
            c_top[(kernel, dim)] = [int(t) for t in top.split(",") if t]

        for dim in dims:
            x, queries = data[dim]
            k = args.k

            def np_search(q):
                s = x @ q
                part = np.argpartition(s, -k)[-k:]
                return part[np.argsort(-s[part], kind="stable")]

            rows.append((dim, "numpy", timed(np_search, queries, args.runs)))
            ref = set(np_search(queries[0]).tolist())
            for (kernel, d), top in c_top.items():
                if d == dim and set(top) != ref:
                    print(f"WARNING: {kernel} dim {dim}: top-{k} differs from numpy's",
                          file=sys.stderr)

            if hnswlib is not None:
                bf = hnswlib.BFIndex(space="ip", dim=dim)
                bf.init_index(max_elements=args.n)
                bf.add_items(x)

                def bf_search(q):
                    return bf.knn_query(q, k=k, num_threads=args.threads)

                rows.append((dim, "hnswlib BFIndex", timed(bf_search, queries, args.runs)))
                labels, _ = bf_search(queries[0])
                if set(labels[0].tolist()) != ref:
                    print(f"WARNING: hnswlib dim {dim}: top-{k} differs from numpy's",
                          file=sys.stderr)
                del bf

    print()
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}; qedge auto kernel: {auto}; "
          f"numpy {np.__version__}" + (f", hnswlib {hnswlib.__version__}"
                                       if hnswlib is not None and hasattr(hnswlib, "__version__")
                                       else ""))
    print(f"N={args.n}, k={args.k}, {args.queries} queries, median of {args.runs} runs, "
          f"{args.threads} thread(s)")
    print()
    print("| dim | implementation | queries/s | vs numpy |")
    print("|----:|----------------|----------:|---------:|")
    for dim in dims:
        base = next(q for d, name, q in rows if d == dim and name == "numpy")
        for d, name, qps in rows:
            if d == dim:
                print(f"| {dim} | {name} | {qps:.1f} | {qps / base:.2f}× |")


if __name__ == "__main__":
    main()
