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
 * Shortest digits. Write x with p significant digits ("%.{p-1}e", correctly
 * rounded by the C library) for p counting up from the type's guaranteed
 * precision (when a shorter form exists it is that rounding, padded with
 * zeros, which %g would trim). If the rounding does not read back, the only
 * other p-digit decimal that can is its neighbour on the far side of x: the
 * interval of decimals that read back as x is narrower below a power of two
 * than above, so the nearest p-digit decimal may fall just outside it while
 * the next one is inside.
 */
typedef bool (*reads_back_fn)(const char *s, double x);

static bool reads_back_f32(const char *s, double x) {
  return qe_strtof(s, NULL) == (float)x;
}

static bool reads_back_f64(const char *s, double x) {
  return qe_strtod(s, NULL) == x;
}

/* Add `dir` (+1 or -1) to the last mantissa digit of "d.ddde[+-]xx" in
 * place; false when the result would change the digit count or exponent. */
static bool step_last_digit(char *buf, int dir) {
  char *e = strchr(buf, 'e');
  if (!e) return false;
  char *p = e - 1;
  for (;; p--) {
    if (*p == '.') continue;
    if (*p < '0' || *p > '9') return false;
    if (dir > 0) {
      if (*p < '9') {
        (*p)++;
        return true;
      }
      *p = '0';
    } else {
      if (*p > '0') {
        (*p)--;
        /* a leading zero would change the exponent */
        return !(p == buf || (p == buf + 1 && buf[0] == '-')) || *p != '0';
      }
      *p = '9';
    }
    if (p == buf || (p == buf + 1 && buf[0] == '-')) return false;
  }
}

/* Turn "d.ddde+XX" into the compact form %g would print for p digits. */
static size_t compact(char *buf, int prec) {
  double v = qe_strtod(buf, NULL);
  int n = snprintf(buf, 40, "%.*g", prec, v);
  for (int i = 0; i < n; i++)
    if (buf[i] == ',') buf[i] = '.';
  return (size_t)n;
}

static size_t shortest_in(double x, int first, int last, reads_back_fn ok, char *buf) {
  for (int prec = first; prec <= last; prec++) {
    snprintf(buf, 40, "%.*e", prec - 1, x);
    for (char *c = buf; *c; c++)
      if (*c == ',') *c = '.';
    if (ok(buf, x)) return compact(buf, prec);
    double back = qe_strtod(buf, NULL);
    char alt[40];
    memcpy(alt, buf, 40);
    if (step_last_digit(alt, fabs(back) > fabs(x) ? -1 : 1) && ok(alt, x)) {
      /* print the neighbour's digits as %g would (its value reads back as x,
       * so formatting the value again would give the rounding): trim
       * trailing zeros, then choose plain or exponent form */
      memcpy(buf, alt, 40);
      size_t n;
      char *e = strchr(buf, 'e');
      char *m = e - 1;
      while (m > buf && *m == '0')
        m--;
      if (*m == '.') m--;
      int exp = atoi(e + 1);
      char mant[40];
      size_t ml = 0;
      for (char *c = buf; c <= m; c++)
        mant[ml++] = *c;
      mant[ml] = '\0';
      if (exp >= -5 && exp < prec) {
        /* %g would print this without an exponent: do the same */
        char digits[40];
        size_t nd = 0;
        bool neg = mant[0] == '-';
        for (size_t i = neg; i < ml; i++)
          if (mant[i] != '.') digits[nd++] = mant[i];
        digits[nd] = '\0';
        char out[64];
        size_t o = 0;
        if (neg) out[o++] = '-';
        if (exp < 0) {
          out[o++] = '0';
          out[o++] = '.';
          for (int z = 0; z < -exp - 1; z++)
            out[o++] = '0';
          for (size_t i = 0; i < nd; i++)
            out[o++] = digits[i];
        } else {
          for (size_t i = 0; i < nd || (int)i <= exp; i++) {
            if ((int)i == exp + 1) out[o++] = '.';
            out[o++] = i < nd ? digits[i] : '0';
          }
        }
        out[o] = '\0';
        memcpy(buf, out, o + 1);
        return o;
      }
      n = (size_t)snprintf(buf, 40, "%se%s%02d", mant, exp < 0 ? "-" : "+", exp < 0 ? -exp : exp);
      return n;
    }
  }
  return compact(buf, last);
}

/* Work in a scratch buffer wide enough for every intermediate form, then
 * copy the result (at most 25 bytes with its terminator) to the caller's. */
static size_t shortest(double x, int first, int last, reads_back_fn ok, char *buf) {
  char tmp[64];
  size_t n = shortest_in(x, first, last, ok, tmp);
  memcpy(buf, tmp, n + 1);
  return n;
}

size_t qe_format_f32(float f, char *buf) {
  if (!isfinite(f)) {
    memcpy(buf, "null", 5);
    return 4;
  }
  /* subnormals carry fewer digits than the guaranteed six */
  size_t n = shortest((double)f, fabsf(f) < FLT_MIN ? 1 : 6, 9, reads_back_f32, buf);
  return ensure_fraction(buf, n);
}

size_t qe_format_f64(double d, char *buf) {
  if (!isfinite(d)) {
    memcpy(buf, "null", 5);
    return 4;
  }
  size_t n = shortest(d, fabs(d) < DBL_MIN ? 1 : 15, 17, reads_back_f64, buf);
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
