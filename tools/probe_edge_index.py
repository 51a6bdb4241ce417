#!/usr/bin/env python3
"""Probe where a payload index changes Qdrant Edge's filter answers.

For every index kind and parameter set of tests/python/_edge_index.py
(SCHEMAS, plus UNSUPPORTED_SCHEMAS with --all), builds Qdrant Edge shards
with the same edge-case payloads without and with the index, runs the same
filters on both and prints each filter whose answer changes with the index
("CHANGES"). With --qedge it also builds qedge's shard and prints where qedge
disagrees with Qdrant Edge ("QEDGE DIFFERS").

    .venv/bin/python tools/probe_edge_index.py [--qedge] [--all] [--seed N]
        [--points N] [--filters N] [--only NAME]
"""

import argparse
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "python"))

import qdrant_edge  # noqa: E402

from _edge_index import (  # noqa: E402
    SCHEMAS,
    UNSUPPORTED_SCHEMAS,
    make_shard,
    rand_filter,
    rand_payloads,
    scroll_ids,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qedge", action="store_true", help="compare qedge with Qdrant Edge too")
    ap.add_argument("--all", action="store_true", help="include unsupported text params")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--points", type=int, default=120)
    ap.add_argument("--filters", type=int, default=150)
    ap.add_argument("--only", help="probe only this schema name")
    args = ap.parse_args()
    mods = [qdrant_edge]
    if args.qedge:
        import qedge

        mods.append(qedge)
    schemas = SCHEMAS + (UNSUPPORTED_SCHEMAS if args.all else [])
    root = tempfile.mkdtemp(prefix="probe-index-")
    bad = 0
    for name, schema in schemas:
        if args.only and name != args.only:
            continue
        rng = random.Random(args.seed)
        payloads = rand_payloads(rng, args.points)
        plain = make_shard(qdrant_edge, root, payloads)
        shards = [make_shard(m, root, payloads, schema) for m in mods]
        changes = differs = 0
        seen = set()
        for _ in range(args.filters):
            f = rand_filter(rng)
            key = json.dumps(f, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            base = scroll_ids(qdrant_edge, plain, f)
            idx = scroll_ids(qdrant_edge, shards[0], f)
            if base != idx:
                changes += 1
                print(f"[{name}] CHANGES {key}\n    no index {base}\n    index    {idx}")
            if args.qedge:
                ours = scroll_ids(mods[1], shards[1], f)
                if ours != idx and not (isinstance(ours, tuple) and isinstance(idx, tuple)):
                    differs += 1
                    print(f"[{name}] QEDGE DIFFERS {key}\n    qdrant_edge {idx}\n    qedge       {ours}")
        for s in [plain] + shards:
            s.close()
        bad += differs
        print(f"== {name}: {len(seen)} filters, {changes} answers changed by the index"
              + (f", qedge differs on {differs}" if args.qedge else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
