-- Every case of tests/data/model_cases.json, the validation cases shared with
-- the Python tests: a list of {model, input, ok, path, message_contains}.
-- Inputs are decoded with qedge.json_decode and checked the way the model
-- constructors check (strictly, unless a case says "strict": false).
local qedge = require "qedge"

local CASES = "tests/data/model_cases.json"

--- The repository root: two levels above this file.
local function repo_root()
  local source = debug.getinfo(1, "S").source
  local dir = source:match("^@(.*)/tests/lua/[^/]*$")
  return dir or "."
end

local function read_cases()
  local path = repo_root() .. "/" .. CASES
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("*a")
  f:close()
  local cases, err = qedge.json_decode(text)
  if not cases then error(path .. ": " .. tostring(err)) end
  return cases
end

describe("shared model cases", function()
  local cases = read_cases()
  if not cases then
    pending(CASES .. " not found")
    return
  end

  it("are a non-empty list", function()
    assert.is_table(cases)
    assert.truthy(#cases > 0)
  end)

  for i, c in ipairs(cases) do
    local name = ("#%d %s %s"):format(i, c.model,
      c.ok and "accepts" or ("rejects at '%s'"):format(tostring(c.path)))
    it(name, function()
      local strict = c.strict ~= false
      local value, err = qedge.validate(c.model, c.input, strict)
      if c.ok then
        assert.is_nil(err and tostring(err))
        assert.is_not_nil(value)
      else
        assert.is_nil(value)
        assert.is_table(err)
        assert.equal(qedge.error_mt, getmetatable(err))
        if c.path ~= nil then assert.equal(c.path, err.path) end
        if c.message_contains ~= nil then
          assert.truthy(err.message:find(c.message_contains, 1, true),
            ("message %q does not contain %q"):format(err.message, c.message_contains))
        end
      end
    end)
  end
end)
