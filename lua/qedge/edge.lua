--- qedge.edge — builders for the requests of an edge shard (qedge.EdgeShard).
--
-- Loaded by `require "qedge.edge"`, or on first use of one of its names
-- through the module: qedge.UpdateOperation, qedge.Point, qedge.PointVectors,
-- qedge.SparseVector, qedge.Query, qedge.QueryRequest, qedge.RecommendQuery,
-- qedge.DiscoverQuery, qedge.ContextQuery, qedge.ContextPair, qedge.Fusion,
-- qedge.Mmr. The names and
-- argument orders are qdrant_edge's (the same as Python's qedge):
--
--   shard:update(qedge.UpdateOperation.upsert_points {
--     qedge.Point(1, { 0.1, 0.2, 0.3, 0.4 }, { city = "Berlin" }),
--   })
--   shard:query(qedge.QueryRequest {
--     query = qedge.Query.Nearest({ 0.1, 0.2, 0.3, 0.4 }), limit = 5,
--   })
--
-- The builders only arrange tables in the REST shapes the shard reads
-- (EdgeUpdateOperation, PointStruct, QueryRequest, ...): they check nothing,
-- so a mistake is reported once, by the shard method, with the JSON path of
-- the bad value (`upsert_points.points[0].vector`). Plain tables of the same
-- shapes work just as well. The results carry the metatables of their
-- models, so tostring() shows them as JSON and qedge.json_encode() writes
-- them exactly.
--
-- Where a list of ids or names is expected, one id or one name may be given.
local qedge = require "qedge"

local model_mt = qedge.model_mt
local getmetatable, ipairs, next, pairs, rawget, setmetatable, type =
  getmetatable, ipairs, next, pairs, rawget, setmetatable, type

local edge = {}

--- `t` with the metatable of object model `name`.
local function as(name, t)
  return setmetatable(t, model_mt(name))
end

--- `v` as a list: a table stays as it is, anything else (one id or name)
-- becomes a list of one; nil stays nil.
local function list(v)
  if v == nil or type(v) == "table" then return v end
  return { v }
end

--- One update operation: {[kind] = body}.
local function op(kind, body)
  return as("EdgeUpdateOperation", { [kind] = body })
end

-- ------------------------------------------------------------ UpdateOperation

local U = {}

--- Insert or replace points; with `condition` (a Filter), existing points are
-- only replaced when they match it; `update_mode` is "upsert" (default),
-- "insert_only" or "update_only".
function U.upsert_points(points, condition, update_mode)
  return op("upsert_points", { points = points, condition = condition, update_mode = update_mode })
end

function U.delete_points(point_ids)
  return op("delete_points", { point_ids = list(point_ids) })
end

function U.delete_points_by_filter(filter)
  return op("delete_points_by_filter", { filter = filter })
end

--- Replace the given vectors of existing points (a list of PointVectors).
function U.update_vectors(point_vectors, condition)
  return op("update_vectors", { point_vectors = point_vectors, condition = condition })
end

function U.delete_vectors(point_ids, vector_names)
  return op("delete_vectors", { point_ids = list(point_ids), vector_names = list(vector_names) })
end

function U.delete_vectors_by_filter(filter, vector_names)
  return op("delete_vectors_by_filter", { filter = filter, vector_names = list(vector_names) })
end

--- Merge `payload` into the payload of each point (at path `key` if given).
function U.set_payload(point_ids, payload, key)
  return op("set_payload", { point_ids = list(point_ids), payload = payload, key = key })
end

function U.set_payload_by_filter(filter, payload, key)
  return op("set_payload_by_filter", { filter = filter, payload = payload, key = key })
end

--- Replace the whole payload of each point.
function U.overwrite_payload(point_ids, payload, key)
  return op("overwrite_payload", { point_ids = list(point_ids), payload = payload, key = key })
end

function U.overwrite_payload_by_filter(filter, payload, key)
  return op("overwrite_payload_by_filter", { filter = filter, payload = payload, key = key })
end

function U.delete_payload(point_ids, keys)
  return op("delete_payload", { point_ids = list(point_ids), keys = list(keys) })
end

function U.delete_payload_by_filter(filter, keys)
  return op("delete_payload_by_filter", { filter = filter, keys = list(keys) })
end

function U.clear_payload(point_ids)
  return op("clear_payload", { point_ids = list(point_ids) })
end

function U.clear_payload_by_filter(filter)
  return op("clear_payload_by_filter", { filter = filter })
end

--- Declare a payload index on `field_name`; `field_schema` is a type name
-- ("keyword", "integer", ...) or a PayloadSchemaParams table.
function U.create_field_index(field_name, field_schema)
  return op("create_field_index", { field_name = field_name, field_schema = field_schema })
end

function U.delete_field_index(field_name)
  return op("delete_field_index", { field_name = field_name })
end

--- Add a dense vector name; `params` is an EdgeVectorParams table
-- ({size = n, distance = "Cosine", ...}).
function U.create_dense_vector(name, params)
  return op("create_dense_vector", { name = name, params = params })
end

--- Add a sparse vector name; `params` is an optional EdgeSparseVectorParams.
function U.create_sparse_vector(name, params)
  return op("create_sparse_vector", { name = name, params = params })
end

function U.delete_vector_name(name)
  return op("delete_vector_name", { name = name })
end

edge.UpdateOperation = U

-- ------------------------------------------------------------ values

--- A point: `vector` is a list of numbers (the unnamed vector), or a table
-- {name = list | SparseVector | list of lists}; `payload` is optional.
function edge.Point(id, vector, payload)
  return as("PointStruct", { id = id, vector = vector, payload = payload })
end

--- New vectors for an existing point (for update_vectors).
function edge.PointVectors(id, vector)
  return as("PointVectors", { id = id, vector = vector })
end

function edge.SparseVector(indices, values)
  return as("SparseVector", { indices = indices, values = values })
end

-- ------------------------------------------------------------ queries

local Query = {}

--- A query table `q` for vector `using`: a copy with `using` set, which
-- qedge.QueryRequest and the shard move up to the request.
local function with_using(q, using)
  if using == nil then return q end
  local c = setmetatable({}, getmetatable(q))
  for k, v in pairs(q) do c[k] = v end
  c.using = using
  return c
end

--- Nearest neighbours of `vector` (a list of numbers, a SparseVector, a list
-- of lists for multivectors, or a point id), searching vector `using` (the
-- unnamed vector when nil). qedge.QueryRequest and the shard's query method
-- move `using` up to the request, where REST carries it.
function Query.Nearest(vector, using)
  return as("NearestQuery", { nearest = vector, using = using })
end

--- Recommendation from a RecommendQuery (or a {positive, negative} table)
-- with the strategy set.
local function recommend(query, strategy, using)
  local input = type(query) == "table" and rawget(query, "recommend") or query or {}
  local body = as("RecommendInput", { strategy = strategy })
  for k, v in pairs(input) do
    if k ~= "strategy" then body[k] = v end
  end
  return as("RecommendQuery", { recommend = body, using = using })
end

--- Recommendation scored by the best positive and negative matches.
function Query.RecommendBestScore(query, using)
  return recommend(query, "best_score", using)
end

--- Recommendation scored by the sum of the example similarities.
function Query.RecommendSumScores(query, using)
  return recommend(query, "sum_scores", using)
end

--- Discovery (a DiscoverQuery): close to the target within the context pairs.
function Query.Discover(query, using)
  return with_using(query, using)
end

--- Context search (a ContextQuery) over positive/negative pairs.
function Query.Context(query, using)
  return with_using(query, using)
end

edge.Query = Query

--- Examples for Query.RecommendBestScore / RecommendSumScores; used
-- directly as a query it is Qdrant's average-vector recommendation.
function edge.RecommendQuery(positives, negatives)
  return as("RecommendQuery", {
    recommend = as("RecommendInput", {
      positive = positives or qedge.empty_array,
      negative = negatives or qedge.empty_array,
    }),
  })
end

--- A positive and a negative example, for DiscoverQuery and ContextQuery.
function edge.ContextPair(positive, negative)
  return as("ContextPair", { positive = positive, negative = negative })
end

function edge.DiscoverQuery(target, pairs)
  return as("DiscoverQuery", {
    discover = as("DiscoverInput", { target = target, context = pairs or qedge.empty_array }),
  })
end

function edge.ContextQuery(pairs)
  return as("ContextQuery", { context = pairs or qedge.empty_array })
end

--- Fusion of the prefetches' results: Fusion.Rrf(k [, weights]), Fusion.Dbsf().
edge.Fusion = {
  Rrf = function(k, weights)
    return as("RrfQuery", { rrf = as("Rrf", { k = k, weights = weights }) })
  end,
  Dbsf = function()
    return as("FusionQuery", { fusion = "dbsf" })
  end,
}

--- Nearest neighbours of `vector` re-ranked for diversity: `lambda` in
-- [0, 1] weighs relevance (1) against diversity (0).
function edge.Mmr(vector, lambda, candidates_limit, using)
  return as("NearestQuery", {
    nearest = vector,
    mmr = as("Mmr", { diversity = 1 - lambda, candidates_limit = candidates_limit }),
    using = using,
  })
end

--- Move a `using` named in `stage.query` up to the stage (a copy of it).
local function lift_using(stage)
  local q = stage.query
  if type(q) ~= "table" or rawget(q, "using") == nil then return stage end
  local copy = setmetatable({}, getmetatable(q))
  for k, v in pairs(q) do
    if k ~= "using" then copy[k] = v end
  end
  stage.query = copy
  if stage.using == nil then stage.using = rawget(q, "using") end
  return stage
end

--- A shallow copy of `t` carrying the metatable of model `name`.
local function copy_as(name, t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return as(name, c)
end

local prefetches

--- A Prefetch stage in the REST shape (see QueryRequest).
local function prefetch_of(p)
  local stage = lift_using(copy_as("Prefetch", p))
  local inner = stage.prefetch
  if inner == nil then inner, stage.prefetches = stage.prefetches, nil end
  if inner ~= nil then stage.prefetch = prefetches(inner) end
  return stage
end

--- The REST form of a prefetch value: one stage or a list of stages.
function prefetches(p)
  if type(p) ~= "table" then return p end
  if p[1] == nil and next(p) ~= nil then return prefetch_of(p) end
  local out = setmetatable({}, qedge.array_mt)
  for i, stage in ipairs(p) do out[i] = prefetch_of(stage) end
  return out
end

--- The REST QueryRequest for a table of its fields (query, using, filter,
-- limit, offset, with_payload, with_vector, score_threshold, params,
-- prefetch): a copy, with a `using` given to Query.Nearest moved up to the
-- request (and to each prefetch stage). The argument is left alone.
function edge.QueryRequest(fields)
  local req = lift_using(copy_as("QueryRequest", fields or {}))
  local p = req.prefetch
  if p == nil then p, req.prefetches = req.prefetches, nil end
  if p ~= nil then req.prefetch = prefetches(p) end
  return req
end

return edge
