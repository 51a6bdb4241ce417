"""Collections: create, get, list, exists, update, delete; aliases; vector
names; payload indexes; errors as Qdrant words them."""

import pytest

VEC = {"vectors": {"size": 4, "distance": "Cosine"}}


def test_create_get_list_exists_delete(server, name):
    assert server.get(f"/collections/{name}/exists").result == {"exists": False}
    server.create(name, {**VEC, "shard_number": 2, "on_disk_payload": False,
                         "hnsw_config": {"m": 32}, "metadata": {"team": "a"}})
    assert server.get(f"/collections/{name}/exists").result == {"exists": True}
    names = [c["name"] for c in server.get("/collections").result["collections"]]
    assert name in names
    info = server.get(f"/collections/{name}").result
    assert info["status"] == "green"
    assert info["points_count"] == 0
    params = info["config"]["params"]
    assert params["vectors"] == {"size": 4, "distance": "Cosine"}
    assert params["shard_number"] == 2
    assert params["on_disk_payload"] is False
    assert info["config"]["hnsw_config"]["m"] == 32
    assert info["config"]["hnsw_config"]["ef_construct"] == 100  # default kept
    assert info["config"]["metadata"] == {"team": "a"}
    assert server.delete(f"/collections/{name}").result is True
    assert server.get(f"/collections/{name}/exists").result == {"exists": False}
    assert server.delete(f"/collections/{name}").result is False


def test_unknown_collection_is_404_in_qdrant_words(server):
    for r in (server.get("/collections/nope"),
              server.post("/collections/nope/points/count", {}),
              server.put("/collections/nope/points", {"points": []}),
              server.get("/collections/nope/points/1")):
        assert r.status == 404
        assert r.error == "Not found: Collection `nope` doesn't exist!"


def test_create_twice_is_409(server, name):
    server.create(name, VEC)
    r = server.put(f"/collections/{name}", VEC)
    assert r.status == 409
    assert f"Collection `{name}` already exists!" in r.error


def test_body_validation_names_the_path(server, name):
    r = server.put(f"/collections/{name}", {"vectors": {"size": 0, "distance": "Cosine"}},
                   validate=False)
    assert r.status == 400
    assert "vectors" in r.error and "size" in r.error
    r = server.put(f"/collections/{name}", {"vectors": {"size": 3, "distance": "Cosinus"}},
                   validate=False)
    assert r.status == 400 and "distance" in r.error
    assert server.get(f"/collections/{name}/exists").result["exists"] is False


@pytest.mark.parametrize("bad", ["a/b", ".hidden", "x" * 256])
def test_bad_collection_names_are_rejected(server, bad):
    r = server.put(f"/collections/{bad}", VEC, validate=False)
    assert r.status in (400, 404)
    names = [c["name"] for c in server.get("/collections").result["collections"]]
    assert bad not in names


def test_named_and_sparse_vectors(server, name):
    server.create(name, {"vectors": {"img": {"size": 2, "distance": "Dot"},
                                     "txt": {"size": 3, "distance": "Euclid"}},
                         "sparse_vectors": {"kw": {"modifier": "idf"}}})
    info = server.get(f"/collections/{name}").result
    assert set(info["config"]["params"]["vectors"]) == {"img", "txt"}
    assert info["config"]["params"]["sparse_vectors"] == {"kw": {"modifier": "idf"}}
    server.upsert(name, [{"id": 1, "vector": {"img": [1, 0], "txt": [0, 0, 1],
                                              "kw": {"indices": [3], "values": [1.5]}}}])
    rec = server.get(f"/collections/{name}/points/1").result
    assert rec["vector"]["img"] == [1.0, 0.0]
    assert rec["vector"]["kw"] == {"indices": [3], "values": [1.5]}


def test_update_collection_persists(server, name):
    server.create(name, VEC)
    r = server.patch(f"/collections/{name}", {"optimizers_config": {"indexing_threshold": 500},
                                              "metadata": {"k": 1}})
    assert r.result is True
    info = server.get(f"/collections/{name}").result
    assert info["config"]["optimizer_config"]["indexing_threshold"] == 500
    assert info["config"]["metadata"] == {"k": 1}
    server.restart()
    info = server.get(f"/collections/{name}").result
    assert info["config"]["optimizer_config"]["indexing_threshold"] == 500
    assert server.patch("/collections/nope", {"metadata": {}}).status == 404


def test_collections_survive_restart(server, name):
    server.create(name, {**VEC, "shard_number": 3})
    server.upsert(name, [{"id": i, "vector": [1, 0, 0, i]} for i in range(30)])
    server.restart()
    info = server.get(f"/collections/{name}").result
    assert info["points_count"] == 30
    assert info["config"]["params"]["shard_number"] == 3


def test_aliases(server, name):
    server.create(name, VEC)
    server.upsert(name, [{"id": 5, "vector": [1, 2, 3, 4]}])
    alias = name + "_alias"
    ops = {"actions": [{"create_alias": {"collection_name": name, "alias_name": alias}}]}
    assert server.post("/collections/aliases", ops).result is True
    # the alias answers like the collection
    assert server.get(f"/collections/{alias}/points/5").result["id"] == 5
    listed = server.get("/aliases").result["aliases"]
    assert {"alias_name": alias, "collection_name": name} in listed
    assert server.get(f"/collections/{name}/aliases").result["aliases"] == [
        {"alias_name": alias, "collection_name": name}]
    renamed = alias + "2"
    ops = {"actions": [{"rename_alias": {"old_alias_name": alias, "new_alias_name": renamed}}]}
    assert server.post("/collections/aliases", ops).result is True
    assert server.get(f"/collections/{alias}").status == 404
    assert server.get(f"/collections/{renamed}").result["points_count"] == 1
    server.restart()
    assert server.get(f"/collections/{renamed}").result["points_count"] == 1
    # a failing action list changes nothing
    ops = {"actions": [{"delete_alias": {"alias_name": renamed}},
                       {"create_alias": {"collection_name": "nope", "alias_name": "x"}}]}
    assert server.post("/collections/aliases", ops).status == 404
    assert server.get(f"/collections/{renamed}").status == 200
    ops = {"actions": [{"delete_alias": {"alias_name": renamed}}]}
    assert server.post("/collections/aliases", ops).result is True
    assert server.get(f"/collections/{renamed}").status == 404
    # deleting a collection drops its aliases
    ops = {"actions": [{"create_alias": {"collection_name": name, "alias_name": alias}}]}
    server.post("/collections/aliases", ops)
    server.delete(f"/collections/{name}")
    assert alias not in [a["alias_name"] for a in server.get("/aliases").result["aliases"]]


def test_payload_index_create_and_delete(server, name):
    server.create(name, {**VEC, "shard_number": 2})
    server.upsert(name, [{"id": i, "vector": [1, 0, 0, 0], "payload": {"city": f"c{i % 3}"}}
                         for i in range(12)])
    r = server.put(f"/collections/{name}/index?wait=true",
                   {"field_name": "city", "field_schema": "keyword"})
    assert r.result["status"] == "completed"
    schema = server.get(f"/collections/{name}").result["payload_schema"]
    assert schema["city"]["data_type"] == "keyword"
    assert schema["city"]["points"] == 12
    r = server.delete(f"/collections/{name}/index/city?wait=true")
    assert r.result["status"] == "completed"
    assert "city" not in server.get(f"/collections/{name}").result["payload_schema"]


def test_vector_name_create_and_delete(server, name):
    server.create(name, {"vectors": {"a": {"size": 2, "distance": "Dot"}}})
    r = server.put(f"/collections/{name}/vectors/b", {"dense": {"size": 3, "distance": "Cosine"}})
    assert r.result["status"] == "completed"
    server.upsert(name, [{"id": 1, "vector": {"a": [1, 1], "b": [0, 1, 0]}}])
    assert server.get(f"/collections/{name}").result["config"]["params"]["vectors"]["b"][
        "size"] == 3
    hits = server.post(f"/collections/{name}/points/query",
                       {"query": [0, 1, 0], "using": "b"}).result["points"]
    assert [h["id"] for h in hits] == [1]
    assert server.delete(f"/collections/{name}/vectors/b").result["status"] == "completed"
    assert "b" not in server.get(f"/collections/{name}").result["config"]["params"]["vectors"]
    rec = server.get(f"/collections/{name}/points/1").result
    assert "b" not in rec["vector"]
