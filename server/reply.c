/* reply.c — response envelopes and the error-to-status map (see reply.h). */
#include "reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "qedge/base.h"

static void set_body(srv_ctx *c, int status, qe_buf *b, const char *type) {
  qe_free(c->res->body);
  c->res->status = status;
  c->res->body = qe_buf_steal(b, &c->res->len);
  c->res->content_type = type;
}

static void envelope(srv_ctx *c, int status, qe_json *result, const char *error) {
  qe_buf b = {0};
  char t[64]; /* qe_format_f64 writes up to 40 bytes */
  qe_format_f64(srv_now() - c->t0, t);
  if (error) {
    qe_json *msg = qe_json_new_cstr(error);
    if (!msg) msg = qe_json_new_cstr("error message is not valid UTF-8");
    qe_buf_puts(&b, "{\"status\":{\"error\":");
    qe_json_emit(msg, 0, &b, NULL);
    qe_json_free(msg);
    qe_buf_printf(&b, "},\"time\":%s}", t);
  } else {
    qe_buf_puts(&b, "{\"result\":");
    if (result) {
      if (qe_json_emit(result, 0, &b, NULL)) {
        qe_buf_free(&b);
        qe_json_free(result);
        envelope(c, 500, NULL, "Service internal error: result could not be written");
        return;
      }
    } else {
      qe_buf_puts(&b, "null");
    }
    qe_buf_printf(&b, ",\"status\":\"ok\",\"time\":%s}", t);
  }
  qe_json_free(result);
  set_body(c, status, &b, "application/json");
}

void srv_ok(srv_ctx *c, qe_json *result) {
  envelope(c, 200, result, NULL);
}

void srv_ok_true(srv_ctx *c) {
  envelope(c, 200, qe_json_new_bool(true), NULL);
}

void srv_fail(srv_ctx *c, int status, const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  envelope(c, status, NULL, msg);
}

int srv_http_status(int code) {
  switch (code) {
  case QE_EINVAL:
  case QE_EPARSE:
  case QE_ELIMIT:
  case QE_EUNSUPPORTED:
    return 400;
  case QE_ENOTFOUND:
    return 404;
  case QE_EEXIST:
    return 409;
  case QE_EBUSY:
    return 503;
  case QE_ETIMEOUT:
    return 504;
  default:
    return 500;
  }
}

void srv_fail_qe(srv_ctx *c, const qe_error *err) {
  char text[QE_ERROR_PATH_MAX + QE_ERROR_MESSAGE_MAX + 4];
  qe_error_format(err, text, sizeof text);
  const char *prefix;
  switch (err->code) {
  case QE_EINVAL:
  case QE_ELIMIT:
    prefix = "Wrong input: ";
    break;
  case QE_EPARSE:
    prefix = "Format error in JSON body: ";
    break;
  case QE_EUNSUPPORTED:
    prefix = "Bad request: ";
    break;
  case QE_ENOTFOUND:
    prefix = "Not found: ";
    break;
  case QE_EEXIST:
    prefix = "Wrong input: ";
    break;
  case QE_EBUSY:
    prefix = "Service unavailable: ";
    break;
  default:
    prefix = "Service internal error: ";
  }
  srv_fail(c, srv_http_status(err->code), "%s%s", prefix, text);
}

void srv_fail_no_collection(srv_ctx *c, const char *name) {
  srv_fail(c, 404, "Not found: Collection `%s` doesn't exist!", name);
}

void srv_text(srv_ctx *c, int status, const char *text) {
  qe_buf b = {0};
  qe_buf_puts(&b, text);
  set_body(c, status, &b, "text/plain; charset=utf-8");
}

void srv_raw_json(srv_ctx *c, int status, qe_json *v) {
  qe_buf b = {0};
  qe_json_emit(v, 0, &b, NULL);
  qe_json_free(v);
  set_body(c, status, &b, "application/json");
}
