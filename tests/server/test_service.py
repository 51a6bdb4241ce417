"""Root, health probes, telemetry, cluster status, API keys, limits, options."""

import json
import signal
import socket
import threading
import time
import urllib.request


def test_root_names_the_server_and_version(server):
    r = server.get("/")
    assert r.status == 200
    assert "qedge" in r.body["title"]
    assert r.body["version"].count(".") == 2


def test_health_probes_answer_plain_text(server):
    for path, text in (("/healthz", "healthz check passed"), ("/livez", "livez check passed"),
                       ("/readyz", "all shards are ready")):
        r = server.get(path)
        assert r.status == 200
        assert r.raw.decode() == text


def test_unknown_path_is_404_with_error_envelope(server):
    r = server.get("/nothing/here", validate=False)
    assert r.status == 404
    assert r.error


def test_telemetry_minimal_shape(server, name):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}})
    t = server.get("/telemetry").result
    assert t["app"]["name"] == "qedge-server"
    assert t["collections"]["number_of_collections"] >= 1


def test_cluster_is_one_enabled_peer_that_leads(server):
    c = server.get("/cluster").result
    assert c["status"] == "enabled"
    me = c["peer_id"]
    assert list(c["peers"]) == [str(me)]
    assert c["raft_info"]["leader"] == me
    assert c["raft_info"]["role"] == "Leader"
    assert c["consensus_thread_status"]["consensus_thread_status"] == "working"


def test_peer_removal_needs_distributed_mode(server):
    r = server.delete("/cluster/peer/42")
    assert r.status == 400
    assert "Distributed mode disabled" in r.error


def test_peer_id_is_stable_across_restarts(make_server):
    s = make_server()
    before = s.get("/cluster").result["peer_id"]
    s.restart()
    assert s.get("/cluster").result["peer_id"] == before


def test_api_keys(make_server, name):
    s = make_server(["--api-key", "secret", "--read-only-api-key", "reader"])
    assert s.get("/healthz", key=None).status == 200  # probes need no key
    r = s.get("/collections", key=None)
    assert r.status == 401 and "API key" in r.error
    r = s.get("/collections", key="wrong")
    assert r.status == 401
    assert s.get("/collections", key="secret").status == 200
    body = {"vectors": {"size": 2, "distance": "Dot"}}
    r = s.put(f"/collections/{name}", body, key="reader")
    assert r.status == 403
    assert s.get(f"/collections/{name}/exists", key="reader").result["exists"] is False
    assert s.put(f"/collections/{name}", body, key="secret").result is True
    # reads with the read-only key, also as a Bearer token
    assert s.get(f"/collections/{name}", key="reader").result["points_count"] == 0
    r = s.get(f"/collections/{name}", key=None, headers={"Authorization": "Bearer reader"})
    assert r.status == 200
    r = s.post(f"/collections/{name}/points/scroll", {}, key="reader")
    assert r.result["points"] == []


def test_api_key_from_environment(make_server):
    s = make_server(env={"QEDGE_API_KEY": "envkey"})
    assert s.get("/collections", key=None).status == 401
    assert s.get("/collections", key="envkey").status == 200


def test_config_file(make_server, tmp_path):
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"api_key": "filekey"}))
    s = make_server(["--config", str(cfg)])
    assert s.get("/collections", key=None).status == 401
    assert s.get("/collections", key="filekey").status == 200


def test_request_over_32_mib_is_413(server, name):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}})
    big = b'{"points": [' + b" " * (33 * 1024 * 1024) + b"]}"
    r = server.request("PUT", f"/collections/{name}/points", raw_body=big, validate=False)
    assert r.status == 413
    # the collection is untouched and the server still answers
    assert server.post(f"/collections/{name}/points/count", {}).result["count"] == 0


def test_malformed_json_is_400(server, name):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}})
    r = server.request("PUT", f"/collections/{name}/points", raw_body=b'{"points": [',
                       validate=False)
    assert r.status == 400
    assert "Json deserialize error" in r.error


def test_concurrent_connections(server, name):
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}})
    errors = []

    def worker(k):
        try:
            for i in range(20):
                pid = k * 1000 + i
                server.upsert(name, [{"id": pid, "vector": [1.0, float(i)]}])
                assert server.get(f"/collections/{name}/points/{pid}").result["id"] == pid
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert server.post(f"/collections/{name}/points/count", {"exact": True}).result["count"] == 160


def test_a_slow_client_does_not_block_others(server):
    # a connection that sends half a request holds its thread only
    s = socket.create_connection(("127.0.0.1", server.port))
    s.sendall(b"POST /collections HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=5) as r:
            assert r.status == 200
    finally:
        s.close()


def test_sigterm_flushes_and_data_survives(make_server, name):
    s = make_server()
    s.create(name, {"vectors": {"size": 2, "distance": "Dot"}})
    s.upsert(name, [{"id": i, "vector": [1.0, float(i)], "payload": {"i": i}} for i in range(50)])
    assert s.stop(signal.SIGTERM) == 0
    s.start()
    assert s.post(f"/collections/{name}/points/count", {}).result["count"] == 50
    assert s.get(f"/collections/{name}/points/7").result["payload"] == {"i": 7}
    assert s.stop(signal.SIGINT) == 0


def test_cors_preflight_and_header(server):
    r = server.request("OPTIONS", "/collections", validate=False,
                       headers={"Origin": "http://x", "Access-Control-Request-Method": "PUT"})
    assert r.status == 204
    req = urllib.request.Request(server.url + "/collections", method="OPTIONS")
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert "PUT" in resp.headers["Access-Control-Allow-Methods"]
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
    with urllib.request.urlopen(server.url + "/collections", timeout=5) as resp:
        assert resp.headers["Access-Control-Allow-Origin"] == "*"


def test_sigterm_under_load_keeps_every_acknowledged_write(make_server, name):
    s = make_server()
    s.create(name, {"vectors": {"size": 2, "distance": "Dot"}, "shard_number": 2})
    acked, lock = [], threading.Lock()
    stop = threading.Event()

    def writer(k):
        i = 0
        while not stop.is_set() and i < 2000:
            pid = k * 100000 + i
            try:
                r = s.put(f"/collections/{name}/points?wait=true",
                          {"points": [{"id": pid, "vector": [1.0, float(i)]}]}, validate=False)
            except OSError:
                return  # the server went away between requests
            if r.status != 200:
                return
            with lock:
                acked.append(pid)
            i += 1

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    while len(acked) < 40:
        time.sleep(0.01)
    assert s.stop(signal.SIGTERM) == 0
    stop.set()
    for t in threads:
        t.join()
    s.start()
    got = s.post(f"/collections/{name}/points", {"ids": acked, "with_payload": False}).result
    assert {r["id"] for r in got} == set(acked)


def test_port_zero_and_ipv6_loopback(tmp_path):
    import re
    import subprocess

    from conftest import BINARY

    for host, url_host in (("127.0.0.1", "127.0.0.1"), ("::1", "[::1]")):
        proc = subprocess.Popen([str(BINARY), "--storage", str(tmp_path / host.replace(":", "_")),
                                 "--host", host, "--port", "0"], stderr=subprocess.PIPE)
        try:
            line = proc.stderr.readline().decode()
            m = re.search(r"listening on http://(\S+):(\d+) ", line)
            assert m and m.group(1) == url_host, line
            with urllib.request.urlopen(f"http://{url_host}:{m.group(2)}/livez", timeout=5) as r:
                assert r.read() == b"livez check passed"
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=20) == 0


def test_bad_options_exit_with_usage(tmp_path):
    import subprocess

    from conftest import BINARY

    r = subprocess.run([str(BINARY)], capture_output=True, timeout=10, env={})
    assert r.returncode == 2 and b"--storage" in r.stderr
    r = subprocess.run([str(BINARY), "--storage", str(tmp_path), "--port", "70000"],
                       capture_output=True, timeout=10, env={})
    assert r.returncode == 2 and b"port" in r.stderr
    r = subprocess.run([str(BINARY), "--help"], capture_output=True, timeout=10, env={})
    assert r.returncode == 0 and b"usage" in r.stdout


def test_minor_service_endpoints(server, name):
    assert server.get("/issues").result == {"issues": []}
    assert server.delete("/issues").result is True
    assert server.get("/cluster/telemetry").result == {"collections": {}}
    assert server.get("/snapshots").result == []
    assert server.post("/snapshots").status == 400
    metrics = server.get("/metrics").raw.decode()
    assert "collections_total" in metrics
    server.create(name, {"vectors": {"size": 2, "distance": "Dot"}, "shard_number": 2})
    server.upsert(name, [{"id": 1, "vector": [1, 0]}, {"id": 2, "vector": [0, 1]}])
    opt = server.get(f"/collections/{name}/optimizations").result
    assert opt["running"] == [] and opt["summary"]["queued_optimizations"] == 0
    assert server.get("/collections/nope/optimizations").status == 404


def test_openapi_validation_is_active(openapi):
    import pytest

    if openapi is None:
        pytest.skip("Qdrant's openapi.json not found; responses were not validated")
    with pytest.raises(AssertionError, match="required property"):
        openapi.check_response("GET", "/collections/x", 200,
                               {"result": {"status": "green"}, "status": "ok", "time": 0.1},
                               "application/json")
    with pytest.raises(AssertionError):
        openapi.check_request("PUT", "/collections/x/points", {"points": [{"id": -1}]})
