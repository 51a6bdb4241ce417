-- Filters on keys with a payload index, from Lua: the index decides the
-- answer as in Qdrant Edge (see tests/python/test_edge_index_congruence.py
-- for the oracle comparison).
local qedge = require "qedge"

local EdgeShard = qedge.EdgeShard
local U = qedge.UpdateOperation
local Point = qedge.Point

local function temp_path()
  local reserved = os.tmpname()
  return reserved .. ".shard", function()
    os.execute("rm -rf '" .. reserved .. ".shard'")
    os.remove(reserved)
  end
end

local function ids(shard, filter)
  local page = assert(shard:scroll { filter = filter, limit = 100, with_payload = false })
  local out = {}
  for i, p in ipairs(page) do out[i] = p.id end
  table.sort(out)
  return out
end

local function must(cond)
  cond.key = cond.key or "a"
  return { must = { cond } }
end

describe("qedge.EdgeShard payload indexes", function()
  local shard, path, cleanup

  before_each(function()
    path, cleanup = temp_path()
    shard = assert(EdgeShard.create(path, { vectors = { size = 2, distance = "Dot" } }))
    assert(shard:update(U.upsert_points {
      Point(1, { 1, 0 }, { a = "Hello World", k = "x" }),
      Point(2, { 1, 0 }, { a = { "alpha beta", "gamma" }, k = 5 }),
      Point(3, { 1, 0 }, { a = "hellos", k = { 5, "y" } }),
      Point(4, { 1, 0 }, { a = "x the y" }),
    }))
  end)

  after_each(function()
    if shard then shard:close() end
    shard = nil
    cleanup()
  end)

  it("answers text matches with the text index's parameters", function()
    local text = must { match = { text = "beta gamma" } }
    local hel = must { match = { text = "hel" } }
    local phrase = must { match = { phrase = "x y" } }
    assert.same({}, ids(shard, text))   -- no index: one string at a time
    assert.same({}, ids(shard, hel))
    assert(shard:update(U.create_field_index("a", {
      type = "text", tokenizer = "prefix", phrase_matching = true,
      stopwords = { custom = { "the" } },
    })))
    assert.same({ 2 }, ids(shard, text)) -- all strings of the point at once
    assert.same({ 1, 3 }, ids(shard, hel))
    assert.same({ 4 }, ids(shard, phrase))
    assert(shard:update(U.delete_field_index("a")))
    assert.same({}, ids(shard, hel))
  end)

  it("answers except from the keyword index's values", function()
    local except = must { key = "k", match = { except = { "x" } } }
    assert.same({ 2, 3 }, ids(shard, except))
    assert(shard:update(U.create_field_index("k", "keyword")))
    assert.same({ 3 }, ids(shard, except))
    assert.equal(1, shard:count { filter = except })
  end)

  it("refuses text parameters it does not apply yet", function()
    assert(shard:update(U.create_field_index("a", {
      type = "text", stemmer = { type = "snowball", language = "german" },
    })))
    local v, err = shard:scroll { filter = must { match = { text = "hello" } } }
    assert.is_nil(v)
    assert.equal("EUNSUPPORTED", err.code, tostring(err))
    assert.matches("stemmer", err.message)
  end)
end)
