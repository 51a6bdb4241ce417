/* buf.c — growable byte buffers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "qedge/base.h"

int qe_buf_reserve(qe_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return QE_OK;
  if (extra > SIZE_MAX / 2 - b->len) return QE_ENOMEM;
  size_t need = b->len + extra + 1;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  char *p = qe_realloc(b->data, cap);
  if (!p) return QE_ENOMEM;
  b->data = p;
  b->cap = cap;
  return QE_OK;
}

int qe_buf_append(qe_buf *b, const void *data, size_t n) {
  if (qe_buf_reserve(b, n)) return QE_ENOMEM;
  if (n) memcpy(b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = '\0';
  return QE_OK;
}

int qe_buf_puts(qe_buf *b, const char *s) {
  return qe_buf_append(b, s, strlen(s));
}

int qe_buf_putc(qe_buf *b, char c) {
  if (b->len + 2 > b->cap && qe_buf_reserve(b, 1)) return QE_ENOMEM;
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
  return QE_OK;
}

int qe_buf_printf(qe_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return QE_EINVAL;
  if ((size_t)n < sizeof small) return qe_buf_append(b, small, (size_t)n);
  if (qe_buf_reserve(b, (size_t)n)) return QE_ENOMEM;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return QE_OK;
}

void qe_buf_reset(qe_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void qe_buf_free(qe_buf *b) {
  qe_free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *qe_buf_steal(qe_buf *b, size_t *len) {
  char *p = b->data;
  size_t n = b->len;
  if (!p) {
    p = qe_strndup("", 0);
    if (!p) return NULL;
    n = 0;
  }
  b->data = NULL;
  b->len = b->cap = 0;
  if (len) *len = n;
  return p;
}
