-- The acceptance scenario of the edge shard, under Lua 5.4 and LuaJIT,
-- self-contained with a seeded generator.
--
-- Create a shard with two named vectors (img: 16-d Cosine, txt: 8-d Euclid),
-- upsert QEDGE_SCENARIO_POINTS points (default 10000) with payloads of every
-- kind (keyword, int, float, bool, array, nested object, array of objects,
-- null, geo, datetime), apply every update variant while keeping a model of
-- the expected state, then check query (filters, score_threshold, offset,
-- limit, with_payload include/exclude, with_vector), scroll (id pages and
-- order_by), count, facet and retrieve against a brute-force oracle over the
-- model. Close, reopen and require the same answers; then a child process
-- writes, flushes, writes more and exits without closing, and the reopened
-- shard (flushed segment + replayed log) must answer as the model.
--
-- Ties: equal scores come in ascending id order (Qdrant's cross-shard merge
-- order, which the engine uses), also where the limit or the offset cuts a
-- group of tied points. Scores closer than 1e-4 (relative) but not equal may
-- come in either order. Points sharing an order_by value come in an order
-- Qdrant does not define, so those runs are compared as sets
-- (check_order_runs).
local qedge = require "qedge"

local U = qedge.UpdateOperation
local Point = qedge.Point
local null = qedge.null
local array_mt = qedge.array_mt

local N = tonumber(os.getenv("QEDGE_SCENARIO_POINTS") or "") or 10000
local SEED = 20261122
local TOL = 1e-4
local EARTH = 6371008.8
local T0 = 1600000000
local DIMS = { img = 16, txt = 8, extra = 4 }
local DIST = { img = "Cosine", txt = "Euclid", extra = "Manhattan" }
local NAMES = { "img", "txt" }
local COLORS = { "red", "green", "blue", "black", "white" }
local WORDS = { "alpha", "beta", "gamma", "delta", "eps", "zeta" }
local KINDS = { "bolt", "nut", "gear", "cog" }

-- ------------------------------------------------------------ helpers

local function A(t) return setmetatable(t or {}, array_mt) end
local function is_array(t) return type(t) == "table" and getmetatable(t) == array_mt end

-- Park-Miller: exact in doubles and in Lua 5.4 integers alike.
local state = 1
local function seed(s) state = s % 2147483646 + 1 end
local function rnd01()
  state = state * 48271 % 2147483647
  return state / 2147483647
end
local function rndi(lo, hi)
  state = state * 48271 % 2147483647
  return lo + state % (hi - lo + 1)
end
local function pick(t) return t[rndi(1, #t)] end

local function deep_copy(v)
  if type(v) ~= "table" then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = deep_copy(x) end
  return setmetatable(out, getmetatable(v))
end

local function deep_equal(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, x in pairs(a) do
    if not deep_equal(x, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local function show(v) return qedge.json_encode(v) end

-- A cheap assertion for inner loops (busted's assert costs a lot per call);
-- `msg` may be a function, called only on failure.
local function check(cond, msg)
  if not cond then error(type(msg) == "function" and msg() or msg, 2) end
end

-- Qdrant's id order: integers, then UUIDs by their text (lowercase hex).
local function id_less(a, b)
  if type(a) == type(b) then return a < b end
  return type(a) == "number"
end

local function sorted_keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out, id_less)
  return out
end

-- ------------------------------------------------------------ datetimes

local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = math.floor((y >= 0 and y or y - 399) / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * (m + (m > 2 and -3 or 9)) + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

local function fmt_dt(t, form)
  if form == 1 then t = t + 7200 end
  local s = os.date("!*t", t)
  local date = string.format("%04d-%02d-%02d", s.year, s.month, s.day)
  local time = string.format("%02d:%02d:%02d", s.hour, s.min, s.sec)
  if form == 0 then return date .. "T" .. time .. "Z" end
  if form == 1 then return date .. "T" .. time .. ".000000+02:00" end
  if form == 2 then return date .. " " .. time end
  return date
end

-- Microseconds since the epoch of the formats fmt_dt writes, else nil.
local function parse_dt(s)
  if type(s) ~= "string" then return nil end
  local y, mo, d, rest = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)(.*)$")
  if not y then return nil end
  local h, mi, se, frac, off = 0, 0, 0, 0, 0
  if rest ~= "" then
    local sep
    sep, h, mi, se, rest = rest:match("^([T ])(%d%d):(%d%d):(%d%d)(.*)$")
    if not sep then return nil end
    local f
    f, rest = rest:match("^%.(%d+)(.*)$")
    if f then frac = tonumber((f .. "000000"):sub(1, 6)) else rest = rest or "" end
    if rest == "Z" then
      rest = ""
    elseif rest ~= "" then
      local sign, oh, om = rest:match("^([+-])(%d%d):(%d%d)$")
      if not sign then return nil end
      off = (tonumber(oh) * 3600 + tonumber(om) * 60) * (sign == "+" and 1 or -1)
      rest = ""
    end
  end
  local secs = days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400
    + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(se) - off
  return secs * 1000000 + frac
end

-- ------------------------------------------------------------ data

local function rand_vec(name)
  local v = {}
  for i = 1, DIMS[name] do v[i] = math.floor((rnd01() * 2 - 1) * 10000 + 0.5) / 10000 end
  return v
end

local function rand_payload()
  local p = {}
  if rnd01() < 0.9 then p.color = pick(COLORS) end
  local r = rnd01()
  if r < 0.85 then p.n = rndi(0, 99) elseif r < 0.93 then p.n = null end
  p.price = rndi(0, 99999) / 100 + 0.005
  p.flag = rnd01() < 0.4
  r = rnd01()
  if r < 0.9 then
    local tags, first = A(), rndi(0, 5)
    for i = 1, (r < 0.8 and rndi(1, 3) or 0) do tags[i] = WORDS[(first + (i - 1) * 2) % 6 + 1] end
    p.tags = tags
  end
  if rnd01() < 0.8 then
    p.meta = { level = rndi(0, 5), sub = { x = pick(WORDS) }, ok = rnd01() < 0.5 }
  end
  if rnd01() < 0.7 then
    local items = A()
    for i = 1, rndi(0, 3) do items[i] = { kind = pick(KINDS), qty = rndi(0, 9) } end
    p.items = items
  end
  p.note = rnd01() < 0.3 and null or pick(WORDS)
  if rnd01() < 0.85 then
    p.loc = { lon = math.floor((10 + 4 * rnd01()) * 1e5) / 1e5 + 1e-6,
              lat = math.floor((45 + 3 * rnd01()) * 1e5) / 1e5 + 1e-6 }
  end
  if rnd01() < 0.85 then p.ts = fmt_dt(T0 + rndi(0, 86400 * 365), rndi(0, 3)) end
  if rnd01() < 0.6 then
    -- distinct values: a repeated value is listed once by Qdrant's order_by
    -- and once per element by the engine (pinned in test_edge_congruence.py)
    local nums, seen = A(), {}
    for i = 1, rndi(0, 4) do
      local v
      repeat v = rndi(0, 50) until not seen[v]
      seen[v] = true
      nums[i] = v
    end
    p.nums = nums
  end
  return p
end

local function rand_uuid()
  local hex = {}
  for i = 1, 32 do hex[i] = string.format("%x", rndi(0, 15)) end
  hex[13] = "4"
  hex[17] = string.format("%x", 8 + rndi(0, 3))
  local h = table.concat(hex)
  return h:sub(1, 8) .. "-" .. h:sub(9, 12) .. "-" .. h:sub(13, 16) .. "-" .. h:sub(17, 20) .. "-" .. h:sub(21)
end

-- The vector as the engine stores it: Cosine ones normalised.
local function stored(name, v)
  local s = 0
  for _, x in ipairs(v) do s = s + x * x end
  if DIST[name] ~= "Cosine" or s < 1.1920929e-07 or math.abs(s - 1) <= 1e-6 then return v end
  local out, norm = {}, math.sqrt(s)
  for i, x in ipairs(v) do out[i] = x / norm end
  return out
end

-- ------------------------------------------------------------ oracle: filters

local function values_at(payload, path)
  if not path:find("[.%[]") then
    if type(payload) ~= "table" or is_array(payload) or payload[path] == nil then return {} end
    return { payload[path] }
  end
  local cur = { payload }
  for seg in path:gmatch("[^.]+") do
    local key = seg:match("^(.*)%[%]$")
    local nxt = {}
    for _, v in ipairs(cur) do
      if type(v) == "table" and not is_array(v) then
        local x = v[key or seg]
        if x ~= nil then
          if not key then
            nxt[#nxt + 1] = x
          elseif is_array(x) then
            for _, e in ipairs(x) do nxt[#nxt + 1] = e end
          end
        end
      end
    end
    cur = nxt
  end
  return cur
end

local function flat(vals)
  local out = {}
  for _, v in ipairs(vals) do
    if is_array(v) then
      for _, e in ipairs(v) do out[#out + 1] = e end
    else
      out[#out + 1] = v
    end
  end
  return out
end

local function is_int(v)
  if type(v) ~= "number" then return false end
  if math.type then return math.type(v) == "integer" end
  return v == math.floor(v)
end

local function same_value(v, x)
  if type(x) == "number" then return is_int(v) and v == x end
  return type(v) == type(x) and v == x
end

local function any_same(v, list)
  for _, x in ipairs(list) do
    if same_value(v, x) then return true end
  end
  return false
end

local function in_range(x, r)
  return (r.lt == nil or x < r.lt) and (r.gt == nil or x > r.gt)
    and (r.lte == nil or x <= r.lte) and (r.gte == nil or x >= r.gte)
end

local function haversine(a, b)
  local rad = math.pi / 180
  local s1 = math.sin((b.lat - a.lat) * rad / 2)
  local s2 = math.sin((b.lon - a.lon) * rad / 2)
  local h = s1 * s1 + math.cos(a.lat * rad) * math.cos(b.lat * rad) * s2 * s2
  return EARTH * 2 * math.asin(math.sqrt(h))
end

local compile_filter

-- A field condition as a function of one value (array elements one by one).
local function value_test(c)
  local m = c.match
  if m then
    if m.value ~= nil then
      local x = m.value
      return function(v) return same_value(v, x) end
    elseif m.any then
      local xs = m.any
      return function(v) return any_same(v, xs) end
    end
    local ex = m["except"]
    return function(v) return v ~= null and not any_same(v, ex) end
  end
  if c.range then
    local r, dt = c.range, false
    for _, b in pairs(r) do dt = dt or type(b) == "string" end
    if dt then
      local rr = {}
      for k, b in pairs(r) do rr[k] = parse_dt(b) end
      return function(v)
        local x = parse_dt(v)
        return x ~= nil and in_range(x, rr)
      end
    end
    return function(v) return type(v) == "number" and in_range(v, r) end
  end
  local g = assert(c.geo_radius, "oracle: unknown condition")
  return function(v)
    return type(v) == "table" and v.lon ~= nil and haversine(g.center, v) < g.radius
  end
end

local function compile_field(c)
  local key = c.key
  if c.values_count then
    local r = c.values_count
    return function(_, p)
      local n = 0
      for _, v in ipairs(values_at(p, key)) do
        n = n + (is_array(v) and #v or v == null and 0 or 1)
      end
      return in_range(n, r)
    end
  end
  local test = value_test(c)
  if not key:find("[.%[]") then -- a plain key: no tables built
    return function(_, p)
      local x = p[key]
      if x == nil then return false end
      if is_array(x) then
        for _, e in ipairs(x) do
          if test(e) then return true end
        end
        return false
      end
      return test(x)
    end
  end
  return function(_, p)
    for _, v in ipairs(flat(values_at(p, key))) do
      if test(v) then return true end
    end
    return false
  end
end

local function compile_cond(c, nested)
  if c.key then return compile_field(c) end
  if c.is_empty then
    local key = c.is_empty.key
    return function(_, p)
      for _, v in ipairs(values_at(p, key)) do
        if v ~= null and not (is_array(v) and #v == 0) then return false end
      end
      return true
    end
  end
  if c.is_null then
    local key = c.is_null.key
    return function(_, p)
      for _, v in ipairs(values_at(p, key)) do
        if v == null then return true end
      end
      return false
    end
  end
  if c.has_id then
    local set = {}
    for _, x in ipairs(c.has_id) do set[x] = true end
    return function(id) return not nested and set[id] == true end
  end
  if c.nested then
    local key, inner = c.nested.key, compile_filter(c.nested.filter, true)
    return function(id, p)
      for _, v in ipairs(values_at(p, key)) do
        if is_array(v) then
          for _, e in ipairs(v) do
            if type(e) == "table" and not is_array(e) and inner(id, e) then return true end
          end
        end
      end
      return false
    end
  end
  return compile_filter(c, nested)
end

local function compile_list(list, nested)
  local out = {}
  for i, c in ipairs(list or {}) do out[i] = compile_cond(c, nested) end
  return out
end

-- Qdrant's filter semantics as a function of (id, payload): the oracle.
compile_filter = function(f, nested)
  if f == nil then return function() return true end end
  local must, must_not = compile_list(f.must, nested), compile_list(f.must_not, nested)
  local should = f.should and compile_list(f.should, nested)
  local ms = f.min_should
  local mins = ms and compile_list(ms.conditions, nested)
  return function(id, p)
    for _, c in ipairs(must) do
      if not c(id, p) then return false end
    end
    if should then
      local any = false
      for _, c in ipairs(should) do
        if c(id, p) then any = true break end
      end
      if not any then return false end
    end
    for _, c in ipairs(must_not) do
      if c(id, p) then return false end
    end
    if mins then
      local have = 0
      for _, c in ipairs(mins) do
        if c(id, p) then have = have + 1 end
      end
      if have < ms.min_count then return false end
    end
    return true
  end
end

local function filter_ok(f, id, payload)
  return compile_filter(f)(id, payload)
end

-- ------------------------------------------------------------ the model

local Model = {}
Model.__index = Model

local function new_model()
  return setmetatable({ points = {}, indexes = {} }, Model)
end

function Model:select(f)
  local ok = compile_filter(f)
  local ints, uuids = {}, {}
  for id, p in pairs(self.points) do
    if ok(id, p.p) then
      if type(id) == "number" then ints[#ints + 1] = id else uuids[#uuids + 1] = id end
    end
  end
  table.sort(ints) -- id order: integers, then UUIDs (cheaper than one sort with id_less)
  table.sort(uuids)
  for _, u in ipairs(uuids) do ints[#ints + 1] = u end
  return ints
end

function Model:ids() return self:select(nil) end

local function vecs_of(vector)
  local out = {}
  for name, v in pairs(vector) do out[name] = stored(name, v) end
  return out
end

function Model:upsert(points, cond, mode)
  for _, pt in ipairs(points) do
    local old = self.points[pt.id]
    local skip = false
    if old then
      skip = mode == "insert_only" or (cond ~= nil and not filter_ok(cond, pt.id, old.p))
    else
      skip = mode == "update_only"
    end
    if not skip then self.points[pt.id] = { v = vecs_of(pt.vector), p = deep_copy(pt.payload or {}) } end
  end
end

function Model:set_payload(ids, patch, key)
  for _, id in ipairs(ids) do
    local dest = self.points[id].p
    if key then
      for part in key:gmatch("[^.]+") do
        if type(dest[part]) ~= "table" or is_array(dest[part]) then dest[part] = {} end
        dest = dest[part]
      end
    end
    for k, v in pairs(patch) do
      if v == null then dest[k] = nil else dest[k] = deep_copy(v) end
    end
  end
end

local function remove_path(cur, path)
  local head, rest = path:match("^([^.]+)%.(.+)$")
  if type(cur) ~= "table" or is_array(cur) then return end
  if not head then
    cur[path] = nil
    return
  end
  local arr = head:match("^(.*)%[%]$")
  local x = cur[arr or head]
  if arr then
    if is_array(x) then
      for _, e in ipairs(x) do remove_path(e, rest) end
    end
  else
    remove_path(x, rest)
  end
end

-- ------------------------------------------------------------ updates

local shard, ops_log

local function run(op)
  if ops_log then
    ops_log[#ops_log + 1] = op
  else
    local seq, err = shard:update(op)
    assert(seq, err and tostring(err))
  end
end

local function sample(model, k)
  local ids = model:ids()
  local out = {}
  for i = 1, math.min(k, #ids) do
    local j = rndi(i, #ids)
    ids[i], ids[j] = ids[j], ids[i]
    out[i] = ids[i]
  end
  return out
end

local function rand_vectors(full)
  local v = { img = rand_vec("img") }
  if full or rnd01() < 0.5 then v.txt = rand_vec("txt") end
  return v
end

local function upsert(model, pts, cond, mode)
  local points = {}
  for i, p in ipairs(pts) do points[i] = Point(p.id, p.vector, p.payload) end
  model:upsert(pts, cond, mode)
  run(U.upsert_points(points, cond, mode))
end

local function F(must, should, must_not)
  return { must = must and A(must), should = should and A(should), must_not = must_not and A(must_not) }
end
local function match(key, value) return { key = key, match = { value = value } } end

-- Every update variant, on the shard (or into ops_log) and on the model.
local function mutate(model)
  local pts = {}
  for _, id in ipairs(sample(model, 200)) do pts[#pts + 1] = { id = id, vector = rand_vectors(false), payload = rand_payload() } end
  for k = 0, 49 do pts[#pts + 1] = { id = 3 * N + k, vector = rand_vectors(false), payload = rand_payload() } end
  upsert(model, pts)
  -- with a condition: existing points that match are replaced, new ones go in
  pts = {}
  for _, id in ipairs(sample(model, 300)) do pts[#pts + 1] = { id = id, vector = rand_vectors(true), payload = { upserted = "cond", color = "green" } } end
  for k = 0, 4 do pts[#pts + 1] = { id = 3 * N + 100 + k, vector = rand_vectors(true), payload = { upserted = "cond" } } end
  upsert(model, pts, F { match("color", "red") })
  for m, mode in ipairs { "insert_only", "update_only" } do
    pts = {}
    for _, id in ipairs(sample(model, 50)) do pts[#pts + 1] = { id = id, vector = rand_vectors(true), payload = { mode = mode, n = 7 } } end
    for k = 0, 9 do pts[#pts + 1] = { id = 3 * N + 150 + 50 * m + k, vector = rand_vectors(true), payload = { mode = mode } } end
    upsert(model, pts, nil, mode)
  end
  -- deletes
  local gone = sample(model, 150)
  local ask = deep_copy(gone)
  ask[#ask + 1] = 10 * N + 1 -- deleting a missing id is not an error
  run(U.delete_points(A(ask)))
  for _, id in ipairs(gone) do model.points[id] = nil end
  local f = F { match("n", 13), match("flag", true) }
  for _, id in ipairs(model:select(f)) do model.points[id] = nil end
  run(U.delete_points_by_filter(f))
  -- vectors
  local pvs = {}
  for i, id in ipairs(sample(model, 200)) do
    local v = rand_vec("txt")
    pvs[i] = qedge.PointVectors(id, { txt = v })
    model.points[id].v.txt = stored("txt", v)
  end
  run(U.update_vectors(pvs))
  local cond = F { match("flag", false) }
  pvs = {}
  for i, id in ipairs(sample(model, 200)) do
    local v = rand_vec("img")
    pvs[i] = qedge.PointVectors(id, { img = v })
    if filter_ok(cond, id, model.points[id].p) then model.points[id].v.img = stored("img", v) end
  end
  run(U.update_vectors(pvs, cond))
  local some = sample(model, 100)
  run(U.delete_vectors(A(some), A { "txt" }))
  for _, id in ipairs(some) do model.points[id].v.txt = nil end
  f = F { match("meta.level", 5), match("color", "black") }
  for _, id in ipairs(model:select(f)) do model.points[id].v.img = nil end
  run(U.delete_vectors_by_filter(f, A { "img" }))
  -- payload
  some = sample(model, 300)
  local patch = { color = "blue", note = null, extra = { deep = A { 1, 2 } } }
  run(U.set_payload(A(some), patch))
  model:set_payload(some, patch)
  some = sample(model, 200)
  patch = { level = 9, added = true }
  run(U.set_payload(A(some), patch, "meta"))
  model:set_payload(some, patch, "meta")
  some = sample(model, 50)
  run(U.set_payload(A(some), { z = "zz" }, "meta.sub"))
  model:set_payload(some, { z = "zz" }, "meta.sub")
  f = F { match("tags", "beta") }
  model:set_payload(model:select(f), { beta_seen = 1 })
  run(U.set_payload_by_filter(f, { beta_seen = 1 }))
  some = sample(model, 100)
  local new = rand_payload()
  run(U.overwrite_payload(A(some), new))
  for _, id in ipairs(some) do model.points[id].p = deep_copy(new) end
  f = F { match("n", 42) }
  new = { color = "white", n = 43, tags = A { "zeta" }, over = null }
  for _, id in ipairs(model:select(f)) do model.points[id].p = deep_copy(new) end
  run(U.overwrite_payload_by_filter(f, new))
  some = sample(model, 300)
  local keys = A { "ts", "meta.sub", "items[].qty" }
  run(U.delete_payload(A(some), keys))
  for _, id in ipairs(some) do
    for _, k in ipairs(keys) do remove_path(model.points[id].p, k) end
  end
  f = F({ match("color", "green") }, nil, { { is_empty = { key = "nums" } } })
  keys = A { "nums", "note" }
  for _, id in ipairs(model:select(f)) do
    for _, k in ipairs(keys) do remove_path(model.points[id].p, k) end
  end
  run(U.delete_payload_by_filter(f, keys))
  some = sample(model, 60)
  run(U.clear_payload(A(some)))
  for _, id in ipairs(some) do model.points[id].p = {} end
  f = F { match("meta.level", 0), match("flag", true) }
  for _, id in ipairs(model:select(f)) do model.points[id].p = {} end
  run(U.clear_payload_by_filter(f))
end

-- ------------------------------------------------------------ oracle: reads

local function score(name, q, v)
  local s = 0
  for i = 1, #q do
    local d = v[i] - q[i]
    if DIST[name] == "Cosine" then s = s + v[i] * q[i]
    elseif DIST[name] == "Euclid" then s = s + d * d
    else s = s + math.abs(d) end
  end
  return DIST[name] == "Euclid" and math.sqrt(s) or s
end

local function ranked(model, name, q, cand)
  local qs = stored(name, q)
  local out = {}
  for _, id in ipairs(cand) do
    local v = model.points[id].v[name]
    if v then out[#out + 1] = { id = id, score = score(name, qs, v) } end
  end
  local desc = DIST[name] == "Cosine"
  table.sort(out, function(a, b)
    if a.score ~= b.score then
      if desc then return a.score > b.score end
      return a.score < b.score
    end
    return id_less(a.id, b.id)
  end)
  return out
end

local function close(a, b)
  return math.abs(a - b) <= TOL * math.max(1, math.abs(a), math.abs(b))
end

-- recs: an order_by scroll's records; want: every expected {order_value, id},
-- sorted by value in the direction asked. The values must come exactly as in
-- want; within a run of equal values only the set of ids is checked (a subset
-- of the run's ids when the limit cuts it). Qdrant does not define the order
-- of points sharing a value: Qdrant Edge lists them as they sit in its
-- segment (separate operations in write order, reversed for desc; one
-- batch in hash-map order that changes from process to process; a rewritten
-- point in its old place), while the engine keeps write order and moves a
-- rewritten point to the end (pinned in tests/c/test_shard_query.c). The
-- scenario writes in batches and rewrites points, so no one order is right.
local function check_order_runs(recs, want, limit, what)
  assert.equal(math.min(limit, #want), #recs, what)
  local ids_of = {}
  for _, t in ipairs(want) do
    ids_of[t[1]] = ids_of[t[1]] or {}
    ids_of[t[1]][t[2]] = true
  end
  local k = 1
  while k <= #recs do
    local v, run, n = recs[k].order_value, {}, 0
    while k <= #recs and recs[k].order_value == v do
      check(want[k][1] == v, function()
        return string.format("%s: value at %d: got %s, want %s", what, k, tostring(v), tostring(want[k][1]))
      end)
      local id = recs[k].id
      check(not run[id], function() return what .. ": " .. tostring(id) .. " twice in one run" end)
      check(ids_of[v][id], function()
        return string.format("%s: %s is not among the ids with value %s", what, tostring(id), tostring(v))
      end)
      run[id], n, k = true, n + 1, k + 1
    end
    local all = 0
    for _ in pairs(ids_of[v]) do all = all + 1 end
    local cut = k > #recs and want[k] ~= nil and want[k][1] == v
    check(cut or n == all, function()
      return string.format("%s: %d ids with value %s, want %d", what, n, tostring(v), all)
    end)
  end
end

local function check_ranking(hits, full, offset, limit, what)
  local nwant = math.max(0, math.min(limit, #full - offset))
  assert.equal(nwant, #hits, what)
  local by_id, seen = {}, {}
  for _, t in ipairs(full) do by_id[t.id] = t.score end
  for k, h in ipairs(hits) do
    local w = full[offset + k]
    check(close(h.score, w.score), function() return what .. ": score at " .. k end)
    check(seen[h.id] == nil, what)
    seen[h.id] = true
    if h.id ~= w.id then
      local s = by_id[h.id]
      assert.is_true(s ~= nil and close(s, w.score), what .. ": id at " .. k)
      assert.is_true(s ~= w.score, what .. ": exact tie out of id order at " .. k)
    end
    if k > 1 and hits[k - 1].score == h.score then
      assert.is_true(id_less(hits[k - 1].id, h.id), what .. ": tie not in id order")
    end
  end
end

local function project(payload, sel)
  if sel == true then return payload end
  local inc = is_array(sel) and sel or sel.include
  if inc then
    local out = {}
    for _, path in ipairs(inc) do
      local head, tail = path:match("^([^.]+)%.(.+)$")
      if not head then
        out[path] = payload[path]
      elseif type(payload[head]) == "table" and not is_array(payload[head]) then
        out[head] = out[head] or {}
        out[head][tail] = payload[head][tail]
      end
    end
    return out
  end
  local out = deep_copy(payload)
  for _, path in ipairs(sel.exclude) do remove_path(out, path) end
  return out
end

local function check_record(model, rec, wp, wv, what)
  local pt = model.points[rec.id]
  check(pt ~= nil, function() return what .. ": unknown id " .. tostring(rec.id) end)
  if wp == false then
    check(rec.payload == nil, what)
  else
    local want = project(pt.p, wp)
    check(deep_equal(rec.payload, want), function()
      return what .. ": payload of " .. tostring(rec.id) .. "\n got  " .. show(rec.payload) .. "\n want " .. show(want)
    end)
  end
  if wv == false then
    check(rec.vector == nil, what)
    return
  end
  local want = {}
  for _, name in ipairs(wv == true and NAMES or wv) do want[name] = pt.v[name] end
  for name, v in pairs(rec.vector or {}) do
    check(want[name] ~= nil and #want[name] == #v, what .. ": vector " .. name)
    for i = 1, #v do check(math.abs(v[i] - want[name][i]) <= 1e-6, what) end
  end
  for name in pairs(want) do check((rec.vector or {})[name] ~= nil, what .. ": vector " .. name) end
end

-- ------------------------------------------------------------ filters

local function rand_filters(model)
  local ids = sample(model, 300)
  table.sort(ids, id_less)
  local hid, hid100 = A(ids), A {}
  for i = 1, 100 do hid100[i] = ids[i] end
  local t_lo = T0 + rndi(0, 86400 * 200)
  local function any(key, list) return { key = key, match = { any = A(list) } } end
  local function range(key, r) return { key = key, range = r } end
  return {
    { "none", nil },
    { "match keyword", F { match("color", pick(COLORS)) } },
    { "match int", F { match("n", rndi(0, 99)) } },
    { "match bool", F { match("flag", true) } },
    { "match array element", F { match("tags", pick(WORDS)) } },
    { "match any keyword", F { any("color", { COLORS[rndi(1, 2)], COLORS[rndi(3, 5)] }) } },
    { "match any int", F { any("n", { rndi(0, 24), rndi(25, 49), rndi(50, 74), rndi(75, 99) }) } },
    { "match except keyword", F { { key = "color", match = { ["except"] = A { COLORS[rndi(1, 2)], COLORS[rndi(3, 5)] } } } } },
    { "match except int", F { { key = "n", match = { ["except"] = A { rndi(9, 99), 1, 2, 3, 4, 5, 6, 7, 8 } } } } },
    { "range int", F { range("n", { gte = rndi(0, 30), lt = rndi(31, 70) }) } },
    { "range float", F { range("price", { gt = rnd01() * 300, lte = 300 + rnd01() * 400 }) } },
    { "range array", F { range("nums", { gt = rndi(30, 48) }) } },
    { "range datetime", F { range("ts", { gte = fmt_dt(t_lo, 0), lt = fmt_dt(t_lo + 86400 * 60, 0) }) } },
    { "is_empty tags", F { { is_empty = { key = "tags" } } } },
    { "is_empty meta.level", F { { is_empty = { key = "meta.level" } } } },
    { "is_null note", F { { is_null = { key = "note" } } } },
    { "not is_null n", F(nil, nil, { { is_null = { key = "n" } } }) },
    { "has_id", F { { has_id = hid } } },
    { "nested key path", F { match("meta.level", rndi(0, 5)) } },
    { "deep key path", F { any("meta.sub.x", { WORDS[rndi(1, 3)], WORDS[rndi(4, 6)] }) } },
    { "array of objects path", F { match("items[].kind", pick(KINDS)) } },
    { "nested condition", F { { nested = { key = "items", filter = F {
      match("kind", pick(KINDS)), range("qty", { gte = 5 }) } } } } },
    { "geo radius", F { { key = "loc", geo_radius = {
      center = { lon = 10.5 + 3 * rnd01(), lat = 45.5 + 2 * rnd01() }, radius = 40e3 + 80e3 * rnd01() } } } },
    { "values_count", F { { key = "nums", values_count = { gte = 2 } } } },
    { "values_count lt", F { { key = "tags", values_count = { lt = 2 } } } },
    { "should", F(nil, { match("color", "red"), match("flag", true), { is_null = { key = "note" } } }) },
    { "must_not", F(nil, nil, { any("color", { "red", "blue" }), { is_empty = { key = "tags" } } }) },
    { "mixed", F({ range("price", { lt = 700.5 }) },
      { match("meta.ok", true), range("n", { gt = 80 }) }, { { has_id = hid100 } }) },
    { "nested bool filter", F { F(nil, { match("tags", "alpha"), F { match("flag", false) } }) } },
    { "min_should", { min_should = { conditions = A { match("color", "green"), match("flag", true),
      range("n", { lt = 50 }), { is_null = { key = "note" } } }, min_count = 2 } } },
    { "empty result", F { match("color", "purple") } },
  }
end

-- ------------------------------------------------------------ the checks

local PAYLOAD_SELS = { true, false, A { "color", "meta.level", "items" },
                       { include = A { "n", "loc", "meta.sub" } }, { exclude = A { "tags", "meta.sub", "ts" } } }
local VECTOR_SELS = { false, true, A { "txt" }, A { "img" } }

-- The distinct values of `key` of every point, mapped by `conv` (nil drops
-- a value), computed once per state (the cache lives as long as a state).
local function point_values(model, cache, what, key, conv)
  local ck = "values|" .. what .. "|" .. key
  if not cache[ck] then
    local out = {}
    for id, p in pairs(model.points) do
      local list, seen = {}, {}
      for _, v in ipairs(flat(values_at(p.p, key))) do
        local x = conv(v)
        if x ~= nil and not seen[x] then
          seen[x] = true
          list[#list + 1] = x
        end
      end
      out[id] = list
    end
    cache[ck] = out
  end
  return cache[ck]
end

local function check_all(model, s, seed_value, cache, transcript)
  seed(seed_value)
  local filters = rand_filters(model)
  for _, nf in ipairs(filters) do
    local fname, flt = nf[1], nf[2]
    cache[fname] = cache[fname] or model:select(flt)
    local cand = cache[fname]
    -- count (exact)
    local cnt = assert(s:count { filter = flt, exact = true })
    assert.equal(#cand, cnt, fname)
    transcript[#transcript + 1] = cnt
    -- query
    for _, name in ipairs(NAMES) do
      local q = rand_vec(name)
      local ck = fname .. "|" .. name
      cache[ck] = cache[ck] or ranked(model, name, q, cand)
      local full = cache[ck]
      local limit, offset = pick { 1, 5, 10, 37 }, pick { 0, 0, 3, 20 }
      local wp, wv = pick(PAYLOAD_SELS), pick(VECTOR_SELS)
      local thr
      if #full > 0 and rnd01() < 0.5 then
        local k = rndi(1, #full)
        while k < #full and close(full[k].score, full[k + 1].score) do k = k + 1 end
        if k < #full then
          thr = (full[k].score + full[k + 1].score) / 2
          local cut = {}
          for i = 1, k do cut[i] = full[i] end
          full = cut
        end
      end
      local hits = assert(s:query(qedge.QueryRequest {
        query = qedge.Query.Nearest(q, name), filter = flt, limit = limit,
        offset = offset > 0 and offset or nil, score_threshold = thr,
        with_payload = wp, with_vector = wv,
      }))
      local what = string.format("query [%s] using %s limit %d offset %d thr %s", fname, name, limit, offset, tostring(thr))
      check_ranking(hits, full, offset, limit, what)
      local got = {}
      for i, h in ipairs(hits) do
        check_record(model, h, wp, wv, what)
        got[i] = { h.id, h.score, h.payload }
      end
      transcript[#transcript + 1] = got
    end
    -- plain scroll, paged (every page costs the engine a pass over the
    -- shard and the binding a conversion: three pages at most)
    local page = pick { 7, 200, 700 }
    local pages = 3
    local wp, got, offset = pick(PAYLOAD_SELS), {}, nil
    for _ = 1, pages do
      local recs, nxt = s:scroll { offset = offset, limit = page, filter = flt, with_payload = wp }
      assert.is_table(recs, tostring(nxt))
      for _, r in ipairs(recs) do
        check_record(model, r, wp, false, "scroll " .. fname)
        got[#got + 1] = r.id
      end
      assert.equal(cand[#got + 1], nxt, fname)
      if nxt == nil then break end
      offset = nxt
    end
    assert.equal(math.min(#cand, pages * page), #got, fname)
    for i, id in ipairs(got) do check(cand[i] == id, fname) end
    transcript[#transcript + 1] = got
    -- scroll with order_by
    local key = pick { "n", "price", "ts", "nums" }
    local direction = pick { "asc", "desc" }
    local ok_ = fname .. "|order|" .. key
    local per_point = point_values(model, cache, "order", key, function(v)
      if key == "ts" then return parse_dt(v) end
      if key == "price" then return type(v) == "number" and v or nil end
      return is_int(v) and v or nil
    end)
    local vals = {}
    for _, id in ipairs(cache[ok_] and {} or cand) do
      for _, ov in ipairs(per_point[id]) do vals[#vals + 1] = { ov, id } end
    end
    cache[ok_] = cache[ok_] or vals
    vals = cache[ok_]
    local start
    if #vals > 0 and rnd01() < 0.6 then start = pick(vals)[1] end
    local kept = {} -- a copy: the cached list stays as it is for the next pass
    for _, t in ipairs(vals) do
      if not start or (direction == "asc" and t[1] >= start) or (direction == "desc" and t[1] <= start) then
        kept[#kept + 1] = t
      end
    end
    vals = kept
    table.sort(vals, function(a, b)
      if a[1] ~= b[1] then
        if direction == "asc" then return a[1] < b[1] end
        return a[1] > b[1]
      end
      if direction == "asc" then return id_less(a[2], b[2]) end
      return id_less(b[2], a[2])
    end)
    local limit = pick { 5, 50, 300 }
    local start_json = start
    if key == "ts" and start then start_json = fmt_dt(math.floor(start / 1000000), 0) end
    local recs, nxt = s:scroll { limit = limit, filter = flt,
      order_by = { key = key, direction = direction, start_from = start_json } }
    assert.is_table(recs, tostring(nxt))
    assert.is_nil(nxt)
    check_order_runs(recs, vals, limit, string.format("%s order_by %s %s start %s limit %d", fname, key,
      direction, tostring(start), limit))
    local ob = {}
    for i, r in ipairs(recs) do ob[i] = { r.order_value, r.id } end
    transcript[#transcript + 1] = ob
    -- facet
    local fkey = pick { "color", "tags", "n", "flag" }
    local flimit = pick { 2, 3, 100 }
    local fk = fname .. "|facet|" .. fkey
    local counts, values = {}, {}
    local per_point = point_values(model, cache, "facet", fkey, function(v)
      if type(v) == "string" or type(v) == "boolean" or is_int(v) then return v end
    end)
    for _, id in ipairs(cache[fk] and {} or cand) do
      for _, v in ipairs(per_point[id]) do
        local k = type(v) .. ":" .. tostring(v)
        values[k] = v
        counts[k] = (counts[k] or 0) + 1
      end
    end
    local want = cache[fk] or {}
    if not cache[fk] then
      for k, c in pairs(counts) do want[#want + 1] = { values[k], c } end
      table.sort(want, function(a, b)
        if a[2] ~= b[2] then return a[2] > b[2] end
        if type(a[1]) == "boolean" then return (not a[1]) and b[1] end
        return a[1] < b[1]
      end)
      cache[fk] = want
    end
    local facet = assert(s:facet { key = fkey, limit = flimit, exact = true, filter = flt })
    assert.equal(math.min(flimit, #want), #facet.hits, fname .. " facet " .. fkey)
    local fh = {}
    for i, h in ipairs(facet.hits) do
      assert.equal(want[i][1], h.value, fname .. " facet " .. fkey)
      assert.equal(want[i][2], h.count, fname .. " facet " .. fkey)
      fh[i] = { h.value, h.count }
    end
    transcript[#transcript + 1] = fh
  end
  -- retrieve: present, missing and repeated ids, every selector
  local ids = model:ids()
  for _ = 1, 10 do
    local ask = A {}
    for i = 1, 40 do
      local r = rndi(1, #ids + 25)
      ask[i] = r <= #ids and ids[r] or r <= #ids + 20 and 10 * N + r or rand_uuid()
    end
    for i = 1, 3 do ask[#ask + 1] = ask[i] end
    local wp, wv = pick(PAYLOAD_SELS), pick(VECTOR_SELS)
    local recs = assert(s:retrieve(ask, wp, wv))
    local want, seen = {}, {}
    for _, id in ipairs(ask) do
      if model.points[id] and not seen[id] then
        seen[id] = true
        want[#want + 1] = id
      end
    end
    assert.equal(#want, #recs)
    local got = {}
    for i, r in ipairs(recs) do
      check(want[i] == r.id, "retrieve order")
      check_record(model, r, wp, wv, "retrieve")
      got[i] = { r.id, r.payload }
    end
    transcript[#transcript + 1] = got
  end
  local info = assert(s:info())
  assert.equal(#ids, info.points_count)
  assert.same(sorted_keys(model.indexes), sorted_keys(info.payload_schema))
end

-- ------------------------------------------------------------ the scenario

local function temp_dir()
  local reserved = os.tmpname()
  return reserved .. ".d", function()
    os.execute("rm -rf '" .. reserved .. ".d'")
    os.remove(reserved)
  end
end

local CHILD = [[
local qedge = require "qedge"
local f = assert(io.open(arg[2]))
local ops = qedge.json_decode(f:read("*a"))
f:close()
local s = assert(qedge.EdgeShard.load(arg[1]))
for _, op in ipairs(ops) do
  if op == "FLUSH" then assert(s:flush()) else assert(s:update(op)) end
end
os.exit(0, false) -- no close: what was not flushed must come back from the log
]]

local function run_child(dir, path, ops)
  local f = assert(io.open(dir .. "/ops.json", "w"))
  f:write(qedge.json_encode(ops))
  f:close()
  f = assert(io.open(dir .. "/child.lua", "w"))
  f:write(CHILD)
  f:close()
  local interp = jit and "luajit" or "lua5.4"
  local a, _, c = os.execute(string.format("%s '%s/child.lua' '%s' '%s/ops.json'", interp, dir, path, dir))
  return (a == true or a == 0) and (c == nil or c == 0)
end

local CONFIG = { vectors = { img = { size = 16, distance = "Cosine" }, txt = { size = 8, distance = "Euclid" } } }

describe("edge shard acceptance scenario", function()
  local dir, cleanup

  before_each(function()
    dir, cleanup = temp_dir()
    os.execute("mkdir -p '" .. dir .. "'")
  end)

  after_each(function()
    if shard then shard:close() end
    shard, ops_log = nil, nil
    collectgarbage()
    cleanup()
  end)

  it("matches the oracle before and after reopen, flush and log replay", function()
    local path = dir .. "/shard"
    local model = new_model()
    seed(SEED)
    shard = assert(qedge.EdgeShard.create(path, CONFIG))
    -- N points in batches; some lack txt; every 50th repeats an earlier
    -- point's vectors (exact score ties); 10% UUID ids
    local perm = {}
    for i = 1, 3 * N do perm[i] = i - 1 end
    local firsts = {}
    for b = 0, N - 1, 1000 do
      local pts = {}
      for k = b, math.min(N, b + 1000) - 1 do
        local j = rndi(k + 1, 3 * N)
        perm[k + 1], perm[j] = perm[j], perm[k + 1]
        local id = rnd01() < 0.1 and rand_uuid() or perm[k + 1]
        local vector = { img = rand_vec("img") }
        if rnd01() < 0.85 then vector.txt = rand_vec("txt") end
        if k % 50 == 0 then firsts[#firsts + 1] = vector end
        if k % 50 == 49 then vector = deep_copy(firsts[rndi(1, #firsts)]) end
        pts[#pts + 1] = { id = id, vector = vector, payload = rand_payload() }
      end
      upsert(model, pts)
    end
    assert.equal(N, shard:count())
    -- field indexes
    for _, ix in ipairs { { "color", "keyword" }, { "tags", "keyword" }, { "n", "integer" },
                          { "flag", "bool" }, { "price", "float" }, { "ts", "datetime" },
                          { "nums", "integer" }, { "note", "keyword" } } do
      run(U.create_field_index(ix[1], ix[2]))
      model.indexes[ix[1]] = ix[2]
    end
    run(U.delete_field_index "note")
    model.indexes.note = nil
    local res, err = shard:facet { key = "note" }
    assert.is_nil(res)
    assert.equal("EINVAL", err.code)
    mutate(model)
    -- a vector name created, used, queried and deleted
    run(U.create_dense_vector("extra", { size = 4, distance = "Manhattan" }))
    local extra, pvs = {}, {}
    for i, id in ipairs(sample(model, 50)) do
      extra[id] = rand_vec("extra")
      pvs[i] = qedge.PointVectors(id, { extra = extra[id] })
      model.points[id].v.extra = extra[id]
    end
    run(U.update_vectors(pvs))
    local q = { 0.1, 0.2, -0.3, 0.4 }
    local hits = assert(shard:query { query = qedge.Query.Nearest(q, "extra"), limit = 10 })
    check_ranking(hits, ranked(model, "extra", q, sorted_keys(extra)), 0, 10, "extra vector")
    run(U.delete_vector_name "extra")
    for id in pairs(extra) do
      if model.points[id] then model.points[id].v.extra = nil end
    end
    res, err = shard:query { query = qedge.Query.Nearest(q, "extra"), limit = 1 }
    assert.is_nil(res)
    assert.equal("EINVAL", err.code)

    local cache, first, again = {}, {}, {}
    check_all(model, shard, SEED + 1, cache, first)
    -- reopen after close (which flushes): the same answers
    assert.is_true(shard:close())
    shard = assert(qedge.EdgeShard.load(path))
    check_all(model, shard, SEED + 1, cache, again)
    assert.is_true(deep_equal(first, again))
    assert.is_true(shard:close())
    shard = nil

    -- a child writes, flushes, writes more and exits without closing
    seed(SEED + 3)
    ops_log = {}
    mutate(model)
    local ops = ops_log
    ops_log = nil
    table.insert(ops, math.floor(#ops / 2) + 1, "FLUSH")
    assert.is_true(run_child(dir, path, ops))
    shard = assert(qedge.EdgeShard.load(path))
    cache, first, again = {}, {}, {}
    check_all(model, shard, SEED + 2, cache, first)
    assert.is_true(shard:close())
    shard = assert(qedge.EdgeShard.load(path))
    check_all(model, shard, SEED + 2, cache, again)
    assert.is_true(deep_equal(first, again))
  end)

  it("an exact score tie cut by the limit keeps the smaller id (limit=1 is a prefix of limit=2)", function()
    shard = assert(qedge.EdgeShard.create(dir .. "/tie", { vectors = { size = 2, distance = "Dot" } }))
    assert(shard:update(U.upsert_points { Point(2, { 1, 0 }), Point(1, { 1, 0 }), Point(3, { 0.5, 0 }) }))
    local function ids(limit)
      local out = {}
      for i, h in ipairs(assert(shard:query { query = { 1, 0 }, limit = limit })) do out[i] = h.id end
      return out
    end
    assert.same({ 1, 2 }, ids(2))
    assert.same({ 1 }, ids(1))
  end)
end)
