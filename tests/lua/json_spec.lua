-- JSON conversion between Lua values and qe_json, under Lua 5.4 and LuaJIT.
local qedge = require "qedge"

local has_integers = math.type ~= nil -- Lua 5.3+: integer subtype

local function nested_arrays(depth)
  local t = {}
  for _ = 2, depth do t = { t } end
  return t
end

describe("qedge module", function()
  it("has a version and the sentinels", function()
    assert.is_string(qedge.version)
    assert.truthy(qedge.version:match("^%d+%.%d+%.%d+"))
    assert.equal("userdata", type(qedge.null))
    assert.equal("userdata", type(qedge.empty_array))
    assert.are_not.equal(qedge.null, qedge.empty_array)
    assert.is_table(qedge.array_mt)
    assert.is_table(qedge.error_mt)
  end)

  it("sets no globals", function()
    assert.is_nil(rawget(_G, "qedge"))
  end)

  it("raises for programmer errors only", function()
    assert.has_error(function() qedge.json_decode() end)
    assert.has_error(function() qedge.json_decode({}) end)
    assert.has_error(function() qedge.json_encode() end)
    assert.has_error(function() qedge.validate(nil, {}) end)
    assert.has_error(function() qedge.crc32c() end)
    assert.has_error(function() qedge.crc32c("x", -1) end)
  end)

  it("computes CRC-32C", function()
    assert.equal(3808858755, qedge.crc32c("123456789")) -- 0xE3069283
    assert.equal(0, qedge.crc32c(""))
    assert.equal(qedge.crc32c("123456789"), qedge.crc32c("6789", qedge.crc32c("12345")))
  end)
end)

describe("json_encode", function()
  it("encodes scalars", function()
    assert.equal("null", qedge.json_encode(nil))
    assert.equal("null", qedge.json_encode(qedge.null))
    assert.equal("true", qedge.json_encode(true))
    assert.equal("false", qedge.json_encode(false))
    assert.equal("42", qedge.json_encode(42))
    assert.equal("-7", qedge.json_encode(-7))
    assert.equal("0.1", qedge.json_encode(0.1))
    assert.equal("1.5", qedge.json_encode(1.5))
    assert.equal('"h\\"i"', qedge.json_encode('h"i'))
    assert.equal('"caf\xc3\xa9"', qedge.json_encode("caf\xc3\xa9"))
  end)

  it("keeps the integer/float distinction where Lua has one", function()
    if has_integers then
      assert.equal("3.0", qedge.json_encode(3.0))
      assert.equal("9223372036854775807", qedge.json_encode(math.maxinteger))
      assert.equal("-9223372036854775808", qedge.json_encode(math.mininteger))
    else
      -- LuaJIT: integral numbers are integers
      assert.equal("3", qedge.json_encode(3.0))
      assert.equal("1152921504606846976", qedge.json_encode(2 ^ 60))
    end
  end)

  it("refuses NaN and infinities", function()
    for _, x in ipairs({ 0 / 0, 1 / 0, -1 / 0 }) do
      local s, err = qedge.json_encode({ x = { x } })
      assert.is_nil(s)
      assert.equal("EINVAL", err.code)
      assert.equal("x[0]", err.path)
      assert.truthy(err.message:find("not finite", 1, true))
    end
  end)

  it("encodes arrays and objects", function()
    assert.equal("[1,2,3]", qedge.json_encode({ 1, 2, 3 }))
    assert.equal('{"a":1}', qedge.json_encode({ a = 1 }))
    assert.equal('{"a":[true,null]}', qedge.json_encode({ a = { true, qedge.null } }))
    assert.equal("[{},{}]", qedge.json_encode({ {}, {} }))
  end)

  it("encodes an empty table as an object unless it is marked as an array", function()
    assert.equal("{}", qedge.json_encode({}))
    assert.equal("[]", qedge.json_encode(qedge.empty_array))
    assert.equal("[]", qedge.json_encode(setmetatable({}, qedge.array_mt)))
    assert.equal('{"a":[]}', qedge.json_encode({ a = qedge.empty_array }))
  end)

  it("refuses tables that are neither arrays nor objects", function()
    local cases = {
      { { 1, 2, x = 3 }, "", "mixes string keys" },
      { { [1] = 1, [3] = 3 }, "", "holes" },
      { { a = { [true] = 1 } }, "a", "must be strings" },
      { { a = { [1.5] = 1 } }, "a", "must be strings" },
      { setmetatable({ a = 1 }, qedge.array_mt), "", "array table has string keys" },
    }
    for _, c in ipairs(cases) do
      local s, err = qedge.json_encode(c[1])
      assert.is_nil(s)
      assert.equal("EINVAL", err.code)
      assert.equal(c[2], err.path)
      assert.truthy(err.message:find(c[3], 1, true), err.message)
    end
  end)

  it("refuses values JSON cannot hold", function()
    for _, v in ipairs({ print, coroutine.create(print), io.stdout }) do
      local s, err = qedge.json_encode({ list = { 1, v } })
      assert.is_nil(s)
      assert.equal("EINVAL", err.code)
      assert.equal("list[1]", err.path)
      assert.truthy(err.message:find("cannot convert", 1, true))
    end
  end)

  it("writes awkward keys in paths the way the checker does", function()
    local _, err = qedge.json_encode({ ["a.b"] = { ["c d"] = { 0 / 0 } } })
    assert.equal('["a.b"]["c d"][0]', err.path)
    _, err = qedge.json_encode({ ["a-b"] = { x_1 = 0 / 0 } })
    assert.equal("a-b.x_1", err.path)
  end)

  it("detects reference cycles", function()
    local t = { name = "loop" }
    t.child = { parent = t }
    local s, err = qedge.json_encode(t)
    assert.is_nil(s)
    assert.truthy(err.message:find("cycle", 1, true))
    assert.equal("child.parent", err.path)
  end)

  it("allows the same table twice when it is not a cycle", function()
    local shared = { 1, 2 }
    assert.equal('{"a":[1,2]}', qedge.json_encode({ a = shared }))
    assert.equal("[[1,2],[1,2]]", qedge.json_encode({ shared, shared }))
  end)

  it("limits nesting to 256 tables", function()
    assert.is_string(qedge.json_encode(nested_arrays(100)))
    assert.is_string(qedge.validate("Payload", { a = nested_arrays(255) }) and "ok")
    local s, err = qedge.json_encode(nested_arrays(257))
    assert.is_nil(s)
    assert.equal("ELIMIT", err.code)
    assert.truthy(err.message:find("256", 1, true))
  end)

  it("rejects invalid UTF-8 in strings with the byte offset", function()
    local bad = {
      { "ab\xff", 2 },
      { "\xc3\x28", 0 },         -- bad continuation byte
      { "ok\xc0\xaf", 2 },       -- overlong '/'
      { "x\xed\xa0\x80", 1 },    -- UTF-16 surrogate
      { "\xf4\x90\x80\x80", 0 }, -- above U+10FFFF
      { "abc\xe2\x82", 3 },      -- truncated sequence
    }
    for _, c in ipairs(bad) do
      local s, err = qedge.json_encode({ payload = { name = c[1] } })
      assert.is_nil(s)
      assert.equal("EINVAL", err.code)
      assert.equal("payload.name", err.path)
      assert.truthy(err.message:find("byte " .. c[2], 1, true), err.message)
    end
  end)

  it("rejects invalid UTF-8 in keys", function()
    local s, err = qedge.json_encode({ a = { ["k\xff"] = 1 } })
    assert.is_nil(s)
    assert.equal("a", err.path)
    assert.truthy(err.message:find("key", 1, true))
    assert.truthy(err.message:find("byte 1", 1, true))
  end)

  it("accepts NUL bytes and 4-byte sequences", function()
    assert.equal('"a\\u0000b"', qedge.json_encode("a\0b"))
    assert.equal('"\xf0\x9f\x98\x80"', qedge.json_encode("\xf0\x9f\x98\x80"))
  end)

  it("pretty-prints on request", function()
    local s = qedge.json_encode({ a = { 1 } }, true)
    assert.truthy(s:find("\n", 1, true))
    assert.same({ a = { 1 } }, qedge.json_decode(s))
  end)
end)

describe("json_decode", function()
  it("decodes scalars", function()
    assert.equal(qedge.null, qedge.json_decode("null"))
    assert.equal(true, qedge.json_decode("true"))
    assert.equal(42, qedge.json_decode("42"))
    assert.equal(-0.5, qedge.json_decode("-0.5"))
    assert.equal("x\0y", qedge.json_decode('"x\\u0000y"'))
  end)

  it("marks arrays so they re-encode as arrays", function()
    local v = qedge.json_decode('{"a":[],"b":{},"c":[1,[2]]}')
    assert.equal(qedge.array_mt, getmetatable(v.a))
    assert.equal(qedge.array_mt, getmetatable(v.c))
    assert.equal(qedge.array_mt, getmetatable(v.c[2]))
    assert.is_nil(getmetatable(v.b))
    assert.is_nil(getmetatable(v))
    assert.same(qedge.json_decode('{"a":[],"b":{},"c":[1,[2]]}'),
      qedge.json_decode(qedge.json_encode(v)))
    assert.equal("[]", qedge.json_encode(v.a))
    assert.equal("{}", qedge.json_encode(v.b))
  end)

  it("keeps nulls as qedge.null", function()
    local v = qedge.json_decode('[null,{"a":null}]')
    assert.equal(qedge.null, v[1])
    assert.equal(qedge.null, v[2].a)
    assert.equal('[null,{"a":null}]', qedge.json_encode(v))
  end)

  it("returns integers beyond the exact range as decimal strings", function()
    assert.equal("18446744073709551615", qedge.json_decode("18446744073709551615"))
    assert.equal("9223372036854775808", qedge.json_decode("9223372036854775808"))
    assert.equal(9007199254740992, qedge.json_decode("9007199254740992"))
    if has_integers then
      assert.equal(9007199254740993, qedge.json_decode("9007199254740993"))
      assert.equal("integer", math.type(qedge.json_decode("9007199254740993")))
      assert.equal(math.maxinteger, qedge.json_decode("9223372036854775807"))
      assert.equal(math.mininteger, qedge.json_decode("-9223372036854775808"))
      assert.equal("float", math.type(qedge.json_decode("1.0")))
    else
      assert.equal("9007199254740993", qedge.json_decode("9007199254740993"))
      assert.equal("-9007199254740993", qedge.json_decode("-9007199254740993"))
      assert.equal(-9007199254740992, qedge.json_decode("-9007199254740992"))
      assert.equal("9223372036854775807", qedge.json_decode("9223372036854775807"))
    end
  end)

  it("round-trips nested values", function()
    local text = '{"id":7,"tags":["a","b"],"geo":{"lat":52.5,"lon":13.4},"n":null,"e":[]}'
    local v = qedge.json_decode(text)
    local again = qedge.json_decode(qedge.json_encode(v))
    assert.same(v, again)
    assert.equal(qedge.array_mt, getmetatable(again.e))
  end)

  it("returns nil, err for malformed text", function()
    for _, text in ipairs({ "", "[1,", "{", '{"a" 1}', "nul", "[1] x", "01" }) do
      local v, err = qedge.json_decode(text)
      assert.is_nil(v, text)
      assert.equal("EPARSE", err.code, text)
      assert.equal("", err.path)
      assert.equal(qedge.error_mt, getmetatable(err))
    end
  end)

  it("rejects invalid UTF-8 with the byte offset", function()
    local v, err = qedge.json_decode('["ok", "\xff"]')
    assert.is_nil(v)
    assert.equal("EPARSE", err.code)
    assert.truthy(err.message:find("byte %d+"), err.message)
  end)

  it("limits nesting depth", function()
    assert.is_table(qedge.json_decode(("["):rep(100) .. ("]"):rep(100)))
    local v, err = qedge.json_decode(("["):rep(300) .. ("]"):rep(300))
    assert.is_nil(v)
    assert.equal("ELIMIT", err.code)
  end)
end)

describe("errors", function()
  it("are tables with code, message and path that print as path: message", function()
    local _, err = qedge.json_encode({ a = { "\xff" } })
    assert.equal("EINVAL", err.code)
    assert.equal("a[0]", err.path)
    assert.equal("a[0]: " .. err.message, tostring(err))
  end)

  it("print as the message alone when the path is empty", function()
    local _, err = qedge.json_decode("[")
    assert.equal("", err.path)
    assert.equal(err.message, tostring(err))
  end)
end)

describe("registry", function()
  it("describes every model", function()
    local reg = qedge.registry()
    assert.is_table(reg)
    assert.truthy(#reg > 0)
    local by_name = {}
    for _, d in ipairs(reg) do
      assert.is_string(d.name)
      assert.truthy(({ object = 1, enum = 1, union = 1, alias = 1 })[d.kind], d.kind)
      by_name[d.name] = d
    end
    local vp = by_name.VectorParams
    assert.equal("object", vp.kind)
    local fields = {}
    for _, f in ipairs(vp.fields) do fields[f.name] = f end
    assert.is_true(fields.size.required)
    assert.equal("Distance", fields.distance.type)
    assert.same({ "Cosine", "Euclid", "Dot", "Manhattan" }, by_name.Distance.values)
  end)
end)
