/* router.c — route matching, auth and body validation (see router.h). */
#include "router.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "qedge/base.h"
#include "qedge/model.h"
#include "registry.h"
#include "reply.h"

double srv_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *srv_arg(const srv_ctx *c, const char *name) {
  return c->req->arg ? c->req->arg(c->req->arg_cookie, name) : NULL;
}

bool srv_arg_wait(const srv_ctx *c) {
  const char *w = srv_arg(c, "wait");
  return !(w && strcmp(w, "false") == 0);
}

/* Match `path` against `pattern`; captured segments point into `buf`. */
static bool match(const char *pattern, const char *path, char *buf, const char **params) {
  size_t np = 0;
  const char *p = pattern, *s = path;
  char *b = buf;
  while (*p && *s) {
    if (*p != '/' || *s != '/') return false;
    p++, s++;
    const char *pe = strchr(p, '/'), *se = strchr(s, '/');
    size_t pl = pe ? (size_t)(pe - p) : strlen(p), sl = se ? (size_t)(se - s) : strlen(s);
    if (pl == 2 && p[0] == '{' && p[1] == '}') {
      if (sl == 0 || np == 3) return false;
      memcpy(b, s, sl);
      b[sl] = 0;
      params[np++] = b;
      b += sl + 1;
    } else if (pl != sl || memcmp(p, s, pl) != 0) {
      return false;
    }
    p += pl, s += sl;
  }
  if (*s == '/' && s[1] == 0 && !*p) s++; /* tolerate one trailing slash */
  return !*p && !*s;
}

static bool health(const char *path) {
  return strcmp(path, "/healthz") == 0 || strcmp(path, "/livez") == 0 ||
         strcmp(path, "/readyz") == 0;
}

void srv_dispatch(struct srv_registry *reg, const srv_request *req, srv_response *res) {
  srv_ctx c = {0};
  c.reg = reg;
  c.req = req;
  c.res = res;
  c.t0 = srv_now();
  size_t plen = strlen(req->path);
  char *buf = malloc(plen + 8);
  if (!buf) {
    srv_fail(&c, 500, "Service internal error: out of memory");
    return;
  }
  const srv_route *rt = NULL;
  bool path_known = false;
  for (const srv_route *r = srv_routes; r->method; r++) {
    const char *params[3] = {0};
    if (!match(r->pattern, req->path, buf, params)) continue;
    path_known = true;
    if (strcmp(r->method, req->method) != 0) continue;
    rt = r;
    memcpy(c.params, params, sizeof params);
    break;
  }
  if (!rt) {
    srv_fail(&c, path_known ? 405 : 404, "%s", path_known ? "Method Not Allowed" : "Not Found");
    goto out;
  }
  if (!health(req->path) && srv_auth_check(&c, rt->write)) goto out;
  if (rt->model) {
    qe_error err = {0};
    if (req->body_len == 0 && rt->body_optional) {
      c.body = qe_json_new_object();
    } else if (req->body_len == 0) {
      srv_fail(&c, 400, "Json deserialize error: EOF while parsing a value at line 1 column 0");
      goto out;
    } else if (qe_json_parse(req->body, req->body_len, NULL, &c.body, &err)) {
      srv_fail(&c, 400, "Json deserialize error: %s", err.message);
      goto out;
    }
    if (qe_model_check_name(rt->model, c.body, QE_CHECK_COERCE, NULL, &err)) {
      char text[QE_ERROR_PATH_MAX + QE_ERROR_MESSAGE_MAX + 4];
      qe_error_format(&err, text, sizeof text);
      srv_fail(&c, 400, "Format error in JSON body: %s", text);
      goto out;
    }
  }
  if (rt->exclusive)
    pthread_rwlock_wrlock(&reg->lock);
  else
    pthread_rwlock_rdlock(&reg->lock);
  rt->fn(&c);
  pthread_rwlock_unlock(&reg->lock);
  if (!res->body && !res->file_path) srv_fail(&c, 500, "Service internal error: no response");
out:
  qe_json_free(c.body);
  free(buf);
}
