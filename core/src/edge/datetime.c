/* datetime.c — Qdrant's date-time parsing, by emulating the chrono parsing
 * steps it relies on (see datetime.h for the accepted forms).
 *
 * A format is a string of items: Y m d H M S are numbers (chrono skips
 * leading whitespace before each; the year may carry a sign and then any
 * number of digits, otherwise at most 4, the others at most 2 digits),
 * 'f' an optional `.digits` fraction, 'z' an offset as `%#z` reads it,
 * ' ' any run of whitespace (possibly empty), and any other byte itself. */
#include <string.h>

#include "edge/datetime.h"
#include "edge/unicode.h"

typedef struct cursor {
  const char *s;
  size_t n, i;
} cursor;

typedef struct fields {
  int64_t year;
  int month, day, hour, minute, second; /* second: -1 when absent */
  int64_t nano;
  int offset; /* seconds east of UTC */
} fields;

static void skip_space(cursor *c) {
  c->i += qe_unicode_space_prefix(c->s + c->i, c->n - c->i);
}

static bool is_digit(char ch) {
  return ch >= '0' && ch <= '9';
}

/* chrono's scan::number: min..max digits, i64 overflow is an error. */
static bool read_number(cursor *c, size_t min, size_t max, int64_t *out) {
  int64_t v = 0;
  size_t k = 0;
  while (k < max && c->i < c->n && is_digit(c->s[c->i])) {
    int d = c->s[c->i] - '0';
    if (v > (INT64_MAX - d) / 10) return false;
    v = v * 10 + d;
    c->i++;
    k++;
  }
  if (k < min) return false;
  *out = v;
  return true;
}

static bool read_numeric(cursor *c, char item, fields *f) {
  int64_t v;
  skip_space(c);
  if (item == 'Y') {
    bool neg = false, sign = false;
    if (c->i < c->n && (c->s[c->i] == '-' || c->s[c->i] == '+')) {
      neg = c->s[c->i] == '-';
      sign = true;
      c->i++;
    }
    if (!read_number(c, 1, sign ? SIZE_MAX : 4, &v)) return false;
    if (neg) v = -v;
    if (v < INT32_MIN || v > INT32_MAX) return false;
    f->year = v;
    return true;
  }
  if (!read_number(c, 1, 2, &v)) return false;
  switch (item) {
  case 'm':
    f->month = (int)v;
    return v >= 1 && v <= 12;
  case 'd':
    f->day = (int)v;
    return v >= 1 && v <= 31;
  case 'H':
    f->hour = (int)v;
    return v <= 23;
  case 'M':
    f->minute = (int)v;
    return v <= 59;
  default: /* 'S' */
    f->second = (int)v;
    return v <= 60;
  }
}

/* chrono's optional fraction: '.' then 1..9 digits scaled to nanoseconds,
 * further digits skipped. */
static bool read_fraction(cursor *c, fields *f) {
  if (c->i >= c->n || c->s[c->i] != '.') return true;
  c->i++;
  size_t start = c->i;
  int64_t v;
  if (!read_number(c, 1, 9, &v)) return false;
  for (size_t k = c->i - start; k < 9; k++)
    v *= 10;
  while (c->i < c->n && is_digit(c->s[c->i]))
    c->i++;
  f->nano = v;
  return true;
}

/* chrono's colon_or_space: any run of ':' and whitespace. */
static void skip_colons(cursor *c) {
  for (;;) {
    if (c->i < c->n && c->s[c->i] == ':') {
      c->i++;
      continue;
    }
    size_t k = qe_unicode_space_prefix(c->s + c->i, c->n - c->i);
    if (!k) return;
    c->i += k;
  }
}

/* chrono's scan::timezone_offset with Z allowed and U+2212 as a minus. */
static bool read_offset(cursor *c, bool minutes_optional, fields *f) {
  const char *s = c->s;
  if (c->i < c->n && (s[c->i] == 'Z' || s[c->i] == 'z')) {
    c->i++;
    f->offset = 0;
    return true;
  }
  bool neg;
  if (c->i < c->n && s[c->i] == '+') {
    neg = false;
    c->i += 1;
  } else if (c->i < c->n && s[c->i] == '-') {
    neg = true;
    c->i += 1;
  } else if (c->n - c->i >= 3 && memcmp(s + c->i, "\xE2\x88\x92", 3) == 0) {
    neg = true;
    c->i += 3;
  } else {
    return false;
  }
  if (c->n - c->i < 2 || !is_digit(s[c->i]) || !is_digit(s[c->i + 1])) return false;
  int hours = (s[c->i] - '0') * 10 + (s[c->i + 1] - '0');
  c->i += 2;
  skip_colons(c);
  int minutes = 0;
  size_t left = c->n - c->i;
  if (left >= 2) {
    char m1 = s[c->i], m2 = s[c->i + 1];
    if (m1 < '0' || m1 > '5' || !is_digit(m2)) return false;
    minutes = (m1 - '0') * 10 + (m2 - '0');
    c->i += 2;
  } else if (left == 1 || !minutes_optional) {
    return false;
  }
  int off = hours * 3600 + minutes * 60;
  if (off >= 86400) return false; /* FixedOffset range */
  f->offset = neg ? -off : off;
  return true;
}

static bool run_items(cursor *c, const char *items, fields *f) {
  for (const char *p = items; *p; p++) {
    switch (*p) {
    case 'Y':
    case 'm':
    case 'd':
    case 'H':
    case 'M':
    case 'S':
      if (!read_numeric(c, *p, f)) return false;
      break;
    case 'f':
      if (!read_fraction(c, f)) return false;
      break;
    case 'z':
      skip_space(c);
      if (!read_offset(c, true, f)) return false;
      break;
    case ' ':
      skip_space(c);
      break;
    default:
      if (c->i >= c->n || c->s[c->i] != *p) return false;
      c->i++;
    }
  }
  return true;
}

static void fields_init(fields *f) {
  memset(f, 0, sizeof *f);
  f->second = -1;
}

/* chrono's `DateTime<FixedOffset>::from_str` (parse_rfc3339_relaxed). It
 * accepts everything `parse_from_rfc3339` does, so that one is not tried
 * separately. */
static bool parse_relaxed(const char *s, size_t n, fields *f) {
  cursor c = {s, n, 0};
  fields_init(f);
  if (!run_items(&c, "Y -m -d", f)) return false;
  if (c.i >= n || (s[c.i] != 'T' && s[c.i] != 't' && s[c.i] != ' ')) return false;
  c.i++;
  if (!run_items(&c, "H :M :Sf ", f)) return false;
  skip_space(&c);
  if (n - c.i >= 3 && (s[c.i] | 32) == 'u' && (s[c.i + 1] | 32) == 't' &&
      (s[c.i + 2] | 32) == 'c') {
    c.i += 3;
    f->offset = 0;
  } else if (!read_offset(&c, false, f)) {
    return false;
  }
  skip_space(&c);
  return c.i == n;
}

static bool parse_format(const char *s, size_t n, const char *items, fields *f) {
  cursor c = {s, n, 0};
  fields_init(f);
  return run_items(&c, items, f) && c.i == n;
}

static bool leap_year(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* chrono's Parsed -> DateTime checks: a real calendar date inside chrono's
 * year range, a leap second as 59 s plus one more second of fraction. */
static bool fields_to_datetime(const fields *f, qe_datetime *out) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (f->year < -262143 || f->year > 262142) return false;
  int dim = mdays[f->month - 1] + (f->month == 2 && leap_year(f->year));
  if (f->day > dim) return false;
  int sec = f->second < 0 ? 0 : f->second;
  int64_t nano = f->nano;
  if (sec == 60) {
    sec = 59;
    nano += 1000000000;
  }
  out->secs = days_from_civil(f->year, f->month, f->day) * 86400 + f->hour * 3600 + f->minute * 60 +
              sec - f->offset;
  out->micros = (int32_t)(nano / 1000);
  return true;
}

bool qe_datetime_parse(const char *s, size_t len, qe_datetime *out) {
  static const char *const formats[] = {
      "Y-m-dTH:M:Sfz", "Y-m-d H:M:Sfz", /* with offsets, `%#z` */
      "Y-m-dTH:M:Sf",  "Y-m-d H:M:Sf",  /* naive */
      "Y-m-dTH:M",     "Y-m-d H:M",     "Y-m-d",
  };
  fields f;
  qe_datetime dt;
  if (!s) return false;
  bool ok = parse_relaxed(s, len, &f) && fields_to_datetime(&f, &dt);
  for (size_t i = 0; !ok && i < sizeof formats / sizeof formats[0]; i++) {
    if (!parse_format(s, len, formats[i], &f)) continue;
    if (i == 6) f.hour = f.minute = 0;
    ok = fields_to_datetime(&f, &dt);
  }
  if (ok && out) *out = dt;
  return ok;
}

int qe_datetime_cmp(const qe_datetime *a, const qe_datetime *b) {
  if (a->secs != b->secs) return a->secs < b->secs ? -1 : 1;
  return (a->micros > b->micros) - (a->micros < b->micros);
}

int64_t qe_datetime_micros(const qe_datetime *dt) {
  return dt->secs * 1000000 + dt->micros;
}

bool qe_parse_datetime(const char *s, size_t len, int64_t *micros) {
  qe_datetime dt;
  if (!qe_datetime_parse(s, len, &dt)) return false;
  if (micros) *micros = qe_datetime_micros(&dt);
  return true;
}
