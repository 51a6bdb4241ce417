/*
 * http.h — the HTTP layer on libmicrohttpd: one thread per connection
 * (see docs/ARCHITECTURE.md), bodies collected up to SRV_MAX_BODY (larger
 * ones answer 413), every complete request handed to srv_dispatch.
 */
#ifndef QEDGE_SERVER_HTTP_H
#define QEDGE_SERVER_HTTP_H

#include "options.h"

struct srv_registry;

/** A running HTTP server (opaque). */
typedef struct srv_http srv_http;

/** Bind and start serving; prints the error and returns NULL on failure. */
srv_http *srv_http_start(const srv_options *o, struct srv_registry *reg);

/** The port actually bound (useful with --port 0). */
unsigned srv_http_port(const srv_http *h);

/** Stop accepting, finish the requests in flight and free `h`. */
void srv_http_stop(srv_http *h);

#endif
