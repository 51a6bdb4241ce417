"""Shared fixtures of the Python tests.

The tests import the installed `qedge` package (pip install . into the venv),
never the sources in python/qedge, which lack the compiled extension.
"""

import json
from pathlib import Path

import pytest

from qedge import _qedge

REPO = Path(__file__).resolve().parents[2]
#: Qdrant's REST contract, kept beside the repository (not committed).
OPENAPI = Path(__file__).resolve().parents[3] / "shared" / "qdrant" / "openapi.json"
MODEL_CASES = REPO / "tests" / "data" / "model_cases.json"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def registry() -> list:
    """qe_registry_describe() as Python data."""
    return json.loads(_qedge.registry_json())


@pytest.fixture(scope="session")
def registry_by_name(registry) -> dict:
    return {d["name"]: d for d in registry}
