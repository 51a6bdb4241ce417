"""Payload-index scenarios shared by test_edge_index_congruence.py and
tools/probe_edge_index.py.

A payload index can change what a filter answers in Qdrant (the index keeps
its own values: 2.0 is the integer 2, a text index tokenizes with its own
parameters, ...). Everything here is data: index schemas in REST shape
(``{"type": "text", "tokenizer": "prefix", ...}``) turned into each module's
objects by :func:`schema_arg`, payloads chosen to sit on the edges where an
index and the plain payload check disagree, and filters over the indexed key
``a`` in the REST-dict form of ``_edge_scenario.build_filter``.
"""

import random
import tempfile
import uuid
from typing import Any, Dict, List, Optional

from _edge_scenario import build_filter, norm_id

U = "6f1c3a52-9d2e-4b7a-8c11-2e4f5a6b7c8d"

#: (name, REST schema or None for "no index"): every index kind and the
#: parameters that matter for answers.
SCHEMAS = [
    ("keyword", "keyword"),
    ("integer", "integer"),
    ("integer-lookup-only", {"type": "integer", "lookup": True, "range": False}),
    ("integer-range-only", {"type": "integer", "lookup": False, "range": True}),
    ("integer-neither", {"type": "integer", "lookup": False, "range": False}),
    ("float", "float"),
    ("bool", "bool"),
    ("datetime", "datetime"),
    ("uuid", "uuid"),
    ("geo", "geo"),
    ("text", "text"),
    ("text-phrase", {"type": "text", "phrase_matching": True}),
    ("text-whitespace", {"type": "text", "tokenizer": "whitespace"}),
    ("text-prefix", {"type": "text", "tokenizer": "prefix"}),
    ("text-prefix-phrase", {"type": "text", "tokenizer": "prefix", "phrase_matching": True}),
    ("text-prefix-2-4", {"type": "text", "tokenizer": "prefix", "min_token_len": 2,
                         "max_token_len": 4}),
    ("text-case", {"type": "text", "lowercase": False, "phrase_matching": True}),
    ("text-min3-max6", {"type": "text", "min_token_len": 3, "max_token_len": 6,
                        "phrase_matching": True}),
    ("text-stop", {"type": "text", "stopwords": {"custom": ["the", "Of", "beta"]},
                   "phrase_matching": True}),
    ("text-stem", {"type": "text", "stemmer": {"type": "snowball", "language": "english"}}),
    ("text-stem-phrase-stop-len", {"type": "text", "phrase_matching": True, "min_token_len": 4,
                                   "max_token_len": 7, "stopwords": {"custom": ["run", "the"]},
                                   "stemmer": {"type": "snowball", "language": "english"}}),
    ("text-prefix-stem", {"type": "text", "tokenizer": "prefix", "max_token_len": 5,
                          "stemmer": {"type": "snowball", "language": "english"}}),
    ("text-prefix-stop", {"type": "text", "tokenizer": "prefix", "min_token_len": 2,
                          "stopwords": {"custom": ["the", "alpha", "runs"]},
                          "phrase_matching": True}),
    ("text-ws-case-stop", {"type": "text", "tokenizer": "whitespace", "lowercase": False,
                           "stopwords": {"custom": ["x-ray"]}}),
]

#: Text index parameters qedge does not apply yet (a text condition on such
#: a key raises UnsupportedError).
UNSUPPORTED_SCHEMAS = [
    ("text-stemmer-german", {"type": "text",
                             "stemmer": {"type": "snowball", "language": "german"}}),
    ("text-multilingual", {"type": "text", "tokenizer": "multilingual"}),
    ("text-ascii-folding", {"type": "text", "ascii_folding": True}),
    ("text-stop-english", {"type": "text", "stopwords": "english"}),
]

_ENUM_TOKENIZER = {"word": "Word", "whitespace": "Whitespace", "prefix": "Prefix",
                   "multilingual": "Multilingual"}


def schema_arg(m: Any, schema: Any) -> Any:
    """The ``create_field_index`` schema argument for module ``m``: qedge
    takes the REST form as it is; qdrant_edge wants its own classes."""
    if m.__name__ != "qdrant_edge":
        return schema
    if isinstance(schema, str):
        return getattr(m.PayloadSchemaType, schema.capitalize())
    kw = {k: v for k, v in schema.items() if k != "type"}
    if schema["type"] == "integer":
        return m.IntegerIndexParams(**kw)
    if "tokenizer" in kw:
        kw["tokenizer"] = getattr(m.TokenizerType, _ENUM_TOKENIZER[kw["tokenizer"]])
    sw = kw.get("stopwords")
    if isinstance(sw, str):
        kw["stopwords"] = getattr(m.Language, sw.capitalize())
    elif sw is not None:
        kw["stopwords"] = m.StopwordsSet(custom=set(sw["custom"]))
    st = kw.get("stemmer")
    if st is not None:
        kw["stemmer"] = m.SnowballParams(getattr(m.SnowballLanguage, st["language"].capitalize()))
    return m.TextIndexParams(**kw)


# ---------------------------------------------------------------- payloads

WORDS = ("alpha", "Beta", "GAMMA", "the", "of", "straße", "ΣΑΣ", "x-ray", "ab", "abcdefgh",
         "café", "foo_bar", "2", "İstanbul", "Running", "runs", "connected", "connections",
         "happily", "generously", "hoped", "ties")
EDGE_VALUES: List[Any] = [
    2, 2.0, 2.5, -0.0, 0, 1.9, -1.5, 1e20, 9007199254740993, -9223372036854775808, True, False,
    None, "2", U, U.upper(), U.replace("-", ""), "x", "", "2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00.5+02:00", "1970-01-01T00:00:00.000002Z", 1704067200000000,
    {"lon": 1.0, "lat": 2.0}, {"lon": 200.0, "lat": 2.0}, {"lon": 1.5, "lat": 2.5},
    {"lon": "1", "lat": 2}, {"x": 1}, [], [None], [1, [2]], [2.0, 3], [True, False],
]


def rand_text(rng: random.Random) -> str:
    seps = (" ", " ", ", ", "-", "  ", "\t")
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 5))]
    out = words[0]
    for w in words[1:]:
        out += rng.choice(seps) + w
    return out


def rand_value(rng: random.Random) -> Any:
    r = rng.random()
    if r < 0.35:
        return rng.choice(EDGE_VALUES)
    if r < 0.55:
        return rand_text(rng)
    if r < 0.7:
        return rng.choice([rng.randint(-3, 3), rng.randint(-3, 3) + rng.choice([0.0, 0.5])])
    if r < 0.8:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if r < 0.85:
        return [rand_value(rng) for _ in range(rng.randint(0, 3))]
    if r < 0.9:
        return [rand_text(rng) for _ in range(rng.randint(2, 3))]
    return {"lon": round(rng.uniform(-3, 3), 3), "lat": round(rng.uniform(-3, 3), 3)}


def rand_payloads(rng: random.Random, n: int) -> List[Optional[Dict[str, Any]]]:
    """Every edge value once (in a shuffled order), then random payloads."""
    firsts = list(EDGE_VALUES)
    rng.shuffle(firsts)
    out: List[Optional[Dict[str, Any]]] = [{"a": v} for v in firsts[:n]]
    for _ in range(n - len(out)):
        r = rng.random()
        if r < 0.05:
            out.append(None)
        elif r < 0.12:
            out.append({"b": 1})
        else:
            out.append({"a": rand_value(rng)})
    return out


# ---------------------------------------------------------------- filters


def rand_condition(rng: random.Random) -> Dict[str, Any]:
    k = rng.randrange(14)
    key = "a"
    if k == 0:
        return {"key": key, "match": {"value": rng.choice([2, 0, 3, -1, "2", "x", U, U.upper(), ""])}}
    if k == 1:
        vals = rng.choice([[2, 0], [3], [-1, 1, 2], ["x", "2"], [U], [U.upper(), U], ["alpha"]])
        return {"key": key, "match": {"any": vals}}
    if k == 2:
        vals = rng.choice([[], [2], [0, 3], ["2"], ["x"], [U], ["x", U], [U.replace("-", "")]])
        return {"key": key, "match": {"except": vals}}
    if k in (3, 4):
        lo = rng.choice([-1.5, 0, 1.5, 2, 2.5])
        r = rng.choice([{"gte": lo}, {"lt": lo}, {"gt": lo, "lte": lo + 2}, {"lte": -0.5}])
        return {"key": key, "range": r}
    if k == 5:
        return {"key": key, "range": rng.choice([
            {"gte": "2023-12-31T00:00:00Z"}, {"lt": "2023-12-31T00:00:00Z"},
            {"gt": "2024-01-01T00:00:00Z"}, {"lte": "1970-01-01T00:00:01Z"}])}
    if k == 6:
        return {"key": key, "range": rng.choice([{"gte": 1704067200000000}, {"lte": 2},
                                                  {"gt": 1.5, "lt": 2.5}])}
    if k in (7, 8):
        return {"key": key, "match": {"text": rand_query(rng)}}
    if k == 9:
        return {"key": key, "match": {"text_any": rand_query(rng)}}
    if k == 10:
        return {"key": key, "match": {"phrase": rand_query(rng)}}
    if k == 11:
        lon = rng.choice([1.0, 179.0])  # 179: reaches the invalid lon 200 point
        return {"key": key, "geo_radius": {"center": {"lon": lon, "lat": 2.0},
                                           "radius": rng.choice([1000.0, 200000.0, 3e6])}}
    if k == 12:
        return {"key": key, "values_count": rng.choice([{"gte": 1}, {"lt": 1}, {"gte": 2}])}
    return rng.choice([{"is_empty": {"key": key}}, {"is_null": {"key": key}}])


def rand_query(rng: random.Random) -> str:
    words = list(WORDS) + ["alp", "GAM", "be", "stra", "σας", "abcd", "istanbul", "x", "alpha be",
                           "run", "connect", "happy", "generous", "hope", "tie", "hoping"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))


def rand_filter(rng: random.Random) -> Dict[str, Any]:
    """Mostly one condition on ``a``; sometimes combined with another, with
    a condition on the unindexed key ``b`` or with has_id (Qdrant's planner
    treats indexed and unindexed branches differently)."""
    c = rand_condition(rng)
    r = rng.random()
    if r < 0.6:
        return {"must": [c]}
    if r < 0.72:
        return {"must_not": [c]}
    other = rng.choice([
        rand_condition(rng), rand_condition(rng), {"key": "b", "match": {"value": 1}},
        {"has_id": rng.sample(range(40), 5)}, {"must": [rand_condition(rng)]},
    ])
    if r < 0.88:
        return {"should": [c, other]}
    if r < 0.94:
        return {"must": [c, other]}
    conds = [c, other, rand_condition(rng)]
    return {"min_should": {"conditions": conds, "min_count": rng.randint(1, 2)}}


# ---------------------------------------------------------------- shards


def make_shard(m: Any, root: str, payloads: List[Optional[Dict[str, Any]]],
               schema: Any = None, key: str = "a") -> Any:
    path = tempfile.mkdtemp(dir=root)
    s = m.EdgeShard.create(path, m.EdgeConfig(
        vectors=m.EdgeVectorParams(size=2, distance=m.Distance.Dot)))
    s.update(m.UpdateOperation.upsert_points(
        [m.Point(i, [1.0, 0.0], p) for i, p in enumerate(payloads)]))
    if schema is not None:
        s.update(m.UpdateOperation.create_field_index(key, schema_arg(m, schema)))
    return s


def scroll_ids(m: Any, shard: Any, f: Dict[str, Any]) -> Any:
    """Sorted ids the filter selects, or ("error",) when the call raised."""
    try:
        recs = shard.scroll(m.ScrollRequest(limit=10_000, filter=build_filter(m, f),
                                            with_payload=False))[0]
    except Exception:  # the comparison decides what is fine
        return ("error",)
    return sorted(norm_id(r.id) for r in recs)


def count(m: Any, shard: Any, f: Dict[str, Any]) -> Any:
    try:
        return shard.count(m.CountRequest(filter=build_filter(m, f), exact=True))
    except Exception:
        return ("error",)
