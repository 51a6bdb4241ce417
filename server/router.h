/*
 * router.h — maps method + path to a handler, checks the API key, parses
 * the body and validates it against the route's model (so errors name the
 * path of the bad value, as Qdrant's do).
 */
#ifndef QEDGE_SERVER_ROUTER_H
#define QEDGE_SERVER_ROUTER_H

#include <stdbool.h>

#include "request.h"

/** One route: "{}" in the pattern captures a path segment. */
typedef struct srv_route {
  const char *method;  /**< HTTP method */
  const char *pattern; /**< e.g. "/collections/{}/points/{}" */
  srv_handler fn;      /**< the handler */
  const char *model;   /**< body model name, or NULL for no body */
  bool write;          /**< needs the full-access key */
  bool body_optional;  /**< an empty body is accepted as {} */
  bool exclusive;      /**< holds the registry lock exclusively */
} srv_route;

/** The route table (routes.c), terminated by a NULL method. */
extern const srv_route srv_routes[];

/** Serve one request: fills `res`. */
void srv_dispatch(struct srv_registry *reg, const srv_request *req, srv_response *res);

#endif
