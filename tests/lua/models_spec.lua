-- qedge.models and qedge.validate, under Lua 5.4 and LuaJIT.
local qedge = require "qedge"
local models = require "qedge.models"

local has_integers = math.type ~= nil

--- float32 rounding of a number, computed without the module.
local function f32(x)
  if string.pack then return (string.unpack("f", string.pack("f", x))) end
  return tonumber(require("ffi").new("float", x))
end

describe("qedge.models", function()
  it("is reachable as qedge.models and as require 'qedge.models'", function()
    assert.equal(models, qedge.models)
  end)

  it("has one entry per registry model", function()
    for _, d in ipairs(qedge.registry()) do
      assert.is_not_nil(rawget(models, d.name), d.name)
      assert.equal(d.name, models.describe(d.name).name)
    end
    assert.is_nil(models.describe("NoSuchModel"))
  end)

  describe("object models", function()
    it("construct validated tables whose metatable is the constructor", function()
      local vp, err = models.VectorParams { size = 4, distance = "Cosine" }
      assert.is_nil(err)
      assert.equal(4, vp.size)
      assert.equal("Cosine", vp.distance)
      assert.equal(models.VectorParams, getmetatable(vp))
      assert.equal("VectorParams", models.name_of(vp))
      assert.is_nil(models.name_of({}))
      assert.is_nil(models.name_of("x"))
    end)

    it("print as the model name and JSON", function()
      local vp = models.VectorParams { size = 4, distance = "Dot" }
      local s = tostring(vp)
      assert.truthy(s:find("^VectorParams%("), s)
      assert.truthy(s:find('"size":4', 1, true), s)
    end)

    it("return a new table and leave the argument alone", function()
      local input = { size = 2, distance = "Dot" }
      local vp = models.VectorParams(input)
      assert.are_not.equal(input, vp)
      assert.is_nil(getmetatable(input))
    end)

    it("reject unknown fields, naming them", function()
      local vp, err = models.VectorParams { size = 4, distance = "Dot", sizee = 5 }
      assert.is_nil(vp)
      assert.equal("EINVAL", err.code)
      assert.equal("sizee", err.path)
      assert.truthy(err.message:find("unknown field", 1, true))
      assert.equal("sizee: " .. err.message, tostring(err))
    end)

    it("report the path of a bad nested value as Python does", function()
      local cc, err = models.CreateCollection { vectors = { size = 0, distance = "Cosine" } }
      assert.is_nil(cc)
      assert.equal("EINVAL", err.code)
      assert.equal("vectors.size", err.path)
      assert.truthy(err.message:find("out of range", 1, true), err.message)

      local pl
      pl, err = models.PointsList { points = { { id = 1, vector = { 1, 2 } }, { id = 2, vector = { 1, "x" } } } }
      assert.is_nil(pl)
      assert.equal("points[1].vector[1]", err.path)
    end)

    it("give nested model tables their own metatables", function()
      local cc = assert(models.CreateCollection {
        vectors = { size = 4, distance = models.Distance.COSINE },
        hnsw_config = { m = 16 },
      })
      assert.equal(models.CreateCollection, getmetatable(cc))
      assert.equal(models.VectorParams, getmetatable(cc.vectors))
      assert.equal(models.HnswConfigDiff, getmetatable(cc.hnsw_config))

      local named = assert(models.CreateCollection {
        vectors = { image = { size = 4, distance = "Dot" }, text = { size = 8, distance = "Cosine" } },
      })
      assert.is_nil(models.name_of(named.vectors)) -- a map, not a model
      assert.equal(models.VectorParams, getmetatable(named.vectors.image))
      assert.equal(models.VectorParams, getmetatable(named.vectors.text))
    end)

    it("pick the union alternative that matched", function()
      local f = assert(models.Filter {
        must = { { key = "city", match = { value = "London" } }, { has_id = { 1, 2 } } },
      })
      assert.equal(models.FieldCondition, getmetatable(f.must[1]))
      assert.equal(models.MatchValue, getmetatable(f.must[1].match))
      assert.equal(models.HasIdCondition, getmetatable(f.must[2]))
      assert.equal(qedge.array_mt, getmetatable(f.must))
      local c = assert(models.Condition { key = "n", range = { gte = 1 } })
      assert.equal(models.FieldCondition, getmetatable(c))
    end)

    it("accept model instances inside other models", function()
      local p1 = assert(models.PointStruct { id = 1, vector = { 1, 2 } })
      local p2 = assert(models.PointStruct { id = 2, vector = { 3, 4 }, payload = { tag = "x" } })
      local pl = assert(models.PointsList { points = { p1, p2 } })
      assert.equal(models.PointStruct, getmetatable(pl.points[2]))
      assert.equal("x", pl.points[2].payload.tag)
    end)

    it("keep vectors as float32 values and encode them shortest", function()
      local p = assert(models.PointStruct { id = 1, vector = { 0.1, 0.2, 1 / 3 } })
      assert.equal(qedge.array_mt, getmetatable(p.vector))
      assert.equal(f32(0.1), p.vector[1])
      assert.are_not.equal(0.1, p.vector[1])
      assert.equal(f32(1 / 3), p.vector[3])
      local v = qedge.json_decode(qedge.json_encode(p))
      assert.equal(0.1, v.vector[1])
      assert.equal(0.2, v.vector[2])
      assert.truthy(qedge.json_encode(p):find("[0.1,0.2,0.33333334]", 1, true))
    end)

    it("re-encode a changed instance through its model", function()
      local p = assert(models.PointStruct { id = 1, vector = { 1, 2 } })
      p.vector = { 0.5, 0.25 }
      local v = qedge.json_decode(qedge.json_encode(p))
      assert.same({ 0.5, 0.25 }, { v.vector[1], v.vector[2] })
    end)

    it("keep u64 ids exact", function()
      local big = "18446744073709551615"
      local p = assert(models.PointStruct { id = big, vector = { 1 } })
      assert.equal(big, p.id)
      local text = qedge.json_encode(p)
      assert.truthy(text:find('"id":' .. big, 1, true), text) -- a number on the wire

      local ids = assert(models.PointIdsList { points = { "9007199254740993", 7 } })
      if has_integers then
        assert.equal(9007199254740993, ids.points[1])
      else
        assert.equal("9007199254740993", ids.points[1])
      end
      assert.equal(7, ids.points[2])
      assert.truthy(qedge.json_encode(ids):find("[9007199254740993,7]", 1, true))
    end)

    it("normalise UUID ids", function()
      local p = assert(models.PointStruct { id = "550E8400-E29B-41D4-A716-446655440000", vector = { 1 } })
      assert.equal("550e8400-e29b-41d4-a716-446655440000", p.id)
    end)

    it("return nil, err for values that are not tables", function()
      local v, err = models.VectorParams(42)
      assert.is_nil(v)
      assert.equal("EINVAL", err.code)
      v, err = models.VectorParams("x")
      assert.is_nil(v)
      assert.is_table(err)
    end)

    it("keep null fields as qedge.null", function()
      local vp = assert(models.VectorParams { size = 4, distance = "Dot", on_disk = qedge.null })
      assert.equal(qedge.null, vp.on_disk)
    end)
  end)

  describe("enum models", function()
    it("map both spellings to the wire value", function()
      assert.equal("Cosine", models.Distance.COSINE)
      assert.equal("Cosine", models.Distance.Cosine)
      assert.equal("Dot", models.Distance.DOT)
      assert.equal("best_score", models.RecommendStrategy.BEST_SCORE)
      assert.equal("best_score", models.RecommendStrategy.best_score)
      assert.equal("PartialSnapshot", models.ReplicaState.PARTIAL_SNAPSHOT)
      assert.equal("PartialSnapshot", models.ReplicaState.PartialSnapshot)
      assert.equal("x4", models.CompressionRatio.X4)
    end)

    it("raise on unknown members and refuse writes", function()
      assert.has_error(function() return models.Distance.COSIN end)
      assert.has_error(function() models.Distance.NEW = "x" end)
    end)

    it("validate values when called", function()
      assert.equal("Dot", models.Distance("Dot"))
      local v, err = models.Distance("dot")
      assert.is_nil(v)
      assert.equal("EINVAL", err.code)
      assert.truthy(err.message:find("expected one of", 1, true))
    end)
  end)

  describe("union and alias models", function()
    it("validate when called", function()
      assert.equal(5, models.ExtendedPointId(5))
      assert.equal("550e8400-e29b-41d4-a716-446655440000",
        models.ExtendedPointId("550E8400-E29B-41D4-A716-446655440000"))
      local v, err = models.ExtendedPointId(-3)
      assert.is_nil(v)
      assert.truthy(err.message:find("not a valid point id", 1, true))
    end)
  end)
end)

describe("qedge.validate", function()
  it("keeps unknown fields unless strict", function()
    local p = assert(qedge.validate("PointStruct", { id = 1, vector = { 1 }, extra = true }))
    assert.is_true(p.extra)
    local v, err = qedge.validate("PointStruct", { id = 1, vector = { 1 }, extra = true }, true)
    assert.is_nil(v)
    assert.equal("extra", err.path)
  end)

  it("accepts decimal strings as point ids", function()
    local p = assert(qedge.validate("PointStruct", { id = "12", vector = { 1 } }))
    assert.equal(12, p.id)
  end)

  it("reads an empty table as a map where a union takes one, else as a list", function()
    -- VectorStruct: {} is a point without vectors
    local p = assert(qedge.validate("PointStruct", { id = 1, vector = {} }))
    assert.equal('{}', qedge.json_encode(p.vector))
    -- HasIdCondition: a list only
    local c = assert(qedge.validate("HasIdCondition", { has_id = {} }))
    assert.equal('[]', qedge.json_encode(c.has_id))
  end)

  it("reports unknown models as nil, err", function()
    local v, err = qedge.validate("NoSuchModel", {})
    assert.is_nil(v)
    assert.equal("ENOTFOUND", err.code)
  end)

  it("reports conversion errors with their path", function()
    local v, err = qedge.validate("PointStruct", { id = 1, vector = { 1 }, payload = { name = "\xff" } })
    assert.is_nil(v)
    assert.equal("payload.name", err.path)
    assert.truthy(err.message:find("UTF-8", 1, true))
  end)

  it("works on JSON decoded values", function()
    local input = qedge.json_decode('{"id": 18446744073709551615, "vector": [1, 2], "payload": {"a": []}}')
    local p = assert(qedge.validate("PointStruct", input, true))
    assert.equal("18446744073709551615", p.id)
    assert.equal(qedge.array_mt, getmetatable(p.payload.a))
    assert.equal('{"a":[]}', qedge.json_encode(p.payload))
  end)
end)
