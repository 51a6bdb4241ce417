/*
 * transport.c — a qe_transport: options, request preparation (URL, headers,
 * gzip) and the retry loop around the send function.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "qedge/qedge.h"
#include "transport/transport_internal.h"

#define DEFAULT_TIMEOUT         30.0
#define DEFAULT_CONNECT_TIMEOUT 5.0
#define DEFAULT_RETRIES         3
#define DEFAULT_BACKOFF_BASE    0.1
#define DEFAULT_BACKOFF_MAX     10.0
/** Headers the transport adds itself besides the static and per-call ones. */
#define OWN_HEADERS 5

struct qe_transport {
  char *base_url;
  char *api_key;
  char *ca_file;
  char *user_agent;
  qe_http_header *headers; /**< static headers; strings owned */
  size_t n_headers;
  qe_token_fn token;
  void *token_user;
  double timeout, connect_timeout;
  bool verify_tls;
  size_t gzip_min_bytes;
  unsigned max_retries;
  double backoff_base, backoff_max;
  qe_log_fn log;
  void *log_user;
  qe_http_send_fn send;
  void *send_user;
  qe_curl *curl; /**< the default backend, or NULL when `send` was given */
};

static char *dup_or_null(const char *s) {
  return s ? qe_strndup(s, strlen(s)) : NULL;
}

static int check_time(double v, const char *what, qe_error *err) {
  if (!(v >= 0) || isinf(v))
    return qe_error_set(err, QE_EINVAL, what, "expected a non-negative number of seconds");
  return 0;
}

/** Header names and values must not smuggle in line breaks. */
static int check_header(const qe_http_header *h, size_t i, qe_error *err) {
  char path[32];
  snprintf(path, sizeof path, "headers[%zu]", i);
  if (h->name == NULL || h->value == NULL || h->name[0] == '\0')
    return qe_error_set(err, QE_EINVAL, path, "header name and value are required");
  if (strpbrk(h->name, "\r\n: ") || strpbrk(h->value, "\r\n"))
    return qe_error_set(err, QE_EINVAL, path, "header contains a line break or bad name");
  return 0;
}

void qe_transport_free(qe_transport *t) {
  if (t == NULL) return;
  for (size_t i = 0; i < t->n_headers; i++) {
    qe_free((void *)t->headers[i].name);
    qe_free((void *)t->headers[i].value);
  }
  qe_free(t->headers);
  qe_curl_free(t->curl);
  qe_free(t->base_url);
  qe_free(t->api_key);
  qe_free(t->ca_file);
  qe_free(t->user_agent);
  qe_free(t);
}

int qe_transport_new(const qe_transport_options *opts, qe_transport **out, qe_error *err) {
  static const qe_transport_options none;
  if (opts == NULL) opts = &none;
  *out = NULL;
  qe_url_parts parts;
  int rc = qe_url_resolve(opts, &parts, err);
  if (rc) return rc;
  if (check_time(opts->timeout, "timeout", err) ||
      check_time(opts->connect_timeout, "connect_timeout", err) ||
      check_time(opts->backoff_base, "backoff_base", err) ||
      check_time(opts->backoff_max, "backoff_max", err))
    return QE_EINVAL;
  if (opts->api_key && strpbrk(opts->api_key, "\r\n"))
    return qe_error_set(err, QE_EINVAL, "api_key", "contains a line break");
  for (size_t i = 0; i < opts->n_headers; i++)
    if (check_header(&opts->headers[i], i, err)) return QE_EINVAL;

  qe_transport *t = qe_calloc(1, sizeof *t);
  if (t == NULL) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  qe_buf url = {0};
  bool v6 = strchr(parts.host, ':') != NULL;
  rc = qe_buf_printf(&url, "%s://%s%s%s:%u%s", parts.https ? "https" : "http", v6 ? "[" : "",
                     parts.host, v6 ? "]" : "", parts.port, parts.prefix);
  t->base_url = rc ? NULL : qe_buf_steal(&url, NULL);
  qe_buf ua = {0};
  rc = qe_buf_printf(&ua, "qedge/%s", qe_version());
  t->user_agent = rc ? NULL : qe_buf_steal(&ua, NULL);
  t->api_key = dup_or_null(opts->api_key);
  t->ca_file = dup_or_null(opts->ca_file);
  bool nomem = t->base_url == NULL || t->user_agent == NULL || (opts->api_key && !t->api_key) ||
               (opts->ca_file && !t->ca_file);
  if (!nomem && opts->n_headers) {
    t->headers = qe_calloc(opts->n_headers, sizeof *t->headers);
    nomem = t->headers == NULL;
    for (size_t i = 0; !nomem && i < opts->n_headers; i++) {
      t->headers[i].name = dup_or_null(opts->headers[i].name);
      t->headers[i].value = dup_or_null(opts->headers[i].value);
      t->n_headers = i + 1;
      nomem = !t->headers[i].name || !t->headers[i].value;
    }
  }
  if (nomem) {
    qe_transport_free(t);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  t->token = opts->token;
  t->token_user = opts->token_user;
  t->timeout = opts->timeout > 0 ? opts->timeout : DEFAULT_TIMEOUT;
  t->connect_timeout = opts->connect_timeout > 0 ? opts->connect_timeout : DEFAULT_CONNECT_TIMEOUT;
  if (t->connect_timeout > t->timeout) t->connect_timeout = t->timeout;
  t->verify_tls = !opts->tls_no_verify;
  t->gzip_min_bytes = opts->gzip_min_bytes;
  t->max_retries = opts->no_retries ? 0 : opts->max_retries ? opts->max_retries : DEFAULT_RETRIES;
  t->backoff_base = opts->backoff_base > 0 ? opts->backoff_base : DEFAULT_BACKOFF_BASE;
  t->backoff_max = opts->backoff_max > 0 ? opts->backoff_max : DEFAULT_BACKOFF_MAX;
  t->log = opts->log;
  t->log_user = opts->log_user;
  if (opts->send) {
    t->send = opts->send;
    t->send_user = opts->send_user;
  } else {
    t->curl = qe_curl_new(err);
    if (t->curl == NULL) {
      qe_transport_free(t);
      return err ? err->code : QE_ETRANSPORT;
    }
    t->send = qe_curl_send;
    t->send_user = t->curl;
  }
  *out = t;
  return 0;
}

const char *qe_transport_base_url(const qe_transport *t) {
  return t->base_url;
}

/* ------------------------------------------------------------ retries */

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/** A number in [0, 1) from the clock and the attempt, mixed (splitmix64). */
static double jitter(const void *salt, unsigned attempt) {
  uint64_t z =
      now_ns() ^ ((uint64_t)(uintptr_t)salt << 16) ^ ((uint64_t)attempt * 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  z ^= z >> 31;
  return (double)(z >> 11) / 9007199254740992.0;
}

static void sleep_seconds(double s) {
  struct timespec ts;
  ts.tv_sec = (time_t)s;
  ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

static bool retryable_status(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

/* ------------------------------------------------------------ sending */

int qe_transport_send(qe_transport *t, const qe_http_request *req, qe_http_response *resp,
                      qe_error *err) {
  qe_http_response_free(resp);
  qe_buf url = {0}, body = {0}, token = {0};
  qe_http_header *hdrs = NULL;
  int rc = qe_buf_puts(&url, t->base_url);
  if (!rc) rc = qe_buf_puts(&url, req->path && req->path[0] ? req->path : "/");
  if (!rc && req->query && req->query[0]) rc = qe_buf_printf(&url, "?%s", req->query);
  size_t cap = t->n_headers + req->n_headers + OWN_HEADERS;
  if (!rc) {
    hdrs = qe_calloc(cap, sizeof *hdrs);
    if (hdrs == NULL) rc = QE_ENOMEM;
  }
  if (rc) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < req->n_headers; i++)
    if (check_header(&req->headers[i], i, err)) {
      rc = QE_EINVAL;
      goto done;
    }
  qe_http_prepared p = {.method = qe_http_method_name(req->method),
                        .url = url.data,
                        .headers = hdrs,
                        .body = req->body,
                        .body_len = req->body ? req->body_len : 0,
                        .connect_timeout = t->connect_timeout,
                        .timeout = t->timeout,
                        .verify_tls = t->verify_tls,
                        .ca_file = t->ca_file,
                        .idempotent = req->idempotent};
  size_t n = 0;
  for (size_t i = 0; i < t->n_headers; i++)
    hdrs[n++] = t->headers[i];
  hdrs[n++] = (qe_http_header){"User-Agent", t->user_agent};
  if (t->api_key) hdrs[n++] = (qe_http_header){"api-key", t->api_key};
  if (req->body) {
    hdrs[n++] = (qe_http_header){"Content-Type",
                                 req->content_type ? req->content_type : "application/json"};
    if (t->gzip_min_bytes && req->body_len >= t->gzip_min_bytes) {
      rc = qe_gzip(req->body, req->body_len, &body, err);
      if (rc) goto done;
      p.body = body.data;
      p.body_len = body.len;
      hdrs[n++] = (qe_http_header){"Content-Encoding", "gzip"};
    }
  }
  size_t n_fixed = n;
  for (unsigned attempt = 0;; attempt++) {
    n = n_fixed;
    if (t->token) {
      qe_buf_reset(&token);
      rc = qe_buf_puts(&token, "Bearer ");
      if (rc) {
        rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
        goto done;
      }
      rc = t->token(t->token_user, &token, err);
      if (rc) goto done;
      if (memchr(token.data, '\r', token.len) || memchr(token.data, '\n', token.len)) {
        rc = qe_error_set(err, QE_EINVAL, "token", "the bearer token contains a line break");
        goto done;
      }
      hdrs[n++] = (qe_http_header){"Authorization", token.data};
    }
    for (size_t i = 0; i < req->n_headers; i++)
      hdrs[n++] = req->headers[i];
    p.n_headers = n;
    qe_buf_reset(&resp->headers);
    qe_buf_reset(&resp->body);
    resp->status = 0;
    qe_error attempt_err = {0};
    rc = t->send(t->send_user, &p, resp, &attempt_err);
    resp->attempts = attempt + 1;
    bool again = req->idempotent && attempt < t->max_retries &&
                 (rc == QE_ETRANSPORT || (rc == 0 && retryable_status(resp->status)));
    if (!again) {
      if (rc && err) *err = attempt_err;
      break;
    }
    double cap_s = t->backoff_base * pow(2.0, (double)attempt);
    if (cap_s > t->backoff_max) cap_s = t->backoff_max;
    double delay = cap_s / 2 + jitter(t, attempt) * cap_s / 2;
    char ra[64], msg[QE_ERROR_MESSAGE_MAX + 160];
    double ra_s;
    if (rc == 0 && qe_http_response_header(resp, "Retry-After", ra, sizeof ra) &&
        qe_retry_after_parse(ra, &ra_s))
      delay = ra_s < t->backoff_max ? ra_s : t->backoff_max;
    if (t->log) {
      if (rc)
        snprintf(msg, sizeof msg, "retry %u/%u of %s %s in %.3f s: %s", attempt + 1, t->max_retries,
                 p.method, req->path, delay, attempt_err.message);
      else
        snprintf(msg, sizeof msg, "retry %u/%u of %s %s in %.3f s: status %d", attempt + 1,
                 t->max_retries, p.method, req->path, delay, resp->status);
      t->log(t->log_user, QE_LOG_INFO, msg);
    }
    sleep_seconds(delay);
  }
done:
  qe_buf_free(&url);
  qe_buf_free(&body);
  qe_buf_free(&token);
  qe_free(hdrs);
  return rc;
}
