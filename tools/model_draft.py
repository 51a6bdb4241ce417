#!/usr/bin/env python3
"""Draft C descriptors for the schema registry from Qdrant's OpenAPI spec.

Usage:
  tools/model_draft.py [--spec PATH] [--closure] [--skip NAME,...]
                       [--group NAME] [--docs FILE] [--hints] SCHEMA...

Prints C code for core/src/model/models_<group>.c: one field table per
object model, one value list per enum, and the model table with its group.
The output is a DRAFT: read it, write the doc strings in our own words and
fix what the mapping cannot know (vector bounds, defaults, aliases).

Mapping rules:
  anyOf [X, {nullable}]        optional field of type X (null accepted)
  optional, not nullable       QE_NONULL (serde refuses an explicit null)
  required and nullable        QE_REQ | QE_NULLABLE
  integer, format u*           uint; other integers: int
  number                       float
  minimum / maximum            bounds: uint(1..), float(0..1)
  array                        [T]; float32 arrays inside vector schemas: vector
  additionalProperties: T      {T}; `true` or nothing: object
  $ref                         the schema's name
  string enum                  QE_ENUM
  anyOf / oneOf                QE_UNION of the alternatives, in spec order
  ExtendedPointId              QE_ALIAS of point_id
  inline object alternatives   helper models <Name>OneOf, <Name>OneOf1, ...
                               (qdrant-client's names), openapi "" (none)
  inline string enums          helper enum <Owner><Field>, openapi ""

--closure adds every schema the given ones reference, transitively (minus
--skip). --docs FILE reads lines `Model: text` and `Model.field: text` and
uses them as doc strings. --hints prints the spec's own description above
each model and field as a comment, for reference while writing docs; never
keep those comments in the sources.
"""

import argparse
import json
import os
import re
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SPEC = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "qdrant", "openapi.json"))
if not os.path.exists(DEFAULT_SPEC):
    DEFAULT_SPEC = "/work/shared/qdrant/openapi.json"

# Schemas whose float32 arrays are dense vectors.
VECTOR_SCHEMAS = {
    "VectorStruct",
    "VectorStructOutput",
    "Vector",
    "VectorOutput",
    "VectorInput",
    "BatchVectorStruct",
}
# Schemas modelled as aliases of a builtin type.
BUILTIN_ALIASES = {"ExtendedPointId": "point_id", "Payload": "object"}

REF = re.compile(r"#/components/schemas/(\w+)")


def camel(s):
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[_\-\s]+", s) if p)


def c_str(s):
    if s is None:
        return "NULL"
    return json.dumps(s, ensure_ascii=False)


class Drafter:
    def __init__(self, schemas, docs, hints):
        self.S = schemas
        self.docs = docs
        self.hints = hints
        self.out = []  # C chunks (field tables, enum lists)
        self.entries = []  # model table entries
        self.done = set()
        self.notes = []  # constructs the type language cannot express
        # Hand corrections for scripts that import this module:
        # {(model, field): {"type"|"flags"|"def"|"aliases": value}}.
        self.overrides = {}
        # {model: "field,field"}: at least one of these fields must be given.
        self.require_any = {}

    # ---------------------------------------------------------------- types
    def type_of(self, sch, owner, field, vec=False):
        """Return (type expression, nullable) for a property schema."""
        if not isinstance(sch, dict) or not sch:
            return "any", False
        nullable = bool(sch.get("nullable"))
        if "$ref" in sch:
            return REF.search(sch["$ref"]).group(1), nullable
        for kw in ("anyOf", "oneOf"):
            if kw in sch:
                alts = []
                for i, a in enumerate(sch[kw]):
                    if a.get("nullable") and len(a) == 1:
                        nullable = True
                        continue
                    t, n = self.type_of(a, owner, f"{field}{kw}{i}", vec)
                    nullable = nullable or n
                    if t not in alts:
                        alts.append(t)
                return " | ".join(alts) if alts else "any", nullable
        if "allOf" in sch:
            self.notes.append(f"{owner}.{field}: allOf")
            if len(sch["allOf"]) == 1:
                t, n = self.type_of(sch["allOf"][0], owner, field, vec)
                return t, n or nullable
            return "any", nullable
        ty = sch.get("type")
        for k in ("minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "pattern"):
            if k in sch:
                self.notes.append(f"{owner}.{field}: {k}={sch[k]}")
        if ty == "array":
            items = sch.get("items", {})
            if (
                vec
                and isinstance(items, dict)
                and items.get("type") == "number"
                and items.get("format") == "float"
            ):
                return "vector", nullable
            t, n = self.type_of(items, owner, field, vec)
            return f"[{t} | null]" if n else f"[{t}]", nullable
        if ty == "object" or (ty is None and ("properties" in sch or "additionalProperties" in sch)):
            if sch.get("properties"):
                name = owner + camel(field)
                self.helper_object(name, sch)
                return name, nullable
            ap = sch.get("additionalProperties")
            if isinstance(ap, dict) and ap:
                t, n = self.type_of(ap, owner, field, vec)
                return "{" + t + (" | null}" if n else "}"), nullable
            return "object", nullable
        if ty == "string":
            if "enum" in sch:
                name = owner + camel(field)
                self.helper_enum(name, sch)
                return name, nullable
            return "string", nullable
        if ty == "boolean":
            return "bool", nullable
        if ty == "integer":
            base = "uint" if str(sch.get("format", "")).startswith("u") else "int"
            return base + self.bounds(sch, base), nullable
        if ty == "number":
            return "float" + self.bounds(sch, "float"), nullable
        return "any", nullable

    @staticmethod
    def bounds(sch, base):
        lo, hi = sch.get("minimum"), sch.get("maximum")
        if base == "uint" and lo == 0:
            lo = None
        if lo is None and hi is None:
            return ""

        def num(x):
            return "" if x is None else (str(int(x)) if float(x).is_integer() else repr(x))

        return f"({num(lo)}..{num(hi)})"

    # --------------------------------------------------------------- models
    def doc(self, key):
        return self.docs.get(key)

    def hint(self, sch, indent=""):
        d = sch.get("description") if isinstance(sch, dict) else None
        if self.hints and d:
            d = " ".join(d.split())
            self.out.append(f"{indent}/* spec: {d[:300]} */")

    def helper_object(self, name, sch, openapi=""):
        if name in self.done:
            return
        self.done.add(name)
        self.object_model(name, sch, openapi)

    def helper_enum(self, name, sch):
        if name in self.done:
            return
        self.done.add(name)
        self.enum_model(name, sch, "")

    def object_model(self, name, sch, openapi=None):
        props = sch.get("properties", {})
        req = set(sch.get("required", []))
        flags = "QE_M_STRICT" if sch.get("additionalProperties") is False else "0"
        vec = name in VECTOR_SCHEMAS
        self.hint(sch)
        if not props:
            self.entries.append(
                f"QE_EMPTY_OBJECT_X({c_str(name)}, {flags}, {c_str(openapi)}, {c_str(self.doc(name))}),"
            )
            return
        lines = []
        for fname, p in props.items():
            t, nullable = self.type_of(p, name, fname, vec)
            if fname in req:
                fl = "QE_REQ | QE_NULLABLE" if nullable else "QE_REQ"
            else:
                fl = "0" if nullable else "QE_NONULL"
            default = p.get("default") if isinstance(p, dict) else None
            d = c_str(json.dumps(default)) if default is not None else "NULL"
            ov = self.overrides.get((name, fname), {})
            t = ov.get("type", t)
            fl = ov.get("flags", fl)
            d = c_str(ov["def"]) if "def" in ov else d
            aliases = ov.get("aliases")
            if self.hints:
                desc = (p.get("description") or "") if isinstance(p, dict) else ""
                desc = " ".join(desc.split())
                dflt = f" default={json.dumps(default)}" if default is not None else ""
                if desc or dflt:
                    lines.append(f"  /* spec: {desc[:300]}{dflt} */")
            doc = c_str(self.doc(name + "." + fname))
            if aliases:
                lines.append(
                    f"  QE_FIELD_A({c_str(fname)}, {c_str(t)}, {fl}, {d}, {doc}, {c_str(aliases)}),"
                )
            else:
                lines.append(f"  QE_FIELD({c_str(fname)}, {c_str(t)}, {fl}, {d}, {doc}),")
        self.out.append(f"static const qe_field_desc {name}_f[] = {{")
        self.out.extend(lines)
        self.out.append("};\n")
        if name in self.require_any:
            any_ = c_str(self.require_any[name])
            self.entries.append(
                f"QE_OBJECT_ANY({c_str(name)}, {name}_f, {flags}, {any_}, {c_str(self.doc(name))}),"
            )
        elif openapi is None:
            self.entries.append(f"QE_OBJECT({c_str(name)}, {name}_f, {flags}, {c_str(self.doc(name))}),")
        else:
            self.entries.append(
                f"QE_OBJECT_X({c_str(name)}, {name}_f, {flags}, {c_str(openapi)}, {c_str(self.doc(name))}),"
            )

    def enum_model(self, name, sch, openapi=None):
        self.hint(sch)
        vals = ", ".join(c_str(v) for v in sch["enum"])
        self.out.append(f"static const char *const {name}_v[] = {{{vals}, NULL}};\n")
        if openapi is None:
            self.entries.append(f"QE_ENUM({c_str(name)}, {name}_v, {c_str(self.doc(name))}),")
        else:
            self.entries.append(
                f"QE_ENUM_X({c_str(name)}, {name}_v, {c_str(openapi)}, {c_str(self.doc(name))}),"
            )

    def union_model(self, name, sch, kw):
        self.hint(sch)
        alts = []
        nullable = False
        for i, a in enumerate(sch[kw]):
            if a.get("nullable") and len(a) == 1:
                nullable = True
                continue
            is_obj = a.get("type") == "object" and a.get("properties")
            is_enum = a.get("type") == "string" and "enum" in a
            if is_obj or is_enum:
                hname = f"{name}OneOf" + (str(i) if i else "")
                if hname not in self.done:
                    self.done.add(hname)
                    if is_obj:
                        self.object_model(hname, a, "")
                    else:
                        self.enum_model(hname, a, "")
                t = hname
            else:
                t, n = self.type_of(a, name, f"{kw}{i}", name in VECTOR_SCHEMAS)
                nullable = nullable or n
            if t not in alts:
                alts.append(t)
        if nullable:
            alts.append("null")
        self.entries.append(f"QE_UNION({c_str(name)}, {c_str(' | '.join(alts))}, {c_str(self.doc(name))}),")

    def model(self, name):
        if name in self.done:
            return
        self.done.add(name)
        sch = self.S[name]
        if name in BUILTIN_ALIASES:
            self.hint(sch)
            self.entries.append(
                f"QE_ALIAS({c_str(name)}, {c_str(BUILTIN_ALIASES[name])}, {c_str(self.doc(name))}),"
            )
        elif "anyOf" in sch or "oneOf" in sch:
            self.union_model(name, sch, "anyOf" if "anyOf" in sch else "oneOf")
        elif sch.get("type") == "string" and "enum" in sch:
            self.enum_model(name, sch)
        elif sch.get("type") == "object" or "properties" in sch:
            if not sch.get("properties") and sch.get("additionalProperties") not in (None, False):
                t, _ = self.type_of(sch, name, "")
                self.hint(sch)
                self.entries.append(f"QE_ALIAS({c_str(name)}, {c_str(t)}, {c_str(self.doc(name))}),")
            else:
                self.object_model(name, sch)
        else:
            t, _ = self.type_of(sch, name, "")
            self.hint(sch)
            self.entries.append(f"QE_ALIAS({c_str(name)}, {c_str(t)}, {c_str(self.doc(name))}),")


def closure(schemas, names, skip):
    seen, stack = [], list(names)
    while stack:
        n = stack.pop(0)
        if n in seen or n in skip:
            continue
        if n not in schemas:
            sys.exit(f"model_draft: no schema {n!r} in the spec")
        seen.append(n)
        stack.extend(sorted(set(REF.findall(json.dumps(schemas[n])))))
    return seen


def read_docs(path):
    docs = {}
    if not path:
        return docs
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, text = line.partition(":")
            docs[key.strip()] = text.strip()
    return docs


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="+", metavar="SCHEMA")
    ap.add_argument("--spec", default=DEFAULT_SPEC)
    ap.add_argument("--closure", action="store_true", help="add referenced schemas, transitively")
    ap.add_argument("--skip", default="", help="comma-separated schemas to leave out")
    ap.add_argument("--group", help="also print the model table and qe_models_GROUP")
    ap.add_argument("--docs", help="file of `Model: doc` / `Model.field: doc` lines")
    ap.add_argument("--hints", action="store_true", help="print the spec's descriptions as comments")
    a = ap.parse_args()

    with open(a.spec, encoding="utf-8") as f:
        schemas = json.load(f)["components"]["schemas"]
    skip = set(filter(None, a.skip.split(",")))
    names = closure(schemas, a.names, skip) if a.closure else a.names
    dr = Drafter(schemas, read_docs(a.docs), a.hints)
    for n in names:
        if n not in schemas:
            sys.exit(f"model_draft: no schema {n!r} in the spec")
        dr.model(n)

    print("\n".join(dr.out))
    if a.group:
        print("static const qe_model_desc models[] = {")
    for e in dr.entries:
        print("  " + e)
    if a.group:
        print("};\n")
        print(f"const qe_model_group qe_models_{a.group} = {{models, QE_COUNTOF(models)}};")
    for n in dr.notes:
        print(f"/* not expressed: {n} */")


if __name__ == "__main__":
    main()
