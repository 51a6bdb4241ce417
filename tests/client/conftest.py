"""Fixtures for the REST client tests: a real qedge-server on 127.0.0.1 with
a free port and a temporary storage directory ($QEDGE_SERVER_BIN, else
build/release/server/qedge-server, else the one on PATH), stopped with
SIGTERM afterwards; and a client bound to it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _find_binary():
    for c in (os.environ.get("QEDGE_SERVER_BIN"),
              REPO / "build" / "release" / "server" / "qedge-server",
              shutil.which("qedge-server")):
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return Path(c)
    return None


BINARY = _find_binary()
if BINARY is None:  # pragma: no cover - depends on the build
    pytest.skip("qedge-server is not built (make build)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, storage: Path, args=()):
        self.port = free_port()
        self.storage = storage
        self.log = storage.parent / f"server-{self.port}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("QEDGE_")}
        self.logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [str(BINARY), "--storage", str(storage), "--host", "127.0.0.1", "--port",
             str(self.port), *args], stdout=self.logf, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"qedge-server exited: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("qedge-server did not become ready")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()
        return self.proc.returncode


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("client") / "data")
    yield s
    assert s.stop() == 0


@pytest.fixture
def make_server(tmp_path):
    started = []

    def make(args=()):
        s = Server(tmp_path / f"data{len(started)}", args)
        started.append(s)
        return s

    yield make
    for s in started:
        s.stop()


@pytest.fixture
def client(server):
    import qedge

    c = qedge.QdrantClient(url=server.url, timeout=10)
    yield c
    for col in c.get_collections().collections:
        c.delete_collection(col.name)
    c.close()
