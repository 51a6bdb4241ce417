-- qedge.EdgeShard and the qedge.edge request builders, under Lua 5.4 and LuaJIT.
local qedge = require "qedge"
local models = require "qedge.models"

local EdgeShard = qedge.EdgeShard
local U = qedge.UpdateOperation
local Point = qedge.Point

local has_integers = math.type ~= nil

-- ------------------------------------------------------------ helpers

--- A fresh shard path: os.tmpname() reserves a unique name, the shard
-- directory goes beside it. cleanup() removes both.
local function temp_path()
  local reserved = os.tmpname()
  return reserved .. ".shard", function()
    os.execute("rm -rf '" .. reserved .. ".shard'")
    os.remove(reserved)
  end
end

local function ids_of(points)
  local out = {}
  for i, p in ipairs(points) do out[i] = p.id end
  return out
end

--- The ids of a table of points, sorted (numbers before strings).
local function sorted_ids(points)
  local out = ids_of(points)
  table.sort(out, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) == "number"
  end)
  return out
end

--- A plain copy of a value (JSON round trip), for assert.same.
local function plain(v)
  return qedge.json_decode(qedge.json_encode(v))
end

local function expect_error(code, path, v, err)
  assert.is_nil(v, "expected nil, err")
  assert.is_table(err)
  assert.equal(qedge.error_mt, getmetatable(err))
  assert.equal(code, err.code, tostring(err))
  if path then assert.equal(path, err.path, tostring(err)) end
  return err
end

local CONFIG = { vectors = { size = 4, distance = "Cosine" } }

local function berlin_filter()
  return { must = { { key = "city", match = { value = "Berlin" } } } }
end

local function seed(shard)
  return assert(shard:update(U.upsert_points {
    Point(1, { 1, 0, 0, 0 }, { city = "Berlin", n = 1, tags = { "a", "b" } }),
    Point(2, { 0, 1, 0, 0 }, { city = "Paris", n = 2 }),
    Point(3, { 0.9, 0.1, 0, 0 }, { city = "Berlin", n = 3 }),
  }))
end

-- ------------------------------------------------------------ builders

describe("qedge.edge builders", function()
  it("are loaded lazily into the module", function()
    local edge = require "qedge.edge"
    assert.equal(edge, qedge.edge)
    local names = { "UpdateOperation", "Point", "PointVectors", "SparseVector", "Query",
                    "QueryRequest", "RecommendQuery", "DiscoverQuery", "ContextQuery",
                    "ContextPair", "Fusion", "Mmr" }
    for _, name in ipairs(names) do
      assert.is_not_nil(edge[name], name)
      assert.equal(edge[name], qedge[name], name)
    end
    local exported = 0
    for _ in pairs(edge) do exported = exported + 1 end
    assert.equal(#names, exported)
    assert.is_nil(qedge.NoSuchThing)
  end)

  it("build every update operation in the REST shape", function()
    local f = berlin_filter()
    local cases = {
      { U.upsert_points({ Point(1, { 1, 2 }) }, f, "insert_only"),
        '{"upsert_points":{"points":[{"id":1,"vector":[1,2]}],"condition":' ..
          qedge.json_encode(f) .. ',"update_mode":"insert_only"}}' },
      { U.delete_points { 1, "6f9619ff-8b86-d011-b42d-00c04fc964ff" },
        '{"delete_points":{"point_ids":[1,"6f9619ff-8b86-d011-b42d-00c04fc964ff"]}}' },
      { U.delete_points(7), '{"delete_points":{"point_ids":[7]}}' },
      { U.delete_points_by_filter(f), '{"delete_points_by_filter":{"filter":' .. qedge.json_encode(f) .. '}}' },
      { U.update_vectors { qedge.PointVectors(1, { a = { 1 } }) },
        '{"update_vectors":{"point_vectors":[{"id":1,"vector":{"a":[1]}}]}}' },
      { U.delete_vectors({ 1 }, "a"), '{"delete_vectors":{"point_ids":[1],"vector_names":["a"]}}' },
      { U.delete_vectors_by_filter(f, { "a", "b" }),
        '{"delete_vectors_by_filter":{"filter":' .. qedge.json_encode(f) .. ',"vector_names":["a","b"]}}' },
      { U.set_payload({ 1 }, { x = 1 }, "k"), '{"set_payload":{"point_ids":[1],"payload":{"x":1},"key":"k"}}' },
      { U.set_payload_by_filter(f, { x = 1 }),
        '{"set_payload_by_filter":{"filter":' .. qedge.json_encode(f) .. ',"payload":{"x":1}}}' },
      { U.overwrite_payload({ 1 }, { x = 1 }), '{"overwrite_payload":{"point_ids":[1],"payload":{"x":1}}}' },
      { U.overwrite_payload_by_filter(f, { x = 1 }),
        '{"overwrite_payload_by_filter":{"filter":' .. qedge.json_encode(f) .. ',"payload":{"x":1}}}' },
      { U.delete_payload({ 1 }, "x"), '{"delete_payload":{"point_ids":[1],"keys":["x"]}}' },
      { U.delete_payload_by_filter(f, { "x" }),
        '{"delete_payload_by_filter":{"filter":' .. qedge.json_encode(f) .. ',"keys":["x"]}}' },
      { U.clear_payload { 1 }, '{"clear_payload":{"point_ids":[1]}}' },
      { U.clear_payload_by_filter(f), '{"clear_payload_by_filter":{"filter":' .. qedge.json_encode(f) .. '}}' },
      { U.create_field_index("city", "keyword"),
        '{"create_field_index":{"field_name":"city","field_schema":"keyword"}}' },
      { U.delete_field_index "city", '{"delete_field_index":{"field_name":"city"}}' },
      { U.create_dense_vector("v", { size = 2, distance = "Dot" }),
        '{"create_dense_vector":{"name":"v","params":{"size":2,"distance":"Dot"}}}' },
      { U.create_sparse_vector "s", '{"create_sparse_vector":{"name":"s"}}' },
      { U.delete_vector_name "v", '{"delete_vector_name":{"name":"v"}}' },
    }
    for i, case in ipairs(cases) do
      assert.equal("EdgeUpdateOperation", models.name_of(case[1]), i)
      assert.same(qedge.json_decode(case[2]), plain(case[1]), case[2])
      assert.truthy(qedge.validate("EdgeUpdateOperation", case[1]), case[2])
    end
  end)

  it("build points, vectors and queries", function()
    local p = Point("5", { 1, 2 }, { a = 1 })
    assert.equal("PointStruct", models.name_of(p))
    assert.equal("5", p.id)
    -- encoding a model table reads digit strings where ids go as numbers
    assert.same({ id = 5, vector = { 1, 2 }, payload = { a = 1 } }, plain(p))
    assert.same({ indices = { 1, 3 }, values = { 0.5, 0.25 } },
      plain(qedge.SparseVector({ 1, 3 }, { 0.5, 0.25 })))
    assert.same({ nearest = { 1, 2 } }, plain(qedge.Query.Nearest { 1, 2 }))
  end)

  it("build the other queries as qdrant_edge names them", function()
    local rq = qedge.RecommendQuery({ 1, { 1, 2 } }, { 3 })
    assert.same({ recommend = { positive = { 1, { 1, 2 } }, negative = { 3 } } }, plain(rq))
    assert.same({ recommend = { positive = {}, negative = {} } }, plain(qedge.RecommendQuery()))
    assert.same({ recommend = { positive = { 1 }, negative = { 3 }, strategy = "best_score" }, using = "a" },
      plain(qedge.Query.RecommendBestScore(qedge.RecommendQuery({ 1 }, { 3 }), "a")))
    assert.same({ recommend = { positive = { 1 }, strategy = "sum_scores" } },
      plain(qedge.Query.RecommendSumScores { positive = { 1 } }))
    local pair = qedge.ContextPair(1, 2)
    assert.same({ discover = { target = { 1, 0 }, context = { { positive = 1, negative = 2 } } } },
      plain(qedge.Query.Discover(qedge.DiscoverQuery({ 1, 0 }, { pair }))))
    assert.same({ context = { { positive = 1, negative = 2 } }, using = "v" },
      plain(qedge.Query.Context(qedge.ContextQuery { pair }, "v")))
    assert.same({ rrf = { k = 60 } }, plain(qedge.Fusion.Rrf(60)))
    assert.same({ rrf = { k = 2, weights = { 1, 0.5 } } }, plain(qedge.Fusion.Rrf(2, { 1, 0.5 })))
    assert.same({ fusion = "dbsf" }, plain(qedge.Fusion.Dbsf()))
    assert.same({ nearest = { 1, 0 }, mmr = { diversity = 0.75, candidates_limit = 20 }, using = "v" },
      plain(qedge.Mmr({ 1, 0 }, 0.25, 20, "v")))
    for _, q in ipairs { rq, qedge.Fusion.Dbsf(), qedge.Mmr({ 1 }, 0.5, 5),
                         qedge.Query.Discover(qedge.DiscoverQuery(1, { pair })) } do
      assert.truthy(qedge.validate("QueryRequest", { query = q }))
    end
  end)

  it("move a query's `using` up to the request, leaving the arguments alone", function()
    local q = qedge.Query.Nearest({ 1, 2 }, "image")
    local fields = { query = q, limit = 3,
                     prefetch = { { query = qedge.Query.Nearest({ 3 }, "text"), limit = 9 } } }
    local req = qedge.QueryRequest(fields)
    assert.equal("QueryRequest", models.name_of(req))
    assert.same({
      query = { nearest = { 1, 2 } }, using = "image", limit = 3,
      prefetch = { { query = { nearest = { 3 } }, using = "text", limit = 9 } },
    }, plain(req))
    assert.equal("image", q.using)
    assert.equal(q, fields.query)
    assert.truthy(qedge.validate("QueryRequest", req, true))
    -- one prefetch stage, spelled `prefetches`
    req = qedge.QueryRequest { query = { 1, 2 }, prefetches = { query = qedge.Query.Nearest({ 1 }, "a") } }
    assert.same({ query = { 1, 2 }, prefetch = { query = { nearest = { 1 } }, using = "a" } }, plain(req))
  end)
end)

-- ------------------------------------------------------------ the shard

describe("qedge.EdgeShard", function()
  local path, cleanup, shard

  before_each(function()
    path, cleanup = temp_path()
  end)

  after_each(function()
    if shard then shard:close() end
    shard = nil
    collectgarbage()
    cleanup()
  end)

  it("creates a shard, writes and reads it", function()
    shard = assert(EdgeShard.create(path, CONFIG))
    assert.truthy(tostring(shard):find(path, 1, true))
    assert.equal(path, shard.path)
    assert.is_false(shard.closed)
    assert.is_false(shard.read_only)
    assert.is_nil(shard.__gc)
    assert.is_nil(shard.no_such_method)
    local info = assert(shard:info())
    assert.equal(0, info.points_count)

    local seq = seed(shard)
    assert.equal("number", type(seq))
    assert.is_true(seq >= 0) -- operations are numbered from 0, as Qdrant numbers them
    local seq2 = assert(shard:update(U.set_payload({ 2 }, { seen = true })))
    assert.is_true(seq2 > seq)

    -- query
    local hits = assert(shard:query { query = { 1, 0, 0, 0 }, limit = 3, with_payload = true })
    assert.same({ 1, 3, 2 }, ids_of(hits))
    assert.equal("ScoredPoint", models.name_of(hits[1]))
    assert.near(1.0, hits[1].score, 1e-6)
    assert.near(0.9 / math.sqrt(0.82), hits[2].score, 1e-5)
    assert.equal("Berlin", hits[1].payload.city)
    assert.same({ "a", "b" }, hits[1].payload.tags)
    assert.is_nil(hits[1].vector)

    hits = assert(shard:query(qedge.QueryRequest {
      query = qedge.Query.Nearest { 1, 0, 0, 0 }, filter = berlin_filter(), limit = 10,
      with_vector = true,
    }))
    assert.same({ 1, 3 }, ids_of(hits))
    assert.equal(4, #hits[1].vector)
    assert.near(1, hits[1].vector[1], 1e-6)
    assert.is_nil(hits[1].payload)

    hits = assert(shard:query { query = { 1, 0, 0, 0 }, score_threshold = 0.999 })
    assert.same({ 1 }, ids_of(hits))
    hits = assert(shard:query { query = { 1, 0, 0, 0 }, limit = 1, offset = 1 })
    assert.same({ 3 }, ids_of(hits))

    -- search (the older request shape)
    hits = assert(shard:search { vector = { 0, 1, 0, 0 }, limit = 1 })
    assert.same({ 2 }, ids_of(hits))
    hits = assert(shard:search { vector = { 1, 0, 0, 0 }, filter = berlin_filter(), with_payload = { "n" } })
    assert.same({ 1, 3 }, ids_of(hits))
    assert.same({ n = 1 }, plain(hits[1].payload))

    -- scroll, in id order, with the next page's offset
    local page, next_offset = shard:scroll { limit = 2 }
    assert.same({ 1, 2 }, ids_of(page))
    assert.equal("Record", models.name_of(page[1]))
    assert.equal(3, next_offset)
    page, next_offset = shard:scroll { limit = 2, offset = next_offset }
    assert.same({ 3 }, ids_of(page))
    assert.is_nil(next_offset)
    page, next_offset = shard:scroll()
    assert.equal(3, #page)
    assert.is_nil(next_offset)
    page = assert(shard:scroll { filter = berlin_filter(), with_payload = false })
    assert.same({ 1, 3 }, ids_of(page))

    -- count
    assert.equal(3, shard:count())
    assert.equal(2, shard:count { filter = berlin_filter() })
    assert.equal(2, shard:count { filter = berlin_filter(), exact = true })

    -- facet (needs a keyword index, as on a server)
    assert(shard:update(U.create_field_index("city", "keyword")))
    local facet = assert(shard:facet { key = "city" })
    assert.same({ { value = "Berlin", count = 2 }, { value = "Paris", count = 1 } }, plain(facet.hits))
    facet = assert(shard:facet { key = "city", filter = { must = { { key = "n", range = { gte = 2 } } } } })
    assert.same({ { value = "Berlin", count = 1 }, { value = "Paris", count = 1 } }, plain(facet.hits))

    -- retrieve: request order, payload by default, no vector
    local recs = assert(shard:retrieve { 3, 1, 99 })
    assert.same({ 3, 1 }, ids_of(recs))
    assert.equal("Berlin", recs[1].payload.city)
    assert.is_nil(recs[1].vector)
    recs = assert(shard:retrieve(2, false, true))
    assert.same({ 2 }, ids_of(recs))
    assert.is_nil(recs[1].payload)
    assert.equal(4, #recs[1].vector)
    assert.same({}, plain(assert(shard:retrieve {})))

    -- every query kind is answered with points or with nil, err
    for _, q in ipairs {
      qedge.Query.RecommendBestScore(qedge.RecommendQuery({ 1 }, { 2 })),
      qedge.Query.RecommendSumScores(qedge.RecommendQuery({ { 1, 0, 0, 0 } })),
      qedge.Query.Discover(qedge.DiscoverQuery(1, { qedge.ContextPair(3, 2) })),
      qedge.Query.Context(qedge.ContextQuery { qedge.ContextPair(3, 2) }),
      qedge.Mmr({ 1, 0, 0, 0 }, 0.5, 10),
    } do
      local res, qerr = shard:query { query = q, limit = 2 }
      assert.truthy(res or qerr.code == "EUNSUPPORTED", qerr and tostring(qerr))
    end
    local fused, ferr = shard:query {
      prefetch = { { query = { 1, 0, 0, 0 } }, { query = { 0, 1, 0, 0 } } },
      query = qedge.Fusion.Rrf(60),
    }
    assert.truthy(fused or ferr.code == "EUNSUPPORTED", ferr and tostring(ferr))

    info = assert(shard:info())
    assert.equal(3, info.points_count)
    assert.equal("keyword", info.payload_schema.city.data_type)
    assert.equal(4, info.config.vectors.size)
  end)

  it("keeps its data across close and load, flush and optimize", function()
    shard = assert(EdgeShard.create(path, CONFIG))
    seed(shard)
    assert.is_true(shard:close())
    shard = assert(EdgeShard.load(path))
    assert.equal(3, shard:count())
    assert(shard:update(U.delete_points { 2 }))
    assert.is_true(shard:flush())
    assert(shard:update(U.upsert_points { Point(4, { 0, 0, 1, 0 }, { city = "Rome" }) }))
    assert.is_true(shard:close())

    shard = assert(EdgeShard.load(path, CONFIG, { durability = "flush" }))
    assert.same({ 1, 3, 4 }, ids_of(shard:scroll()))
    assert.is_true(shard:optimize())
    local hits = assert(shard:query { query = { 0, 0, 1, 0 }, limit = 1, with_payload = true })
    assert.same({ 4 }, ids_of(hits))
    assert.equal("Rome", hits[1].payload.city)
    assert.is_true(shard:close())

    shard = assert(EdgeShard.load(path, nil, { read_only = true }))
    assert.same({ 1, 3, 4 }, ids_of(shard:scroll()))
  end)

  it("opens or creates with EdgeShard(path [, config])", function()
    expect_error("ENOTFOUND", nil, EdgeShard(path))
    shard = assert(EdgeShard(path, CONFIG))
    seed(shard)
    shard:close()
    shard = assert(EdgeShard(path))
    assert.equal(3, shard:count())
    shard:close()
    shard = assert(EdgeShard(path, CONFIG))
    assert.equal(3, shard:count())
    shard:close()
    expect_error("EEXIST", nil, EdgeShard.create(path, CONFIG))
    expect_error("ENOTFOUND", nil, EdgeShard.load(path .. "-missing"))
  end)

  it("applies every update operation", function()
    shard = assert(EdgeShard.create(path, {
      vectors = { image = { size = 2, distance = "Dot" }, text = { size = 3, distance = "Euclid" } },
      sparse_vectors = { words = {} },
    }))
    local function up(op) return assert(shard:update(op)) end
    local function payload(id)
      local r = assert(shard:retrieve { id })
      return r[1] and plain(r[1].payload)
    end
    local function vector_names(id)
      local r = assert(shard:retrieve({ id }, false, true))
      local names = {}
      for name in pairs(r[1].vector or {}) do names[#names + 1] = name end
      table.sort(names)
      return names
    end
    local red = { must = { { key = "color", match = { value = "red" } } } }

    up(U.upsert_points {
      Point(1, { image = { 1, 0 }, text = { 0, 0, 1 }, words = qedge.SparseVector({ 1, 7 }, { 0.5, 2 }) },
        { color = "red", size = 1 }),
      Point(2, { image = { 0, 1 } }, { color = "blue", size = 2 }),
      Point(3, { image = { 1, 1 }, text = { 1, 1, 1 } }, { color = "red", size = 3 }),
      Point(4, { text = { 2, 2, 2 } }, { color = "green", size = 4 }),
    })
    assert.equal(4, shard:count())
    assert.same({ "image", "text", "words" }, vector_names(1))

    -- upsert with a condition and an update mode
    up(U.upsert_points({ Point(2, { image = { 5, 5 } }, { color = "blue", size = 20 }) }, red))
    assert.equal(2, payload(2).size)
    up(U.upsert_points({ Point(2, { image = { 5, 5 } }, { color = "blue", size = 20 }) }, nil, "insert_only"))
    assert.equal(2, payload(2).size)
    up(U.upsert_points({ Point(5, { image = { 5, 5 } }) }, nil, "update_only"))
    assert.equal(4, shard:count())
    up(U.upsert_points({ Point(2, { image = { 5, 5 } }, { color = "blue", size = 20 }) }, nil, "update_only"))
    assert.equal(20, payload(2).size)

    -- search by name, dense and sparse
    local hits = assert(shard:search { vector = { name = "image", vector = { 1, 0 } }, limit = 1 })
    assert.same({ 2 }, ids_of(hits))
    hits = assert(shard:query(qedge.QueryRequest { query = qedge.Query.Nearest({ 0, 0, 1 }, "text"), limit = 1 }))
    assert.same({ 1 }, ids_of(hits))
    hits = assert(shard:query { query = qedge.Query.Nearest({ 0, 0, 1 }, "text"), limit = 1 })
    assert.same({ 1 }, ids_of(hits))
    hits = assert(shard:search { vector = { name = "words", vector = { indices = { 7 }, values = { 1 } } } })
    assert.same({ 1 }, ids_of(hits))
    assert.near(2, hits[1].score, 1e-6)

    -- vectors
    up(U.update_vectors { qedge.PointVectors(4, { image = { 3, 0 } }) })
    assert.same({ "image", "text" }, vector_names(4))
    up(U.update_vectors({ qedge.PointVectors(4, { image = { 9, 9 } }) }, red))
    hits = assert(shard:retrieve({ 4 }, false, { "image" }))
    assert.near(3, hits[1].vector.image[1], 1e-6)
    up(U.delete_vectors({ 4 }, { "image" }))
    assert.same({ "text" }, vector_names(4))
    up(U.delete_vectors_by_filter(red, "text"))
    assert.same({ "image", "words" }, vector_names(1))
    assert.same({ "image" }, vector_names(3))

    -- payload
    up(U.set_payload({ 1 }, { extra = "x" }))
    assert.same({ color = "red", size = 1, extra = "x" }, payload(1))
    up(U.set_payload({ 1 }, { deep = 1 }, "nested"))
    assert.same({ deep = 1 }, payload(1).nested)
    up(U.set_payload_by_filter(red, { tagged = true }))
    assert.is_true(payload(3).tagged)
    assert.is_nil(payload(2).tagged)
    up(U.overwrite_payload({ 2 }, { only = 1 }))
    assert.same({ only = 1 }, payload(2))
    up(U.overwrite_payload_by_filter({ must = { { key = "color", match = { value = "green" } } } }, { was = "green" }))
    assert.same({ was = "green" }, payload(4))
    up(U.delete_payload({ 1 }, { "extra", "nested" }))
    assert.same({ color = "red", size = 1, tagged = true }, payload(1))
    up(U.delete_payload_by_filter(red, "tagged"))
    assert.same({ color = "red", size = 3 }, payload(3))
    up(U.clear_payload { 2 })
    assert.same({}, payload(2) or {})
    up(U.clear_payload_by_filter(red))
    assert.same({}, payload(1) or {})
    assert.same({}, payload(3) or {})

    -- payload indexes
    up(U.create_field_index("was", "keyword"))
    up(U.create_field_index("size", { type = "integer", range = true }))
    local schema = assert(shard:info()).payload_schema
    assert.equal("keyword", schema.was.data_type)
    assert.equal("integer", schema.size.data_type)
    up(U.delete_field_index "was")
    assert.is_nil(assert(shard:info()).payload_schema.was)

    -- vector names
    up(U.create_dense_vector("extra", { size = 2, distance = "Manhattan" }))
    up(U.create_sparse_vector("tags"))
    up(U.create_sparse_vector("tags2", { modifier = "idf" }))
    up(U.update_vectors { qedge.PointVectors(3, { extra = { 1, 2 }, tags = qedge.SparseVector({ 3 }, { 1 }) }) })
    assert.same({ "extra", "image", "tags" }, vector_names(3))
    up(U.delete_vector_name "extra")
    assert.same({ "image", "tags" }, vector_names(3))
    local cfg = assert(shard:info()).config
    assert.is_nil(cfg.vectors.extra)
    assert.is_table(cfg.sparse_vectors.tags2)

    -- deletes
    up(U.delete_points { 2 })
    assert.equal(3, shard:count())
    up(U.delete_points_by_filter { must = { { key = "was", match = { value = "green" } } } })
    assert.same({ 1, 3 }, ids_of(shard:scroll()))

    -- all of it survives a reopen (the log replays)
    shard:close()
    shard = assert(EdgeShard.load(path))
    assert.same({ 1, 3 }, ids_of(shard:scroll()))
    assert.same({ "image", "tags" }, vector_names(3))
  end)

  describe("errors", function()
    before_each(function()
      shard = assert(EdgeShard.create(path, CONFIG))
      seed(shard)
    end)

    it("name the path of a bad value and change nothing", function()
      local err = expect_error("EINVAL", "upsert_points.points[0].vector",
        shard:update(U.upsert_points { Point(9, { 1, 2, 3 }) }))
      assert.truthy(tostring(err):find("^upsert_points%.points%[0%]%.vector: "), tostring(err))
      expect_error("EINVAL", "upsert_points.points[1].vector",
        shard:update(U.upsert_points { Point(8, { 1, 2, 3, 4 }), Point(9, { 1, 2, 3, 4, 5 }) }))
      expect_error("EINVAL", "upsert_points.points[0].id",
        shard:update(U.upsert_points { Point(-1, { 1, 2, 3, 4 }) }))
      expect_error("EINVAL", "upsert_points.points[0].id",
        shard:update(U.upsert_points { Point("not-an-id", { 1, 2, 3, 4 }) }))
      expect_error("EINVAL", "delete_points.point_ids[1]", shard:update(U.delete_points { 1, 2.5 }))
      err = expect_error("EINVAL", nil,
        shard:update(U.upsert_points { Point(9, { nope = { 1, 2, 3, 4 } }) }))
      assert.truthy(err.path:find("^upsert_points%.points%[0%]%.vector"), err.path)
      expect_error("EINVAL", nil, shard:update { no_such_operation = {} })
      expect_error("EINVAL", nil, shard:update { delete_points = { point_ids = { 1 } },
                                                 clear_payload = { point_ids = { 1 } } })
      assert.equal(3, shard:count())
      assert.same({}, plain(shard:retrieve { 8, 9 }))
    end)

    it("report bad requests", function()
      expect_error("EINVAL", "query[1]", shard:query { query = { 1, "x", 0, 0 } })
      expect_error("EINVAL", nil, shard:query { query = { 1, 0, 0 } })
      local _, err = shard:query { query = { 1, 0, 0, 0 }, using = "nope" }
      expect_error("EINVAL", nil, nil, err)
      expect_error("EINVAL", "limit", shard:query { query = { 1, 0, 0, 0 }, limit = 0 })
      expect_error("EINVAL", "vector[1]", shard:search { vector = { 1, "x", 0, 0 } })
      expect_error("EINVAL", "vector", shard:search { limit = 3 })
      expect_error("EINVAL", "offset", shard:scroll { offset = -3 })
      expect_error("EINVAL", "filter.must[0].key", shard:count { filter = { must = { { key = 5, match = { value = 1 } } } } })
      expect_error("EINVAL", "key", shard:facet {})
      expect_error("EINVAL", "ids[1]", shard:retrieve { 1, "nope" })
      expect_error("EINVAL", nil, shard:retrieve({ 1 }, 42))
      expect_error("EINVAL", nil, shard:update { delete_points = { point_ids = { {} , function() end } } })
    end)

    it("raise for programmer errors only", function()
      assert.has_error(function() shard.count() end)
      assert.has_error(function() shard.count({}) end)
      assert.has_error(function() shard:update() end)
      assert.has_error(function() shard:update("x") end)
      assert.has_error(function() shard:query() end)
      assert.has_error(function() shard:retrieve() end)
      assert.has_error(function() EdgeShard.create() end)
      assert.has_error(function() EdgeShard.create(path) end)
      assert.has_error(function() EdgeShard.load(path, 5) end)
      assert.has_error(function() EdgeShard.load(path, nil, "ro") end)
    end)

    it("check the options", function()
      shard:close()
      expect_error("EINVAL", "opts.durability", EdgeShard.load(path, nil, { durability = "sometimes" }))
      expect_error("EINVAL", "opts.read_only", EdgeShard.load(path, nil, { read_only = "yes" }))
      expect_error("EINVAL", "opts.flush_threshold", EdgeShard.load(path, nil, { flush_threshold = -1 }))
      expect_error("EINVAL", "opts.fsync_interval_ms", EdgeShard.load(path, nil, { fsync_interval_ms = 1.5 }))
      expect_error("EINVAL", "opts.readonly", EdgeShard.load(path, nil, { readonly = true }))
      expect_error("EINVAL", "vectors.size", EdgeShard.create(path .. "2", { vectors = { size = 0, distance = "Dot" } }))
      shard = assert(EdgeShard.load(path, nil, { durability = "interval", fsync_interval_ms = 5, flush_threshold = 2 }))
      assert(shard:update(U.upsert_points { Point(10, { 1, 1, 1, 1 }), Point(11, { 1, 1, 0, 0 }) }))
      assert.equal(5, shard:count())
      shard:close()
      shard = assert(EdgeShard.load(path))
      assert.equal(5, shard:count())
    end)

    it("answer nil, err after close", function()
      assert.is_true(shard:close())
      assert.is_true(shard:close())
      assert.is_true(shard.closed)
      assert.truthy(tostring(shard):find("closed", 1, true))
      local calls = {
        function() return shard:update(U.delete_points { 1 }) end,
        function() return shard:query { query = { 1, 0, 0, 0 } } end,
        function() return shard:search { vector = { 1, 0, 0, 0 } } end,
        function() return shard:scroll() end,
        function() return shard:count() end,
        function() return shard:facet { key = "city" } end,
        function() return shard:retrieve { 1 } end,
        function() return shard:info() end,
        function() return shard:flush() end,
        function() return shard:optimize() end,
      }
      for _, call in ipairs(calls) do
        local err = expect_error("ESTATE", "", call())
        assert.truthy(err.message:find("closed", 1, true))
      end
    end)

    it("refuse updates when opened read-only, and a second writer", function()
      -- a read-only open reads the flushed state (engine: the log is not replayed)
      assert(shard:flush())
      local ro = assert(EdgeShard.load(path, nil, { read_only = true }))
      assert.is_true(ro.read_only)
      assert.equal(3, ro:count())
      expect_error("ESTATE", nil, ro:update(U.delete_points { 1 }))
      expect_error("EBUSY", nil, EdgeShard.load(path))
      expect_error("EBUSY", nil, EdgeShard(path))
      shard:close()
      shard = nil
      local writer = assert(EdgeShard.load(path))
      assert(writer:update(U.delete_points { 1 }))
      writer:close()
      ro:close()
      expect_error("EINVAL", nil, EdgeShard.create(path .. "-ro", CONFIG, { read_only = true }))
    end)
  end)

  it("is closed by the garbage collector and, in Lua 5.4, by <close>", function()
    local s = assert(EdgeShard.create(path, CONFIG))
    seed(s)
    s = nil -- luacheck: ignore
    collectgarbage()
    collectgarbage()
    shard = assert(EdgeShard.load(path))
    shard:close()
    if _VERSION == "Lua 5.4" then
      local chunk = assert(load([[
        local EdgeShard, path = ...
        do
          local s <close> = assert(EdgeShard.load(path))
          assert(s:count() == 3)
        end
        local again = assert(EdgeShard.load(path))
        again:close()
      ]]))
      chunk(EdgeShard, path)
    end
  end)

  it("carries ids beyond 2^53 as strings", function()
    shard = assert(EdgeShard.create(path, CONFIG))
    local big = "9007199254740993" -- 2^53 + 1
    local max = "18446744073709551615" -- 2^64 - 1
    local uuid = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
    assert(shard:update(U.upsert_points {
      Point(big, { 1, 0, 0, 0 }, { name = "big" }),
      Point(max, { 0, 1, 0, 0 }, { name = "max" }),
      Point("{6F9619FF-8B86-D011-B42D-00C04FC964FF}", { 0, 0, 1, 0 }, { name = "uuid" }),
      Point(7, { 0, 0, 0, 1 }),
    }))
    local big_id = has_integers and math.tointeger(9007199254740993) or big
    local ids = ids_of(assert(shard:scroll()))
    assert.same({ 7, big_id, max, uuid }, ids)

    local hits = assert(shard:query { query = { 0, 1, 0, 0 }, limit = 1, with_payload = true })
    assert.equal(max, hits[1].id)
    assert.equal("max", hits[1].payload.name)
    local recs = assert(shard:retrieve { big, max, "6F9619FF8B86D011B42D00C04FC964FF" })
    assert.same({ big_id, max, uuid }, ids_of(recs))
    assert.equal(1, shard:count { filter = { must = { { has_id = { max } } } } })
    local page, next_offset = shard:scroll { offset = big, limit = 1 }
    assert.same({ big_id }, ids_of(page))
    assert.equal(max, next_offset)
    page = assert(shard:scroll { offset = next_offset })
    assert.same({ max, uuid }, ids_of(page))
    -- the id comes back usable as it is
    assert(shard:update(U.delete_points { hits[1].id, big }))
    assert.same({ 7, uuid }, ids_of(assert(shard:scroll())))
  end)
end)

-- ------------------------------------------------------------ Qdrant Edge's answers

describe("qedge.EdgeShard answers as Qdrant Edge", function()
  local path, cleanup, shard

  before_each(function()
    path, cleanup = temp_path()
  end)

  after_each(function()
    if shard then shard:close() end
    shard = nil
    collectgarbage()
    cleanup()
  end)

  local function scores_of(points)
    local out = {}
    for i, p in ipairs(points) do out[i] = { p.id, p.score } end
    return out
  end

  it("keeps sparse hits by score (index) or by a shared index (small filtered scan)", function()
    shard = assert(EdgeShard.create(path, { vectors = {}, sparse_vectors = { sp = {} } }))
    local SV = qedge.SparseVector
    assert(shard:update(U.upsert_points {
      Point(1, { sp = SV({ 1, 2 }, { 1, 2 }) }, { k = 1 }),
      Point(2, { sp = SV({ 3 }, { 1 }) }, { k = 1 }),
      Point(3, { sp = SV({ 1 }, { 0 }) }, { k = 1 }),
      Point(4, { sp = SV({ 1, 5 }, { -1, 1 }) }, { k = 1 }),
      Point(7, { sp = SV({ 1, 2 }, { 1, -0.5 }) }, { k = 2 }),
    }))
    local function q(indices, values, filter)
      return scores_of(assert(shard:query {
        query = qedge.Query.Nearest(SV(indices, values), "sp"), limit = 100, filter = filter }))
    end
    assert.same({ { 1, 1 }, { 7, 1 }, { 4, -1 } }, q({ 1 }, { 1 }))
    assert.same({ { 1, 5 }, { 4, -1 } }, q({ 1, 2 }, { 1, 2 }))
    assert.same({}, q({ 1000 }, { 1 }))
    local k1 = { must = { { key = "k", match = { value = 1 } } } }
    assert.same({ { 1, 1 }, { 3, 0 }, { 4, -1 } }, q({ 1 }, { 1 }, k1))
    assert.same({}, q({ 1000 }, { 1 }, k1))
  end)

  it("weighs sparse query values by IDF with modifier = idf", function()
    shard = assert(EdgeShard.create(path, { vectors = {}, sparse_vectors = { sp = { modifier = "idf" } } }))
    local SV = qedge.SparseVector
    assert(shard:update(U.upsert_points {
      Point(1, { sp = SV({ 1, 2 }, { 1, 2 }) }), Point(2, { sp = SV({ 3 }, { 1 }) }),
      Point(3, { sp = SV({ 1 }, { 0 }) }),
    }))
    local hits = assert(shard:query { query = qedge.Query.Nearest(SV({ 1 }, { 1 }), "sp") })
    assert.same({ 1 }, ids_of(hits))
    assert.near(math.log(1 + 1.5 / 2.5), hits[1].score, 1e-6)
  end)

  it("stores a point without any vector from vector = {}", function()
    shard = assert(EdgeShard.create(path, { vectors = { size = 2, distance = "Dot" } }))
    assert(shard:update(U.upsert_points { Point(1, {}, { a = 1 }), Point(2, { 1, 2 }) }))
    local rec = assert(shard:retrieve({ 1 }, true, true))
    assert.equal(1, #rec)
    assert.is_table(rec[1].vector)
    assert.is_nil(next(rec[1].vector))
    assert.equal(1, rec[1].payload.a)
    assert.equal(1, shard:count { filter = { must = { { has_vector = "" } } } })
    assert.same({ 2 }, ids_of(assert(shard:query { query = { 1, 1 } })))
    assert.same({ 1, 2 }, ids_of(assert(shard:query {})))
  end)

  it("lists a point once per distinct order_by value", function()
    shard = assert(EdgeShard.create(path, { vectors = { size = 2, distance = "Dot" } }))
    assert(shard:update(U.create_field_index("n", "integer")))
    assert(shard:update(U.upsert_points {
      Point(50, { 1, 1 }, { n = { 3, 3, 1 } }),
      Point(10, { 1, 1 }, { n = 3 }),
      Point(60, { 1, 1 }, { n = { 1, 3, 1, 3 } }),
    }))
    local function order(req)
      local out = {}
      for i, p in ipairs(assert(shard:scroll(req))) do out[i] = { p.id, p.order_value } end
      return out
    end
    -- points sharing a value come in write order
    assert.same({ { 50, 1 }, { 60, 1 }, { 50, 3 }, { 10, 3 }, { 60, 3 } },
      order { order_by = "n", limit = 100 })
    assert.same({ { 60, 1 }, { 50, 1 } },
      order { order_by = { key = "n", direction = "desc", start_from = 2 } })
  end)

  it("leaves the referenced point out of a query by id", function()
    shard = assert(EdgeShard.create(path, { vectors = { size = 2, distance = "Euclid" } }))
    assert(shard:update(U.upsert_points {
      Point(1, { 0, 0 }), Point(2, { 1, 0 }), Point(3, { 3, 0 }), Point(4, { 6, 0 }),
    }))
    assert.same({ { 1, 1 }, { 3, 2 }, { 4, 5 } }, scores_of(assert(shard:query { query = 2 })))
    assert.same({ 3 }, ids_of(assert(shard:query { query = 2, limit = 1, offset = 1 })))
    local err = expect_error("ENOTFOUND", "query", shard:query { query = 99 })
    assert.equal("No point with id 99 found", err.message)
  end)

  it("tells whether optimize() rewrote anything", function()
    shard = assert(EdgeShard.create(path, { vectors = { size = 2, distance = "Dot" } }))
    assert(shard:update(U.upsert_points { Point(1, { 1, 0 }), Point(2, { 0, 1 }) }))
    assert.is_false(shard:optimize())
    assert(shard:update(U.delete_points { 1 }))
    assert.is_true(shard:optimize())
    assert.is_false(shard:optimize())
    assert.same({ 2 }, ids_of(assert(shard:scroll())))
  end)
end)
