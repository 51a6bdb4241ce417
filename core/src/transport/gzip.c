/*
 * gzip.c — compress request bodies (zlib, gzip wrapper).
 */
#include <zlib.h>

#include "transport/transport_internal.h"

int qe_gzip(const void *data, size_t len, qe_buf *out, qe_error *err) {
  z_stream zs = {0};
  /* 15 window bits + 16: write a gzip header and trailer. */
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return qe_error_set(err, QE_ENOMEM, NULL, "gzip: cannot initialise zlib");
  size_t bound = deflateBound(&zs, (uLong)len);
  if (qe_buf_reserve(out, bound)) {
    deflateEnd(&zs);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  zs.next_in = (Bytef *)(uintptr_t)data;
  zs.avail_in = (uInt)len;
  zs.next_out = (Bytef *)out->data + out->len;
  zs.avail_out = (uInt)bound;
  int zrc = deflate(&zs, Z_FINISH);
  size_t produced = bound - zs.avail_out;
  deflateEnd(&zs);
  if (zrc != Z_STREAM_END) return qe_error_set(err, QE_EINTERNAL, NULL, "gzip: deflate failed");
  out->len += produced;
  out->data[out->len] = '\0';
  return 0;
}
