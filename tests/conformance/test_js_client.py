"""@qdrant/js-client-rest 1.18 (npm) against qedge-server: runs
js/conformance.mjs, which checks every family with brute-force expectations
and exits 0 only when all pass (and every listed xfail check fails)."""

import subprocess
from pathlib import Path

import pytest

JS_DIR = Path(__file__).resolve().parent / "js"

#: Checks of conformance.mjs the server does not pass yet, each with its
#: reason ("server: <endpoint> not yet served" or "server bug: ..."); the
#: script fails if one of them passes (strict).
XFAIL = {}


def test_js_client_conformance(server, node):
    if server.url == ":memory:":
        pytest.skip("local mode has no REST endpoint")
    if not (JS_DIR / "node_modules" / "@qdrant" / "js-client-rest").is_dir():
        pytest.fail(f"run `npm ci` in {JS_DIR} (tools/setup.sh does)")
    args = [node, "conformance.mjs", server.url]
    if server.api_key:
        args += ["--api-key", server.api_key]
    if XFAIL:
        args += ["--xfail", ",".join(XFAIL)]
    r = subprocess.run(args, cwd=JS_DIR, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, f"node conformance.mjs failed:\n{r.stdout}\n{r.stderr}"
    summary = r.stdout.strip().splitlines()[-1]
    assert summary.startswith("js: ") and " 0 failed" in summary and not summary.startswith("js: 0 passed"), r.stdout
