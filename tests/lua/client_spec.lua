-- qedge.Client against a real qedge-server started here, under Lua 5.4 and
-- LuaJIT. The server binary is $QEDGE_SERVER_BIN, else the one beside the
-- C module under test (<build>/server/qedge-server); without one the specs
-- are left pending.
local qedge = require "qedge"

local function server_binary()
  local env = os.getenv("QEDGE_SERVER_BIN")
  if env and env ~= "" then return env end
  for dir in package.cpath:gmatch("([^;]+)/[^/;]+/%?%.so") do
    local bin = dir .. "/server/qedge-server"
    local f = io.open(bin, "rb")
    if f then
      f:close()
      return bin
    end
  end
end

local function sleep(s) os.execute("sleep " .. s) end

--- Start the server on a free-looking port; returns {url, stop}.
local function start_server(bin)
  local reserved = os.tmpname()
  local dir = reserved .. ".srv"
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  for _ = 1, 10 do
    local port = math.random(20000, 60000)
    local cmd = string.format(
      "exec '%s' --storage '%s/data' --host 127.0.0.1 --port %d >'%s.log' 2>&1 & echo $!",
      bin, dir, port, reserved)
    os.execute("mkdir -p '" .. dir .. "'")
    local p = io.popen(cmd)
    local pid = p:read("*l")
    p:close()
    local url = "http://127.0.0.1:" .. port
    local probe = qedge.Client { url = url, timeout = 1, max_retries = 0 }
    for _ = 1, 200 do
      if probe:get_collections() then
        probe:close()
        return {
          url = url,
          stop = function()
            os.execute("kill -TERM " .. pid .. "; while kill -0 " .. pid ..
                       " 2>/dev/null; do sleep 0.05; done")
            os.execute("rm -rf '" .. dir .. "' '" .. reserved .. ".log'")
            os.remove(reserved)
          end,
        }
      end
      if not os.execute("kill -0 " .. pid .. " 2>/dev/null") then break end
      sleep(0.05)
    end
    probe:close()
    os.execute("kill -9 " .. pid .. " 2>/dev/null")
  end
  error("qedge-server did not start")
end

local bin = server_binary()

describe("qedge.Client", function()
  if not bin then
    pending("qedge-server binary not found (build it or set QEDGE_SERVER_BIN)")
    return
  end
  local srv, c

  setup(function()
    srv = start_server(bin)
    c = assert(qedge.Client { url = srv.url, timeout = 10 })
  end)

  teardown(function()
    if c then c:close() end
    if srv then srv.stop() end
  end)

  it("resolves URLs the way the C transport documents", function()
    assert.equal("https://example.com:443", qedge.Client { url = "https://example.com" }.base_url)
    assert.equal("http://db:6333/p", qedge.Client { host = "db", prefix = "p" }.base_url)
    local bad, err = qedge.Client { url = "db:6333" }
    assert.is_nil(bad)
    assert.equal("EINVAL", err.code)
    assert.equal("url", err.path)
  end)

  it("creates, fills, queries and deletes a collection", function()
    assert.is_false(c:collection_exists("docs"))
    assert.is_true(c:create_collection("docs", { vectors = { size = 4, distance = "Dot" } }))
    assert.is_true(c:collection_exists("docs"))
    local r = assert(c:upsert("docs", { points = {
      { id = 1, vector = { 1, 0, 0, 0 }, payload = { color = "red" } },
      { id = 2, vector = { 0.5, 0.5, 0, 0 }, payload = { color = "blue" } },
      { id = "18446744073709551615", vector = { 0, 0, 0, 1 } },
    } }))
    assert.equal("completed", r.status)
    assert.equal(3, c:count("docs", { exact = true }).count)

    local res = assert(c:query_points("docs", { query = { 1, 0, 0, 0 }, limit = 2,
                                                with_payload = true }))
    assert.equal(2, #res.points)
    assert.equal(1, res.points[1].id)
    assert.equal(2, res.points[2].id)
    assert.is_true(math.abs(res.points[2].score - 0.5) < 1e-6)
    assert.equal("blue", res.points[2].payload.color)

    local recs, nxt = c:scroll("docs", { limit = 2 })
    assert.equal(2, #recs)
    assert.equal(1, recs[1].id)
    assert.is_not_nil(nxt)
    recs, nxt = c:scroll("docs", { limit = 5, offset = nxt })
    assert.equal(1, #recs)
    assert.is_nil(nxt)
    -- the largest u64 id comes back as a string (beyond exact Lua numbers)
    assert.equal("18446744073709551615", tostring(recs[1].id))

    assert(c:set_payload("docs", { payload = { tag = "x" }, points = { 1 } }))
    local got = assert(c:retrieve("docs", { ids = { 1 } }))
    assert.equal("x", got[1].payload.tag)
    assert(c:delete("docs", { points = { 1 } }))
    assert.equal(2, c:count("docs", {}).count)
    local info = assert(c:get_collection("docs"))
    assert.equal(2, info.points_count)
    assert.is_true(c:delete_collection("docs"))
  end)

  it("reports bad input with its path and error statuses with the status", function()
    local r, err = c:get_collection("missing")
    assert.is_nil(r)
    assert.equal("EHTTP", err.code)
    assert.equal(404, err.status)
    assert.truthy(err.body:find("missing", 1, true))
    assert.truthy(tostring(err):find("404 Not Found", 1, true))
    c:create_collection("v", { vectors = { size = 2, distance = "Dot" } })
    r, err = c:upsert("v", { points = { { id = 1, vector = { 1, "x" } } } })
    assert.is_nil(r)
    assert.equal("EINVAL", err.code)
    assert.equal("points[0].vector", err.path:sub(1, 16))
    assert.equal(0, c:count("v", {}).count)
    c:delete_collection("v")
  end)

  it("refuses calls after close", function()
    local d = qedge.Client { url = srv.url }
    d:close()
    assert.is_true(d.closed)
    local r, err = d:get_collections()
    assert.is_nil(r)
    assert.equal("ESTATE", err.code)
  end)
end)
