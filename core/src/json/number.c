/* number.c — locale-independent number text: shortest round-trip output for
 * float32 and double, and parsing of JSON number text into int/uint/double. */
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void) {
  c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

double qe_strtod(const char *s, char **end) {
  pthread_once(&c_locale_once, c_locale_init);
  return c_locale ? strtod_l(s, end, c_locale) : strtod(s, end);
}

float qe_strtof(const char *s, char **end) {
  pthread_once(&c_locale_once, c_locale_init);
  return c_locale ? strtof_l(s, end, c_locale) : strtof(s, end);
}

/* snprintf("%.*g") is locale-dependent only in its decimal point. */
static size_t fmt_g(char *buf, int prec, double d) {
  int n = snprintf(buf, 32, "%.*g", prec, d);
  for (int i = 0; i < n; i++)
    if (buf[i] == ',') buf[i] = '.';
  return (size_t)n;
}

/* Give integral-looking output a ".0" so it reads back as a float. */
static size_t ensure_fraction(char *buf, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (buf[i] == '.' || buf[i] == 'e' || buf[i] == 'n' || buf[i] == 'i') return n;
  buf[n++] = '.';
  buf[n++] = '0';
  buf[n] = '\0';
  return n;
}

/*
 * Shortest digits: %g drops trailing zeros, and when a value reads back from
 * k significant digits, rounding it to any p >= k (p below the type's
 * guaranteed precision) yields those k digits padded with zeros. So the first
 * precision, counting up from the guaranteed one, that reads back exactly is
 * the shortest form.
 */
size_t qe_format_f32(float f, char *buf) {
  if (!isfinite(f)) {
    memcpy(buf, "null", 5);
    return 4;
  }
  size_t n = 0;
  /* subnormals carry fewer digits than the guaranteed six */
  int first = fabsf(f) < FLT_MIN ? 1 : 6;
  for (int prec = first; prec <= 9; prec++) {
    n = fmt_g(buf, prec, (double)f);
    if (qe_strtof(buf, NULL) == f) break;
  }
  return ensure_fraction(buf, n);
}

size_t qe_format_f64(double d, char *buf) {
  if (!isfinite(d)) {
    memcpy(buf, "null", 5);
    return 4;
  }
  size_t n = 0;
  int first = fabs(d) < DBL_MIN ? 1 : 15;
  for (int prec = first; prec <= 17; prec++) {
    n = fmt_g(buf, prec, d);
    if (qe_strtod(buf, NULL) == d) break;
  }
  return ensure_fraction(buf, n);
}

qe_json *qe_json_number_from_text(const char *s, size_t len) {
  char tmp[64];
  char *heap = NULL;
  char *text = tmp;
  if (len >= sizeof tmp) {
    heap = qe_strndup(s, len);
    if (!heap) return NULL;
    text = heap;
  } else {
    memcpy(tmp, s, len);
    tmp[len] = '\0';
  }
  bool is_int = true;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '.' || text[i] == 'e' || text[i] == 'E') is_int = false;
  qe_json *v = NULL;
  if (is_int) {
    errno = 0;
    char *end;
    if (text[0] == '-') {
      long long x = strtoll(text, &end, 10);
      if (errno == 0 && *end == '\0') v = qe_json_new_int((int64_t)x);
    } else {
      unsigned long long x = strtoull(text, &end, 10);
      if (errno == 0 && *end == '\0') v = qe_json_new_uint((uint64_t)x);
    }
    if (v) goto done;
  }
  v = qe_json_new_double(qe_strtod(text, NULL));
done:
  qe_free(heap);
  return v;
}
