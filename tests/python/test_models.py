"""qedge.models: classes built from the registry, validation through C."""

import copy
import enum
import inspect
import pickle
import uuid

import numpy as np
import pytest

import qedge
from qedge import QdrantError, ValidationError, _qedge, models


def test_every_registered_model_is_exposed(registry):
    for desc in registry:
        obj = getattr(models, desc["name"])
        if desc["kind"] == "object":
            assert issubclass(obj, models.Model)
            assert obj.__doc__ and obj.__doc__.startswith(desc["doc"] or "")
        elif desc["kind"] == "enum":
            assert issubclass(obj, enum.Enum) and issubclass(obj, str)
            assert sorted(m.value for m in obj) == sorted(desc["values"])


def test_package_exports():
    assert qedge.__version__ == _qedge.__version__
    assert qedge.models is models
    for name in ["EdgeSparseVectorParams", "VectorDataConfig", "Filter", "Distance"]:
        assert getattr(qedge, name) is getattr(models, name)
    # Qdrant Edge's call shapes where they differ from REST: thin subclasses
    for name in ["EdgeConfig", "EdgeVectorParams", "IsEmptyCondition", "HasIdCondition"]:
        assert issubclass(getattr(qedge, name), getattr(models, name))
    assert issubclass(qedge.ValidationError, qedge.QdrantError)
    assert issubclass(qedge.ValidationError, ValueError)


# ---------------------------------------------------------------- construction


def test_nested_typed_instances():
    f = models.Filter(must=[models.FieldCondition(key="a", match=models.MatchValue(value=1))])
    assert isinstance(f.must[0], models.FieldCondition)
    assert isinstance(f.must[0].match, models.MatchValue)
    assert f.must[0].match.value == 1
    assert f.to_dict() == {"must": [{"key": "a", "match": {"value": 1}}]}


def test_dicts_become_typed_instances():
    f = models.Filter(must=[{"key": "a", "match": {"any": ["x", "y"]}}], should={"key": "b", "is_null": True})
    assert isinstance(f.must[0], models.FieldCondition)
    assert isinstance(f.must[0].match, models.MatchAny)
    assert f.must[0].match.any == ["x", "y"]
    assert isinstance(f.should, models.FieldCondition)
    g = models.Filter.from_dict(f.to_dict())
    assert g == f


def test_union_picks_the_matching_alternative():
    fc = models.FieldCondition(key="t", range={"gt": "2024-01-01T00:00:00Z"})
    assert isinstance(fc.range, models.DatetimeRange)
    fc = models.FieldCondition(key="t", range=models.Range(gte=1.5))
    assert isinstance(fc.range, models.Range)
    cc = models.CreateCollection(vectors={"a": {"size": 4, "distance": "Dot"}})
    assert isinstance(cc.vectors["a"], models.VectorParams)
    assert cc.vectors["a"].distance is models.Distance.DOT


def test_keyword_field_names():
    m = models.MatchExcept(except_=[1, 2])
    assert m.except_ == [1, 2]
    assert m.to_dict() == {"except": [1, 2]}
    assert repr(m) == "MatchExcept(except_=[1, 2])"
    assert models.MatchExcept(**{"except": ["a"]}) == models.MatchExcept(except_=["a"])
    assert "except_" in inspect.signature(models.MatchExcept).parameters


def test_unset_fields_are_omitted_and_read_as_defaults():
    p = models.SearchParams(hnsw_ef=64)
    assert p.to_dict() == {"hnsw_ef": 64}
    assert p.exact is False  # the registry default
    assert p.quantization is None
    assert models.SearchParams(hnsw_ef=64, exact=None).to_dict() == {"hnsw_ef": 64}


def test_attribute_assignment_and_deletion():
    p = models.PointStruct(id=1, vector=[1.0, 2.0])
    p.payload = {"a": 1}
    assert p.to_dict() == {"id": 1, "vector": [1.0, 2.0], "payload": {"a": 1}}
    del p.payload
    assert p.payload is None
    with pytest.raises(AttributeError):
        p.no_such_field = 1


def test_positional_arguments_where_declared():
    sv = models.SparseVector([1, 5], [0.5, 0.25])
    assert sv == models.SparseVector(indices=[1, 5], values=[0.5, 0.25])
    with pytest.raises(TypeError):
        models.SparseVector([1], [0.5], [2])
    with pytest.raises(TypeError):
        models.SparseVector([1], indices=[2], values=[0.5])
    with pytest.raises(TypeError):
        models.VectorParams(4, "Cosine")


# ---------------------------------------------------------------- errors


def test_unknown_keyword_is_named():
    with pytest.raises(ValidationError) as exc:
        models.VectorParams(size=4, distance="Cosine", sise=5)
    assert exc.value.path == "sise"
    assert "unknown" in exc.value.message


def test_unknown_nested_field_is_refused_by_constructors():
    with pytest.raises(ValidationError) as exc:
        models.Filter(must=[{"key": "a", "match": {"value": 1}, "bogus": 1}])
    assert exc.value.path.startswith("must")


def test_error_paths():
    with pytest.raises(ValidationError) as exc:
        models.CreateCollection(vectors={"size": "x", "distance": "Cosine"})
    assert exc.value.path == "vectors.size"
    assert str(exc.value) == f"vectors.size: {exc.value.message}"
    assert exc.value.code == "EINVAL"
    with pytest.raises(ValidationError) as exc:
        models.PointStruct(id=1, vector=[1.0], payload={"tags": ["a", "b", b"c"]})
    assert exc.value.path == "payload.tags[2]"
    with pytest.raises(ValidationError) as exc:
        models.VectorParams(size=4)
    assert exc.value.path == "distance"
    with pytest.raises(ValidationError) as exc:
        models.PointStruct(id=-1, vector=[1.0])
    assert exc.value.path == "id"


def test_validation_error_is_a_value_error_and_pickles():
    with pytest.raises(ValueError) as exc:
        models.VectorParams(size=0, distance="Dot")
    err = pickle.loads(pickle.dumps(exc.value))
    assert (err.path, err.message, err.code) == (exc.value.path, exc.value.message, "EINVAL")
    assert str(err) == str(exc.value)


def test_unknown_model_name():
    with pytest.raises(QdrantError) as exc:
        models.validate("NoSuchModel", {})
    assert exc.value.code == "ENOTFOUND"


# ---------------------------------------------------------------- values


def test_numpy_vectors_are_accepted():
    v = np.array([0.1, 0.2, 0.3], dtype=np.float32)
    p = models.PointStruct(id=7, vector=v)
    assert p.vector == [0.1, 0.2, 0.3]
    assert np.array(p.vector, dtype=np.float32).tobytes() == v.tobytes()
    named = models.PointStruct(id=8, vector={"img": np.arange(4, dtype=np.float64)})
    assert named.vector == {"img": [0.0, 1.0, 2.0, 3.0]}
    multi = models.PointStruct(id=9, vector=np.ones((2, 3), dtype=np.float32))
    assert multi.vector == [[1.0] * 3] * 2


def test_integer_numpy_arrays_stay_exact_where_ints_are_expected():
    sv = models.SparseVector(indices=np.array([3, 2**31], dtype=np.uint32), values=np.ones(2))
    assert sv.indices == [3, 2**31]


def test_point_ids():
    u = uuid.UUID("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")
    p = models.PointStruct(id=u, vector=[1.0])
    assert p.id == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
    assert models.PointStruct(id=2**64 - 1, vector=[1.0]).id == 2**64 - 1
    with pytest.raises(ValidationError):
        models.PointStruct(id="not-a-uuid", vector=[1.0])


def test_enum_spellings():
    D = models.Distance
    assert D.COSINE is D.Cosine is D("Cosine")
    assert D.COSINE == "Cosine"
    assert [m.name for m in D] == ["COSINE", "EUCLID", "DOT", "MANHATTAN"]
    for spelling in (D.COSINE, D.Cosine, "Cosine"):
        vp = models.VectorParams(size=4, distance=spelling)
        assert vp.distance is D.COSINE
        assert vp.to_dict() == {"size": 4, "distance": "Cosine"}
    with pytest.raises(ValueError):
        D("cosine")
    with pytest.raises(ValidationError) as exc:
        models.VectorParams(size=4, distance="cosine")
    assert exc.value.path == "distance"


def test_enum_member_names_for_snake_case_values(registry):
    for desc in registry:
        if desc["kind"] != "enum":
            continue
        cls = getattr(models, desc["name"])
        for value in desc["values"]:
            assert cls(value).value == value
            assert getattr(cls, cls(value).name) is cls(value)


def test_unions_and_aliases_are_typing_names(registry):
    import typing

    assert typing.get_origin(models.Condition) is typing.Union
    assert models.FieldCondition in typing.get_args(models.Condition)
    assert set(typing.get_args(models.ExtendedPointId)) == {int, str}


# ---------------------------------------------------------------- protocol


def test_repr_eq_and_round_trip():
    f = models.Filter(must=[models.FieldCondition(key="a", match=models.MatchValue(value=1))])
    assert repr(f) == "Filter(must=[FieldCondition(key='a', match=MatchValue(value=1))])"
    assert eval(repr(f), vars(models)) == f
    assert models.Filter.from_dict(f.to_dict()) == f
    assert models.Filter.model_validate(f.model_dump()) == f
    assert models.Filter.model_validate_json(f.to_json()) == f
    assert f != models.Filter(must=[])
    assert f != f.to_dict()
    with pytest.raises(TypeError):
        hash(f)


def test_copy_and_pickle():
    p = models.PointStruct(id=1, vector=[1.0], payload={"a": [1]})
    assert pickle.loads(pickle.dumps(p)) == p
    c = copy.copy(p)
    c.id = 2
    assert p.id == 1
    d = copy.deepcopy(p)
    d.payload["a"].append(2)
    assert p.payload == {"a": [1]}
    assert p.model_copy(update={"id": 5}).id == 5


def test_model_dump_exclude_none():
    r = models.Record.from_dict({"id": 1, "payload": None})
    assert r.model_dump() == {"id": 1, "payload": None}
    assert r.model_dump(exclude_none=True) == {"id": 1}


def test_server_responses_keep_unknown_fields():
    data = {"id": 3, "version": 1, "score": 0.5, "future_field": {"x": [1, 2]}}
    sp = models.ScoredPoint.from_dict(data)
    assert sp.future_field == {"x": [1, 2]}
    assert sp.to_dict() == data
    assert "future_field" in repr(sp)
    with pytest.raises(ValidationError):
        models.ScoredPoint(**data)


def test_from_dict_accepts_instances():
    f = models.Filter(must=[])
    assert models.Filter.from_dict(f) == f


def test_validate_returns_normalised_values():
    out = models.validate("PointStruct", {"id": 1, "vector": np.array([1, 2], dtype=np.int8)})
    assert isinstance(out, models.PointStruct)
    assert out.vector == [1.0, 2.0]
    plain = _qedge.validate("PointStruct", {"id": 1, "vector": [1, 2]}, typed=False)
    assert plain == {"id": 1, "vector": [1.0, 2.0]}
    batch = _qedge.validate_type("[PointStruct]", [{"id": 1, "vector": [0.5]}])
    assert isinstance(batch[0], models.PointStruct)


def test_edge_config():
    cfg = qedge.EdgeConfig(vectors={"": qedge.EdgeVectorParams(size=3, distance=models.Distance.Dot)})
    assert cfg.to_dict() == {"vectors": {"": {"size": 3, "distance": "Dot"}}}
    with pytest.raises(ValidationError) as exc:
        qedge.EdgeConfig(vectors={"": {"size": 0, "distance": "Dot"}})
    assert exc.value.path.startswith("vectors")


def test_qdrant_client_style_objects_convert():
    class Foreign:  # looks like a pydantic v2 model
        def model_dump(self, exclude_unset=False, by_alias=False):
            return {"key": "a", "match": {"value": "x"}}

    f = models.Filter(must=[Foreign()])
    assert f.must[0] == models.FieldCondition(key="a", match=models.MatchValue(value="x"))
