/*
 * transport_internal.h — what the transport's files share: the libcurl
 * backend and the gzip helper.
 */
#ifndef QEDGE_TRANSPORT_INTERNAL_H
#define QEDGE_TRANSPORT_INTERNAL_H

#include "qedge/transport.h"

/** The libcurl backend: one easy handle (kept alive between calls). */
typedef struct qe_curl qe_curl;

/** Create a backend; NULL with `err` set on failure. */
qe_curl *qe_curl_new(qe_error *err);

/** Free a backend and close its connections. NULL is a no-op. */
void qe_curl_free(qe_curl *c);

/** A qe_http_send_fn over a qe_curl passed as `user`. */
int qe_curl_send(void *user, const qe_http_prepared *req, qe_http_response *resp, qe_error *err);

/** Append the gzip (RFC 1952) form of `len` bytes to `out`. 0 or an error code. */
int qe_gzip(const void *data, size_t len, qe_buf *out, qe_error *err);

#endif
