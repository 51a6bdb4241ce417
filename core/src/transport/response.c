/*
 * response.c — reading responses: header lookup, Retry-After, freeing.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "qedge/transport.h"

static const char *const method_names[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

const char *qe_http_method_name(qe_http_method m) {
  return (unsigned)m < sizeof method_names / sizeof *method_names ? method_names[m] : "GET";
}

void qe_http_response_free(qe_http_response *r) {
  if (r == NULL) return;
  qe_buf_free(&r->headers);
  qe_buf_free(&r->body);
  memset(r, 0, sizeof *r);
}

bool qe_http_response_header(const qe_http_response *r, const char *name, char *out, size_t n) {
  if (n > 0) out[0] = '\0';
  if (r == NULL || r->headers.data == NULL) return false;
  size_t nlen = strlen(name);
  const char *p = r->headers.data, *end = p + r->headers.len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = eol ? eol : end;
    if ((size_t)(line_end - p) > nlen && p[nlen] == ':' && strncasecmp(p, name, nlen) == 0) {
      const char *v = p + nlen + 1, *ve = line_end;
      while (v < ve && isspace((unsigned char)*v))
        v++;
      while (ve > v && isspace((unsigned char)ve[-1]))
        ve--;
      if (n > 0) {
        size_t len = (size_t)(ve - v) < n - 1 ? (size_t)(ve - v) : n - 1;
        memcpy(out, v, len);
        out[len] = '\0';
      }
      return true;
    }
    p = eol ? eol + 1 : end;
  }
  return false;
}

bool qe_retry_after_parse(const char *value, double *seconds) {
  if (value == NULL) return false;
  while (isspace((unsigned char)*value))
    value++;
  if (isdigit((unsigned char)*value)) {
    char *end;
    double v = strtod(value, &end);
    while (isspace((unsigned char)*end))
      end++;
    if (*end != '\0' || v < 0) return false;
    *seconds = v;
    return true;
  }
  /* HTTP-date, IMF-fixdate form: "Sun, 06 Nov 1994 08:49:37 GMT". */
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  const char *end = strptime(value, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == NULL || *end != '\0') return false;
  double delta = difftime(timegm(&tm), time(NULL));
  *seconds = delta > 0 ? delta : 0;
  return true;
}
