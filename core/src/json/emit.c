/* emit.c — qe_json to JSON text through yajl_gen, numbers formatted here. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "value.h"

typedef struct emit_ctx {
  qe_buf *out;
  int fail;
} emit_ctx;

static void print_cb(void *ctx, const char *s, size_t len) {
  emit_ctx *c = ctx;
  if (!c->fail && qe_buf_append(c->out, s, len)) c->fail = QE_ENOMEM;
}

static yajl_gen_status gen_value(yajl_gen g, const qe_json *v) {
  char num[40];
  size_t n;
  yajl_gen_status st;
  switch ((qe_json_kind)v->kind) {
  case QE_JSON_NULL:
    return yajl_gen_null(g);
  case QE_JSON_BOOL:
    return yajl_gen_bool(g, v->v.b);
  case QE_JSON_INT:
    return yajl_gen_integer(g, (long long)v->v.i);
  case QE_JSON_UINT:
    n = (size_t)snprintf(num, sizeof num, "%" PRIu64, v->v.u);
    return yajl_gen_number(g, num, n);
  case QE_JSON_DOUBLE:
    n = qe_format_f64(v->v.d, num);
    return n == 4 && num[0] == 'n' ? yajl_gen_null(g) : yajl_gen_number(g, num, n);
  case QE_JSON_STRING:
    return yajl_gen_string(g, (const unsigned char *)v->v.str.s, v->v.str.len);
  case QE_JSON_F32:
    if ((st = yajl_gen_array_open(g)) != yajl_gen_status_ok) return st;
    for (size_t i = 0; i < v->v.f32.len; i++) {
      n = qe_format_f32(v->v.f32.data[i], num);
      st = n == 4 && num[0] == 'n' ? yajl_gen_null(g) : yajl_gen_number(g, num, n);
      if (st != yajl_gen_status_ok) return st;
    }
    return yajl_gen_array_close(g);
  case QE_JSON_ARRAY:
    if ((st = yajl_gen_array_open(g)) != yajl_gen_status_ok) return st;
    for (size_t i = 0; i < v->v.arr.len; i++)
      if ((st = gen_value(g, v->v.arr.items[i])) != yajl_gen_status_ok) return st;
    return yajl_gen_array_close(g);
  case QE_JSON_OBJECT:
    if ((st = yajl_gen_map_open(g)) != yajl_gen_status_ok) return st;
    for (size_t i = 0; i < v->v.obj.len; i++) {
      const qe_json_member *m = &v->v.obj.m[i];
      if ((st = yajl_gen_string(g, (const unsigned char *)m->key, m->klen)) != yajl_gen_status_ok)
        return st;
      if ((st = gen_value(g, m->val)) != yajl_gen_status_ok) return st;
    }
    return yajl_gen_map_close(g);
  }
  return yajl_gen_invalid_string;
}

static void *yalloc(void *ctx, size_t n) {
  return qe_malloc(n);
}
static void *yrealloc(void *ctx, void *p, size_t n) {
  return qe_realloc(p, n);
}
static void yfree(void *ctx, void *p) {
  qe_free(p);
}

int qe_json_emit(const qe_json *v, unsigned flags, qe_buf *out, qe_error *err) {
  emit_ctx c = {out, 0};
  yajl_alloc_funcs af = {yalloc, yrealloc, yfree, NULL};
  yajl_gen g = yajl_gen_alloc(&af);
  if (!g) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  yajl_gen_config(g, yajl_gen_print_callback, print_cb, &c);
  if (flags & QE_EMIT_PRETTY) {
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_config(g, yajl_gen_indent_string, "  ");
  }
  size_t start = out->len;
  yajl_gen_status st = v ? gen_value(g, v) : yajl_gen_null(g);
  yajl_gen_free(g);
  int rc = QE_OK;
  if (c.fail) {
    rc = qe_error_set(err, c.fail, NULL, "out of memory while writing JSON");
  } else if (st == yajl_max_depth_exceeded) {
    rc = qe_error_set(err, QE_ELIMIT, NULL, "value nested deeper than %d levels cannot be written",
                      128);
  } else if (st != yajl_gen_status_ok) {
    rc = qe_error_set(err, QE_EINTERNAL, NULL, "JSON writer failed (status %d)", (int)st);
  }
  if (rc) {
    out->len = start;
    if (out->data) out->data[start] = '\0';
  }
  return rc;
}

char *qe_json_to_string(const qe_json *v, unsigned flags, size_t *len) {
  qe_buf b = {0};
  if (qe_json_emit(v, flags, &b, NULL)) {
    qe_buf_free(&b);
    return NULL;
  }
  return qe_buf_steal(&b, len);
}
