/*
 * auth.h — API keys. With no keys configured every request is allowed.
 * With keys: no key or an unknown key answers 401, the read-only key on a
 * route that writes answers 403. Health probes need no key.
 */
#ifndef QEDGE_SERVER_AUTH_H
#define QEDGE_SERVER_AUTH_H

#include <stdbool.h>

#include "request.h"

/** 0 when allowed; otherwise the response has been filled. */
int srv_auth_check(srv_ctx *c, bool write);

#endif
