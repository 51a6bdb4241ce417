/* h_scroll.c — scroll, count and facet. */
#include "fanout.h"
#include "handlers.h"
#include "reply.h"

void h_scroll(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_json *res = NULL;
  qe_error err = {0};
  int rc = srv_scroll(col, c->body, &res, &err);
  srv_close_coll(col);
  if (rc)
    srv_fail_qe(c, &err);
  else
    srv_ok(c, res);
}

void h_count(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  uint64_t n = 0;
  qe_error err = {0};
  int rc = srv_count(col, c->body, &n, &err);
  srv_close_coll(col);
  if (rc) {
    srv_fail_qe(c, &err);
    return;
  }
  qe_json *r = qe_json_new_object();
  qe_json_object_set(r, "count", qe_json_new_uint(n));
  srv_ok(c, r);
}

void h_facet(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  qe_json *res = NULL;
  qe_error err = {0};
  int rc = srv_facet(col, c->body, &res, &err);
  srv_close_coll(col);
  if (rc)
    srv_fail_qe(c, &err);
  else
    srv_ok(c, res);
}
