"""Expected answers computed here, by brute force with numpy, from the same
data the tests send: the server's answers are checked against these values."""

import numpy as np

CITIES = ["Berlin", "London", "Moscow", "Paris", "Rome"]


def dataset(n=40, dim=4, seed=7):
    """ids 1..n, float32 vectors and payloads with keyword/integer/float/array fields."""
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    ids = list(range(1, n + 1))
    payloads = []
    for i in range(n):
        city = CITIES[int(rng.choice(len(CITIES), p=[0.35, 0.25, 0.2, 0.15, 0.05]))]
        payloads.append(
            {
                "city": city,
                "n": int((i * 7) % 13),
                "price": round(float(rng.uniform(0, 100)), 2),
                "tags": sorted({f"t{int(x)}" for x in rng.integers(0, 4, size=2)}),
            }
        )
    return ids, vectors, payloads


def normalize(v):
    v = np.asarray(v, dtype=np.float32)
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.where(norm > 0, v / np.where(norm > 0, norm, 1), v)


def scores(distance, stored, query):
    """Scores as Qdrant reports them for a nearest query."""
    stored = np.asarray(stored, dtype=np.float64)
    query = np.asarray(query, dtype=np.float64)
    if distance == "Cosine":
        return normalize(stored).astype(np.float64) @ normalize(query).astype(np.float64)
    if distance == "Dot":
        return stored @ query
    if distance == "Euclid":
        return np.sqrt(((stored - query) ** 2).sum(axis=1))
    if distance == "Manhattan":
        return np.abs(stored - query).sum(axis=1)
    raise ValueError(distance)


def larger_is_better(distance):
    return distance in ("Cosine", "Dot")


def nearest(distance, ids, stored, query, limit=10, mask=None, threshold=None, offset=0):
    """[(id, score)] of a nearest query: filter mask, strict score threshold,
    offset then limit, in Qdrant's order for the distance."""
    s = scores(distance, stored, query)
    better = larger_is_better(distance)
    rows = [(ids[i], float(s[i])) for i in range(len(ids)) if mask is None or mask[i]]
    rows.sort(key=lambda r: -r[1] if better else r[1])
    if threshold is not None:
        rows = [r for r in rows if (r[1] > threshold if better else r[1] < threshold)]
    return rows[offset : offset + limit]


def sparse_dot(points, query):
    """[(id, score)] of a sparse query (dot product over shared indices), best
    first; points without a shared index do not match."""
    q = dict(zip(query[0], query[1]))
    rows = []
    for pid, (indices, values) in points.items():
        shared = [q[i] * v for i, v in zip(indices, values) if i in q]
        if shared:
            rows.append((pid, float(sum(shared))))
    rows.sort(key=lambda r: -r[1])
    return rows


def groups(distance, ids, stored, payloads, query, key, limit, group_size):
    """[(group value, [(id, score)])]: groups ordered by their best hit."""
    ranked = nearest(distance, ids, stored, query, limit=len(ids))
    by_id = dict(zip(ids, payloads))
    out = {}
    for pid, score in ranked:
        value = by_id[pid].get(key)
        if value is None:
            continue
        hits = out.setdefault(value, [])
        if len(hits) < group_size:
            hits.append((pid, score))
    return list(out.items())[:limit]


def facet(values_per_point, limit=10):
    """[(value, count)]: count descending, ties by value ascending."""
    counts = {}
    for values in values_per_point:
        for v in set(values if isinstance(values, list) else [values]):
            counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
