/*
 * curl.c — the default send function: one libcurl easy handle per
 * transport, reused so connections stay alive between requests, guarded by
 * a mutex so a transport may be shared between threads.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "transport/transport_internal.h"

struct qe_curl {
  CURL *easy;
  pthread_mutex_t mu;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_OK;

/* libcurl needs one process-wide initialisation before the first handle. */
static void global_init(void) {
  global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

qe_curl *qe_curl_new(qe_error *err) {
  pthread_once(&global_once, global_init);
  if (global_rc != CURLE_OK) {
    qe_error_set(err, QE_ETRANSPORT, NULL, "libcurl: %s", curl_easy_strerror(global_rc));
    return NULL;
  }
  qe_curl *c = qe_calloc(1, sizeof *c);
  if (c == NULL) {
    qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  c->easy = curl_easy_init();
  if (c->easy == NULL) {
    qe_free(c);
    qe_error_set(err, QE_ENOMEM, NULL, "libcurl: cannot create a handle");
    return NULL;
  }
  pthread_mutex_init(&c->mu, NULL);
  return c;
}

void qe_curl_free(qe_curl *c) {
  if (c == NULL) return;
  curl_easy_cleanup(c->easy);
  pthread_mutex_destroy(&c->mu);
  qe_free(c);
}

static size_t on_body(char *data, size_t size, size_t n, void *user) {
  qe_http_response *r = user;
  return qe_buf_append(&r->body, data, size * n) ? 0 : size * n;
}

/* Header lines of every response arrive here (interim 1xx ones and
 * redirects too): a new status line starts the collection afresh. */
static size_t on_header(char *data, size_t size, size_t n, void *user) {
  qe_http_response *r = user;
  size_t len = size * n;
  if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
    qe_buf_reset(&r->headers);
    return len;
  }
  if (len <= 2) return len; /* the blank line ending the block */
  return qe_buf_append(&r->headers, data, len) ? 0 : len;
}

static long to_ms(double s) {
  double ms = s * 1000.0;
  return ms < 1 ? 1 : ms > 2147483647.0 ? 2147483647L : (long)ms;
}

int qe_curl_send(void *user, const qe_http_prepared *req, qe_http_response *resp, qe_error *err) {
  qe_curl *c = user;
  struct curl_slist *list = NULL;
  qe_buf line = {0};
  int rc = 0;
  for (size_t i = 0; i < req->n_headers && !rc; i++) {
    qe_buf_reset(&line);
    /* "Name;" sends a header with an empty value; "Name:" would drop it. */
    if (req->headers[i].value[0])
      rc = qe_buf_printf(&line, "%s: %s", req->headers[i].name, req->headers[i].value);
    else
      rc = qe_buf_printf(&line, "%s;", req->headers[i].name);
    struct curl_slist *next = rc ? NULL : curl_slist_append(list, line.data);
    if (next == NULL)
      rc = QE_ENOMEM;
    else
      list = next;
  }
  /* No "Expect: 100-continue" round trip before large bodies. */
  struct curl_slist *next = rc ? NULL : curl_slist_append(list, "Expect:");
  if (next == NULL)
    rc = QE_ENOMEM;
  else
    list = next;
  qe_buf_free(&line);
  if (rc) {
    curl_slist_free_all(list);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  pthread_mutex_lock(&c->mu);
  CURL *h = c->easy;
  /* Reset clears the options of the last call but keeps live connections. */
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, req->url);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  /* A reused connection that died makes libcurl resend the request on a new
   * one; a request that must not arrive twice gets a fresh connection. */
  if (!req->idempotent) curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, to_ms(req->connect_timeout));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, to_ms(req->timeout));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, req->verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, req->verify_tls ? 2L : 0L);
  if (req->ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, req->ca_file);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, resp);
  if (strcmp(req->method, "GET") == 0 && req->body == NULL) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body || strcmp(req->method, "DELETE") != 0) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? req->body : "");
    }
  }
  CURLcode cc = curl_easy_perform(h);
  long status = 0;
  if (cc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  /* The handle must not keep pointers into this call's memory. */
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
  pthread_mutex_unlock(&c->mu);
  curl_slist_free_all(list);
  if (cc == CURLE_OK) {
    resp->status = (int)status;
    return 0;
  }
  const char *why = errbuf[0] ? errbuf : curl_easy_strerror(cc);
  if (cc == CURLE_OPERATION_TIMEDOUT)
    return qe_error_set(err, QE_ETIMEOUT, NULL, "%s %s: timed out (%s)", req->method, req->url,
                        why);
  if (cc == CURLE_WRITE_ERROR || cc == CURLE_OUT_OF_MEMORY)
    return qe_error_set(err, QE_ENOMEM, NULL, "%s %s: out of memory", req->method, req->url);
  return qe_error_set(err, QE_ETRANSPORT, NULL, "%s %s: %s", req->method, req->url, why);
}
