-- LuaRocks package of the qedge Lua binding, built from a checkout:
--   luarocks make qedge-scm-1.rockspec
-- The C module (qedge.so, the C core linked in statically) is built with the
-- project's CMake for the Lua that LuaRocks targets (5.1/LuaJIT or 5.4);
-- the pure-Lua modules lua/qedge/*.lua are installed beside it.
rockspec_format = "3.0"
package = "qedge"
version = "scm-1"

source = {
  -- `luarocks make` builds the working tree it is run in.
  url = "git+file://.",
}

description = {
  summary = "Qdrant REST client and embedded edge vector store",
  detailed = [[
qedge is one C core with Lua and Python skins: a Qdrant REST client and an
embedded, persistent vector store (the edge shard) that keeps a slice of a
Qdrant collection locally and syncs it with a server. This rock provides the
`qedge` C module and `qedge.models`, for Lua 5.4 and LuaJIT/OpenResty.
]],
  labels = { "qdrant", "vector", "database", "openresty" },
}

dependencies = {
  "lua >= 5.1, < 5.5",
}

external_dependencies = {
  YAJL = {
    header = "yajl/yajl_parse.h",
    library = "yajl",
  },
}

build = {
  type = "cmake",
  variables = {
    CMAKE_BUILD_TYPE = "Release",
    -- The C library, headers and CMake package the project also installs are
    -- not part of the rock: keep them out of the directories LuaRocks deploys.
    CMAKE_INSTALL_PREFIX = "$(PREFIX)/c",
    QEDGE_LUA = "ON",
    QEDGE_PYTHON = "OFF",
    QEDGE_TESTS = "OFF",
    QEDGE_EXAMPLES = "OFF",
    -- One module, for the Lua LuaRocks builds for, installed where it expects.
    QEDGE_LUA_INCDIR = "$(LUA_INCDIR)",
    QEDGE_LUA_CMOD_DIR = "$(LIBDIR)",
    QEDGE_LUA_LMOD_DIR = "$(LUADIR)",
  },
}

test_dependencies = {
  "busted",
}

test = {
  type = "busted",
  flags = { "--pattern=_spec", "tests/lua" },
}
