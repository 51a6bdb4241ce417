/* error.c — the qe_error out-parameter and code names. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "qedge/error.h"

void qe_error_clear(qe_error *err) {
  if (!err) return;
  err->code = QE_OK;
  err->path[0] = '\0';
  err->message[0] = '\0';
}

int qe_error_set(qe_error *err, int code, const char *path, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  if (path) {
    snprintf(err->path, sizeof err->path, "%s", path);
  } else {
    err->path[0] = '\0';
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

static const char *const code_names[] = {"OK",         "EINVAL", "EPARSE",       "ELIMIT",
                                         "ENOMEM",     "EIO",    "ENOTFOUND",    "EEXIST",
                                         "ECORRUPT",   "EBUSY",  "EUNSUPPORTED", "ESTATE",
                                         "ETRANSPORT", "EHTTP",  "ETIMEOUT",     "EINTERNAL"};

const char *qe_code_name(int code) {
  if (code < 0 || (size_t)code >= sizeof code_names / sizeof code_names[0]) return "EUNKNOWN";
  return code_names[code];
}

char *qe_error_format(const qe_error *err, char *buf, size_t n) {
  if (!buf || n == 0) return buf;
  if (!err) {
    buf[0] = '\0';
  } else if (err->path[0]) {
    snprintf(buf, n, "%s: %s", err->path, err->message);
  } else {
    snprintf(buf, n, "%s", err->message);
  }
  return buf;
}
