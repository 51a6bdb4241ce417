"""Fixtures for the qedge-server tests.

The tests build nothing: they start the real `qedge-server` binary
($QEDGE_SERVER_BIN, else build/release/server/qedge-server, else the one
on PATH) on 127.0.0.1 with a free port and a temporary storage directory, wait
until /readyz answers, and stop it with SIGTERM afterwards.

Every request body the tests send and every response the server gives is
validated against Qdrant's OpenAPI document (the operation's requestBody
schema and the schema of the answered status), so the shapes are Qdrant's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _find_openapi() -> Path | None:
    candidates = [os.environ.get("QEDGE_OPENAPI")]
    candidates += [str(p / "shared" / "qdrant" / "openapi.json") for p in REPO.parents[:2]]
    candidates.append("/work/shared/qdrant/openapi.json")
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


def _find_binary() -> Path | None:
    for c in (os.environ.get("QEDGE_SERVER_BIN"),
              REPO / "build" / "release" / "server" / "qedge-server", shutil.which("qedge-server")):
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return Path(c)
    return None


OPENAPI = _find_openapi()
BINARY = _find_binary()

if BINARY is None:  # pragma: no cover - depends on the build
    pytest.skip("qedge-server is not built (make build)", allow_module_level=True)


# ---------------------------------------------------------------- OpenAPI


def _convert(node):
    """OpenAPI 3.0 schema -> JSON Schema: nullable, absolute $refs."""
    if isinstance(node, list):
        return [_convert(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _convert(v) for k, v in node.items() if k not in ("nullable", "example")}
    if "$ref" in out and out["$ref"].startswith("#/"):
        out["$ref"] = "urn:openapi" + out["$ref"]
    if node.get("nullable"):
        if set(out) - {"description", "default"}:
            return {"anyOf": [out, {"type": "null"}]}
        return {"type": "null"}
    return out


class OpenApi:
    def __init__(self, path: Path):
        import jsonschema
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7

        spec = json.loads(path.read_text())
        self.spec = spec
        root = _convert(spec)
        root["$id"] = "urn:openapi"
        self.registry = Registry().with_resource("urn:openapi", Resource(root, DRAFT7))
        self.root = root
        self.jsonschema = jsonschema
        self.routes = []
        for template, ops in root["paths"].items():
            rx = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "/?$"
            literal = sum(1 for s in template.split("/") if s and not s.startswith("{"))
            self.routes.append((literal, re.compile(rx), template, ops))
        self.routes.sort(key=lambda r: -r[0])

    def operation(self, method: str, path: str):
        for _, rx, template, ops in self.routes:
            if rx.match(path) and method.lower() in ops:
                return template, ops[method.lower()]
        return None, None

    def _validate(self, schema, value, what):
        v = self.jsonschema.Draft7Validator(schema, registry=self.registry)
        errors = sorted(v.iter_errors(value), key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            raise AssertionError(
                f"{what} does not match the OpenAPI schema at "
                f"{'/'.join(map(str, e.absolute_path))}: {e.message}\n{json.dumps(value)[:2000]}"
            )

    def check_request(self, method, path, body):
        template, op = self.operation(method, path)
        if op is None or body is None:
            return
        schema = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        if "schema" in schema:
            self._validate(schema["schema"], body, f"request body of {method} {template}")

    def check_response(self, method, path, status, body, content_type):
        template, op = self.operation(method, path)
        if op is None:
            return None
        responses = op["responses"]
        resp = responses.get(str(status)) or (
            responses.get("4XX") if 400 <= status < 500 else None) or responses.get("default")
        assert resp is not None, f"{method} {template}: status {status} not in the spec"
        content = resp.get("content", {})
        if "application/json" in content and content_type.startswith("application/json"):
            self._validate(content["application/json"]["schema"], body,
                           f"response {status} of {method} {template}")
        return template


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, body, raw, content_type):
        self.status = status
        self.body = body
        self.raw = raw
        self.content_type = content_type

    @property
    def result(self):
        assert self.status == 200, f"status {self.status}: {self.raw[:500]!r}"
        assert self.body["status"] == "ok"
        assert isinstance(self.body["time"], float)
        return self.body["result"]

    @property
    def error(self) -> str:
        assert self.status >= 400, f"expected an error, got {self.status}: {self.raw[:300]!r}"
        return self.body["status"]["error"]


class Server:
    """A running qedge-server process and a validating HTTP client for it."""

    def __init__(self, storage: Path, openapi: OpenApi | None, args=(), env=None):
        self.storage = storage
        self.openapi = openapi
        self.port = free_port()
        self.args = list(args)
        self.env = env
        self.api_key = None
        self.proc = None
        self.log = storage.parent / f"server-{self.port}.log"
        self.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        cmd = [str(BINARY), "--storage", str(self.storage), "--port", str(self.port), *self.args]
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("QEDGE_") and k not in ("QEDGE_OPENAPI", "QEDGE_SERVER_BIN"):
                del env[k]
        env.update(self.env or {})
        self.logf = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, stdout=self.logf, stderr=subprocess.STDOUT, env=env)
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

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()
        return self.proc.returncode

    def restart(self):
        assert self.stop() == 0
        self.start()

    def request(self, method, path, body=None, *, raw_body=None, headers=None, validate=True,
                key=...):
        data = raw_body
        if body is not None:
            if validate and self.openapi:
                self.openapi.check_request(method, path.split("?")[0], body)
            data = json.dumps(body).encode()
        hdrs = {"Content-Type": "application/json"}
        k = self.api_key if key is ... else key
        if k is not None:
            hdrs["api-key"] = k
        hdrs.update(headers or {})
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, raw, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, raw, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
        parsed = None
        if ctype.startswith("application/json"):
            parsed = json.loads(raw)
            if status >= 400:
                assert set(parsed) == {"status", "time"}, parsed
                assert isinstance(parsed["status"]["error"], str)
        if validate and self.openapi:
            self.openapi.check_response(method, path.split("?")[0], status, parsed, ctype)
        return Response(status, parsed, raw, ctype)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # conveniences
    def create(self, name, body):
        assert self.put(f"/collections/{name}", body).result is True

    def upsert(self, name, points, **extra):
        r = self.put(f"/collections/{name}/points?wait=true", {"points": points, **extra})
        assert r.result["status"] == "completed"
        return r.result


@pytest.fixture(scope="session")
def openapi():
    """The OpenAPI validator, or None (the behaviour is tested all the same)
    when Qdrant's openapi.json is not beside the repository."""
    return OpenApi(OPENAPI) if OPENAPI is not None else None


@pytest.fixture(scope="module")
def server(tmp_path_factory, openapi):
    s = Server(tmp_path_factory.mktemp("storage") / "data", openapi)
    yield s
    assert s.stop() == 0


@pytest.fixture
def make_server(tmp_path, openapi):
    """Start extra servers with their own storage and arguments."""
    started = []

    def make(args=(), env=None, storage=None):
        s = Server(storage or (tmp_path / f"data{len(started)}"), openapi, args, env)
        started.append(s)
        return s

    yield make
    for s in started:
        s.stop()


@pytest.fixture
def name():
    """A fresh collection name."""
    return "c_" + uuid.uuid4().hex[:10]
