/* test_transport.c — the transport without a network: URL resolution,
 * escaping, Retry-After, header lookup, and the retry loop driven by a
 * scripted send function. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "check.h"
#include "qedge/qedge.h"

static void resolve_ok(const qe_transport_options *o, const char *want) {
  qe_transport *t = NULL;
  qe_error err = {0};
  qe_transport_options copy = *o;
  copy.send = (qe_http_send_fn)1; /* never called: no libcurl handle needed */
  int rc = qe_transport_new(&copy, &t, &err);
  CHECK(rc == 0);
  if (rc) {
    fprintf(stderr, "  %s: %s\n", err.path, err.message);
    return;
  }
  CHECK_STR(qe_transport_base_url(t), want);
  qe_transport_free(t);
}

static void resolve_bad(const qe_transport_options *o, const char *path) {
  qe_url_parts parts;
  qe_error err = {0};
  CHECK(qe_url_resolve(o, &parts, &err) == QE_EINVAL);
  CHECK_STR(err.path, path);
}

static void test_urls(void) {
  resolve_ok(&(qe_transport_options){0}, "http://localhost:6333");
  resolve_ok(&(qe_transport_options){.url = "https://example.com"}, "https://example.com:443");
  resolve_ok(&(qe_transport_options){.url = "http://example.com"}, "http://example.com:6333");
  resolve_ok(&(qe_transport_options){.url = "HTTPS://h:8443/a/b/"}, "https://h:8443/a/b");
  resolve_ok(&(qe_transport_options){.url = "https://h/qdrant", .prefix = "/v1/"},
             "https://h:443/qdrant/v1");
  resolve_ok(&(qe_transport_options){.url = "http://[::1]:7000"}, "http://[::1]:7000");
  resolve_ok(&(qe_transport_options){.url = "http://h", .port = 9000}, "http://h:9000");
  resolve_ok(&(qe_transport_options){.url = "http://h:1", .port = 9000}, "http://h:1");
  resolve_ok(&(qe_transport_options){.host = "db", .port = 7, .prefix = "p"}, "http://db:7/p");
  resolve_ok(&(qe_transport_options){.host = "db", .api_key = "k"}, "https://db:6333");
  resolve_ok(&(qe_transport_options){.host = "db", .api_key = "k", .https = QE_HTTPS_OFF},
             "http://db:6333");
  resolve_ok(&(qe_transport_options){.host = "::1", .https = QE_HTTPS_ON}, "https://[::1]:6333");
  resolve_ok(&(qe_transport_options){.host = "[fe80::1]"}, "http://[fe80::1]:6333");
  resolve_bad(&(qe_transport_options){.url = "ftp://h"}, "url");
  resolve_bad(&(qe_transport_options){.url = "h:6333"}, "url");
  resolve_bad(&(qe_transport_options){.url = "http://:80"}, "url");
  resolve_bad(&(qe_transport_options){.url = "http://h:0"}, "url");
  resolve_bad(&(qe_transport_options){.url = "http://h:70000"}, "url");
  resolve_bad(&(qe_transport_options){.url = "http://h:12x"}, "url");
  resolve_bad(&(qe_transport_options){.url = "http://h/?a=1"}, "url");
  resolve_bad(&(qe_transport_options){.url = "http://u:p@h"}, "url");
  resolve_bad(&(qe_transport_options){.url = "http://h", .host = "h"}, "host");
  resolve_bad(&(qe_transport_options){.host = "http://h"}, "host");
  resolve_bad(&(qe_transport_options){.host = "h", .port = 70000}, "port");
  resolve_bad(&(qe_transport_options){.host = "h", .prefix = "a?b"}, "prefix");

  qe_transport *t = NULL;
  qe_error err = {0};
  CHECK(qe_transport_new(&(qe_transport_options){.timeout = -1}, &t, &err) == QE_EINVAL);
  CHECK_STR(err.path, "timeout");
  CHECK(t == NULL);
  qe_http_header bad = {"X-A", "1\r\nInjected: yes"};
  CHECK(qe_transport_new(&(qe_transport_options){.headers = &bad, .n_headers = 1}, &t, &err) ==
        QE_EINVAL);
  CHECK_STR(err.path, "headers[0]");

  qe_buf b = {0};
  CHECK(qe_url_escape_segment(&b, "my coll/é?") == 0);
  CHECK_STR(b.data, "my%20coll%2F%C3%A9%3F");
  qe_buf_free(&b);
}

static void test_retry_after(void) {
  double s = -1;
  CHECK(qe_retry_after_parse("3", &s) && s == 3.0);
  CHECK(qe_retry_after_parse(" 0.5 ", &s) && s == 0.5);
  CHECK(!qe_retry_after_parse("soon", &s));
  CHECK(!qe_retry_after_parse("-1", &s));
  CHECK(qe_retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT", &s) && s == 0.0);
  CHECK(qe_retry_after_parse("Fri, 01 Jan 2100 00:00:00 GMT", &s) && s > 1e9);

  qe_http_response r = {0};
  qe_buf_puts(&r.headers, "Content-Type: application/json\r\nretry-after:  7 \r\n");
  char v[16];
  CHECK(qe_http_response_header(&r, "Retry-After", v, sizeof v));
  CHECK_STR(v, "7");
  CHECK(qe_http_response_header(&r, "content-type", v, sizeof v));
  CHECK_STR(v, "application/jso"); /* truncated to the buffer */
  CHECK(!qe_http_response_header(&r, "Content", v, sizeof v));
  qe_http_response_free(&r);
}

/* ------------------------------------------------------------ scripted sends */

typedef struct script {
  int steps[8]; /* >0: answer this status; <0: fail with -code */
  size_t n, at;
  const char *retry_after;
  char last_url[256];
  char headers[1024]; /* "name=value;" of the last request */
  unsigned tokens;
} script;

/* Body bytes of the last request (outside `script`, which tests reassign). */
static qe_buf last_body;

static int scripted_send(void *user, const qe_http_prepared *req, qe_http_response *resp,
                         qe_error *err) {
  script *s = user;
  snprintf(s->last_url, sizeof s->last_url, "%s %s", req->method, req->url);
  s->headers[0] = '\0';
  for (size_t i = 0; i < req->n_headers; i++) {
    size_t len = strlen(s->headers);
    snprintf(s->headers + len, sizeof s->headers - len, "%s=%s;", req->headers[i].name,
             req->headers[i].value);
  }
  qe_buf_reset(&last_body);
  if (req->body) qe_buf_append(&last_body, req->body, req->body_len);
  int step = s->at < s->n ? s->steps[s->at] : 200;
  s->at++;
  if (step < 0) return qe_error_set(err, -step, NULL, "scripted failure");
  resp->status = step;
  if (s->retry_after) qe_buf_printf(&resp->headers, "Retry-After: %s\r\n", s->retry_after);
  qe_buf_puts(&resp->body, "{\"result\":true,\"status\":\"ok\",\"time\":0.0}");
  return 0;
}

static int token_fn(void *user, qe_buf *token, qe_error *err) {
  script *s = user;
  s->tokens++;
  return qe_buf_printf(token, "tok%u", s->tokens);
}

static unsigned logged;
static void log_fn(void *user, int level, const char *msg) {
  logged++;
  CHECK(level == QE_LOG_INFO);
  CHECK(strncmp(msg, "retry ", 6) == 0);
}

static qe_transport *scripted(script *s, qe_transport_options o) {
  o.send = scripted_send;
  o.send_user = s;
  o.backoff_base = 0.001;
  o.backoff_max = 0.01;
  o.log = log_fn;
  qe_transport *t = NULL;
  CHECK(qe_transport_new(&o, &t, NULL) == 0);
  return t;
}

static void test_retries(void) {
  qe_http_header st = {"X-Static", "s"};
  qe_http_header call = {"X-Call", "c"};
  script s = {.steps = {-QE_ETRANSPORT, 503, 429, 200}, .n = 4};
  qe_transport *t = scripted(&s, (qe_transport_options){
                                     .url = "http://h:1/pre",
                                     .api_key = "key",
                                     .headers = &st,
                                     .n_headers = 1,
                                     .token = token_fn,
                                     .token_user = &s,
                                 });
  qe_http_request req = {.method = QE_HTTP_PUT,
                         .path = "/collections/c/points",
                         .query = "wait=true",
                         .headers = &call,
                         .n_headers = 1,
                         .body = "{}",
                         .body_len = 2,
                         .idempotent = true};
  qe_http_response resp = {0};
  qe_error err = {0};
  logged = 0;
  CHECK(qe_transport_send(t, &req, &resp, &err) == 0);
  CHECK(resp.status == 200);
  CHECK(resp.attempts == 4);
  CHECK(logged == 3);
  CHECK(s.tokens == 4); /* asked before every attempt */
  CHECK_STR(s.last_url, "PUT http://h:1/pre/collections/c/points?wait=true");
  char ua[64];
  snprintf(ua, sizeof ua, "User-Agent=qedge/%s;", qe_version());
  CHECK(strstr(s.headers, "X-Static=s;") == s.headers);
  CHECK(strstr(s.headers, ua) != NULL);
  CHECK(strstr(s.headers, "api-key=key;") != NULL);
  CHECK(strstr(s.headers, "Content-Type=application/json;") != NULL);
  CHECK(strstr(s.headers, "Authorization=Bearer tok4;") != NULL);
  CHECK(strstr(s.headers, "X-Call=c;") != NULL);

  /* Not idempotent: the first failure is final. */
  s = (script){.steps = {503, 200}, .n = 2};
  req.idempotent = false;
  req.method = QE_HTTP_POST;
  logged = 0;
  CHECK(qe_transport_send(t, &req, &resp, &err) == 0);
  CHECK(resp.status == 503 && resp.attempts == 1 && logged == 0);
  s = (script){.steps = {-QE_ETRANSPORT, 200}, .n = 2};
  CHECK(qe_transport_send(t, &req, &resp, &err) == QE_ETRANSPORT);
  CHECK(resp.attempts == 1);
  CHECK_STR(err.message, "scripted failure");

  /* Timeouts are not retried; other statuses neither; the limit holds. */
  req.idempotent = true;
  s = (script){.steps = {-QE_ETIMEOUT, 200}, .n = 2};
  CHECK(qe_transport_send(t, &req, &resp, &err) == QE_ETIMEOUT && resp.attempts == 1);
  s = (script){.steps = {500, 200}, .n = 2};
  CHECK(qe_transport_send(t, &req, &resp, &err) == 0 && resp.status == 500);
  s = (script){.steps = {503, 503, 503, 503, 503, 200}, .n = 6};
  CHECK(qe_transport_send(t, &req, &resp, &err) == 0);
  CHECK(resp.status == 503 && resp.attempts == 4); /* 1 + 3 retries by default */
  qe_http_response_free(&resp);
  qe_transport_free(t);

  /* Retry-After is honoured up to backoff_max; no_retries disables retries. */
  script s2 = {.steps = {503, 200}, .n = 2, .retry_after = "0.2"};
  qe_transport *t2 = NULL;
  CHECK(qe_transport_new(
            &(qe_transport_options){
                .send = scripted_send, .send_user = &s2, .backoff_base = 0.001, .backoff_max = 5},
            &t2, NULL) == 0);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  CHECK(qe_transport_send(t2, &req, &resp, &err) == 0 && resp.attempts == 2);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double waited = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
  CHECK(waited >= 0.19);
  qe_transport_free(t2);
  s2 = (script){.steps = {503, 200}, .n = 2};
  CHECK(qe_transport_new(
            &(qe_transport_options){.send = scripted_send, .send_user = &s2, .no_retries = true},
            &t2, NULL) == 0);
  CHECK(qe_transport_send(t2, &req, &resp, &err) == 0 && resp.status == 503);
  qe_transport_free(t2);

  /* Bodies at least gzip_min_bytes long go compressed. */
  char big[4096];
  memset(big, 'a', sizeof big);
  s2 = (script){.n = 0};
  CHECK(
      qe_transport_new(
          &(qe_transport_options){.send = scripted_send, .send_user = &s2, .gzip_min_bytes = 1024},
          &t2, NULL) == 0);
  req.body = big;
  req.body_len = sizeof big;
  CHECK(qe_transport_send(t2, &req, &resp, &err) == 0);
  CHECK(strstr(s2.headers, "Content-Encoding=gzip;") != NULL);
  CHECK(last_body.len < 200);
  char back[sizeof big];
  z_stream zs = {0};
  CHECK(inflateInit2(&zs, 15 + 16) == Z_OK);
  zs.next_in = (Bytef *)last_body.data;
  zs.avail_in = (uInt)last_body.len;
  zs.next_out = (Bytef *)back;
  zs.avail_out = sizeof back;
  CHECK(inflate(&zs, Z_FINISH) == Z_STREAM_END);
  CHECK(zs.total_out == sizeof big && memcmp(back, big, sizeof big) == 0);
  inflateEnd(&zs);
  req.body_len = 10; /* small: sent as it is */
  CHECK(qe_transport_send(t2, &req, &resp, &err) == 0);
  CHECK(strstr(s2.headers, "Content-Encoding") == NULL && last_body.len == 10);
  qe_transport_free(t2);
  qe_buf_free(&last_body);
  qe_http_response_free(&resp);
}

int main(void) {
  test_urls();
  test_retry_after();
  test_retries();
  return check_report("test_transport");
}
