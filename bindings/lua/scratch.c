/*
 * scratch.c — userdata that own C memory while Lua calls that may raise run.
 *
 * Converting a qe_json tree to Lua allocates Lua objects, and any of those
 * allocations may raise a memory error that unwinds past our C frames. The
 * tree (and the matches and text that go with it) are therefore held by a
 * scratch userdata: released explicitly on the normal path, by __gc if an
 * error unwinds first.
 */
#include <string.h>

#include "lqedge.h"

ql_scratch *ql_scratch_push(lua_State *L) {
  ql_scratch *s = (ql_scratch *)lua_newuserdata(L, sizeof *s);
  memset(s, 0, sizeof *s);
  lua_pushvalue(L, QL_UV(QL_UV_SCRATCH_MT));
  lua_setmetatable(L, -2);
  return s;
}

void ql_scratch_release(ql_scratch *s) {
  qe_json_free(s->tree);
  s->tree = NULL;
  qe_model_matches_free(&s->matches);
  qe_buf_free(&s->text);
}

int ql_scratch_gc(lua_State *L) {
  ql_scratch *s = (ql_scratch *)lua_touserdata(L, 1);
  if (s) ql_scratch_release(s);
  return 0;
}
