"""The committed python/qedge/models.pyi must equal a fresh generation."""

import ast
import importlib.util
import json

import pytest

from qedge import _qedge


@pytest.fixture(scope="module")
def gen_pyi(repo):
    spec = importlib.util.spec_from_file_location("gen_pyi", repo / "tools" / "gen_pyi.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_committed_stub_matches_the_registry(repo, gen_pyi):
    fresh = gen_pyi.generate(json.loads(_qedge.registry_json()))
    committed = (repo / "python" / "qedge" / "models.pyi").read_text(encoding="utf-8")
    if fresh != committed:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(True), fresh.splitlines(True), "committed", "fresh", n=1
            )
        )
        pytest.fail("models.pyi is stale: run `python tools/gen_pyi.py`\n" + diff[:4000])


def test_stub_parses_and_names_every_model(repo, registry):
    tree = ast.parse((repo / "python" / "qedge" / "models.pyi").read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    assert {d["name"] for d in registry} <= names


def test_stub_is_shipped_with_the_package():
    import qedge

    from pathlib import Path

    pkg = Path(qedge.__file__).parent
    assert (pkg / "models.pyi").is_file()
    assert (pkg / "py.typed").is_file()
