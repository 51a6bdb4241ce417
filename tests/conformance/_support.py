"""Helpers of the conformance suites: locating and starting the real
qedge-server, the official Python client for it, xfail marks.

Self-contained on purpose (nothing from tests/server). Environment knobs:
  QEDGE_SERVER          path of the executable (default build/release/server/qedge-server)
  QEDGE_CONFORMANCE_URL run against a server that is already up (for example a
                        real Qdrant, to check the suites' own expectations);
                        QEDGE_CONFORMANCE_API_KEY is its key, if any.
"""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_SOURCES = REPO / "server"
SERVER_EXE = Path(os.environ.get("QEDGE_SERVER", REPO / "build" / "release" / "server" / "qedge-server"))
API_KEY = "conformance-key"


def _openapi_path() -> Path:
    """Qdrant's REST contract lives beside the repository, not in it (as for
    tests/python/conftest.py: <repo>/../shared/qdrant/openapi.json). A git
    worktree under <root>/wt/<name> finds it one level further up."""
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "qdrant" / "openapi.json"
        if candidate.is_file():
            return candidate
    return REPO.parent / "shared" / "qdrant" / "openapi.json"


OPENAPI = _openapi_path()


def not_served(endpoint: str):
    """Marks a test whose endpoint the server does not serve yet: it must fail
    now and the mark must go when the endpoint arrives (strict)."""
    return pytest.mark.xfail(strict=True, reason=f"server: {endpoint} not yet served")


def server_bug(what: str):
    """Marks a test that shows a known server bug (strict: remove when fixed)."""
    return pytest.mark.xfail(strict=True, reason=f"server bug: {what}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str, api_key: str | None) -> bool:
    req = urllib.request.Request(url + "/", headers={"api-key": api_key} if api_key else {})
    try:
        with urllib.request.urlopen(req, timeout=1) as r:
            return r.status < 500
    except urllib.error.HTTPError as e:
        return e.code < 500
    except OSError:
        return False


class Server:
    """A running qedge-server: its base url, api key and log."""

    def __init__(self, url: str, api_key: str | None, proc=None, log: Path | None = None):
        self.url = url
        self.api_key = api_key
        self.proc = proc
        self.log = log

    def log_tail(self, n: int = 40) -> str:
        if not self.log or not self.log.is_file():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


def start_server(tmp: Path, api_key: str | None) -> Server:
    if not SERVER_EXE.is_file():
        if not SERVER_SOURCES.is_dir():
            pytest.skip("qedge-server is not part of this tree (no server/ folder)")
        pytest.fail(f"{SERVER_EXE} missing: build it first (make build)")
    storage = tmp / "storage"
    storage.mkdir(parents=True, exist_ok=True)
    log = tmp / "server.log"
    for _attempt in range(5):  # the free port may be taken before the server binds it
        port = _free_port()
        args = [str(SERVER_EXE), "--storage", str(storage), "--host", "127.0.0.1", "--port", str(port)]
        if api_key:
            args += ["--api-key", api_key]
        with open(log, "ab") as out:
            proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and proc.poll() is None:
            if _answers(url, api_key):
                return Server(url, api_key, proc, log)
            time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    pytest.fail(f"qedge-server did not start; log:\n{Server('', None, log=log).log_tail()}")


def stop_server(server: Server) -> None:
    if server.proc is None:
        return
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


def make_client(server, api_key="<server's>", check_compatibility=False, **kwargs):
    """qdrant-client's QdrantClient for the server (the api key warning about
    plain http on loopback is expected and silenced; the version check has a
    test of its own)."""
    import warnings

    from qdrant_client import QdrantClient

    if server.url == ":memory:":  # qdrant-client's local mode: checks the suite's own expectations
        return QdrantClient(":memory:")
    key = server.api_key if api_key == "<server's>" else api_key
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Api key is used with an insecure connection")
        return QdrantClient(url=server.url, api_key=key, timeout=30, check_compatibility=check_compatibility, **kwargs)
