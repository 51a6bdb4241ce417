--- qedge.models — a constructor for every model of the schema registry.
--
-- Loaded by `require "qedge.models"`, or on first use of `qedge.models`.
-- Names and fields are the registry's, the same as in Python's
-- `qedge.models`.
--
-- Object models: `models.VectorParams{size = 4, distance = "Cosine"}` checks
-- the table strictly (an unknown field is an error) and returns a new,
-- normalised table, or `nil, err` where err is {code, message, path}. The
-- result, and every nested table that was accepted as an object model,
-- carries that model's metatable, which is the constructor itself:
-- `getmetatable(v) == models.VectorParams`. Vectors come back as arrays of
-- numbers (float32 values), ids above 2^53 (LuaJIT) or 2^63-1 (Lua 5.4) as
-- decimal strings; `qedge.json_encode` turns both back into exact JSON.
--
-- Enum models: `models.Distance` maps both spellings to the wire value:
-- `models.Distance.COSINE == "Cosine"` and `models.Distance.Cosine ==
-- "Cosine"`. The upper-case names are Python's (see upper_snake below):
-- "best_score" -> BEST_SCORE, "PartialSnapshot" -> PARTIAL_SNAPSHOT.
-- Reading an unknown member raises (a typo is a bug);
-- calling the enum, `models.Distance("Dot")`, validates a value.
--
-- Union and alias models (`models.Condition`, `models.ExtendedPointId`) are
-- callable tables that validate a value; a table accepted through a union
-- gets the metatable of the alternative that matched.
--
-- Helpers, in lower case so they cannot clash with model names:
--   models.describe(name)  the registry's description of a model (a table)
--   models.name_of(v)      the object-model name of a model table, or nil
local qedge = require "qedge"

local validate = qedge.validate
local model_mt = qedge.model_mt
local error, getmetatable, ipairs, rawget, setmetatable, tostring, type =
  error, getmetatable, ipairs, rawget, setmetatable, tostring, type

local models = {}
local descriptions = {}

--- The upper-case spelling of an enum value, as Python's qedge.models
-- spells its members: a "_" between a lower-case letter or digit and an
-- upper-case letter, runs of other characters as one "_", no "_" at either
-- end, upper case, and "V_" in front if that leaves nothing or starts with a
-- digit. "Cosine" -> COSINE, "PartialSnapshot" -> PARTIAL_SNAPSHOT,
-- "best_score" -> BEST_SCORE.
local function upper_snake(value)
  local s = value:gsub("([%l%d])(%u)", "%1_%2")
  s = s:gsub("[^%w]+", "_"):gsub("^_+", ""):gsub("_+$", ""):upper()
  if s == "" or s:find("^%d") then s = "V_" .. s end
  return s
end

--- The members of an enum: each value under its upper-case name (with "_"
-- appended while that name is taken), then under its own spelling where
-- that is still free. Python's qedge.models makes the same names.
local function enum_members(values)
  local members = {}
  for _, value in ipairs(values) do
    local name = upper_snake(value)
    while members[name] ~= nil do name = name .. "_" end
    members[name] = value
  end
  for _, value in ipairs(values) do
    if members[value] == nil then members[value] = value end
  end
  return members
end

--- A function validating values as model `name` (strictly).
local function constructor(name)
  return function(_, value)
    return validate(name, value, true)
  end
end

local function make_enum(d)
  return setmetatable(enum_members(d.values), {
    __name = "qedge.models." .. d.name,
    __call = constructor(d.name),
    __index = function(_, key)
      error(("qedge.models.%s has no member %s"):format(d.name, tostring(key)), 2)
    end,
    __newindex = function()
      error(("qedge.models.%s is read-only"):format(d.name), 2)
    end,
  })
end

local function make_object(d)
  local mt = model_mt(d.name)
  -- The instance metatable doubles as the class: calling it constructs.
  setmetatable(mt, {
    __name = "qedge.models." .. d.name .. " (model)",
    __call = constructor(d.name),
  })
  return mt
end

local function make_other(d)
  return setmetatable({}, {
    __name = "qedge.models." .. d.name,
    __call = constructor(d.name),
  })
end

local registry, err = qedge.registry()
if not registry then
  error("qedge.models: the schema registry is broken: " .. tostring(err))
end
for _, d in ipairs(registry) do
  descriptions[d.name] = d
  if d.kind == "enum" then
    models[d.name] = make_enum(d)
  elseif d.kind == "object" then
    models[d.name] = make_object(d)
  else
    models[d.name] = make_other(d)
  end
end

--- The registry's description of model `name` ({name, kind, doc, fields |
-- values | type, ...}), or nil.
function models.describe(name)
  return descriptions[name]
end

--- The name of the object model whose metatable `v` carries, or nil.
function models.name_of(v)
  if type(v) ~= "table" then return nil end
  local mt = getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__qedge_model") or nil
end

return models
