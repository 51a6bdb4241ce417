/* parse.c — JSON text to qe_json through yajl, with depth and size limits. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "value.h"

int qe_json_object_put_owned(qe_json *obj, char *key, size_t klen, qe_json *val);

typedef struct frame {
  qe_json *container;
  char *key; /* pending object key (owned) */
  size_t klen;
} frame;

typedef struct parse_ctx {
  frame *stack;
  size_t depth, cap, max_depth;
  qe_json *root;
  int fail; /* a qe_code when a callback stopped the parse */
  char why[128];
} parse_ctx;

/* Attach a finished value to the current container (or make it the root). */
static int attach(parse_ctx *c, qe_json *v) {
  if (!v) {
    c->fail = QE_ENOMEM;
    return 0;
  }
  if (c->depth == 0) {
    c->root = v;
    return 1;
  }
  frame *f = &c->stack[c->depth - 1];
  int rc;
  if (f->container->kind == QE_JSON_ARRAY) {
    rc = qe_json_array_push(f->container, v);
  } else {
    rc = qe_json_object_put_owned(f->container, f->key, f->klen, v);
    f->key = NULL;
  }
  if (rc) {
    c->fail = rc;
    return 0;
  }
  return 1;
}

static int push(parse_ctx *c, qe_json *v) {
  if (!v) {
    c->fail = QE_ENOMEM;
    return 0;
  }
  if (c->depth >= c->max_depth) {
    qe_json_free(v);
    c->fail = QE_ELIMIT;
    snprintf(c->why, sizeof c->why, "nesting deeper than %zu levels", c->max_depth);
    return 0;
  }
  if (c->depth == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    frame *s = qe_realloc(c->stack, cap * sizeof *s);
    if (!s) {
      qe_json_free(v);
      c->fail = QE_ENOMEM;
      return 0;
    }
    c->stack = s;
    c->cap = cap;
  }
  /* attach first so the tree owns it even if the parse fails later */
  if (!attach(c, v)) return 0;
  c->stack[c->depth++] = (frame){v, NULL, 0};
  return 1;
}

static int on_null(void *ctx) {
  return attach(ctx, qe_json_new_null());
}

static int on_bool(void *ctx, int b) {
  return attach(ctx, qe_json_new_bool(b != 0));
}

static int on_number(void *ctx, const char *s, size_t len) {
  return attach(ctx, qe_json_number_from_text(s, len));
}

static int on_string(void *ctx, const unsigned char *s, size_t len) {
  parse_ctx *c = ctx;
  if (!qe_utf8_valid((const char *)s, len)) {
    c->fail = QE_EPARSE;
    snprintf(c->why, sizeof c->why, "string is not valid UTF-8");
    return 0;
  }
  char *copy = qe_strndup((const char *)s, len);
  if (!copy) {
    c->fail = QE_ENOMEM;
    return 0;
  }
  return attach(c, qe_json_new_string_owned(copy, len));
}

static int on_start_map(void *ctx) {
  return push(ctx, qe_json_new_object());
}

static int on_map_key(void *ctx, const unsigned char *s, size_t len) {
  parse_ctx *c = ctx;
  if (!qe_utf8_valid((const char *)s, len)) {
    c->fail = QE_EPARSE;
    snprintf(c->why, sizeof c->why, "object key is not valid UTF-8");
    return 0;
  }
  frame *f = &c->stack[c->depth - 1];
  qe_free(f->key);
  f->key = qe_strndup((const char *)s, len);
  f->klen = len;
  if (!f->key) {
    c->fail = QE_ENOMEM;
    return 0;
  }
  return 1;
}

static int on_end(void *ctx) {
  parse_ctx *c = ctx;
  c->depth--;
  qe_free(c->stack[c->depth].key);
  return 1;
}

static int on_start_array(void *ctx) {
  return push(ctx, qe_json_new_array());
}

static const yajl_callbacks callbacks = {
    on_null,      on_bool,    NULL,   NULL,           on_number, on_string,
    on_start_map, on_map_key, on_end, on_start_array, on_end,
};

static void *yalloc(void *ctx, size_t n) {
  return qe_malloc(n);
}
static void *yrealloc(void *ctx, void *p, size_t n) {
  return qe_realloc(p, n);
}
static void yfree(void *ctx, void *p) {
  qe_free(p);
}

int qe_json_parse(const char *text, size_t len, const qe_json_parse_opts *opts, qe_json **out,
                  qe_error *err) {
  *out = NULL;
  size_t max_size = opts && opts->max_size ? opts->max_size : (size_t)64 << 20;
  if (len > max_size)
    return qe_error_set(err, QE_ELIMIT, NULL, "JSON text of %zu bytes exceeds the limit of %zu",
                        len, max_size);
  parse_ctx c = {0};
  c.max_depth = opts && opts->max_depth ? opts->max_depth : 128;
  yajl_alloc_funcs af = {yalloc, yrealloc, yfree, NULL};
  yajl_handle h = yajl_alloc(&callbacks, &af, &c);
  if (!h) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  if (opts && opts->allow_trailing) yajl_config(h, yajl_allow_trailing_garbage, 1);
  yajl_status st = yajl_parse(h, (const unsigned char *)text, len);
  bool at_end = false; /* the text ended before the value did */
  if (st == yajl_status_ok) {
    st = yajl_complete_parse(h);
    at_end = st != yajl_status_ok;
  }
  int rc = QE_OK;
  if (st != yajl_status_ok) {
    size_t at = at_end ? len : yajl_get_bytes_consumed(h);
    /* JSON text is UTF-8 as a whole: name the first bad byte exactly */
    size_t bad = qe_utf8_first_invalid(text, len);
    if (bad < len && c.fail != QE_ENOMEM && c.fail != QE_ELIMIT) {
      c.fail = QE_EPARSE;
      at = bad + 1; /* reported below as at - 1 */
      snprintf(c.why, sizeof c.why, "invalid UTF-8");
    }
    if (c.fail) {
      rc = c.fail;
      if (rc == QE_ENOMEM) {
        qe_error_set(err, rc, NULL, "out of memory while parsing JSON");
      } else {
        qe_error_set(err, rc, NULL, "invalid JSON at byte %zu: %s", at ? at - 1 : 0, c.why);
      }
    } else {
      rc = QE_EPARSE;
      unsigned char *m = yajl_get_error(h, 0, (const unsigned char *)text, len);
      char msg[160];
      snprintf(msg, sizeof msg, "%s", m ? (const char *)m : "syntax error");
      if (m) yajl_free_error(h, m);
      size_t n = strlen(msg);
      while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
        msg[--n] = '\0';
      if (len == 0) {
        qe_error_set(err, rc, NULL, "invalid JSON at byte 0: empty input");
      } else {
        qe_error_set(err, rc, NULL, "invalid JSON at byte %zu: %s", at < len ? at : len, msg);
      }
    }
    for (size_t i = 0; i < c.depth; i++)
      qe_free(c.stack[i].key);
    qe_json_free(c.root);
  } else if (!c.root) {
    rc = qe_error_set(err, QE_EPARSE, NULL, "invalid JSON at byte 0: empty input");
  } else {
    *out = c.root;
  }
  yajl_free(h);
  qe_free(c.stack);
  return rc;
}
