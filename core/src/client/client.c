/*
 * client.c — qe_client: one operation is build (path, query, checked body)
 * → qe_transport_send → parse (Qdrant's envelope into result or qe_error).
 */
#include <stdio.h>
#include <string.h>

#include "qedge/client.h"
#include "qedge/model.h"

struct qe_client {
  qe_transport *t;
  bool no_validate;
};

int qe_client_new(const qe_client_options *opts, qe_client **out, qe_error *err) {
  static const qe_client_options none;
  if (opts == NULL) opts = &none;
  *out = NULL;
  qe_client *c = qe_calloc(1, sizeof *c);
  if (c == NULL) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  int rc = qe_transport_new(&opts->http, &c->t, err);
  if (rc) {
    qe_free(c);
    return rc;
  }
  c->no_validate = opts->no_validate;
  *out = c;
  return 0;
}

void qe_client_free(qe_client *c) {
  if (c == NULL) return;
  qe_transport_free(c->t);
  qe_free(c);
}

qe_transport *qe_client_transport(qe_client *c) {
  return c->t;
}

/** The standard reason phrase of an HTTP status ("" when unknown). */
static const char *reason_phrase(int status) {
  switch (status) {
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 408:
    return "Request Timeout";
  case 409:
    return "Conflict";
  case 413:
    return "Payload Too Large";
  case 422:
    return "Unprocessable Entity";
  case 429:
    return "Too Many Requests";
  case 500:
    return "Internal Server Error";
  case 501:
    return "Not Implemented";
  case 502:
    return "Bad Gateway";
  case 503:
    return "Service Unavailable";
  case 504:
    return "Gateway Timeout";
  default:
    return "";
  }
}

/** Fill in the path template with escaped names. */
static int build_path(const qe_op_info *info, const char *collection, const char *arg, qe_buf *out,
                      qe_error *err) {
  if ((info->params & QE_PARAM_COLLECTION) && (collection == NULL || collection[0] == '\0'))
    return qe_error_set(err, QE_EINVAL, "collection_name", "%s needs a collection name",
                        info->name);
  if ((info->params & QE_PARAM_ARG) && (arg == NULL || arg[0] == '\0'))
    return qe_error_set(err, QE_EINVAL, "name", "%s needs a second name (field or snapshot)",
                        info->name);
  for (const char *p = info->path; *p; p++) {
    int rc;
    if (p[0] == '{' && (p[1] == 'c' || p[1] == 'a') && p[2] == '}') {
      rc = qe_url_escape_segment(out, p[1] == 'c' ? collection : arg);
      p += 2;
    } else {
      rc = qe_buf_putc(out, *p);
    }
    if (rc) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  return 0;
}

/** Query string from the call options the operation accepts. */
static int build_query(const qe_op_info *info, const qe_call_options *o, qe_buf *out,
                       qe_error *err) {
  int rc = 0;
  if (info->params & QE_PARAM_WRITE) {
    rc |= qe_buf_puts(out, o->no_wait ? "wait=false" : "wait=true");
    if (o->ordering) {
      if (strcmp(o->ordering, "weak") && strcmp(o->ordering, "medium") &&
          strcmp(o->ordering, "strong"))
        return qe_error_set(err, QE_EINVAL, "ordering",
                            "expected \"weak\", \"medium\" or \"strong\", got \"%s\"", o->ordering);
      rc |= qe_buf_printf(out, "&ordering=%s", o->ordering);
    }
  }
  if ((info->params & QE_PARAM_READ) && o->consistency) {
    const char *s = o->consistency;
    bool number = s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
    if (!number && strcmp(s, "majority") && strcmp(s, "quorum") && strcmp(s, "all"))
      return qe_error_set(err, QE_EINVAL, "consistency",
                          "expected a number, \"majority\", \"quorum\" or \"all\", got \"%s\"", s);
    rc |= qe_buf_printf(out, "%sconsistency=%s", out->len ? "&" : "", s);
  }
  if ((info->params & QE_PARAM_TIMEOUT) && o->timeout)
    rc |= qe_buf_printf(out, "%stimeout=%u", out->len ? "&" : "", o->timeout);
  return rc ? qe_error_set(err, QE_ENOMEM, NULL, "out of memory") : 0;
}

/** Turn an error answer into QE_EHTTP with Qdrant's message. */
static int http_error(const qe_http_response *r, qe_error *err) {
  qe_json *doc = NULL;
  const char *msg = NULL;
  if (r->body.len && qe_json_parse(r->body.data, r->body.len, NULL, &doc, NULL) == 0) {
    qe_json *status = qe_json_object_get(doc, "status");
    msg = qe_json_get_string(qe_json_object_get(status, "error"), NULL);
    if (msg == NULL) msg = qe_json_get_string(status, NULL);
  }
  char text[200] = "";
  if (msg == NULL && r->body.len) {
    size_t n = r->body.len < sizeof text - 1 ? r->body.len : sizeof text - 1;
    memcpy(text, r->body.data, n);
    text[n] = '\0';
    for (char *p = text; *p; p++)
      if ((unsigned char)*p < 0x20) *p = ' ';
    msg = text;
  }
  const char *reason = reason_phrase(r->status);
  qe_error_set(err, QE_EHTTP, NULL, "%d%s%s: %s", r->status, reason[0] ? " " : "", reason,
               msg && msg[0] ? msg : "(no message)");
  qe_json_free(doc);
  return QE_EHTTP;
}

/** Take `result` out of a successful answer. */
static int parse_ok(const qe_http_response *r, qe_json **result, qe_error *err) {
  qe_json *doc = NULL;
  qe_error perr = {0};
  if (qe_json_parse(r->body.data ? r->body.data : "", r->body.len, NULL, &doc, &perr))
    return qe_error_set(err, QE_EPARSE, NULL, "status %d: the answer is not JSON: %s", r->status,
                        perr.message);
  if (qe_json_kind_of(doc) != QE_JSON_OBJECT || qe_json_object_getn(doc, "result", 6) == NULL) {
    qe_json_free(doc);
    return qe_error_set(err, QE_EPARSE, NULL,
                        "status %d: the answer has no \"result\" (not Qdrant's envelope)",
                        r->status);
  }
  if (result) *result = qe_json_object_take(doc, "result", 6);
  qe_json_free(doc);
  return 0;
}

int qe_client_call(qe_client *c, qe_op op, const char *collection, const char *arg, qe_json *body,
                   const qe_call_options *o, qe_json **result, qe_error *err) {
  static const qe_call_options defaults;
  const qe_op_info *info = qe_op_get(op);
  if (result) *result = NULL;
  if (info == NULL) return qe_error_set(err, QE_EINVAL, NULL, "unknown operation %d", (int)op);
  if (o == NULL) o = &defaults;
  if (info->body_model && body == NULL)
    return qe_error_set(err, QE_EINVAL, NULL, "%s needs a body (%s)", info->name, info->body_model);
  if (!info->body_model && body != NULL)
    return qe_error_set(err, QE_EINVAL, NULL, "%s takes no body", info->name);
  if (body && !c->no_validate) {
    int rc = qe_model_check_name(info->body_model, body, QE_CHECK_COERCE, NULL, err);
    if (rc) return rc;
  }
  qe_buf path = {0}, query = {0}, text = {0};
  qe_http_response local = {0};
  qe_http_response *resp = o->response ? o->response : &local;
  int rc = build_path(info, collection, arg, &path, err);
  if (!rc) rc = build_query(info, o, &query, err);
  if (!rc && body) rc = qe_json_emit(body, 0, &text, err);
  if (rc) goto done;
  qe_http_request req = {.method = info->method,
                         .path = path.data,
                         .query = query.data,
                         .headers = o->headers,
                         .n_headers = o->n_headers,
                         .body = body ? (text.data ? text.data : "") : NULL,
                         .body_len = text.len,
                         .idempotent = info->idempotent};
  rc = qe_transport_send(c->t, &req, resp, err);
  if (rc) goto done;
  if (resp->status < 200 || resp->status >= 300)
    rc = http_error(resp, err);
  else
    rc = parse_ok(resp, result, err);
done:
  qe_http_response_free(&local);
  qe_buf_free(&path);
  qe_buf_free(&query);
  qe_buf_free(&text);
  return rc;
}
