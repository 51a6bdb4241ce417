/*
 * reply.h — Qdrant's response envelopes.
 *
 * Success: {"result": <value>, "status": "ok", "time": <seconds>}.
 * Failure: {"status": {"error": "<message>"}, "time": <seconds>} with the
 * HTTP status that Qdrant uses for that kind of error.
 */
#ifndef QEDGE_SERVER_REPLY_H
#define QEDGE_SERVER_REPLY_H

#include "qedge/error.h"
#include "request.h"

/** Answer 200 with `result` (taken; NULL means JSON null). */
void srv_ok(srv_ctx *c, qe_json *result);

/** Answer 200 with `result` = true. */
void srv_ok_true(srv_ctx *c);

/** Answer `status` with the error envelope around a printf-style message. */
void srv_fail(srv_ctx *c, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** HTTP status for a qedge error code. */
int srv_http_status(int code);

/**
 * Answer with a qedge error: its status per srv_http_status and Qdrant's
 * message prefix ("Wrong input: ", "Not found: ", "Bad request: ", ...)
 * followed by "path: message".
 */
void srv_fail_qe(srv_ctx *c, const qe_error *err);

/** Answer 404 for a collection that does not exist, in Qdrant's words. */
void srv_fail_no_collection(srv_ctx *c, const char *name);

/** Answer a plain-text body (for /healthz and friends). */
void srv_text(srv_ctx *c, int status, const char *text);

/** Answer a JSON document as it is (no envelope); `v` is taken. */
void srv_raw_json(srv_ctx *c, int status, qe_json *v);

#endif
