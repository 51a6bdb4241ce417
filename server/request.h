/*
 * request.h — one HTTP exchange as the handlers see it: the request (method,
 * decoded path, query arguments, body, credentials) and the response being
 * built. The HTTP layer fills the request and sends the response; nothing
 * here depends on libmicrohttpd.
 */
#ifndef QEDGE_SERVER_REQUEST_H
#define QEDGE_SERVER_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "qedge/json.h"

struct srv_registry;

/** Looks up a query-string argument; returns NULL when absent. */
typedef const char *(*srv_arg_fn)(void *cookie, const char *name);

/** What arrived. */
typedef struct srv_request {
  const char *method;  /**< "GET", "POST", ... */
  const char *path;    /**< URL path, percent-decoded, without the query */
  const char *body;    /**< request body bytes (may be NULL) */
  size_t body_len;     /**< its length */
  const char *api_key; /**< `api-key` header or Bearer token, or NULL */
  srv_arg_fn arg;      /**< query-string lookup */
  void *arg_cookie;    /**< passed to `arg` */
} srv_request;

/** What goes back; `body` is owned (qe_malloc'd). */
typedef struct srv_response {
  int status;               /**< HTTP status */
  char *body;               /**< bytes to send */
  size_t len;               /**< their length */
  const char *content_type; /**< static string */
  char *file_path;          /**< when set, send this file instead of body (owned) */
} srv_response;

/** The state a handler works with. */
typedef struct srv_ctx {
  struct srv_registry *reg; /**< collections and aliases */
  const srv_request *req;   /**< the request */
  srv_response *res;        /**< the response to fill */
  double t0;                /**< start time (seconds, monotonic) */
  const char *params[3];    /**< the {…} segments of the matched route */
  qe_json *body;            /**< parsed and validated body, or NULL */
} srv_ctx;

/** Handler of one route. */
typedef void (*srv_handler)(srv_ctx *c);

/** A query-string argument of the request, or NULL. */
const char *srv_arg(const srv_ctx *c, const char *name);

/** True unless the query string has wait=false. */
bool srv_arg_wait(const srv_ctx *c);

/** Seconds on a monotonic clock. */
double srv_now(void);

#endif
