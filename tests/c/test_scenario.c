/* test_scenario.c — the acceptance scenario of the edge shard through the
 * public C API, self-contained with a seeded generator.
 *
 * Create a shard with two named vectors (img: 16-d Cosine, txt: 8-d Euclid),
 * upsert QEDGE_SCENARIO_POINTS points (default 10000) with payloads of every
 * kind (keyword, int, float, bool, array, nested object, array of objects,
 * null, geo, datetime), apply every update variant while keeping a model of
 * the expected state, then check query (filters, score_threshold, offset,
 * limit, with_payload include/exclude, with_vector), scroll (id pages and
 * order_by), count, facet, retrieve and info against a brute-force oracle
 * over the model. Close, reopen and require the same answers; then a forked
 * child writes, flushes, writes more and exits without closing, and the
 * reopened shard (flushed segment + replayed log) must answer as the model.
 *
 * Ties: equal scores come in ascending id order (Qdrant's cross-shard merge
 * order, which the engine uses), also where the limit or the offset cuts a
 * group of tied points. Scores closer than 1e-4 (relative) but not equal may
 * come in either order. Points sharing an order_by value come in an order
 * Qdrant does not define, so those runs are compared as sets (see
 * check_order_by). */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "qedge/edge.h"
#include "qedge/json.h"

#define TOL   1e-4
#define EARTH 6371008.8
#define T0    1600000000LL

/* ------------------------------------------------------------ helpers */

static void must(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "setup failed: %s\n", what);
    abort();
  }
}

static qe_json *J(const char *text) {
  qe_json *v = NULL;
  qe_error e = {0};
  if (qe_json_parse(text, strlen(text), NULL, &v, &e)) {
    fprintf(stderr, "bad test JSON (%s): %s\n", e.message, text);
    abort();
  }
  return v;
}

static void put(qe_json *o, const char *k, qe_json *v) {
  must(v && qe_json_object_set(o, k, v) == 0, "object set");
}

static void push(qe_json *a, qe_json *v) {
  must(v && qe_json_array_push(a, v) == 0, "array push");
}

static char *text_of(const qe_json *v) {
  return qe_json_to_string(v, 0, NULL);
}

/* splitmix64 */
static uint64_t rng_state;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static double rnd01(void) {
  return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}
static int rndi(int lo, int hi) {
  return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

/* ------------------------------------------------------------ ids */

typedef struct sid {
  bool uuid;
  uint64_t num;
  char u[37];
} sid;

static int sid_cmp(const sid *a, const sid *b) {
  if (a->uuid != b->uuid) return a->uuid ? 1 : -1;
  if (!a->uuid) return a->num < b->num ? -1 : a->num > b->num;
  return strcmp(a->u, b->u);
}

static qe_json *sid_json(const sid *x) {
  return x->uuid ? qe_json_new_cstr(x->u) : qe_json_new_uint(x->num);
}

static bool sid_from_json(const qe_json *v, sid *out) {
  memset(out, 0, sizeof *out);
  if (qe_json_get_u64(v, &out->num)) return true;
  size_t len;
  const char *s = qe_json_get_string(v, &len);
  if (!s || len != 36) return false;
  out->uuid = true;
  for (size_t i = 0; i < 36; i++)
    out->u[i] = (char)tolower((unsigned char)s[i]);
  return true;
}

static sid sid_num(uint64_t n) {
  sid x;
  memset(&x, 0, sizeof x);
  x.num = n;
  return x;
}

static sid sid_uuid(void) {
  unsigned char b[16];
  for (int i = 0; i < 16; i++)
    b[i] = (unsigned char)rnd();
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  sid x;
  memset(&x, 0, sizeof x);
  x.uuid = true;
  snprintf(x.u, sizeof x.u, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
           b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
           b[14], b[15]);
  return x;
}

static void sid_text(const sid *x, char *buf, size_t n) {
  if (x->uuid)
    snprintf(buf, n, "\"%s\"", x->u);
  else
    snprintf(buf, n, "%llu", (unsigned long long)x->num);
}

/* ------------------------------------------------------------ vectors */

enum { IMG = 0, TXT = 1, EXTRA = 2, NV = 3 };
enum { COS, EUC, MAN };
static const char *VN[NV] = {"img", "txt", "extra"};
static const int VD[NV] = {16, 8, 4};
static const int VDIST[NV] = {COS, EUC, MAN};

static void rand_vec(int vn, float *out) {
  for (int i = 0; i < VD[vn]; i++)
    out[i] = (float)(round((rnd01() * 2 - 1) * 10000) / 10000);
}

/* The vector as the engine stores it: Cosine ones normalised. */
static void stored(int vn, const float *in, float *out) {
  double s = 0;
  for (int i = 0; i < VD[vn]; i++)
    s += (double)in[i] * in[i];
  bool keep = VDIST[vn] != COS || s < 1.1920929e-07 || fabs(s - 1.0) <= 1e-6;
  float norm = (float)sqrt(s);
  for (int i = 0; i < VD[vn]; i++)
    out[i] = keep ? in[i] : in[i] / norm;
}

/* ------------------------------------------------------------ datetimes */

static int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil(int64_t days, int *y, int *m, int *d) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Epoch seconds `t` as text in one of four accepted formats. */
static void fmt_dt(char *buf, size_t n, int64_t t, int form) {
  if (form == 1) t += 7200;
  int y, m, d;
  civil(t / 86400, &y, &m, &d);
  int s = (int)(t % 86400);
  int hh = s / 3600, mm = s / 60 % 60, ss = s % 60;
  if (form == 0)
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
  else if (form == 1)
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.000000+02:00", y, m, d, hh, mm, ss);
  else if (form == 2)
    snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mm, ss);
  else
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

/* Microseconds since the epoch of the formats fmt_dt writes. */
static bool parse_dt(const char *s, int64_t *us) {
  int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
  if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return false;
  const char *p = s + 10;
  if (*p) {
    if (*p != 'T' && *p != ' ') return false;
    if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &se, &n) != 3 || n != 8) return false;
    p += 9;
  }
  int64_t frac = 0;
  if (*p == '.') {
    int digits = 0;
    for (p++; isdigit((unsigned char)*p); p++)
      if (digits < 6) frac = frac * 10 + (*p - '0'), digits++;
    for (; digits < 6; digits++)
      frac *= 10;
  }
  int64_t off = 0;
  if (*p == 'Z') {
    p++;
  } else if (*p == '+' || *p == '-') {
    int oh, om;
    if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5) return false;
    off = (oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
    p += 6;
  }
  if (*p) return false;
  *us = ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) - off) * 1000000 + frac;
  return true;
}

/* ------------------------------------------------------------ data */

static const char *COLORS[] = {"red", "green", "blue", "black", "white"};
static const char *WORDS[] = {"alpha", "beta", "gamma", "delta", "eps", "zeta"};
static const char *KINDS[] = {"bolt", "nut", "gear", "cog"};

static qe_json *rand_payload(void) {
  qe_json *p = qe_json_new_object();
  if (rnd01() < 0.9) put(p, "color", qe_json_new_cstr(COLORS[rndi(0, 4)]));
  double r = rnd01();
  if (r < 0.85)
    put(p, "n", qe_json_new_int(rndi(0, 99)));
  else if (r < 0.93)
    put(p, "n", qe_json_new_null());
  put(p, "price", qe_json_new_double(rndi(0, 99999) / 100.0 + 0.005));
  put(p, "flag", qe_json_new_bool(rnd01() < 0.4));
  r = rnd01();
  if (r < 0.9) {
    qe_json *tags = qe_json_new_array();
    int k = r < 0.8 ? rndi(1, 3) : 0, first = rndi(0, 5);
    for (int i = 0; i < k; i++)
      push(tags, qe_json_new_cstr(WORDS[(first + i * 2) % 6]));
    put(p, "tags", tags);
  }
  if (rnd01() < 0.8) {
    qe_json *meta = qe_json_new_object(), *sub = qe_json_new_object();
    put(meta, "level", qe_json_new_int(rndi(0, 5)));
    put(sub, "x", qe_json_new_cstr(WORDS[rndi(0, 5)]));
    put(meta, "sub", sub);
    put(meta, "ok", qe_json_new_bool(rnd01() < 0.5));
    put(p, "meta", meta);
  }
  if (rnd01() < 0.7) {
    qe_json *items = qe_json_new_array();
    for (int i = rndi(0, 3); i > 0; i--) {
      qe_json *it = qe_json_new_object();
      put(it, "kind", qe_json_new_cstr(KINDS[rndi(0, 3)]));
      put(it, "qty", qe_json_new_int(rndi(0, 9)));
      push(items, it);
    }
    put(p, "items", items);
  }
  put(p, "note", rnd01() < 0.3 ? qe_json_new_null() : qe_json_new_cstr(WORDS[rndi(0, 5)]));
  if (rnd01() < 0.85) {
    qe_json *loc = qe_json_new_object();
    put(loc, "lon", qe_json_new_double(round((10 + 4 * rnd01()) * 1e5) / 1e5 + 1e-6));
    put(loc, "lat", qe_json_new_double(round((45 + 3 * rnd01()) * 1e5) / 1e5 + 1e-6));
    put(p, "loc", loc);
  }
  if (rnd01() < 0.85) {
    char buf[64];
    int64_t t = T0 + rndi(0, 86400 * 365);
    fmt_dt(buf, sizeof buf, t, rndi(0, 3));
    put(p, "ts", qe_json_new_cstr(buf));
  }
  if (rnd01() < 0.6) {
    /* distinct values: a repeated value is listed once by Qdrant's order_by
     * and once per element by the engine (pinned in test_edge_congruence.py) */
    qe_json *nums = qe_json_new_array();
    int k = rndi(0, 4), got[4];
    for (int i = 0; i < k; i++) {
      bool again;
      do {
        got[i] = rndi(0, 50);
        again = false;
        for (int j = 0; j < i; j++)
          again = again || got[j] == got[i];
      } while (again);
      push(nums, qe_json_new_int(got[i]));
    }
    put(p, "nums", nums);
  }
  return p;
}

/* ------------------------------------------------------------ the model */

typedef struct mpt {
  sid id;
  bool live;
  bool has[NV];
  float v[NV][16];
  qe_json *pay; /* an object while live */
} mpt;

static mpt *M;
static size_t MN, MCAP;
static int32_t *HT;
static size_t HTCAP;
static char *indexes[16];
static size_t nindexes;

static uint64_t sid_hash(const sid *x) {
  uint64_t h = 1469598103934665603ULL;
  if (!x->uuid) return (x->num + 1) * 0x9e3779b97f4a7c15ULL;
  for (const char *c = x->u; *c; c++)
    h = (h ^ (unsigned char)*c) * 1099511628211ULL;
  return h;
}

static mpt *slot_of(const sid *id, bool create) {
  size_t i = (size_t)(sid_hash(id) & (HTCAP - 1));
  for (; HT[i] >= 0; i = (i + 1) & (HTCAP - 1))
    if (sid_cmp(&M[HT[i]].id, id) == 0) return &M[HT[i]];
  if (!create) return NULL;
  must(MN < MCAP, "model capacity");
  HT[i] = (int32_t)MN;
  memset(&M[MN], 0, sizeof M[MN]);
  M[MN].id = *id;
  return &M[MN++];
}

static mpt *live(const sid *id) {
  mpt *m = slot_of(id, false);
  return m && m->live ? m : NULL;
}

static int cmp_slot(const void *a, const void *b) {
  return sid_cmp(&M[*(const size_t *)a].id, &M[*(const size_t *)b].id);
}

/* Live slots in id order (caller frees). */
static size_t *live_sorted(size_t *n) {
  size_t *out = malloc((MN + 1) * sizeof *out), k = 0;
  must(out != NULL, "malloc");
  for (size_t i = 0; i < MN; i++)
    if (M[i].live) out[k++] = i;
  qsort(out, k, sizeof *out, cmp_slot);
  *n = k;
  return out;
}

/* k distinct live slots, drawn from rng (caller frees). */
static size_t *sample(size_t k, size_t *got) {
  size_t n;
  size_t *all = live_sorted(&n);
  if (k > n) k = n;
  for (size_t i = 0; i < k; i++) {
    size_t j = i + (size_t)(rnd() % (n - i));
    size_t t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  *got = k;
  return all;
}

/* ------------------------------------------------------------ oracle: filters */

typedef struct vlist {
  const qe_json *v[64];
  size_t n;
} vlist;

/* Values at a key path ("a.b", "a[].b", "a[]"); `a.b` does not enter arrays. */
static void values_at(const qe_json *payload, const char *path, vlist *out) {
  vlist a, b;
  vlist *cur = &a, *nxt = &b;
  a.n = 1;
  a.v[0] = payload;
  while (*path) {
    const char *end = strchr(path, '.');
    size_t len = end ? (size_t)(end - path) : strlen(path);
    bool arr = len > 2 && path[len - 2] == '[' && path[len - 1] == ']';
    size_t klen = arr ? len - 2 : len;
    nxt->n = 0;
    for (size_t i = 0; i < cur->n; i++) {
      const qe_json *x = qe_json_object_getn(cur->v[i], path, klen);
      if (!x) continue;
      if (!arr) {
        if (nxt->n < 64) nxt->v[nxt->n++] = x;
      } else if (qe_json_kind_of(x) == QE_JSON_ARRAY) {
        for (size_t j = 0; j < qe_json_array_len(x) && nxt->n < 64; j++)
          nxt->v[nxt->n++] = qe_json_array_at(x, j);
      }
    }
    vlist *t = cur;
    cur = nxt;
    nxt = t;
    path += len + (end ? 1 : 0);
  }
  *out = *cur;
}

/* The values with arrays opened one level. */
static void flatten(const vlist *in, vlist *out) {
  out->n = 0;
  for (size_t i = 0; i < in->n; i++) {
    const qe_json *v = in->v[i];
    if (qe_json_kind_of(v) == QE_JSON_ARRAY) {
      for (size_t j = 0; j < qe_json_array_len(v) && out->n < 64; j++)
        out->v[out->n++] = qe_json_array_at(v, j);
    } else if (out->n < 64) {
      out->v[out->n++] = v;
    }
  }
}

static bool same_value(const qe_json *v, const qe_json *x) {
  qe_json_kind kv = qe_json_kind_of(v), kx = qe_json_kind_of(x);
  if (kx == QE_JSON_STRING) return kv == QE_JSON_STRING && qe_json_equal(v, x);
  if (kx == QE_JSON_BOOL) return kv == QE_JSON_BOOL && qe_json_get_bool(v) == qe_json_get_bool(x);
  int64_t a, b;
  return (kv == QE_JSON_INT || kv == QE_JSON_UINT) && qe_json_get_i64(v, &a) &&
         qe_json_get_i64(x, &b) && a == b;
}

static bool any_same(const qe_json *v, const qe_json *list) {
  for (size_t i = 0; i < qe_json_array_len(list); i++)
    if (same_value(v, qe_json_array_at(list, i))) return true;
  return false;
}

/* Bounds of a range; datetime strings as microseconds. */
static bool in_range(double x, const qe_json *r, bool datetime) {
  static const char *ops[] = {"lt", "gt", "lte", "gte"};
  for (int i = 0; i < 4; i++) {
    const qe_json *b = qe_json_object_get(r, ops[i]);
    if (!b || qe_json_kind_of(b) == QE_JSON_NULL) continue;
    double y;
    if (datetime) {
      int64_t us;
      must(parse_dt(qe_json_get_string(b, NULL), &us), "datetime bound");
      y = (double)us;
    } else {
      y = qe_json_get_double(b);
    }
    if ((i == 0 && !(x < y)) || (i == 1 && !(x > y)) || (i == 2 && !(x <= y)) ||
        (i == 3 && !(x >= y)))
      return false;
  }
  return true;
}

static bool is_datetime_range(const qe_json *r) {
  for (size_t i = 0; i < qe_json_object_len(r); i++)
    if (qe_json_kind_of(qe_json_object_value_at(r, i)) == QE_JSON_STRING) return true;
  return false;
}

static double haversine(double lon1, double lat1, double lon2, double lat2) {
  const double rad = 3.14159265358979323846 / 180.0;
  double s1 = sin((lat2 - lat1) * rad / 2), s2 = sin((lon2 - lon1) * rad / 2);
  double a = s1 * s1 + cos(lat1 * rad) * cos(lat2 * rad) * s2 * s2;
  return EARTH * 2 * asin(sqrt(a));
}

static bool field_ok(const qe_json *c, const qe_json *payload) {
  vlist vals, fl;
  values_at(payload, qe_json_get_string(qe_json_object_get(c, "key"), NULL), &vals);
  flatten(&vals, &fl);
  const qe_json *m = qe_json_object_get(c, "match"), *r = qe_json_object_get(c, "range");
  const qe_json *vc = qe_json_object_get(c, "values_count");
  const qe_json *geo = qe_json_object_get(c, "geo_radius");
  if (m) {
    const qe_json *x;
    if ((x = qe_json_object_get(m, "value"))) {
      for (size_t i = 0; i < fl.n; i++)
        if (same_value(fl.v[i], x)) return true;
    } else if ((x = qe_json_object_get(m, "any"))) {
      for (size_t i = 0; i < fl.n; i++)
        if (any_same(fl.v[i], x)) return true;
    } else {
      x = qe_json_object_get(m, "except");
      for (size_t i = 0; i < fl.n; i++)
        if (qe_json_kind_of(fl.v[i]) != QE_JSON_NULL && !any_same(fl.v[i], x)) return true;
    }
    return false;
  }
  if (r) {
    bool dtr = is_datetime_range(r);
    for (size_t i = 0; i < fl.n; i++) {
      if (dtr) {
        int64_t us;
        if (parse_dt(qe_json_get_string(fl.v[i], NULL), &us) && in_range((double)us, r, true))
          return true;
      } else if (qe_json_is_number(fl.v[i]) && in_range(qe_json_get_double(fl.v[i]), r, false)) {
        return true;
      }
    }
    return false;
  }
  if (vc) {
    size_t n = 0;
    for (size_t i = 0; i < vals.n; i++) {
      qe_json_kind k = qe_json_kind_of(vals.v[i]);
      n += k == QE_JSON_ARRAY ? qe_json_array_len(vals.v[i]) : k == QE_JSON_NULL ? 0 : 1;
    }
    return in_range((double)n, vc, false);
  }
  must(geo != NULL, "known field condition");
  const qe_json *center = qe_json_object_get(geo, "center");
  double radius = qe_json_get_double(qe_json_object_get(geo, "radius"));
  for (size_t i = 0; i < fl.n; i++) {
    if (qe_json_kind_of(fl.v[i]) != QE_JSON_OBJECT) continue;
    double d = haversine(qe_json_get_double(qe_json_object_get(center, "lon")),
                         qe_json_get_double(qe_json_object_get(center, "lat")),
                         qe_json_get_double(qe_json_object_get(fl.v[i], "lon")),
                         qe_json_get_double(qe_json_object_get(fl.v[i], "lat")));
    if (d < radius) return true;
  }
  return false;
}

static bool filter_ok(const qe_json *f, const sid *id, const qe_json *payload, bool nested);

static bool cond_ok(const qe_json *c, const sid *id, const qe_json *payload, bool nested) {
  const qe_json *x;
  vlist vals;
  if (qe_json_object_get(c, "key")) return field_ok(c, payload);
  if ((x = qe_json_object_get(c, "is_empty"))) {
    values_at(payload, qe_json_get_string(qe_json_object_get(x, "key"), NULL), &vals);
    for (size_t i = 0; i < vals.n; i++) {
      qe_json_kind k = qe_json_kind_of(vals.v[i]);
      if (k != QE_JSON_NULL && !(k == QE_JSON_ARRAY && qe_json_array_len(vals.v[i]) == 0))
        return false;
    }
    return true;
  }
  if ((x = qe_json_object_get(c, "is_null"))) {
    values_at(payload, qe_json_get_string(qe_json_object_get(x, "key"), NULL), &vals);
    for (size_t i = 0; i < vals.n; i++)
      if (qe_json_kind_of(vals.v[i]) == QE_JSON_NULL) return true;
    return false;
  }
  if ((x = qe_json_object_get(c, "has_id"))) {
    if (nested) return false;
    for (size_t i = 0; i < qe_json_array_len(x); i++) {
      sid y;
      if (sid_from_json(qe_json_array_at(x, i), &y) && sid_cmp(&y, id) == 0) return true;
    }
    return false;
  }
  if ((x = qe_json_object_get(c, "nested"))) {
    const qe_json *inner = qe_json_object_get(x, "filter");
    values_at(payload, qe_json_get_string(qe_json_object_get(x, "key"), NULL), &vals);
    for (size_t i = 0; i < vals.n; i++)
      for (size_t j = 0; j < qe_json_array_len(vals.v[i]); j++) {
        const qe_json *e = qe_json_array_at(vals.v[i], j);
        if (qe_json_kind_of(e) == QE_JSON_OBJECT && filter_ok(inner, id, e, true)) return true;
      }
    return false;
  }
  return filter_ok(c, id, payload, nested);
}

/* A clause as a list: one condition or an array of them. */
static size_t clause_len(const qe_json *cl) {
  return qe_json_kind_of(cl) == QE_JSON_ARRAY ? qe_json_array_len(cl) : 1;
}
static const qe_json *clause_at(const qe_json *cl, size_t i) {
  return qe_json_kind_of(cl) == QE_JSON_ARRAY ? qe_json_array_at(cl, i) : cl;
}

static bool filter_ok(const qe_json *f, const sid *id, const qe_json *payload, bool nested) {
  if (!f) return true;
  const qe_json *must_ = qe_json_object_get(f, "must"), *should = qe_json_object_get(f, "should");
  const qe_json *must_not = qe_json_object_get(f, "must_not");
  const qe_json *ms = qe_json_object_get(f, "min_should");
  for (size_t i = 0; must_ && i < clause_len(must_); i++)
    if (!cond_ok(clause_at(must_, i), id, payload, nested)) return false;
  if (should) {
    bool any = false;
    for (size_t i = 0; !any && i < clause_len(should); i++)
      any = cond_ok(clause_at(should, i), id, payload, nested);
    if (!any) return false;
  }
  for (size_t i = 0; must_not && i < clause_len(must_not); i++)
    if (cond_ok(clause_at(must_not, i), id, payload, nested)) return false;
  if (ms) {
    const qe_json *conds = qe_json_object_get(ms, "conditions");
    uint64_t need = 0, have = 0;
    qe_json_get_u64(qe_json_object_get(ms, "min_count"), &need);
    for (size_t i = 0; i < qe_json_array_len(conds); i++)
      have += cond_ok(qe_json_array_at(conds, i), id, payload, nested);
    if (have < need) return false;
  }
  return true;
}

static bool point_ok(const qe_json *f, const mpt *m) {
  return filter_ok(f, &m->id, m->pay, false);
}

/* Live slots matching `f`, in id order (caller frees). */
static size_t *select_slots(const qe_json *f, size_t *n) {
  size_t all;
  size_t *s = live_sorted(&all), k = 0;
  for (size_t i = 0; i < all; i++)
    if (point_ok(f, &M[s[i]])) s[k++] = s[i];
  *n = k;
  return s;
}

/* ------------------------------------------------------------ updates */

static qe_shard *g_shard; /* updates go here, or into g_log for the child */
static qe_json *g_false;  /* with_vector: false */
static qe_json *g_log;

static void run(qe_json *op) {
  if (g_log) {
    push(g_log, op);
    return;
  }
  qe_error e = {0};
  int rc = qe_shard_update(g_shard, op, NULL, &e);
  if (rc) {
    char *t = text_of(op);
    fprintf(stderr, "update failed: %s: %s (%.300s)\n", e.path, e.message, t);
    qe_free(t);
  }
  CHECK(rc == 0);
  qe_json_free(op);
}

typedef struct ppt {
  sid id;
  bool has[NV];
  float v[NV][16];
  qe_json *pay;
} ppt;

static qe_json *vectors_json(const bool *has, float (*v)[16]) {
  qe_json *o = qe_json_new_object();
  for (int k = 0; k < NV; k++)
    if (has[k]) put(o, VN[k], qe_json_new_f32(v[k], (size_t)VD[k]));
  return o;
}

static void model_upsert(ppt *pts, size_t n, const qe_json *cond, const char *mode) {
  for (size_t i = 0; i < n; i++) {
    mpt *m = live(&pts[i].id);
    if (m) {
      if (mode && strcmp(mode, "insert_only") == 0) continue;
      if (cond && !point_ok(cond, m)) continue;
    } else if (mode && strcmp(mode, "update_only") == 0) {
      continue;
    }
    m = slot_of(&pts[i].id, true);
    qe_json_free(m->pay);
    m->live = true;
    m->pay = pts[i].pay ? qe_json_clone(pts[i].pay) : qe_json_new_object();
    for (int k = 0; k < NV; k++) {
      m->has[k] = pts[i].has[k];
      if (m->has[k]) stored(k, pts[i].v[k], m->v[k]);
    }
  }
}

/* Upsert `pts` (consumed) on the shard and the model. */
static void upsert(ppt *pts, size_t n, const char *cond_text, const char *mode) {
  qe_json *op = qe_json_new_object(), *body = qe_json_new_object(), *arr = qe_json_new_array();
  for (size_t i = 0; i < n; i++) {
    qe_json *p = qe_json_new_object();
    put(p, "id", sid_json(&pts[i].id));
    put(p, "vector", vectors_json(pts[i].has, pts[i].v));
    if (pts[i].pay) put(p, "payload", qe_json_clone(pts[i].pay));
    push(arr, p);
  }
  put(body, "points", arr);
  qe_json *cond = cond_text ? J(cond_text) : NULL;
  if (cond) put(body, "condition", qe_json_clone(cond));
  if (mode) put(body, "update_mode", qe_json_new_cstr(mode));
  put(op, "upsert_points", body);
  model_upsert(pts, n, cond, mode);
  run(op);
  qe_json_free(cond);
  for (size_t i = 0; i < n; i++)
    qe_json_free(pts[i].pay);
}

static void rand_point(ppt *p, sid id, bool full) {
  memset(p, 0, sizeof *p);
  p->id = id;
  p->has[IMG] = true;
  rand_vec(IMG, p->v[IMG]);
  if (full || rnd01() < 0.5) {
    p->has[TXT] = true;
    rand_vec(TXT, p->v[TXT]);
  }
}

static qe_json *ids_json(const size_t *slots, size_t n) {
  qe_json *a = qe_json_new_array();
  for (size_t i = 0; i < n; i++)
    push(a, sid_json(&M[slots[i]].id));
  return a;
}

/* {"<kind>": {"point_ids": [...], <extra>}} or {"<kind>": {"filter": F, <extra>}} */
static qe_json *op_by(const char *kind, const size_t *slots, size_t n, const char *filter,
                      const char *extra_key, qe_json *extra, const char *extra_key2,
                      qe_json *extra2) {
  qe_json *op = qe_json_new_object(), *body = qe_json_new_object();
  if (filter)
    put(body, "filter", J(filter));
  else
    put(body, "point_ids", ids_json(slots, n));
  if (extra_key) put(body, extra_key, extra);
  if (extra_key2) put(body, extra_key2, extra2);
  put(op, kind, body);
  return op;
}

static void merge(qe_json *dest, const qe_json *patch) {
  for (size_t i = 0; i < qe_json_object_len(patch); i++) {
    size_t kl;
    const char *k = qe_json_object_key_at(patch, i, &kl);
    const qe_json *v = qe_json_object_value_at(patch, i);
    if (qe_json_kind_of(v) == QE_JSON_NULL)
      qe_json_free(qe_json_object_take(dest, k, kl));
    else
      must(qe_json_object_setn(dest, k, kl, qe_json_clone(v)) == 0, "merge");
  }
}

static void model_set_payload(const size_t *slots, size_t n, const qe_json *patch,
                              const char *key) {
  for (size_t i = 0; i < n; i++) {
    qe_json *dest = M[slots[i]].pay;
    for (const char *p = key; p && *p;) {
      const char *end = strchr(p, '.');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      qe_json *x = qe_json_object_getn(dest, p, len);
      if (qe_json_kind_of(x) != QE_JSON_OBJECT) {
        must(qe_json_object_setn(dest, p, len, qe_json_new_object()) == 0, "set");
        x = qe_json_object_getn(dest, p, len);
      }
      dest = x;
      p += len + (end ? 1 : 0);
    }
    merge(dest, patch);
  }
}

/* Remove a key path ("a", "a.b", "a[].b") from an object. */
static void remove_path(qe_json *cur, const char *path) {
  const char *end = strchr(path, '.');
  size_t len = end ? (size_t)(end - path) : strlen(path);
  if (qe_json_kind_of(cur) != QE_JSON_OBJECT) return;
  if (!end) {
    qe_json_free(qe_json_object_take(cur, path, len));
    return;
  }
  bool arr = len > 2 && path[len - 2] == '[';
  qe_json *x = qe_json_object_getn(cur, path, arr ? len - 2 : len);
  if (!arr) {
    remove_path(x, end + 1);
  } else if (qe_json_kind_of(x) == QE_JSON_ARRAY) {
    for (size_t i = 0; i < qe_json_array_len(x); i++)
      remove_path(qe_json_array_at(x, i), end + 1);
  }
}

/* Slots of live points matching filter text (caller frees). */
static size_t *by_filter(const char *ftext, size_t *n) {
  qe_json *f = J(ftext);
  size_t *s = select_slots(f, n);
  qe_json_free(f);
  return s;
}

static void set_payload(const size_t *slots, size_t n, const char *filter, const char *patch,
                        const char *key) {
  size_t fn = 0;
  size_t *fs = filter ? by_filter(filter, &fn) : NULL;
  qe_json *pj = J(patch);
  run(op_by(filter ? "set_payload_by_filter" : "set_payload", slots, n, filter, "payload",
            qe_json_clone(pj), key ? "key" : NULL, key ? qe_json_new_cstr(key) : NULL));
  model_set_payload(filter ? fs : slots, filter ? fn : n, pj, key);
  qe_json_free(pj);
  free(fs);
}

static void overwrite(const size_t *slots, size_t n, const char *filter, qe_json *pj) {
  size_t fn = 0;
  size_t *fs = filter ? by_filter(filter, &fn) : NULL;
  run(op_by(filter ? "overwrite_payload_by_filter" : "overwrite_payload", slots, n, filter,
            "payload", qe_json_clone(pj), NULL, NULL));
  if (filter) slots = fs, n = fn;
  for (size_t i = 0; i < n; i++) {
    qe_json_free(M[slots[i]].pay);
    M[slots[i]].pay = qe_json_clone(pj);
  }
  qe_json_free(pj);
  free(fs);
}

static void delete_payload(const size_t *slots, size_t n, const char *filter, const char *keys) {
  size_t fn = 0;
  size_t *fs = filter ? by_filter(filter, &fn) : NULL;
  qe_json *kj = J(keys);
  run(op_by(filter ? "delete_payload_by_filter" : "delete_payload", slots, n, filter, "keys",
            qe_json_clone(kj), NULL, NULL));
  if (filter) slots = fs, n = fn;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < qe_json_array_len(kj); k++)
      remove_path(M[slots[i]].pay, qe_json_get_string(qe_json_array_at(kj, k), NULL));
  qe_json_free(kj);
  free(fs);
}

static void clear_payload(const size_t *slots, size_t n, const char *filter) {
  size_t fn = 0;
  size_t *fs = filter ? by_filter(filter, &fn) : NULL;
  run(op_by(filter ? "clear_payload_by_filter" : "clear_payload", slots, n, filter, NULL, NULL,
            NULL, NULL));
  if (filter) slots = fs, n = fn;
  for (size_t i = 0; i < n; i++) {
    qe_json_free(M[slots[i]].pay);
    M[slots[i]].pay = qe_json_new_object();
  }
  free(fs);
}

static void delete_points(const size_t *slots, size_t n, const char *filter, bool extra_missing) {
  size_t fn = 0;
  size_t *fs = filter ? by_filter(filter, &fn) : NULL;
  qe_json *op = op_by(filter ? "delete_points_by_filter" : "delete_points", slots, n, filter, NULL,
                      NULL, NULL, NULL);
  if (extra_missing) /* deleting a missing id is not an error */
    push(qe_json_object_get(qe_json_object_get(op, "delete_points"), "point_ids"),
         qe_json_new_uint(999999999));
  run(op);
  if (filter) slots = fs, n = fn;
  for (size_t i = 0; i < n; i++) {
    M[slots[i]].live = false;
    qe_json_free(M[slots[i]].pay);
    M[slots[i]].pay = NULL;
  }
  free(fs);
}

static void delete_vectors(const size_t *slots, size_t n, const char *filter, int vn) {
  size_t fn = 0;
  size_t *fs = filter ? by_filter(filter, &fn) : NULL;
  qe_json *names = qe_json_new_array();
  push(names, qe_json_new_cstr(VN[vn]));
  run(op_by(filter ? "delete_vectors_by_filter" : "delete_vectors", slots, n, filter,
            "vector_names", names, NULL, NULL));
  if (filter) slots = fs, n = fn;
  for (size_t i = 0; i < n; i++)
    M[slots[i]].has[vn] = false;
  free(fs);
}

/* update_vectors of `vn` on `slots` with fresh random vectors. */
static void update_vectors(const size_t *slots, size_t n, int vn, const char *cond_text) {
  qe_json *op = qe_json_new_object(), *body = qe_json_new_object(), *arr = qe_json_new_array();
  qe_json *cond = cond_text ? J(cond_text) : NULL;
  for (size_t i = 0; i < n; i++) {
    mpt *m = &M[slots[i]];
    float v[16];
    rand_vec(vn, v);
    qe_json *pv = qe_json_new_object(), *vo = qe_json_new_object();
    put(pv, "id", sid_json(&m->id));
    put(vo, VN[vn], qe_json_new_f32(v, (size_t)VD[vn]));
    put(pv, "vector", vo);
    push(arr, pv);
    if (cond && !point_ok(cond, m)) continue;
    m->has[vn] = true;
    stored(vn, v, m->v[vn]);
  }
  put(body, "point_vectors", arr);
  if (cond) put(body, "condition", cond);
  put(op, "update_vectors", body);
  run(op);
}

static const char *PATCH_SET =
    "{\"color\": \"blue\", \"note\": null, \"extra\": {\"deep\": [1, 2]}}";
static const char *NEW_BY_FILTER =
    "{\"color\": \"white\", \"n\": 43, \"tags\": [\"zeta\"], \"over\": null}";

/* Every update variant, on the shard (or into g_log) and on the model. */
static void mutate(size_t n_points) {
  size_t k;
  ppt *batch = calloc(400, sizeof *batch);
  must(batch != NULL, "calloc");
  /* plain upsert of existing and new points */
  size_t *s = sample(200, &k);
  for (size_t i = 0; i < k + 50; i++) {
    rand_point(&batch[i], i < k ? M[s[i]].id : sid_num(3 * n_points + i), false);
    batch[i].pay = rand_payload();
  }
  upsert(batch, k + 50, NULL, NULL);
  free(s);
  /* with a condition: existing points that match are replaced, new ones go in */
  s = sample(300, &k);
  for (size_t i = 0; i < k + 5; i++) {
    rand_point(&batch[i], i < k ? M[s[i]].id : sid_num(3 * n_points + 100 + i), true);
    batch[i].pay = J("{\"upserted\": \"cond\", \"color\": \"green\"}");
  }
  upsert(batch, k + 5, "{\"must\": [{\"key\": \"color\", \"match\": {\"value\": \"red\"}}]}", NULL);
  free(s);
  /* update modes */
  for (int mode = 0; mode < 2; mode++) {
    s = sample(50, &k);
    for (size_t i = 0; i < k + 10; i++) {
      rand_point(&batch[i], i < k ? M[s[i]].id : sid_num(3 * n_points + 200 + 50 * mode + i), true);
      batch[i].pay = J(mode ? "{\"mode\": \"update_only\", \"n\": 7}"
                            : "{\"mode\": \"insert_only\", \"n\": 7}");
    }
    upsert(batch, k + 10, NULL, mode ? "update_only" : "insert_only");
    free(s);
  }
  free(batch);
  /* deletes */
  s = sample(150, &k);
  delete_points(s, k, NULL, true);
  free(s);
  delete_points(NULL, 0,
                "{\"must\": [{\"key\": \"n\", \"match\": {\"value\": 13}},"
                " {\"key\": \"flag\", \"match\": {\"value\": true}}]}",
                false);
  /* vectors */
  s = sample(200, &k);
  update_vectors(s, k, TXT, NULL);
  free(s);
  s = sample(200, &k);
  update_vectors(s, k, IMG, "{\"must\": [{\"key\": \"flag\", \"match\": {\"value\": false}}]}");
  free(s);
  s = sample(100, &k);
  delete_vectors(s, k, NULL, TXT);
  free(s);
  delete_vectors(NULL, 0,
                 "{\"must\": [{\"key\": \"meta.level\", \"match\": {\"value\": 5}},"
                 " {\"key\": \"color\", \"match\": {\"value\": \"black\"}}]}",
                 IMG);
  /* payload */
  s = sample(300, &k);
  set_payload(s, k, NULL, PATCH_SET, NULL);
  free(s);
  s = sample(200, &k);
  set_payload(s, k, NULL, "{\"level\": 9, \"added\": true}", "meta");
  free(s);
  s = sample(50, &k);
  set_payload(s, k, NULL, "{\"z\": \"zz\"}", "meta.sub");
  free(s);
  set_payload(NULL, 0, "{\"must\": [{\"key\": \"tags\", \"match\": {\"value\": \"beta\"}}]}",
              "{\"beta_seen\": 1}", NULL);
  s = sample(100, &k);
  overwrite(s, k, NULL, rand_payload());
  free(s);
  overwrite(NULL, 0, "{\"must\": [{\"key\": \"n\", \"match\": {\"value\": 42}}]}",
            J(NEW_BY_FILTER));
  s = sample(300, &k);
  delete_payload(s, k, NULL, "[\"ts\", \"meta.sub\", \"items[].qty\"]");
  free(s);
  delete_payload(NULL, 0,
                 "{\"must\": [{\"key\": \"color\", \"match\": {\"value\": \"green\"}}],"
                 " \"must_not\": [{\"is_empty\": {\"key\": \"nums\"}}]}",
                 "[\"nums\", \"note\"]");
  s = sample(60, &k);
  clear_payload(s, k, NULL);
  free(s);
  clear_payload(NULL, 0,
                "{\"must\": [{\"key\": \"meta.level\", \"match\": {\"value\": 0}},"
                " {\"key\": \"flag\", \"match\": {\"value\": true}}]}");
}

/* ------------------------------------------------------------ oracle: reads */

typedef struct scored {
  size_t slot;
  double score;
} scored;

static int g_sign; /* -1: higher first, 1: lower first */

static int cmp_scored(const void *a, const void *b) {
  const scored *x = a, *y = b;
  if (x->score != y->score) return (x->score < y->score ? -1 : 1) * g_sign;
  return sid_cmp(&M[x->slot].id, &M[y->slot].id);
}

static double score_of(int vn, const float *q, const float *v) {
  double s = 0;
  for (int i = 0; i < VD[vn]; i++) {
    double d = (double)v[i] - q[i];
    s += VDIST[vn] == COS ? (double)v[i] * q[i] : VDIST[vn] == EUC ? d * d : fabs(d);
  }
  return VDIST[vn] == EUC ? sqrt(s) : s;
}

/* The oracle's ranking of `cand` for raw query q (caller frees). */
static scored *ranked(int vn, const float *q_raw, const size_t *cand, size_t n, size_t *out_n) {
  float q[16];
  stored(vn, q_raw, q);
  scored *r = malloc((n + 1) * sizeof *r);
  must(r != NULL, "malloc");
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (M[cand[i]].has[vn]) r[k++] = (scored){cand[i], score_of(vn, q, M[cand[i]].v[vn])};
  g_sign = VDIST[vn] == COS ? -1 : 1;
  qsort(r, k, sizeof *r, cmp_scored);
  *out_n = k;
  return r;
}

static bool close_to(double a, double b) {
  double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  return fabs(a - b) <= TOL * (m > 1 ? m : 1);
}

static size_t find_scored(const scored *full, size_t n, const sid *id) {
  for (size_t i = 0; i < n; i++)
    if (sid_cmp(&M[full[i].slot].id, id) == 0) return i;
  return (size_t)-1;
}

/* Engine hits against the oracle's full ranking (see the header on ties). */
static void check_ranking(const qe_json *hits, const scored *full, size_t nfull, size_t offset,
                          size_t limit, const char *what) {
  size_t nwant = nfull > offset ? nfull - offset : 0;
  if (nwant > limit) nwant = limit;
  size_t n = qe_json_array_len(hits);
  if (n != nwant) fprintf(stderr, "%s: %zu hits, want %zu\n", what, n, nwant);
  CHECK(n == nwant);
  for (size_t k = 0; k < n && k < nwant; k++) {
    const qe_json *h = qe_json_array_at(hits, k);
    sid gid;
    bool ok = sid_from_json(qe_json_object_get(h, "id"), &gid);
    double gs = qe_json_get_double(qe_json_object_get(h, "score"));
    const scored *w = &full[offset + k];
    ok = ok && close_to(gs, w->score);
    if (ok && sid_cmp(&gid, &M[w->slot].id) != 0) {
      /* only a near tie may stand in another point's place */
      size_t at = find_scored(full, nfull, &gid);
      ok = at != (size_t)-1 && close_to(full[at].score, w->score) && full[at].score != w->score;
      for (size_t j = 0; ok && j < k; j++) {
        sid prev;
        sid_from_json(qe_json_object_get(qe_json_array_at(hits, j), "id"), &prev);
        ok = sid_cmp(&prev, &gid) != 0;
      }
    }
    if (ok && k > 0) {
      const qe_json *p = qe_json_array_at(hits, k - 1);
      sid prev;
      sid_from_json(qe_json_object_get(p, "id"), &prev);
      if (qe_json_get_double(qe_json_object_get(p, "score")) == gs) ok = sid_cmp(&prev, &gid) < 0;
    }
    if (!ok) {
      char a[64], b[64];
      sid_text(&gid, a, sizeof a);
      sid_text(&M[w->slot].id, b, sizeof b);
      fprintf(stderr, "%s: position %zu: got %s (%.9g), want %s (%.9g)\n", what, k, a, gs, b,
              w->score);
    }
    CHECK(ok);
  }
}

/* The payload as with_payload `sel` shows it (caller frees). */
static qe_json *project(const qe_json *payload, const qe_json *sel) {
  if (qe_json_kind_of(sel) == QE_JSON_BOOL) return qe_json_clone(payload);
  const qe_json *inc =
      qe_json_kind_of(sel) == QE_JSON_ARRAY ? sel : qe_json_object_get(sel, "include");
  if (inc) {
    qe_json *out = qe_json_new_object();
    for (size_t i = 0; i < qe_json_array_len(inc); i++) {
      const char *path = qe_json_get_string(qe_json_array_at(inc, i), NULL);
      const char *dot = strchr(path, '.');
      if (!dot) {
        const qe_json *v = qe_json_object_get(payload, path);
        if (v) put(out, path, qe_json_clone(v));
        continue;
      }
      size_t hl = (size_t)(dot - path);
      const qe_json *head = qe_json_object_getn(payload, path, hl);
      if (qe_json_kind_of(head) != QE_JSON_OBJECT) continue;
      qe_json *dst = qe_json_object_getn(out, path, hl);
      if (!dst) {
        must(qe_json_object_setn(out, path, hl, qe_json_new_object()) == 0, "set");
        dst = qe_json_object_getn(out, path, hl);
      }
      const qe_json *v = qe_json_object_get(head, dot + 1);
      if (v) put(dst, dot + 1, qe_json_clone(v));
    }
    return out;
  }
  qe_json *out = qe_json_clone(payload);
  const qe_json *exc = qe_json_object_get(sel, "exclude");
  for (size_t i = 0; i < qe_json_array_len(exc); i++)
    remove_path(out, qe_json_get_string(qe_json_array_at(exc, i), NULL));
  return out;
}

static double elem(const qe_json *arr, size_t i) {
  size_t n;
  const float *f = qe_json_f32_data(arr, &n);
  return f ? (i < n ? f[i] : NAN) : qe_json_get_double(qe_json_array_at(arr, i));
}

/* A Record / ScoredPoint against the model. */
static void check_record(const qe_json *rec, const qe_json *wp, const qe_json *wv,
                         const char *what) {
  sid id;
  bool ok = sid_from_json(qe_json_object_get(rec, "id"), &id);
  mpt *m = ok ? live(&id) : NULL;
  CHECK(m != NULL);
  if (!m) return;
  const qe_json *pay = qe_json_object_get(rec, "payload");
  if (qe_json_kind_of(wp) == QE_JSON_BOOL && !qe_json_get_bool(wp)) {
    ok = pay == NULL;
  } else {
    qe_json *want = project(m->pay, wp);
    ok = qe_json_equal(pay, want);
    if (!ok) {
      char *a = text_of(pay), *b = text_of(want), *c = text_of(wp);
      fprintf(stderr, "%s: payload of %s with %s:\n got  %s\n want %s\n", what,
              m->id.uuid ? m->id.u : "(int id)", c, a, b);
      qe_free(a), qe_free(b), qe_free(c);
    }
    qe_json_free(want);
  }
  CHECK(ok);
  const qe_json *vec = qe_json_object_get(rec, "vector");
  if (qe_json_kind_of(wv) == QE_JSON_BOOL && !qe_json_get_bool(wv)) {
    CHECK(vec == NULL);
    return;
  }
  size_t want_n = 0;
  ok = true;
  for (int k = 0; k < NV; k++) {
    bool asked = qe_json_kind_of(wv) == QE_JSON_BOOL;
    for (size_t i = 0; !asked && i < qe_json_array_len(wv); i++)
      asked = strcmp(qe_json_get_string(qe_json_array_at(wv, i), NULL), VN[k]) == 0;
    if (!asked || !m->has[k]) continue;
    want_n++;
    const qe_json *got = qe_json_object_get(vec, VN[k]);
    ok = ok && qe_json_array_len(got) == (size_t)VD[k];
    for (int i = 0; ok && i < VD[k]; i++)
      ok = fabs(elem(got, (size_t)i) - m->v[k][i]) <= 1e-6;
  }
  ok = ok && qe_json_object_len(vec) == want_n;
  if (!ok) fprintf(stderr, "%s: vectors differ\n", what);
  CHECK(ok);
}

/* ------------------------------------------------------------ filters */

/* The filters of one pass, as JSON (NULL = no filter), with names. */
typedef struct named_filter {
  const char *name;
  qe_json *f;
} named_filter;

#define NFILTERS 31

static void rand_filters(named_filter *out) {
  size_t n, k;
  size_t *ids = sample(300, &k);
  (void)n;
  qe_buf hid = {0}, hid100 = {0};
  for (size_t i = 0; i < k; i++) {
    char t[64];
    sid_text(&M[ids[i]].id, t, sizeof t);
    qe_buf_printf(&hid, "%s%s", i ? "," : "", t);
    if (i < 100) qe_buf_printf(&hid100, "%s%s", i ? "," : "", t);
  }
  free(ids);
  char t_lo[40], t_hi[40];
  int64_t t = T0 + rndi(0, 86400 * 200);
  fmt_dt(t_lo, sizeof t_lo, t, 0);
  fmt_dt(t_hi, sizeof t_hi, t + 86400 * 60, 0);
  static char buf[NFILTERS][16384];
  int i = 0;
  const char *names[NFILTERS];
#define F(nm, ...) (names[i] = nm, snprintf(buf[i], sizeof buf[i], __VA_ARGS__), i++)
  F("none", "null");
  F("match keyword", "{\"must\": [{\"key\": \"color\", \"match\": {\"value\": \"%s\"}}]}",
    COLORS[rndi(0, 4)]);
  F("match int", "{\"must\": {\"key\": \"n\", \"match\": {\"value\": %d}}}", rndi(0, 99));
  F("match bool", "{\"must\": [{\"key\": \"flag\", \"match\": {\"value\": true}}]}");
  F("match array element", "{\"must\": [{\"key\": \"tags\", \"match\": {\"value\": \"%s\"}}]}",
    WORDS[rndi(0, 5)]);
  F("match any keyword",
    "{\"must\": [{\"key\": \"color\", \"match\": {\"any\": [\"%s\", \"%s\"]}}]}",
    COLORS[rndi(0, 1)], COLORS[rndi(2, 4)]);
  F("match any int", "{\"must\": [{\"key\": \"n\", \"match\": {\"any\": [%d, %d, %d, %d]}}]}",
    rndi(0, 24), rndi(25, 49), rndi(50, 74), rndi(75, 99));
  F("match except keyword",
    "{\"must\": [{\"key\": \"color\", \"match\": {\"except\": [\"%s\", \"%s\"]}}]}",
    COLORS[rndi(0, 1)], COLORS[rndi(2, 4)]);
  F("match except int",
    "{\"must\": [{\"key\": \"n\", \"match\": {\"except\": [%d, 1, 2, 3, 4, 5, 6, 7, 8]}}]}",
    rndi(9, 99));
  F("range int", "{\"must\": [{\"key\": \"n\", \"range\": {\"gte\": %d, \"lt\": %d}}]}",
    rndi(0, 30), rndi(31, 70));
  F("range float", "{\"must\": [{\"key\": \"price\", \"range\": {\"gt\": %.3f, \"lte\": %.3f}}]}",
    rnd01() * 300, 300 + rnd01() * 400);
  F("range array", "{\"must\": [{\"key\": \"nums\", \"range\": {\"gt\": %d}}]}", rndi(30, 48));
  F("range datetime",
    "{\"must\": [{\"key\": \"ts\", \"range\": {\"gte\": \"%s\", \"lt\": \"%s\"}}]}", t_lo, t_hi);
  F("is_empty tags", "{\"must\": [{\"is_empty\": {\"key\": \"tags\"}}]}");
  F("is_empty meta.level", "{\"must\": [{\"is_empty\": {\"key\": \"meta.level\"}}]}");
  F("is_null note", "{\"must\": [{\"is_null\": {\"key\": \"note\"}}]}");
  F("not is_null n", "{\"must_not\": [{\"is_null\": {\"key\": \"n\"}}]}");
  F("has_id", "{\"must\": [{\"has_id\": [%s]}]}", hid.data ? hid.data : "");
  F("nested key path", "{\"must\": [{\"key\": \"meta.level\", \"match\": {\"value\": %d}}]}",
    rndi(0, 5));
  F("deep key path",
    "{\"must\": [{\"key\": \"meta.sub.x\", \"match\": {\"any\": [\"%s\", \"%s\"]}}]}",
    WORDS[rndi(0, 2)], WORDS[rndi(3, 5)]);
  F("array of objects path",
    "{\"must\": [{\"key\": \"items[].kind\", \"match\": {\"value\": \"%s\"}}]}", KINDS[rndi(0, 3)]);
  F("nested condition",
    "{\"must\": [{\"nested\": {\"key\": \"items\", \"filter\": {\"must\": ["
    "{\"key\": \"kind\", \"match\": {\"value\": \"%s\"}},"
    " {\"key\": \"qty\", \"range\": {\"gte\": 5}}]}}}]}",
    KINDS[rndi(0, 3)]);
  F("geo radius",
    "{\"must\": [{\"key\": \"loc\", \"geo_radius\": {\"center\": {\"lon\": %.4f, \"lat\": %.4f},"
    " \"radius\": %.1f}}]}",
    10.5 + 3 * rnd01(), 45.5 + 2 * rnd01(), 40e3 + 80e3 * rnd01());
  F("values_count", "{\"must\": [{\"key\": \"nums\", \"values_count\": {\"gte\": 2}}]}");
  F("values_count lt", "{\"must\": [{\"key\": \"tags\", \"values_count\": {\"lt\": 2}}]}");
  F("should",
    "{\"should\": [{\"key\": \"color\", \"match\": {\"value\": \"red\"}},"
    " {\"key\": \"flag\", \"match\": {\"value\": true}}, {\"is_null\": {\"key\": \"note\"}}]}");
  F("must_not", "{\"must_not\": [{\"key\": \"color\", \"match\": {\"any\": [\"red\", \"blue\"]}},"
                " {\"is_empty\": {\"key\": \"tags\"}}]}");
  F("mixed",
    "{\"must\": [{\"key\": \"price\", \"range\": {\"lt\": 700.5}}],"
    " \"should\": [{\"key\": \"meta.ok\", \"match\": {\"value\": true}},"
    " {\"key\": \"n\", \"range\": {\"gt\": 80}}],"
    " \"must_not\": [{\"has_id\": [%s]}]}",
    hid100.data ? hid100.data : "");
  F("nested bool filter",
    "{\"must\": [{\"should\": [{\"key\": \"tags\", \"match\": {\"value\": \"alpha\"}},"
    " {\"must\": [{\"key\": \"flag\", \"match\": {\"value\": false}}]}]}]}");
  F("min_should",
    "{\"min_should\": {\"conditions\": [{\"key\": \"color\", \"match\": {\"value\": \"green\"}},"
    " {\"key\": \"flag\", \"match\": {\"value\": true}}, {\"key\": \"n\", \"range\": {\"lt\": 50}},"
    " {\"is_null\": {\"key\": \"note\"}}], \"min_count\": 2}}");
  F("empty result", "{\"must\": [{\"key\": \"color\", \"match\": {\"value\": \"purple\"}}]}");
#undef F
  must(i == NFILTERS, "filter count");
  for (int j = 0; j < NFILTERS; j++) {
    out[j].name = names[j];
    out[j].f = strcmp(buf[j], "null") ? J(buf[j]) : NULL;
  }
  qe_buf_free(&hid);
  qe_buf_free(&hid100);
}

/* ------------------------------------------------------------ the checks */

static const char *PAYLOAD_SELS[] = {"true", "false", "[\"color\", \"meta.level\", \"items\"]",
                                     "{\"include\": [\"n\", \"loc\", \"meta.sub\"]}",
                                     "{\"exclude\": [\"tags\", \"meta.sub\", \"ts\"]}"};
static const char *VECTOR_SELS[] = {"false", "true", "[\"txt\"]", "[\"img\"]"};

typedef struct ov {
  double v;
  int64_t i;
  size_t slot;
} ov;
static int g_dir;
static int cmp_ov(const void *a, const void *b) {
  const ov *x = a, *y = b;
  if (x->v != y->v) return (x->v < y->v ? -1 : 1) * g_dir;
  return sid_cmp(&M[x->slot].id, &M[y->slot].id) * g_dir;
}

typedef struct fv {
  const qe_json *value;
  uint64_t count;
  size_t last;
} fv;
static int cmp_fv(const void *a, const void *b) {
  const fv *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  qe_json_kind k = qe_json_kind_of(x->value);
  if (k == QE_JSON_STRING)
    return strcmp(qe_json_get_string(x->value, NULL), qe_json_get_string(y->value, NULL));
  if (k == QE_JSON_BOOL) return (int)qe_json_get_bool(x->value) - (int)qe_json_get_bool(y->value);
  double p = qe_json_get_double(x->value), q = qe_json_get_double(y->value);
  return p < q ? -1 : p > q;
}

static void check_query(qe_shard *s, const named_filter *nf, const size_t *cand, size_t nc, int vn,
                        qe_json *transcript) {
  float q[16];
  rand_vec(vn, q);
  size_t nfull;
  scored *full = ranked(vn, q, cand, nc, &nfull);
  static const size_t limits[] = {1, 5, 10, 37}, offsets[] = {0, 0, 3, 20};
  size_t limit = limits[rndi(0, 3)], offset = offsets[rndi(0, 3)];
  const char *wp = PAYLOAD_SELS[rndi(0, 4)], *wv = VECTOR_SELS[rndi(0, 3)];
  bool has_thr = false;
  double thr = 0;
  if (nfull && rnd01() < 0.5) {
    size_t k = (size_t)rndi(0, (int)nfull - 1);
    while (k + 1 < nfull && close_to(full[k].score, full[k + 1].score))
      k++;
    if (k + 1 < nfull) {
      has_thr = true;
      thr = (full[k].score + full[k + 1].score) / 2;
      nfull = k + 1;
    }
  }
  qe_json *req = qe_json_new_object(), *nearest = qe_json_new_object();
  put(nearest, "nearest", qe_json_new_f32(q, (size_t)VD[vn]));
  put(req, "query", nearest);
  put(req, "using", qe_json_new_cstr(VN[vn]));
  if (nf->f) put(req, "filter", qe_json_clone(nf->f));
  if (has_thr) put(req, "score_threshold", qe_json_new_double(thr));
  put(req, "limit", qe_json_new_uint(limit));
  if (offset) put(req, "offset", qe_json_new_uint(offset));
  qe_json *wpj = J(wp), *wvj = J(wv);
  put(req, "with_payload", qe_json_clone(wpj));
  put(req, "with_vector", qe_json_clone(wvj));
  qe_json *hits = NULL;
  qe_error e = {0};
  int rc = qe_shard_query(s, req, &hits, &e);
  if (rc) fprintf(stderr, "query failed: %s: %s\n", e.path, e.message);
  CHECK(rc == 0);
  char what[160];
  snprintf(what, sizeof what, "query [%s] using %s limit %zu offset %zu thr %s", nf->name, VN[vn],
           limit, offset, has_thr ? "yes" : "no");
  if (!rc) {
    check_ranking(hits, full, nfull, offset, limit, what);
    for (size_t i = 0; i < qe_json_array_len(hits); i++)
      check_record(qe_json_array_at(hits, i), wpj, wvj, what);
    push(transcript, hits);
  }
  qe_json_free(req);
  qe_json_free(wpj);
  qe_json_free(wvj);
  free(full);
}

static void check_scroll(qe_shard *s, const named_filter *nf, const size_t *cand, size_t nc,
                         qe_json *transcript) {
  static const size_t pages_sizes[] = {7, 1000, 3000};
  size_t page = pages_sizes[rndi(0, 2)];
  /* every page costs the engine a pass over the shard: small pages are
   * followed for three pages only */
  size_t pages = page < 100 ? 3 : nc / page + 1, got = 0;
  const char *wp = PAYLOAD_SELS[rndi(0, 4)];
  qe_json *wpj = J(wp), *offset = NULL, *ids = qe_json_new_array();
  for (size_t p = 0; p < pages; p++) {
    qe_json *req = qe_json_new_object(), *res = NULL;
    if (offset) put(req, "offset", offset);
    offset = NULL;
    put(req, "limit", qe_json_new_uint(page));
    if (nf->f) put(req, "filter", qe_json_clone(nf->f));
    put(req, "with_payload", qe_json_clone(wpj));
    qe_error e = {0};
    int rc = qe_shard_scroll(s, req, &res, &e);
    qe_json_free(req);
    CHECK(rc == 0);
    if (rc) break;
    const qe_json *pts = qe_json_object_get(res, "points");
    bool ok = true;
    for (size_t i = 0; i < qe_json_array_len(pts); i++, got++) {
      const qe_json *r = qe_json_array_at(pts, i);
      sid id;
      ok = ok && got < nc && sid_from_json(qe_json_object_get(r, "id"), &id) &&
           sid_cmp(&id, &M[cand[got]].id) == 0;
      check_record(r, wpj, g_false, "scroll");
      push(ids, qe_json_clone(qe_json_object_get(r, "id")));
    }
    const qe_json *nxt = qe_json_object_get(res, "next_page_offset");
    sid nid;
    if (got < nc)
      ok = ok && sid_from_json(nxt, &nid) && sid_cmp(&nid, &M[cand[got]].id) == 0;
    else
      ok = ok && qe_json_kind_of(nxt) == QE_JSON_NULL;
    if (!ok) fprintf(stderr, "scroll [%s] page %zu of %zu differs\n", nf->name, p, page);
    CHECK(ok);
    if (qe_json_kind_of(nxt) != QE_JSON_NULL) offset = qe_json_clone(nxt);
    qe_json_free(res);
    if (!offset) break;
  }
  qe_json_free(offset);
  CHECK(got == (nc < pages * page ? nc : pages * page));
  push(transcript, ids);
  qe_json_free(wpj);
}

static void check_order_by(qe_shard *s, const named_filter *nf, const size_t *cand, size_t nc,
                           qe_json *transcript) {
  static const char *keys[] = {"n", "price", "ts", "nums"};
  int ki = rndi(0, 3);
  const char *key = keys[ki];
  g_dir = rndi(0, 1) ? -1 : 1;
  ov *vals = NULL;
  size_t nv = 0, cap = 0;
  for (size_t c = 0; c < nc; c++) {
    vlist raw, fl;
    values_at(M[cand[c]].pay, key, &raw);
    flatten(&raw, &fl);
    for (size_t i = 0; i < fl.n; i++) {
      ov o = {0, 0, cand[c]};
      int64_t iv;
      if (ki == 2) {
        if (!parse_dt(qe_json_get_string(fl.v[i], NULL), &iv)) continue;
        o.v = (double)iv, o.i = iv;
      } else if (ki == 1) {
        if (!qe_json_is_number(fl.v[i])) continue;
        o.v = qe_json_get_double(fl.v[i]);
      } else {
        qe_json_kind k = qe_json_kind_of(fl.v[i]);
        if ((k != QE_JSON_INT && k != QE_JSON_UINT) || !qe_json_get_i64(fl.v[i], &iv)) continue;
        o.v = (double)iv, o.i = iv;
      }
      if (nv == cap) {
        cap = cap ? 2 * cap : 1024;
        vals = realloc(vals, cap * sizeof *vals);
        must(vals != NULL, "realloc");
      }
      vals[nv++] = o;
    }
  }
  qe_json *ob = qe_json_new_object();
  put(ob, "key", qe_json_new_cstr(key));
  put(ob, "direction", qe_json_new_cstr(g_dir > 0 ? "asc" : "desc"));
  if (nv && rnd01() < 0.6) {
    ov start = vals[rnd() % nv];
    if (ki == 2) {
      char buf[40];
      fmt_dt(buf, sizeof buf, start.i / 1000000, 0);
      put(ob, "start_from", qe_json_new_cstr(buf));
    } else {
      put(ob, "start_from", ki == 1 ? qe_json_new_double(start.v) : qe_json_new_int(start.i));
    }
    size_t k = 0;
    for (size_t i = 0; i < nv; i++)
      if (g_dir > 0 ? vals[i].v >= start.v : vals[i].v <= start.v) vals[k++] = vals[i];
    nv = k;
  }
  if (nv) qsort(vals, nv, sizeof *vals, cmp_ov);
  static const size_t limits[] = {5, 50, 300};
  size_t limit = limits[rndi(0, 2)];
  qe_json *req = qe_json_new_object(), *res = NULL;
  put(req, "limit", qe_json_new_uint(limit));
  if (nf->f) put(req, "filter", qe_json_clone(nf->f));
  put(req, "order_by", ob);
  qe_error e = {0};
  int rc = qe_shard_scroll(s, req, &res, &e);
  if (rc) fprintf(stderr, "order_by scroll failed: %s: %s\n", e.path, e.message);
  CHECK(rc == 0);
  if (!rc) {
    /* The values must come exactly as in vals[0..want); within a run of
     * equal values only the ids are checked, as a set (a subset of the run's
     * ids when the limit cuts it). Qdrant does not define the order of points
     * sharing a value: Qdrant Edge lists them as they sit in its segment —
     * points written by separate operations in write order (reversed for
     * desc), the points of one batch in hash-map order that changes from
     * process to process, a rewritten point in its old place — while the
     * engine keeps write order and moves a rewritten point to the end
     * (pinned in test_shard_query.c). This scenario writes in batches and
     * rewrites points, so no one order of ties is right here. */
    const qe_json *pts = qe_json_object_get(res, "points");
    size_t want = nv < limit ? nv : limit;
    bool ok = qe_json_array_len(pts) == want &&
              qe_json_kind_of(qe_json_object_get(res, "next_page_offset")) == QE_JSON_NULL;
    size_t run = 0; /* first entry of the current run of equal values */
    for (size_t i = 0; ok && i < want; i++) {
      const qe_json *r = qe_json_array_at(pts, i), *o = qe_json_object_get(r, "order_value");
      int64_t iv;
      ok =
          ki == 1 ? qe_json_get_double(o) == vals[i].v : qe_json_get_i64(o, &iv) && iv == vals[i].i;
      if (i > 0 && vals[i].v != vals[i - 1].v) run = i;
      size_t end = i + 1; /* the run's end in vals */
      while (end < nv && vals[end].v == vals[i].v)
        end++;
      sid id;
      ok = ok && sid_from_json(qe_json_object_get(r, "id"), &id);
      bool in_run = false;
      for (size_t j = run; ok && j < end && !in_run; j++)
        in_run = sid_cmp(&id, &M[vals[j].slot].id) == 0;
      ok = ok && in_run;
      for (size_t j = run; ok && j < i; j++) { /* once per run */
        sid prev;
        ok = sid_from_json(qe_json_object_get(qe_json_array_at(pts, j), "id"), &prev) &&
             sid_cmp(&prev, &id) != 0;
      }
    }
    if (!ok)
      fprintf(stderr, "order_by [%s] %s %s: %zu records, want %zu\n", nf->name, key,
              g_dir > 0 ? "asc" : "desc", qe_json_array_len(pts), want);
    CHECK(ok);
    push(transcript, res);
  }
  qe_json_free(req);
  free(vals);
}

static void check_facet(qe_shard *s, const named_filter *nf, const size_t *cand, size_t nc,
                        qe_json *transcript) {
  static const char *keys[] = {"color", "tags", "n", "flag"};
  static const size_t limits[] = {2, 3, 100};
  const char *key = keys[rndi(0, 3)];
  size_t limit = limits[rndi(0, 2)];
  fv table[256];
  size_t nt = 0;
  for (size_t c = 0; c < nc; c++) {
    vlist raw, fl;
    values_at(M[cand[c]].pay, key, &raw);
    flatten(&raw, &fl);
    for (size_t i = 0; i < fl.n; i++) {
      qe_json_kind k = qe_json_kind_of(fl.v[i]);
      if (k != QE_JSON_STRING && k != QE_JSON_INT && k != QE_JSON_UINT && k != QE_JSON_BOOL)
        continue;
      size_t t = 0;
      while (t < nt && !qe_json_equal(table[t].value, fl.v[i]))
        t++;
      if (t == nt) {
        must(nt < 256, "facet table");
        table[nt++] = (fv){fl.v[i], 0, (size_t)-1};
      }
      if (table[t].last != c) table[t].count++, table[t].last = c;
    }
  }
  if (nt) qsort(table, nt, sizeof *table, cmp_fv);
  qe_json *req = qe_json_new_object(), *res = NULL;
  put(req, "key", qe_json_new_cstr(key));
  put(req, "limit", qe_json_new_uint(limit));
  put(req, "exact", qe_json_new_bool(true));
  if (nf->f) put(req, "filter", qe_json_clone(nf->f));
  qe_error e = {0};
  int rc = qe_shard_facet(s, req, &res, &e);
  CHECK(rc == 0);
  if (!rc) {
    const qe_json *hits = qe_json_object_get(res, "hits");
    size_t want = nt < limit ? nt : limit;
    bool ok = qe_json_array_len(hits) == want;
    for (size_t i = 0; ok && i < want; i++) {
      const qe_json *h = qe_json_array_at(hits, i);
      uint64_t cnt;
      ok = qe_json_equal(qe_json_object_get(h, "value"), table[i].value) &&
           qe_json_get_u64(qe_json_object_get(h, "count"), &cnt) && cnt == table[i].count;
    }
    if (!ok) {
      char *t = text_of(res);
      fprintf(stderr, "facet [%s] %s: %s\n", nf->name, key, t);
      qe_free(t);
    }
    CHECK(ok);
    push(transcript, res);
  }
  qe_json_free(req);
}

static void check_retrieve(qe_shard *s, size_t n_points, qe_json *transcript) {
  size_t nl;
  size_t *ls = live_sorted(&nl);
  for (int round_ = 0; round_ < 10; round_++) {
    qe_json *ids = qe_json_new_array();
    sid asked[43];
    for (int i = 0; i < 40; i++) {
      uint64_t r = rnd() % (nl + 25);
      asked[i] = r < nl ? M[ls[r]].id : r < nl + 20 ? sid_num(10 * n_points + r) : sid_uuid();
      push(ids, sid_json(&asked[i]));
    }
    for (int i = 40; i < 43; i++) {
      asked[i] = asked[i - 40];
      push(ids, sid_json(&asked[i]));
    }
    const char *wp = PAYLOAD_SELS[rndi(0, 4)], *wv = VECTOR_SELS[rndi(0, 3)];
    qe_json *req = qe_json_new_object(), *recs = NULL, *wpj = J(wp), *wvj = J(wv);
    put(req, "ids", ids);
    put(req, "with_payload", qe_json_clone(wpj));
    put(req, "with_vector", qe_json_clone(wvj));
    qe_error e = {0};
    int rc = qe_shard_retrieve(s, req, &recs, &e);
    CHECK(rc == 0);
    /* request order, missing ids skipped, repeated ids once */
    size_t k = 0;
    bool ok = rc == 0;
    for (int i = 0; ok && i < 43; i++) {
      bool dup = false;
      for (int j = 0; j < i; j++)
        dup = dup || sid_cmp(&asked[j], &asked[i]) == 0;
      if (dup || !live(&asked[i])) continue;
      sid got;
      ok = sid_from_json(qe_json_object_get(qe_json_array_at(recs, k), "id"), &got) &&
           sid_cmp(&got, &asked[i]) == 0;
      if (ok) check_record(qe_json_array_at(recs, k), wpj, wvj, "retrieve");
      k++;
    }
    ok = ok && k == qe_json_array_len(recs);
    CHECK(ok);
    if (!rc) push(transcript, recs);
    qe_json_free(req);
    qe_json_free(wpj);
    qe_json_free(wvj);
  }
  free(ls);
}

/* Every read against the oracle; the engine's answers go to `transcript`. */
static void check_all(qe_shard *s, uint64_t seed, size_t n_points, qe_json *transcript) {
  rng_state = seed;
  named_filter filters[NFILTERS];
  rand_filters(filters);
  for (int fi = 0; fi < NFILTERS; fi++) {
    const named_filter *nf = &filters[fi];
    size_t nc;
    size_t *cand = select_slots(nf->f, &nc);
    qe_json *req = qe_json_new_object();
    put(req, "exact", qe_json_new_bool(true));
    if (nf->f) put(req, "filter", qe_json_clone(nf->f));
    uint64_t cnt = 0;
    qe_error e = {0};
    CHECK(qe_shard_count(s, req, &cnt, &e) == 0);
    if (cnt != nc)
      fprintf(stderr, "count [%s]: %llu, want %zu\n", nf->name, (unsigned long long)cnt, nc);
    CHECK(cnt == nc);
    push(transcript, qe_json_new_uint(cnt));
    qe_json_free(req);
    check_query(s, nf, cand, nc, IMG, transcript);
    check_query(s, nf, cand, nc, TXT, transcript);
    check_scroll(s, nf, cand, nc, transcript);
    check_order_by(s, nf, cand, nc, transcript);
    check_facet(s, nf, cand, nc, transcript);
    free(cand);
  }
  for (int fi = 0; fi < NFILTERS; fi++)
    qe_json_free(filters[fi].f);
  check_retrieve(s, n_points, transcript);
  qe_json *info = NULL;
  qe_error e = {0};
  CHECK(qe_shard_info(s, &info, &e) == 0);
  size_t nl;
  free(live_sorted(&nl));
  uint64_t pc = 0;
  CHECK(qe_json_get_u64(qe_json_object_get(info, "points_count"), &pc) && pc == nl);
  const qe_json *schema = qe_json_object_get(info, "payload_schema");
  CHECK(qe_json_object_len(schema) == nindexes);
  for (size_t i = 0; i < nindexes; i++)
    CHECK(qe_json_object_get(schema, indexes[i]) != NULL);
  qe_json_free(info);
}

/* ------------------------------------------------------------ schema and vector names */

static void schema_ops(void) {
  static const char *idx[][2] = {{"color", "keyword"}, {"tags", "keyword"}, {"n", "integer"},
                                 {"flag", "bool"},     {"price", "float"},  {"ts", "datetime"},
                                 {"nums", "integer"},  {"note", "keyword"}};
  for (size_t i = 0; i < sizeof idx / sizeof *idx; i++) {
    char op[200];
    snprintf(op, sizeof op,
             "{\"create_field_index\": {\"field_name\": \"%s\", \"field_schema\": \"%s\"}}",
             idx[i][0], idx[i][1]);
    run(J(op));
    indexes[nindexes++] = (char *)idx[i][0];
  }
  run(J("{\"delete_field_index\": {\"field_name\": \"note\"}}"));
  nindexes--;
  qe_json *req = J("{\"key\": \"note\"}"), *res = NULL;
  qe_error e = {0};
  CHECK(qe_shard_facet(g_shard, req, &res, &e) == QE_EINVAL && res == NULL);
  qe_json_free(req);
}

static void vector_name_ops(void) {
  run(J("{\"create_dense_vector\": {\"name\": \"extra\","
        " \"params\": {\"size\": 4, \"distance\": \"Manhattan\"}}}"));
  size_t k;
  size_t *s = sample(50, &k);
  update_vectors(s, k, EXTRA, NULL);
  float q[4] = {0.1f, 0.2f, -0.3f, 0.4f};
  size_t nfull;
  scored *full = ranked(EXTRA, q, s, k, &nfull);
  qe_json *req = J("{\"query\": [0.1, 0.2, -0.3, 0.4], \"using\": \"extra\", \"limit\": 10}");
  qe_json *hits = NULL;
  qe_error e = {0};
  CHECK(qe_shard_query(g_shard, req, &hits, &e) == 0);
  check_ranking(hits, full, nfull, 0, 10, "query using a created vector");
  qe_json_free(hits);
  run(J("{\"delete_vector_name\": {\"name\": \"extra\"}}"));
  for (size_t i = 0; i < MN; i++)
    M[i].has[EXTRA] = false;
  hits = NULL;
  CHECK(qe_shard_query(g_shard, req, &hits, &e) == QE_EINVAL && hits == NULL);
  qe_json_free(req);
  free(full);
  free(s);
}

/* ------------------------------------------------------------ the scenario */

static const char *CONFIG = "{\"vectors\": {\"img\": {\"size\": 16, \"distance\": \"Cosine\"},"
                            " \"txt\": {\"size\": 8, \"distance\": \"Euclid\"}}}";
#define SEED 20261122ULL

static char root_template[] = "/tmp/qedge-scenario-XXXXXX";

/* The child: apply g_log's operations ("FLUSH" flushes), then die unclosed. */
static qe_shard *child_shard;
static void child(const char *path) {
  if (qe_shard_open(path, NULL, NULL, &child_shard, NULL)) _exit(2);
  for (size_t i = 0; i < qe_json_array_len(g_log); i++) {
    qe_json *op = qe_json_array_at(g_log, i);
    if (qe_json_kind_of(op) == QE_JSON_STRING) {
      if (qe_shard_flush(child_shard, NULL)) _exit(3);
    } else if (qe_shard_update(child_shard, op, NULL, NULL)) {
      _exit(4);
    }
  }
  _exit(0);
}

int main(void) {
  const char *env = getenv("QEDGE_SCENARIO_POINTS");
  size_t n_points = env ? (size_t)strtoull(env, NULL, 10) : 10000;
  if (n_points < 1000) n_points = 1000;
  MCAP = n_points + 2000;
  for (HTCAP = 1024; HTCAP < 4 * MCAP; HTCAP *= 2) {
  }
  M = calloc(MCAP, sizeof *M);
  HT = malloc(HTCAP * sizeof *HT);
  must(M && HT && mkdtemp(root_template), "setup");
  memset(HT, 0xff, HTCAP * sizeof *HT);
  g_false = qe_json_new_bool(false);
  char path[512];
  snprintf(path, sizeof path, "%s/shard", root_template);
  rng_state = SEED;

  qe_json *cfg = J(CONFIG);
  qe_error e = {0};
  CHECK(qe_shard_create(path, cfg, NULL, &g_shard, &e) == 0);
  /* n_points upserted in batches; some lack "txt"; every 50th repeats an
   * earlier point's vectors (exact score ties); 10% UUID ids */
  ppt *batch = calloc(1000, sizeof *batch);
  ppt *firsts = calloc(n_points / 50 + 1, sizeof *firsts);
  uint64_t *perm = malloc(3 * n_points * sizeof *perm);
  must(batch && firsts && perm, "calloc");
  for (size_t i = 0; i < 3 * n_points; i++)
    perm[i] = i;
  for (size_t i = 0; i < n_points; i++) {
    size_t j = i + (size_t)(rnd() % (3 * n_points - i));
    uint64_t t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  for (size_t b = 0; b < n_points; b += 1000) {
    size_t n = n_points - b < 1000 ? n_points - b : 1000;
    for (size_t i = 0; i < n; i++) {
      size_t k = b + i;
      ppt *p = &batch[i];
      rand_point(p, rnd01() < 0.1 ? sid_uuid() : sid_num(perm[k]), true);
      p->has[TXT] = rnd01() < 0.85;
      if (k % 50 == 0) firsts[k / 50] = *p;
      if (k % 50 == 49) {
        const ppt *src = &firsts[rnd() % (k / 50 + 1)];
        memcpy(p->has, src->has, sizeof p->has);
        memcpy(p->v, src->v, sizeof p->v);
      }
      p->pay = rand_payload();
    }
    upsert(batch, n, NULL, NULL);
  }
  free(batch);
  free(firsts);
  free(perm);
  uint64_t cnt = 0;
  CHECK(qe_shard_count(g_shard, NULL, &cnt, &e) == 0 && cnt == n_points);
  schema_ops();
  mutate(n_points);
  vector_name_ops();
  qe_json *first = qe_json_new_array(), *again = qe_json_new_array();
  check_all(g_shard, SEED + 1, n_points, first);

  /* reopen after close (which flushes): the same answers */
  CHECK(qe_shard_close(g_shard, &e) == 0);
  CHECK(qe_shard_open(path, NULL, NULL, &g_shard, &e) == 0);
  check_all(g_shard, SEED + 1, n_points, again);
  CHECK(qe_json_equal(first, again));
  CHECK(qe_shard_close(g_shard, &e) == 0);
  qe_json_free(first);
  qe_json_free(again);

  /* a child writes, flushes, writes more and exits without closing */
  g_log = qe_json_new_array();
  rng_state = SEED + 3;
  mutate(n_points);
  size_t nops = qe_json_array_len(g_log);
  qe_json *ops = g_log;
  g_log = qe_json_new_array();
  for (size_t i = 0; i < nops; i++) {
    if (i == nops / 2) push(g_log, qe_json_new_cstr("FLUSH"));
    push(g_log, qe_json_clone(qe_json_array_at(ops, i)));
  }
  qe_json_free(ops);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) child(path);
  int status = 0;
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0);
  qe_json_free(g_log);
  g_log = NULL;
  first = qe_json_new_array();
  again = qe_json_new_array();
  CHECK(qe_shard_open(path, NULL, NULL, &g_shard, &e) == 0);
  check_all(g_shard, SEED + 2, n_points, first);
  CHECK(qe_shard_close(g_shard, &e) == 0);
  CHECK(qe_shard_open(path, NULL, NULL, &g_shard, &e) == 0);
  check_all(g_shard, SEED + 2, n_points, again);
  CHECK(qe_json_equal(first, again));
  CHECK(qe_shard_close(g_shard, &e) == 0);
  qe_json_free(first);
  qe_json_free(again);

  qe_json_free(cfg);
  qe_json_free(g_false);
  for (size_t i = 0; i < MN; i++)
    qe_json_free(M[i].pay);
  free(M);
  free(HT);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root_template);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root_template);
  return check_report("test_scenario");
}
