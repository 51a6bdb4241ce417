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
