"""Fixtures of the conformance suites: the real qedge-server, started once per
session on a free loopback port with a temporary storage folder and an api
key, and the official clients pointed at it (see _support.py)."""

import os
import re
import shutil

import pytest

from _support import API_KEY, Server, start_server, stop_server, make_client


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The session's server, started with an api key every client must send."""
    external = os.environ.get("QEDGE_CONFORMANCE_URL")
    if external:
        yield Server(external.rstrip("/"), os.environ.get("QEDGE_CONFORMANCE_API_KEY") or None)
        return
    srv = start_server(tmp_path_factory.mktemp("qedge-server"), API_KEY)
    yield srv
    stop_server(srv)
    crashed = srv.proc.returncode not in (0, -15)
    assert not crashed, f"qedge-server exited with {srv.proc.returncode}; log:\n{srv.log_tail()}"


@pytest.fixture
def collection_name(request) -> str:
    """A collection name unique to the test (valid in Qdrant: letters, digits, _)."""
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", request.node.name)[:120]


@pytest.fixture(scope="session")
def node() -> str:
    exe = shutil.which("node")
    if not exe:
        pytest.skip("node is not installed (tools/setup.sh installs it)")
    return exe


@pytest.fixture(scope="session")
def client(server):
    c = make_client(server)
    yield c
    c.close()


@pytest.fixture
def fresh(client, collection_name):
    """Deletes the test's collection before and after the test."""
    try:
        client.delete_collection(collection_name)
    except Exception:  # noqa: BLE001 - a server without DELETE still runs the test
        pass
    yield collection_name
    try:
        client.delete_collection(collection_name)
    except Exception:  # noqa: BLE001 - cleanup of a failed test must not mask its error
        pass

