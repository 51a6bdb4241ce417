/*
 * qedge/transport.h — HTTP for the Qdrant REST client, without owning the
 * I/O.
 *
 * A request (method, path, query, headers, body bytes) is first *prepared*:
 * the transport resolves the base URL, adds the static headers, `api-key`,
 * `Authorization: Bearer` (from a token callback), `User-Agent: qedge/<ver>`,
 * `Content-Type`, and optionally gzips the body. The prepared request is
 * handed to a send function: libcurl by default, or any function the caller
 * plugs in (an event loop, a test double). Around the send the transport
 * retries, with exponential backoff and jitter, requests marked idempotent
 * that failed to connect or were answered 429/502/503/504, honouring the
 * server's Retry-After.
 *
 * Units: every time in this header is in seconds (double).
 *
 * Thread-safety: a qe_transport may be used from several threads; the
 * default libcurl backend keeps one connection handle per transport (for
 * keep-alive) and serialises calls on it with a mutex. Options and requests
 * are only read during a call.
 */
#ifndef QEDGE_TRANSPORT_H
#define QEDGE_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "qedge/base.h"
#include "qedge/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** HTTP methods the Qdrant API uses. */
typedef enum qe_http_method {
  QE_HTTP_GET = 0,
  QE_HTTP_POST,
  QE_HTTP_PUT,
  QE_HTTP_PATCH,
  QE_HTTP_DELETE
} qe_http_method;

/** "GET", "POST", ...; "GET" for out-of-range values. */
const char *qe_http_method_name(qe_http_method m);

/** One header line. Both strings are NUL-terminated and borrowed. */
typedef struct qe_http_header {
  const char *name;  /**< e.g. "api-key" */
  const char *value; /**< e.g. "secret" */
} qe_http_header;

/** A request as the client builds it (all pointers borrowed). */
typedef struct qe_http_request {
  qe_http_method method;
  const char *path;              /**< "/collections/a/points", already escaped */
  const char *query;             /**< "wait=true&ordering=weak" (no '?'), or NULL */
  const qe_http_header *headers; /**< per-call headers, added after the static ones */
  size_t n_headers;              /**< number of per-call headers */
  const char *body;              /**< body bytes, or NULL for none */
  size_t body_len;               /**< length of body */
  const char *content_type;      /**< for the body; NULL = "application/json" */
  bool idempotent;               /**< may be retried after a failure */
} qe_http_request;

/** A request ready for the wire, as the send function receives it. */
typedef struct qe_http_prepared {
  const char *method;            /**< "GET", "POST", ... */
  const char *url;               /**< full URL: scheme, host, port, prefix, path, query */
  const qe_http_header *headers; /**< every header to send, in order */
  size_t n_headers;              /**< number of headers */
  const char *body;              /**< body bytes (gzipped when Content-Encoding says so) */
  size_t body_len;               /**< length of body */
  double connect_timeout;        /**< seconds allowed to connect */
  double timeout;                /**< seconds allowed for the whole exchange */
  bool verify_tls;               /**< check the server certificate and host name */
  const char *ca_file;           /**< CA bundle path, or NULL for the system's */
  /**
   * False for requests that must reach the server at most once: a send
   * function must not resend them on its own. (libcurl silently resends a
   * request whose reused keep-alive connection died, so the libcurl backend
   * opens a fresh connection for these.)
   */
  bool idempotent;
} qe_http_prepared;

/**
 * A response. Zero-initialise it; release with qe_http_response_free().
 * `headers` holds the raw header lines of the final response
 * ("Name: value\r\n" each, status line excluded); `body` the decoded body.
 */
typedef struct qe_http_response {
  int status;        /**< HTTP status, e.g. 200; 0 before a response arrived */
  qe_buf headers;    /**< raw header lines */
  qe_buf body;       /**< body bytes (gzip already undone) */
  unsigned attempts; /**< how many times the request was sent */
} qe_http_response;

/** Free the buffers of `r` and zero it. Accepts NULL. */
void qe_http_response_free(qe_http_response *r);

/**
 * Copy the value of header `name` (case-insensitive, first occurrence,
 * surrounding blanks trimmed) into `out` of size `n` (always NUL-terminated
 * when n > 0). Returns true when the header is present.
 */
bool qe_http_response_header(const qe_http_response *r, const char *name, char *out, size_t n);

/**
 * A send function: perform one HTTP exchange for `req` and fill `resp`
 * (status, header lines, body). Return 0 whenever the server answered (any
 * status), QE_ETRANSPORT when no answer came (refused, reset, DNS, TLS),
 * QE_ETIMEOUT when `req->timeout` ran out, with a message in `err`.
 * `resp` arrives zeroed or reset; it is freed by the caller.
 */
typedef int (*qe_http_send_fn)(void *user, const qe_http_prepared *req, qe_http_response *resp,
                               qe_error *err);

/**
 * A bearer token callback: append the current token (without "Bearer ") to
 * `token`. Called before every attempt, so it may refresh. Return 0, or an
 * error code with `err` filled to abort the request.
 */
typedef int (*qe_token_fn)(void *user, qe_buf *token, qe_error *err);

/** Levels for the logging hook. */
enum {
  QE_LOG_DEBUG = 0, /**< detail for debugging */
  QE_LOG_INFO = 1,  /**< a retry is about to happen */
  QE_LOG_WARN = 2   /**< something went wrong but the call goes on */
};

/** A logging hook: receives one line (no newline) at a time. */
typedef void (*qe_log_fn)(void *user, int level, const char *message);

/** Values of qe_transport_options.https. */
enum {
  QE_HTTPS_DEFAULT = 0, /**< from the URL scheme; with `host`: on when api_key is set */
  QE_HTTPS_ON = 1,
  QE_HTTPS_OFF = 2
};

/**
 * Connection options. Zero-initialise and set what you need; zero means the
 * default stated on each field.
 *
 * The server is named either by `url` ("http://h:6333/prefix",
 * "https://h" — an https URL without a port uses 443, an http one 6333,
 * as Qdrant listens there) or by `host` + `port` + `https` + `prefix`.
 * With neither, the server is http://localhost:6333.
 */
typedef struct qe_transport_options {
  const char *url;     /**< full base URL; excludes `host` */
  const char *host;    /**< host name or address (IPv6 with or without brackets) */
  unsigned port;       /**< with `host`: 0 = 6333; with `url`: used only when the URL has none */
  int https;           /**< QE_HTTPS_*; with `url`, QE_HTTPS_ON/OFF override the scheme */
  const char *prefix;  /**< path prefix, e.g. "qdrant" → /qdrant/collections */
  const char *api_key; /**< sent as the `api-key` header; NULL = none */
  qe_token_fn token;   /**< bearer token callback, or NULL */
  void *token_user;    /**< passed to `token` */
  const qe_http_header *headers; /**< static headers sent with every request (copied) */
  size_t n_headers;              /**< number of static headers */
  double timeout;                /**< seconds per attempt, whole exchange; 0 = 30 */
  double connect_timeout;        /**< seconds to connect; 0 = 5 (never above timeout) */
  bool tls_no_verify;            /**< skip certificate checks (default: verify) */
  const char *ca_file;           /**< CA bundle, or NULL for the system's (copied) */
  size_t gzip_min_bytes;         /**< gzip request bodies at least this large; 0 = never */
  unsigned max_retries;          /**< retries after the first attempt; 0 = 3 */
  bool no_retries;               /**< never retry (overrides max_retries) */
  double backoff_base;           /**< first backoff in seconds; 0 = 0.1; doubles each retry */
  double backoff_max;            /**< largest backoff and largest Retry-After honoured; 0 = 10 */
  qe_log_fn log;                 /**< logging hook (every retry is reported), or NULL */
  void *log_user;                /**< passed to `log` */
  qe_http_send_fn send;          /**< send function; NULL = the built-in libcurl backend */
  void *send_user;               /**< passed to `send` */
} qe_transport_options;

/** An HTTP transport bound to one server (opaque). */
typedef struct qe_transport qe_transport;

/**
 * Create a transport (*out; free with qe_transport_free). Copies every
 * string of `opts` (NULL = all defaults). QE_EINVAL names the bad option:
 * an unparsable URL, both `url` and `host`, a port above 65535, a negative
 * time.
 */
int qe_transport_new(const qe_transport_options *opts, qe_transport **out, qe_error *err);

/** Free a transport and close its connections. NULL is a no-op. */
void qe_transport_free(qe_transport *t);

/** The base URL requests go to, e.g. "https://example.com:443/qdrant". */
const char *qe_transport_base_url(const qe_transport *t);

/**
 * Send `req` and fill `resp` (reset first; caller frees it). Retries as
 * described at the top of this header when `req->idempotent`: after
 * QE_ETRANSPORT failures and 429/502/503/504 answers, up to max_retries
 * times; timeouts are never retried (the timeout is the caller's budget).
 * Returns 0 when a response arrived — also for error statuses, which the
 * caller inspects — or QE_ETRANSPORT / QE_ETIMEOUT / the token callback's
 * error.
 */
int qe_transport_send(qe_transport *t, const qe_http_request *req, qe_http_response *resp,
                      qe_error *err);

/**
 * The parts of a base URL. `host` has no brackets; `prefix` is "" or starts
 * with '/' and has no trailing '/'.
 */
typedef struct qe_url_parts {
  bool https;       /**< scheme is https */
  char host[256];   /**< host name or address, IPv6 without brackets */
  unsigned port;    /**< 1..65535, defaults applied */
  char prefix[256]; /**< "" or "/a/b" */
} qe_url_parts;

/**
 * Resolve the server address of `opts` (see qe_transport_options) into
 * `parts` without creating a transport. QE_EINVAL names the bad option.
 */
int qe_url_resolve(const qe_transport_options *opts, qe_url_parts *parts, qe_error *err);

/**
 * Append `s` to `out` percent-encoded for one URL path segment (everything
 * but unreserved characters is escaped, so '/' cannot split the segment).
 */
int qe_url_escape_segment(qe_buf *out, const char *s);

/**
 * Parse a Retry-After value (delta seconds or an HTTP date) into seconds
 * from now (dates in the past give 0). Returns false when unparsable.
 */
bool qe_retry_after_parse(const char *value, double *seconds);

#ifdef __cplusplus
}
#endif
#endif
