-- The Lua way in (Lua 5.4 and LuaJIT): Qdrant's models, validated by qedge's
-- C core. Grows with the project: the edge shard and the client extend it.
local qedge = require "qedge"
local m = qedge.models

local config = assert(m.CreateCollection{
  vectors = { image = { size = 4, distance = m.Distance.COSINE } },
})
local point = assert(m.PointStruct{
  id = "{6F9619FF-8B86-D011-B42D-00C04FC964FF}",
  vector = { image = { 0.1, 0.2, 0.3, 0.4 } },
  payload = { city = "Berlin" },
})
print(qedge.json_encode(config))
print(qedge.json_encode(point))

local mistakes = {
  function() return m.PointStruct{ id = -5, vector = { 1, 2 } } end,
  function() return m.CreateCollection{ vectors = { image = { size = 4, distance = "cosine" } } } end,
}
for _, make in ipairs(mistakes) do
  local ok, err = make()
  assert(ok == nil and err, "a bad model was accepted")
  print("rejected: " .. tostring(err))
end

-- An edge shard: a persistent store on this machine, answering as Qdrant does.
local U, Point = qedge.UpdateOperation, qedge.Point
local reserved = os.tmpname()
local dir = reserved .. ".shard"
local shard = assert(qedge.EdgeShard.create(dir, { vectors = { size = 4, distance = "Cosine" } }))
assert(shard:update(U.upsert_points {
  Point(1, { 0.9, 0.1, 0, 0 }, { city = "Berlin" }),
  Point(2, { 0, 1, 0, 0 }, { city = "Paris" }),
}))
assert(shard:update(U.create_field_index("city", "keyword")))
shard:close()

shard = assert(qedge.EdgeShard.load(dir)) -- the data survived
local hits = assert(shard:query(qedge.QueryRequest {
  query = qedge.Query.Nearest { 1, 0, 0, 0 },
  filter = { must = { { key = "city", match = { value = "Berlin" } } } },
  with_payload = true,
}))
print(("nearest: id %s, score %.3f, %s"):format(tostring(hits[1].id), hits[1].score, hits[1].payload.city))
local _, err = shard:update(U.upsert_points { Point(3, { 1, 2 }) })
print("rejected: " .. tostring(err))
shard:close()
os.execute("rm -rf '" .. dir .. "'")
os.remove(reserved)
