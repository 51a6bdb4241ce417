"""Retries, timeouts and connection handling, through a loopback proxy
written here that sits between the client and a real qedge-server and, per
request, passes it on, answers 503/429/500 (with Retry-After), resets the
connection or stalls."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import struct
import threading
import time

import pytest

import qedge
from qedge import models


class Proxy:
    """HTTP/1.1 proxy with a plan: a list of actions consumed one per request
    ("pass", "503", "503:<retry-after>", "429", "500", "reset", "stall");
    when the plan is empty every request passes."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.plan: list[str] = []
        self.seen: list[dict] = []
        self.connections = 0
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    @staticmethod
    def _read_request(f):
        line = f.readline()
        if not line:
            return None
        method, path, _ = line.decode().split(" ", 2)
        headers = {}
        while True:
            h = f.readline().decode()
            if h in ("\r\n", "\n", ""):
                break
            k, v = h.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        body = f.read(int(headers.get("content-length", "0")))
        return method, path, headers, body

    def _serve(self, conn):
        f = conn.makefile("rb")
        try:
            while True:
                req = self._read_request(f)
                if req is None:
                    return
                method, path, headers, body = req
                with self.lock:
                    action = self.plan.pop(0) if self.plan else "pass"
                    self.seen.append({"method": method, "path": path, "headers": headers,
                                      "body": body, "action": action})
                if action == "reset":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.close()
                    return
                if action == "stall":
                    time.sleep(5)
                    conn.close()
                    return
                if action.startswith(("503", "429", "500")):
                    code, _, ra = action.partition(":")
                    payload = json.dumps({"status": {"error": f"proxy says {code}"},
                                          "time": 0.0}).encode()
                    extra = f"Retry-After: {ra}\r\n" if ra else ""
                    conn.sendall(f"HTTP/1.1 {code} X\r\nContent-Type: application/json\r\n"
                                 f"Content-Length: {len(payload)}\r\n{extra}\r\n".encode() +
                                 payload)
                    continue
                if headers.get("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                fwd = {k: v for k, v in headers.items()
                       if k not in ("content-length", "content-encoding", "host",
                                    "accept-encoding", "connection")}
                up = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
                up.request(method, path, body=body or None, headers=fwd)
                r = up.getresponse()
                data = r.read()
                up.close()
                ctype = r.getheader("Content-Type", "application/json")
                conn.sendall(f"HTTP/1.1 {r.status} {r.reason}\r\nContent-Type: {ctype}\r\n"
                             f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.sock.close()


@pytest.fixture
def proxy(server):
    p = Proxy(server.port)
    yield p
    p.close()


@pytest.fixture
def retries_log():
    return []


@pytest.fixture
def pc(proxy, retries_log):
    """A client that goes through the proxy, with fast backoff."""
    c = qedge.QdrantClient(url=proxy.url, timeout=3, backoff_base=0.01, backoff_max=2,
                           log=lambda level, msg: retries_log.append((level, msg)))
    c.recreate_collection("f", vectors_config=models.VectorParams(size=2, distance="Dot"))
    proxy.seen.clear()
    yield c
    proxy.plan.clear()
    c.delete_collection("f")
    c.close()


def test_idempotent_upsert_retried_after_503_honouring_retry_after(pc, proxy, retries_log):
    proxy.plan = ["503:1"]
    t0 = time.monotonic()
    r = pc.upsert("f", [models.PointStruct(id=1, vector=[1, 0])])
    elapsed = time.monotonic() - t0
    assert r.status == models.UpdateStatus.COMPLETED
    assert [s["action"] for s in proxy.seen] == ["503:1", "pass"]
    assert [s["method"] for s in proxy.seen] == ["PUT", "PUT"]
    assert elapsed >= 0.95  # waited the Retry-After second, not the 10 ms backoff
    assert len(retries_log) == 1
    level, msg = retries_log[0]
    assert level == 1 and msg.startswith("retry 1/3 of PUT /collections/f/points") and \
        "status 503" in msg
    assert pc.count("f").count == 1


def test_reads_retried_after_reset_and_429(pc, proxy, retries_log):
    pc.upsert("f", [models.PointStruct(id=1, vector=[1, 0])])
    log = []
    # a new client: its first request opens a connection (libcurl itself
    # resends a request only when a *reused* connection turns out dead)
    c = qedge.QdrantClient(url=proxy.url, backoff_base=0.01, log=lambda lv, m: log.append(m))
    proxy.seen.clear()
    proxy.plan = ["reset", "429", "pass"]
    res = c.query_points("f", query=[1, 0])
    assert [p.id for p in res.points] == [1]
    assert [s["action"] for s in proxy.seen] == ["reset", "429", "pass"]
    assert len(log) == 2
    assert "POST /collections/f/points/query" in log[0] and "status 429" in log[1]


def test_non_idempotent_calls_not_retried(pc, proxy, retries_log):
    pc.upsert("f", [models.PointStruct(id=1, vector=[1, 0])])
    proxy.seen.clear()
    proxy.plan = ["503", "pass"]
    with pytest.raises(qedge.UnexpectedResponse) as e:
        pc.create_snapshot("f")
    assert e.value.status_code == 503
    assert b"proxy says 503" in e.value.content
    assert len(proxy.seen) == 1 and proxy.seen[0]["method"] == "POST"
    assert pc.list_snapshots("f") == []  # nothing was made behind our back
    proxy.seen.clear()
    proxy.plan = ["reset", "pass"]
    with pytest.raises(qedge.ResponseHandlingException) as e:
        pc.batch_update_points("f", [models.DeleteOperation(
            delete=models.PointIdsList(points=[1]))])
    assert isinstance(e.value.source, ConnectionError)
    assert isinstance(e.value, qedge.QdrantError)
    assert len(proxy.seen) == 1
    assert retries_log == []


def test_retries_are_limited_and_500_is_final(proxy, server):
    c = qedge.QdrantClient(url=proxy.url, max_retries=2, backoff_base=0.01)
    proxy.plan = ["503"] * 10
    with pytest.raises(qedge.UnexpectedResponse) as e:
        c.get_collections()
    assert e.value.status_code == 503
    assert len(proxy.seen) == 3  # 1 + 2 retries
    proxy.plan = ["500", "pass"]
    proxy.seen.clear()
    with pytest.raises(qedge.UnexpectedResponse) as e:
        c.get_collections()
    assert e.value.status_code == 500 and len(proxy.seen) == 1
    off = qedge.QdrantClient(url=proxy.url, max_retries=0)
    proxy.plan = ["503", "pass"]
    proxy.seen.clear()
    with pytest.raises(qedge.UnexpectedResponse):
        off.get_collections()
    assert len(proxy.seen) == 1


def test_timeout_is_not_exceeded(proxy, server):
    c = qedge.QdrantClient(url=proxy.url, timeout=1, backoff_base=0.01)
    proxy.plan = ["stall"]
    t0 = time.monotonic()
    with pytest.raises(qedge.ResponseHandlingException) as e:
        c.get_collections()
    elapsed = time.monotonic() - t0
    assert isinstance(e.value.source, TimeoutError)
    assert 0.9 <= elapsed < 2.5
    assert len(proxy.seen) == 1  # a timeout spends the budget: not retried


def test_connection_refused_fails_fast():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    c = qedge.QdrantClient(url=f"http://127.0.0.1:{port}", max_retries=2, backoff_base=0.01,
                           timeout=2)
    t0 = time.monotonic()
    with pytest.raises(qedge.ResponseHandlingException) as e:
        c.get_collections()
    assert isinstance(e.value.source, ConnectionError)
    assert time.monotonic() - t0 < 2


def test_keep_alive_headers_and_gzip(proxy, server):
    c = qedge.QdrantClient(url=proxy.url, gzip_min_bytes=64, headers={"X-Team": "edge"})
    c.recreate_collection("g", vectors_config=models.VectorParams(size=2, distance="Dot"))
    proxy.seen.clear()
    conns = proxy.connections
    for i in range(5):
        c.upsert("g", [models.PointStruct(id=i, vector=[1.0, 0.5], payload={"k": "v" * 50})])
    assert c.count("g").count == 5
    assert proxy.connections == conns  # one kept-alive connection served them all
    put = proxy.seen[0]
    assert put["headers"]["user-agent"] == f"qedge/{qedge.__version__}"
    assert put["headers"]["x-team"] == "edge"
    assert put["headers"]["content-encoding"] == "gzip"
    sent = json.loads(gzip.decompress(put["body"]))
    assert sent["points"][0]["vector"] == [1.0, 0.5]
    assert "gzip" in put["headers"]["accept-encoding"]
    small = proxy.seen[-1]  # the count body is below the threshold
    assert "content-encoding" not in small["headers"]
    c.delete_collection("g")


def test_f32_vectors_sent_shortest(proxy, server):
    c = qedge.QdrantClient(url=proxy.url)
    c.recreate_collection("h", vectors_config=models.VectorParams(size=3, distance="Dot"))
    proxy.seen.clear()
    c.upsert("h", [models.PointStruct(id=1, vector=[0.1, 0.2, 1 / 3])])
    text = proxy.seen[0]["body"].decode()
    assert '"vector":[0.1,0.2,0.33333334]' in text
    c.delete_collection("h")


def test_gil_released_during_http(proxy, server):
    c = qedge.QdrantClient(url=proxy.url, timeout=3)
    proxy.plan = ["stall"]
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.01)

    t = threading.Thread(target=ticker)
    t.start()
    with pytest.raises(qedge.ResponseHandlingException):
        c.get_collections()
    done.set()
    t.join()
    assert len(ticks) > 50  # the other thread ran while we waited on the socket


def test_query_parameters_on_the_wire(proxy, server):
    c = qedge.QdrantClient(url=proxy.url)
    c.recreate_collection("q", vectors_config=models.VectorParams(size=2, distance="Dot"),
                          timeout=7)
    assert proxy.seen[-1]["path"] == "/collections/q?timeout=7"
    proxy.seen.clear()
    c.upsert("q", [models.PointStruct(id=1, vector=[1, 0])], wait=False,
             ordering=models.WriteOrdering.STRONG)
    c.query_points("q", query=[1, 0], consistency=models.ReadConsistencyType.ALL, timeout=3)
    c.retrieve("q", [1], consistency=2)
    c.delete_payload_index("q", "côté")
    paths = [s["path"] for s in proxy.seen]
    assert paths[0] == "/collections/q/points?wait=false&ordering=strong"
    assert paths[1] == "/collections/q/points/query?consistency=all&timeout=3"
    assert paths[2] == "/collections/q/points?consistency=2"
    assert paths[3] == "/collections/q/index/c%C3%B4t%C3%A9?wait=true"
    with pytest.raises(qedge.ValidationError) as e:
        c.upsert("q", [models.PointStruct(id=2, vector=[1, 0])], ordering="fast")
    assert e.value.path == "ordering"
    assert len(proxy.seen) == 4
    c.delete_collection("q")


def test_one_client_shared_by_threads(server):
    c = qedge.QdrantClient(url=server.url)
    c.recreate_collection("t", vectors_config=models.VectorParams(size=2, distance="Dot"))
    errors = []

    def work(k):
        try:
            for i in range(20):
                pid = k * 100 + i
                c.upsert("t", [models.PointStruct(id=pid, vector=[1.0, float(i)])])
                got = c.retrieve("t", [pid])
                assert [r.id for r in got] == [pid]
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert c.count("t").count == 80
    c.delete_collection("t")

