"""Oracle tests: filters on keys with a payload index, qedge against Qdrant Edge.

In Qdrant a payload index can change a filter's answer: the index keeps its
own values (2.0 is the integer 2 for an integer index, 2.5 is not there) and
a text index tokenizes with its own parameters. For every index kind and
parameter set of ``_edge_index.SCHEMAS`` the same seeded edge-case payloads
go into a Qdrant Edge shard and a qedge shard, both with the index, and
randomized filters on the indexed key must select the same points (scroll,
count and query). A Qdrant Edge shard without the index tells which answers
the index changed: schemas whose answers must change are asserted to change
them (so the test exercises the index and cannot pass by ignoring it), and
the ones that change nothing are asserted to change nothing.
"""

import json
import random

import pytest

import qedge
from _edge_index import (
    SCHEMAS,
    U,
    UNSUPPORTED_SCHEMAS,
    count,
    make_shard,
    rand_filter,
    rand_payloads,
    scroll_ids,
)
from _edge_scenario import build_filter, norm_id

Q = pytest.importorskip(
    "qdrant_edge", reason="the oracle, pip package qdrant-edge-py, is not installed"
)

#: Index kinds whose answers never differ from an unindexed key (bool: the
#: oracle's MatchValue(True) is the integer 1, so the bool checker is never
#: reached from Python; integer with lookup and range off is no index).
NO_CHANGE = {"bool", "integer-neither"}


def _scenario(tmp_path, schema, seed, n_points=150):
    rng = random.Random(seed)
    payloads = rand_payloads(rng, n_points)
    root = str(tmp_path)
    shards = {
        "plain": make_shard(Q, root, payloads),
        "theirs": make_shard(Q, root, payloads, schema),
        "ours": make_shard(qedge, root, payloads, schema),
    }
    return rng, shards


def _close(shards):
    for s in shards.values():
        s.close()


@pytest.mark.parametrize("name,schema", SCHEMAS, ids=[n for n, _ in SCHEMAS])
@pytest.mark.parametrize("seed", [1, 2])
def test_filters_on_indexed_key_match_oracle(tmp_path, name, schema, seed):
    rng, sh = _scenario(tmp_path, schema, seed)
    problems, changed = [], 0
    try:
        for _ in range(160):
            f = rand_filter(rng)
            plain = scroll_ids(Q, sh["plain"], f)
            theirs = scroll_ids(Q, sh["theirs"], f)
            ours = scroll_ids(qedge, sh["ours"], f)
            changed += plain != theirs
            if ours != theirs:
                problems.append(f"{json.dumps(f)}\n  qdrant_edge {theirs}\n  qedge       {ours}")
    finally:
        _close(sh)
    assert not problems, f"{len(problems)} disagreement(s):\n" + "\n".join(problems[:5])
    if name in NO_CHANGE:
        assert changed == 0, "this index kind was expected to change no answer"
    else:
        assert changed > 0, "the scenario should hit answers this index changes"


@pytest.mark.parametrize("name,schema", SCHEMAS, ids=[n for n, _ in SCHEMAS])
def test_count_and_query_follow_the_index(tmp_path, name, schema):
    """count and query(filter=...) take the same index path as scroll."""
    rng, sh = _scenario(tmp_path, schema, 7, n_points=80)
    try:
        for _ in range(40):
            f = rand_filter(rng)
            assert count(Q, sh["theirs"], f) == count(qedge, sh["ours"], f), f
            got = []
            for m, s in ((Q, sh["theirs"]), (qedge, sh["ours"])):
                hits = s.query(m.QueryRequest(limit=200, query=m.Query.Nearest([1.0, 0.0]),
                                              filter=build_filter(m, f)))
                got.append(sorted(norm_id(p.id) for p in hits))
            assert got[0] == got[1], f
    finally:
        _close(sh)


# ---------------------------------------------------------------- pinned cases


def _ids(m, shard, f):
    out = scroll_ids(m, shard, f)
    assert not isinstance(out, tuple), out
    return out


def _pinned(tmp_path, payloads, schema, filters):
    """[(no index, oracle with index, qedge with index)] per filter."""
    root = str(tmp_path)
    plain, theirs, ours = (make_shard(Q, root, payloads), make_shard(Q, root, payloads, schema),
                           make_shard(qedge, root, payloads, schema))
    try:
        return [(_ids(Q, plain, f), _ids(Q, theirs, f), _ids(qedge, ours, f)) for f in filters]
    finally:
        for s in (plain, theirs, ours):
            s.close()


def _must(**cond):
    return {"must": [dict(key="a", **cond)]}


def test_integer_index_sees_integral_floats(tmp_path):
    payloads = [{"a": 2.0}, {"a": 2}, {"a": 2.5}, {"a": [2.0, 3]}, {"a": "2"}, {"a": -0.0}]
    filters = [_must(match={"value": 2}), _must(match={"any": [0]}),
               _must(match={"except": [2]}), _must(range={"gte": 2})]
    rows = _pinned(tmp_path, payloads, "integer", filters)
    assert [r[1] for r in rows] == [[0, 1, 3], [5], [3, 5], [0, 1, 3]]
    assert [r[0] for r in rows] == [[1], [], [0, 2, 3, 4, 5], [0, 1, 2, 3]]
    assert all(r[1] == r[2] for r in rows)


def test_keyword_index_except_sees_strings_only(tmp_path):
    payloads = [{"a": "x"}, {"a": "y"}, {"a": 5}, {"a": [5, "x"]}, {"a": True}]
    rows = _pinned(tmp_path, payloads, "keyword",
                   [_must(match={"except": ["x"]}), _must(match={"except": []})])
    assert rows[0] == ([1, 2, 3, 4], [1], [1])
    assert rows[1] == ([0, 1, 2, 3, 4], [0, 1, 3], [0, 1, 3])


def test_uuid_index_compares_parsed_uuids(tmp_path):
    payloads = [{"a": U}, {"a": U.upper()}, {"a": U.replace("-", "")}, {"a": "x"}]
    rows = _pinned(tmp_path, payloads, "uuid",
                   [_must(match={"value": U}), _must(match={"except": [U]}),
                    _must(match={"value": "x"})])
    assert rows[0] == ([0], [0, 1, 2], [0, 1, 2])
    assert rows[1] == ([1, 2, 3], [], [])
    assert rows[2] == ([3], [3], [3])  # not a UUID: checked on the payload


def test_numeric_index_uuid_value_estimates_zero(tmp_path):
    """A numeric index counts no point for a UUID-string match: a must-chain
    holding it answers nothing, elsewhere the payload is checked."""
    payloads = [{"a": U, "b": 1}, {"a": 2.0, "b": 1}, {"a": U}]
    c = {"key": "a", "match": {"value": U}}
    other = {"key": "b", "match": {"value": 1}}
    filters = [{"must": [c]}, {"must_not": [c]}, {"should": [c, other]}, {"should": [c]},
               {"must": [{"must": [c]}]}]
    rows = _pinned(tmp_path, payloads, "float", filters)
    assert [r[1] for r in rows] == [[], [1], [0, 1, 2], [], []]
    assert all(r[1] == r[2] for r in rows)


def test_datetime_and_numeric_ranges_cross(tmp_path):
    """Datetime index values are microseconds: numeric ranges compare them,
    and a datetime range on a numeric index compares numbers."""
    payloads = [{"a": "1970-01-01T00:00:00.000002Z"}, {"a": "2024-01-01T00:00:00Z"},
                {"a": 1704067200000000}, {"a": 5}]
    rows = _pinned(tmp_path, payloads, "datetime",
                   [_must(range={"lte": 2}), _must(range={"gte": 1704067200000000})])
    assert rows == [([], [0], [0]), ([2], [1], [1])]
    rows = _pinned(tmp_path, payloads, "integer", [_must(range={"gte": "2023-12-31T00:00:00Z"})])
    assert rows == [([1], [2], [2])]


def test_text_index_parameters(tmp_path):
    payloads = [{"a": "Hello World"}, {"a": "hello-world"}, {"a": ["alpha beta", "gamma"]},
                {"a": "hellos"}, {"a": "x the y"}]
    cases = [
        ("text", _must(match={"text": "beta gamma"}), [2]),  # tokens of all strings at once
        ("text", _must(match={"phrase": "hello world"}), []),  # needs phrase_matching
        ({"type": "text", "phrase_matching": True}, _must(match={"phrase": "hello world"}), [0, 1]),
        ({"type": "text", "tokenizer": "whitespace"}, _must(match={"text": "hello"}), [0]),
        ({"type": "text", "tokenizer": "prefix"}, _must(match={"text": "hel"}), [0, 1, 3]),
        ({"type": "text", "lowercase": False}, _must(match={"text": "Hello"}), [0]),
        ({"type": "text", "max_token_len": 4}, _must(match={"text": "hello"}), []),
        ({"type": "text", "stopwords": {"custom": ["The"]}, "phrase_matching": True},
         _must(match={"phrase": "x y"}), [4]),
        ({"type": "text", "tokenizer": "prefix", "phrase_matching": True},
         _must(match={"phrase": "hello wor"}), [0, 1]),
    ]
    for schema, f, want in cases:
        rows = _pinned(tmp_path, payloads, schema, [f])
        assert rows[0][1] == want, (schema, f, rows)
        assert rows[0][2] == want, (schema, f, rows)


@pytest.mark.parametrize("name,schema", SCHEMAS, ids=[n for n, _ in SCHEMAS])
def test_count_empty_null_ignore_the_index(tmp_path, name, schema):
    """values_count, is_empty and is_null answer from the payload whatever
    index the key has."""
    rng = random.Random(3)
    payloads = rand_payloads(rng, 100)
    filters = [_must(values_count={"gte": 2}), _must(values_count={"lt": 1}),
               {"must": [{"is_empty": {"key": "a"}}]}, {"must": [{"is_null": {"key": "a"}}]},
               {"must_not": [{"is_empty": {"key": "a"}}]}]
    for plain, theirs, ours in _pinned(tmp_path, payloads, schema, filters):
        assert plain == theirs == ours


def test_nested_conditions_ignore_the_index(tmp_path):
    payloads = [{"it": [{"v": 2.0}, {"v": 3}]}, {"it": [{"v": 2}]}]
    nested = {"must": [{"nested": {"key": "it", "filter": {"must": [
        {"key": "v", "match": {"value": 2}}]}}}]}
    flat = {"must": [{"key": "it[].v", "match": {"value": 2}}]}
    root = str(tmp_path)
    theirs = make_shard(Q, root, payloads, "integer", key="it[].v")
    ours = make_shard(qedge, root, payloads, "integer", key="it[].v")
    try:
        assert _ids(Q, theirs, nested) == _ids(qedge, ours, nested) == [1]
        assert _ids(Q, theirs, flat) == _ids(qedge, ours, flat) == [0, 1]
    finally:
        theirs.close()
        ours.close()


def test_delete_and_reopen(tmp_path):
    """Dropping the index restores payload answers; a reopened shard keeps
    its index."""
    payloads = [{"a": 2.0}, {"a": 2}]
    f = _must(match={"value": 2})
    s = make_shard(qedge, str(tmp_path), payloads, "integer")
    path = s.path
    assert _ids(qedge, s, f) == [0, 1]
    s.update(qedge.UpdateOperation.delete_field_index("a"))
    assert _ids(qedge, s, f) == [1]
    s.update(qedge.UpdateOperation.create_field_index("a", "integer"))
    s.close()
    s = qedge.EdgeShard.load(path)
    try:
        assert _ids(qedge, s, f) == [0, 1]
    finally:
        s.close()


@pytest.mark.parametrize("name,schema", UNSUPPORTED_SCHEMAS,
                         ids=[n for n, _ in UNSUPPORTED_SCHEMAS])
def test_unsupported_text_parameters_raise(tmp_path, name, schema):
    """Stemmers, the multilingual tokenizer, ASCII folding and language stop
    words are not applied yet: a text condition on such a key raises
    UnsupportedError (Qdrant Edge answers it); other conditions still work."""
    s = make_shard(qedge, str(tmp_path), [{"a": "Running cafés"}, {"a": 2}], schema)
    try:
        with pytest.raises(qedge.UnsupportedError, match="text index on `a`"):
            s.scroll(qedge.ScrollRequest(limit=10, filter=build_filter(
                qedge, _must(match={"text": "run"}))))
        assert _ids(qedge, s, _must(match={"value": 2})) == [1]
    finally:
        s.close()


def test_updates_by_filter_use_the_index(tmp_path):
    """Updates with a filter select points as reads do; a filter the index
    makes unanswerable is refused before anything is written."""
    payloads = [{"a": 2.0}, {"a": 2}, {"a": 2.5}, {"t": "Running"}]
    root = str(tmp_path)
    f = _must(match={"value": 2})
    shards = [(m, make_shard(m, root, payloads, "integer")) for m in (Q, qedge)]
    try:
        left = []
        for m, s in shards:
            s.update(m.UpdateOperation.delete_points_by_filter(build_filter(m, f)))
            left.append(_ids(m, s, {}))
        assert left[0] == left[1] == [2, 3]
    finally:
        for _, s in shards:
            s.close()
    s = make_shard(qedge, root, payloads, UNSUPPORTED_SCHEMAS[0][1], key="t")
    try:
        text = {"must": [{"key": "t", "match": {"text": "run"}}]}
        with pytest.raises(qedge.UnsupportedError):
            s.update(qedge.UpdateOperation.delete_points_by_filter(build_filter(qedge, text)))
        path = s.path
        s.close()
        s = qedge.EdgeShard.load(path)
        assert _ids(qedge, s, {}) == [0, 1, 2, 3]
    finally:
        s.close()


@pytest.mark.parametrize("name,schema", SCHEMAS, ids=[n for n, _ in SCHEMAS])
def test_info_counts_the_points_an_index_holds(tmp_path, name, schema):
    """info().payload_schema[key].points counts the points the index holds a
    value for (2.5 is not in an integer index, a stop word gives no token)."""
    payloads = rand_payloads(random.Random(5), 120)
    root = str(tmp_path)
    got = []
    for m in (Q, qedge):
        s = make_shard(m, root, payloads, schema)
        try:
            got.append(s.info().payload_schema["a"].points)
        finally:
            s.close()
    assert got[0] == got[1]
    if name != "integer-neither":
        assert got[1] < sum(1 for p in payloads if p and p.get("a") not in (None, []))


@pytest.mark.parametrize("schema", ["keyword", "integer", "bool", "uuid"])
def test_facets_count_index_values(tmp_path, schema):
    """A facet counts the values the index holds: strings for keyword,
    integers and integral floats for integer, canonical UUIDs for uuid."""
    payloads = rand_payloads(random.Random(9), 150)
    root = str(tmp_path)
    got = []
    for m in (Q, qedge):
        s = make_shard(m, root, payloads, schema)
        try:
            hits = s.facet(m.FacetRequest(key="a", limit=1000)).hits
            got.append([(str(h.value), h.count) for h in hits])
        finally:
            s.close()
    assert got[0] == got[1]
    assert got[1]
