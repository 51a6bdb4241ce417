"""Every registered model that names an OpenAPI counterpart must agree with
Qdrant's schema: same field names, same required fields, same enum values,
same union alternatives. All drift is reported at once."""

import json

import pytest

from conftest import OPENAPI
from qedge._model import parse_type, union_variants

pytestmark = pytest.mark.skipif(
    not OPENAPI.is_file(), reason=f"Qdrant's openapi.json not found at {OPENAPI}"
)

REF = "#/components/schemas/"


@pytest.fixture(scope="module")
def schemas():
    return json.loads(OPENAPI.read_text(encoding="utf-8"))["components"]["schemas"]


def _unwrap(schema):
    """A schema with a lone allOf/anyOf/oneOf member is that member."""
    for key in ("allOf", "anyOf", "oneOf"):
        alts = schema.get(key)
        if alts and len(alts) == 1:
            return _unwrap(alts[0])
    return schema


def _alternatives(schema):
    """Top-level alternatives of a schema, without bare `nullable` ones."""
    schema = _unwrap(schema)
    alts = schema.get("anyOf") or schema.get("oneOf")
    if alts is None:
        return None
    return [_unwrap(a) for a in alts if set(a) - {"nullable", "description"}]


def _spec_shape(schema):
    """Coarse shape of an inline schema: integer, number, string, boolean, array, object, any."""
    if "enum" in schema:
        return "string"
    t = schema.get("type")
    if t is None:
        return "object" if "properties" in schema else "any"
    return t


def _reg_shapes(tree, models_by_name):
    """Coarse shapes of a registry alternative (point_id has two)."""
    kind = tree[0]
    if kind == "prim":
        return {
            "bool": ["boolean"],
            "int": ["integer"],
            "uint": ["integer"],
            "float": ["number"],
            "string": ["string"],
            "any": ["any"],
            "object": ["object"],
            "null": [],
            "point_id": ["integer", "string"],
            "vector": ["array"],
        }[tree[1]]
    if kind == "array":
        return ["array"]
    if kind == "map":
        return ["object"]
    desc = models_by_name.get(tree[1])
    if desc is None:
        return ["?" + tree[1]]
    if desc["kind"] == "enum":
        return ["string"]
    if desc["kind"] == "object":
        return ["object"]
    out = []
    for alt in union_variants(parse_type(desc["type"])):
        out += _reg_shapes(alt, models_by_name)
    return out


def _openapi_name(desc):
    """Counterpart schema name, or "" for none (qe_model_describe gives the
    name, or null when the model has no counterpart)."""
    return desc.get("openapi") or ""


def _split_variants(type_expr, models_by_name):
    """(spec names of the model alternatives, shapes of the inline ones)."""
    refs, shapes = set(), set()
    for alt in union_variants(parse_type(type_expr)):
        if alt[0] == "ref" and alt[1] in models_by_name:
            counterpart = _openapi_name(models_by_name[alt[1]])
            if counterpart:
                refs.add(counterpart)
                continue
            if models_by_name[alt[1]]["kind"] == "object":
                shapes.add("object")
                continue
        shapes.update(_reg_shapes(alt, models_by_name))
    return refs, shapes


def _spec_variants(alts):
    refs, shapes = set(), set()
    for a in alts:
        if "$ref" in a:
            refs.add(a["$ref"][len(REF):])
        else:
            shapes.add(_spec_shape(a))
    return refs, shapes


def _compare(desc, schema, models_by_name):
    """Drift messages for one model."""
    name, kind = desc["name"], desc["kind"]
    problems = []
    alts = _alternatives(schema)
    if kind == "object":
        if alts is not None:
            return [f"{name}: registry object, spec is a union of {len(alts)}"]
        fields = {f["name"] for f in desc.get("fields") or ()}
        required = {f["name"] for f in desc.get("fields") or () if f.get("required")}
        props = set(schema.get("properties") or {})
        spec_required = set(schema.get("required") or ())
        if fields != props:
            problems.append(
                f"{name}: fields differ: only in registry {sorted(fields - props)}, "
                f"only in spec {sorted(props - fields)}"
            )
        if required != spec_required:
            problems.append(
                f"{name}: required differ: only in registry {sorted(required - spec_required)}, "
                f"only in spec {sorted(spec_required - required)}"
            )
    elif kind == "enum":
        if "enum" in schema:
            values = set(schema["enum"])
        elif alts is not None and all("enum" in a for a in alts):
            values = {v for a in alts for v in a["enum"]}
        else:
            return [f"{name}: registry enum, spec is not an enum"]
        if set(desc["values"]) != values:
            problems.append(
                f"{name}: enum values differ: only in registry {sorted(set(desc['values']) - values)}, "
                f"only in spec {sorted(values - set(desc['values']))}"
            )
    else:  # union or alias
        reg_refs, reg_shapes = _split_variants(desc["type"], models_by_name)
        if alts is None:
            spec_refs, spec_shapes = _spec_variants([_unwrap(schema)])
        else:
            spec_refs, spec_shapes = _spec_variants(alts)
        if reg_refs != spec_refs:
            problems.append(
                f"{name}: union variants differ: only in registry {sorted(reg_refs - spec_refs)}, "
                f"only in spec {sorted(spec_refs - reg_refs)}"
            )
        reg_shapes.discard("any")
        spec_shapes.discard("any")
        if reg_shapes != spec_shapes and not (kind == "alias" and not spec_shapes and not spec_refs):
            problems.append(
                f"{name}: inline alternatives differ: registry {sorted(reg_shapes)}, "
                f"spec {sorted(spec_shapes)}"
            )
    return problems


def test_registry_agrees_with_openapi(registry, schemas):
    models_by_name = {d["name"]: d for d in registry}
    drift = []
    checked = 0
    for desc in registry:
        counterpart = _openapi_name(desc)
        if counterpart == "":
            continue
        schema = schemas.get(counterpart)
        if schema is None:
            drift.append(f"{desc['name']}: no schema {counterpart!r} in openapi.json")
            continue
        checked += 1
        drift += _compare(desc, schema, models_by_name)
    assert checked > 0
    assert not drift, f"{len(drift)} disagreements with openapi.json:\n" + "\n".join(drift)
