"""qedge-server over loopback (wrk) beside the raw engine rate of the same
requests, in one run, so the HTTP layer's cost shows as a ratio.

    python3 bench/bench_server.py --server build/dist/server/qedge-server \
        --raw build/dist/bench/bench_shard_ops [--n 10000] [--dim 64] [--seconds 5]

Steps: start qedge-server on a free loopback port with a fresh storage
directory; create a one-shard collection (dim --dim, Cosine) and load --n
random points with a small payload; then wrk (bench/wrk/post_body.lua) runs,
for --seconds each, a query request (top 10 of a fixed vector, with payload)
and an upsert request (8 points, wait=true, so fsynced before the answer),
first over 1 connection (one request at a time: comparable with the raw
loop) and then over --connections connections with 2 wrk threads; GET
/healthz over 1 connection gives the floor of one HTTP round trip. The server
is stopped (SIGTERM, which flushes) and bench_shard_ops opens the very
shard the server served and runs the same two requests through the edge
shard API, one at a time, for --seconds each. Prints a Markdown table.
"""
import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url, method, path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        out = json.loads(r.read())
    assert out["status"] == "ok", out
    return out["result"]


def wrk(url, path, body_file, method, seconds, threads, conns):
    cmd = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds}s", "--latency",
           "-s", str(HERE / "wrk" / "post_body.lua"), url + path, "--", str(body_file), method]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("JSON "))
    r = json.loads(line[5:])
    if r["errors"]:
        raise SystemExit(f"wrk saw {r['errors']} errors:\n{out}")
    r["ops_per_s"] = r["requests"] / r["seconds"]
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", default="build/dist/server/qedge-server")
    ap.add_argument("--raw", default="build/dist/bench/bench_shard_ops")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=8)
    args = ap.parse_args()
    rng = random.Random(7)

    def vec():
        return [round(rng.uniform(-1, 1), 4) for _ in range(args.dim)]

    with tempfile.TemporaryDirectory(prefix="qedge-bench-") as tmp:
        tmp = Path(tmp)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(tmp / "server.log", "wb")
        proc = subprocess.Popen([args.server, "--storage", str(tmp / "data"), "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(500):
                try:
                    urllib.request.urlopen(url + "/readyz", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.02)
            call(url, "PUT", "/collections/bench",
                 {"vectors": {"size": args.dim, "distance": "Cosine"}, "shard_number": 1})
            for start in range(0, args.n, 1000):
                pts = [{"id": i, "vector": vec(), "payload": {"g": i % 10, "name": f"p{i}"}}
                       for i in range(start, min(args.n, start + 1000))]
                call(url, "PUT", "/collections/bench/points?wait=true", {"points": pts})
            query = {"query": vec(), "limit": 10, "with_payload": True}
            upsert = {"points": [{"id": args.n + j, "vector": vec(), "payload": {"g": j}}
                                 for j in range(8)]}
            (tmp / "query.json").write_text(json.dumps(query))
            (tmp / "upsert.json").write_text(json.dumps(upsert))
            rows = {("floor", "http1"): wrk(url, "/healthz", "/dev/null", "GET", args.seconds, 1, 1)}
            for op, path, method, body in (
                ("query", "/collections/bench/points/query", "POST", "query.json"),
                ("upsert", "/collections/bench/points?wait=true", "PUT", "upsert.json"),
            ):
                rows[(op, "http1")] = wrk(url, path, tmp / body, method, args.seconds, 1, 1)
                rows[(op, "httpN")] = wrk(url, path, tmp / body, method, args.seconds, 2,
                                          args.connections)
        finally:
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=60)
            log.close()
        if rc != 0:
            raise SystemExit(f"qedge-server exited {rc}: {(tmp / 'server.log').read_text()}")
        shard = tmp / "data" / "collections" / "bench" / "shards" / "0"
        out = subprocess.run([args.raw, str(shard), str(tmp / "query.json"), str(tmp / "upsert.json"),
                              str(args.seconds)], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            r = json.loads(line)
            rows[(r["op"], "raw")] = r

    cpu = "?"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    print(f"qedge-server vs edge shard API: n={args.n} dim={args.dim} Cosine, one shard, "
          f"{args.seconds:g} s per row, {os.cpu_count()} CPUs ({cpu})\n")
    print("| request | path | requests/s | p50 µs | p99 µs | raw/HTTP rate |")
    print("|---|---|---:|---:|---:|---:|")
    for op in ("query", "upsert"):
        raw = rows[(op, "raw")]
        for kind, label in (("raw", "edge shard API, 1 thread"),
                            ("http1", "HTTP, 1 connection"),
                            ("httpN", f"HTTP, {args.connections} connections, 2 wrk threads")):
            r = rows[(op, kind)]
            ratio = "1" if kind == "raw" else f"{raw['ops_per_s'] / r['ops_per_s']:.2f}"
            print(f"| {op} | {label} | {r['ops_per_s']:.0f} | {r['p50_us']:.0f} | "
                  f"{r['p99_us']:.0f} | {ratio} |")
    r = rows[("floor", "http1")]
    print(f"| GET /healthz (the HTTP floor) | HTTP, 1 connection | {r['ops_per_s']:.0f} | "
          f"{r['p50_us']:.0f} | {r['p99_us']:.0f} | |")


if __name__ == "__main__":
    main()
