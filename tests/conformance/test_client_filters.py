"""qdrant-client (PyPI) against qedge-server: the filter language through
count and scroll, each filter's answer checked against a Python predicate
over the same payloads (Qdrant's rules as in docs/qdrant-semantics.md)."""

import pytest
from qdrant_client import models

PAYLOADS = {
    1: {"city": "Berlin", "n": 1, "tags": ["a", "b"], "maybe": None, "text": "the quick brown fox"},
    2: {"city": "London", "n": 2, "tags": ["b"], "maybe": [], "text": "lazy dog"},
    3: {"city": "Paris", "n": 3, "tags": [], "maybe": 0, "text": "quick thinking"},
    4: {"city": "Berlin", "n": 4.5, "tags": ["c"], "nested": [{"x": 1, "y": "p"}, {"x": 2, "y": "q"}]},
    5: {"city": "Rome", "n": -1, "maybe": [None], "nested": [{"x": 1, "y": "q"}]},
    6: {"city": ["Berlin", "Paris"], "n": 10, "text": "brown bread"},
    7: {},
    8: {"city": "London", "n": 7, "tags": ["a"], "loc": {"lon": 13.4, "lat": 52.5}},
    9: {"city": "Paris", "n": 8, "loc": {"lon": 2.35, "lat": 48.86}, "when": "2024-03-01T10:00:00Z"},
    10: {"n": "5", "when": "2023-12-31T23:59:59Z"},
}


def _values(p, key):
    v = p.get(key)
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _num(p, key):
    return [v for v in _values(p, key) if isinstance(v, (int, float)) and not isinstance(v, bool)]


FC = models.FieldCondition
CASES = {
    "match_value": (FC(key="city", match=models.MatchValue(value="Berlin")), lambda p: "Berlin" in _values(p, "city")),
    "match_any": (
        FC(key="city", match=models.MatchAny(any=["Rome", "London"])),
        lambda p: bool({"Rome", "London"} & set(_values(p, "city"))),
    ),
    "match_except": (
        FC(key="city", match=models.MatchExcept(**{"except": ["Berlin"]})),
        lambda p: any(v != "Berlin" for v in _values(p, "city")),
    ),
    "match_text": (FC(key="text", match=models.MatchText(text="quick")), lambda p: "quick" in p.get("text", "")),
    "range": (FC(key="n", range=models.Range(gt=1, lte=7)), lambda p: any(1 < v <= 7 for v in _num(p, "n"))),
    "datetime_range": (
        FC(key="when", range=models.DatetimeRange(gte="2024-01-01T00:00:00Z")),
        lambda p: p.get("when", "") >= "2024-01-01",
    ),
    "values_count": (
        FC(key="tags", values_count=models.ValuesCount(gte=1)),
        lambda p: len(_values(p, "tags")) >= 1,
    ),
    "is_empty": (
        models.IsEmptyCondition(is_empty=models.PayloadField(key="maybe")),
        lambda p: p.get("maybe", None) in (None, []),
    ),
    # [null] matches as well: so answer Qdrant Edge (the oracle) and qdrant-client's local mode.
    "is_null": (
        models.IsNullCondition(is_null=models.PayloadField(key="maybe")),
        lambda p: "maybe" in p and (p["maybe"] is None or (isinstance(p["maybe"], list) and None in p["maybe"])),
    ),
    "has_id": (models.HasIdCondition(has_id=[2, 4, 99]), None),
    "geo_radius": (
        FC(key="loc", geo_radius=models.GeoRadius(center=models.GeoPoint(lon=13.38, lat=52.52), radius=5000.0)),
        lambda p: p.get("loc", {}).get("lon") == 13.4,
    ),
    "nested": (
        models.NestedCondition(
            nested=models.Nested(
                key="nested",
                filter=models.Filter(
                    must=[FC(key="x", match=models.MatchValue(value=1)), FC(key="y", match=models.MatchValue(value="q"))]
                ),
            )
        ),
        lambda p: any(e.get("x") == 1 and e.get("y") == "q" for e in p.get("nested", [])),
    ),
    "array_path_is_per_condition": (
        models.Filter(
            must=[
                FC(key="nested[].x", match=models.MatchValue(value=1)),
                FC(key="nested[].y", match=models.MatchValue(value="q")),
            ]
        ),
        lambda p: any(e.get("x") == 1 for e in p.get("nested", [])) and any(e.get("y") == "q" for e in p.get("nested", [])),
    ),
}
HAS_ID = {2, 4}


@pytest.fixture(scope="module")
def filtered(client):
    name = "c_filters_module"
    client.delete_collection(name)
    client.create_collection(name, vectors_config=models.VectorParams(size=2, distance=models.Distance.DOT))
    client.upsert(
        name, points=[models.PointStruct(id=i, vector=[1.0, float(i)], payload=p) for i, p in PAYLOADS.items()]
    )
    yield name
    client.delete_collection(name)


def _expected(pred):
    return sorted(i for i, p in PAYLOADS.items() if pred(p))


@pytest.mark.parametrize("case", sorted(CASES))
def test_filter(client, filtered, case):
    condition, pred = CASES[case]
    want = sorted(HAS_ID) if pred is None else _expected(pred)
    flt = condition if isinstance(condition, models.Filter) else models.Filter(must=[condition])
    records, _ = client.scroll(filtered, scroll_filter=flt, limit=100, with_payload=False)
    assert [r.id for r in records] == want
    assert client.count(filtered, count_filter=flt).count == len(want)
    # must_not is the complement; should of one condition is the condition.
    negated = models.Filter(must_not=[condition] if not isinstance(condition, models.Filter) else [condition])
    assert client.count(filtered, count_filter=negated).count == len(PAYLOADS) - len(want)
    should = models.Filter(should=[condition] if not isinstance(condition, models.Filter) else [condition])
    assert client.count(filtered, count_filter=should).count == len(want)


def test_min_should(client, filtered):
    conds = [CASES[c][0] for c in ("match_value", "range", "values_count")]
    preds = [CASES[c][1] for c in ("match_value", "range", "values_count")]
    flt = models.Filter(min_should=models.MinShould(conditions=conds, min_count=2))
    records, _ = client.scroll(filtered, scroll_filter=flt, limit=100)
    assert [r.id for r in records] == _expected(lambda p: sum(bool(f(p)) for f in preds) >= 2)
