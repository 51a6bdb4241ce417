/* topk.c — bounded min-heap of the k best raw scores.
 *
 * items[0] is the worst kept item. "Worse" is a total order: lower score, or
 * equal score and a later ref (by the caller's tie order, else the larger
 * ref). A new item enters only when it beats items[0], so the common case (a
 * full heap and a score below the threshold) is one comparison. */
#include <math.h>

#include "edge/distance.h"
#include "qedge/base.h"

/* Does ref a come before ref b among equal scores? */
static int tie_first(const qe_topk *t, uint64_t a, uint64_t b) {
  return t->tie ? t->tie(a, b, t->tie_ctx) < 0 : a < b;
}

/* Is x better than y? (higher score, then the earlier ref) */
static inline int beats(const qe_topk *t, float xs, uint64_t xr, const qe_topk_item *y) {
  return xs > y->score || (xs == y->score && tie_first(t, xr, y->ref));
}

static void sift_down(const qe_topk *t, size_t len, size_t i) {
  qe_topk_item *h = t->items;
  qe_topk_item x = h[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= len) break;
    /* pick the worse child */
    if (c + 1 < len && beats(t, h[c].score, h[c].ref, &h[c + 1])) c++;
    if (!beats(t, x.score, x.ref, &h[c])) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = x;
}

static void sift_up(const qe_topk *t, size_t i) {
  qe_topk_item *h = t->items;
  qe_topk_item x = h[i];
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!beats(t, h[p].score, h[p].ref, &x)) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = x;
}

int qe_topk_init(qe_topk *t, size_t k) {
  t->items = NULL;
  t->len = 0;
  t->k = 0;
  t->tie = NULL;
  t->tie_ctx = NULL;
  if (k == 0) return QE_EINVAL;
  t->items = qe_calloc(k, sizeof *t->items);
  if (!t->items) return QE_ENOMEM;
  t->k = k;
  return 0;
}

void qe_topk_set_tie(qe_topk *t, int (*tie)(uint64_t a, uint64_t b, void *ctx), void *ctx) {
  t->tie = tie;
  t->tie_ctx = ctx;
}

void qe_topk_reset(qe_topk *t) {
  t->len = 0;
}

void qe_topk_push(qe_topk *t, float score, uint64_t ref) {
  if (t->len < t->k) {
    if (isnan(score)) return;
    t->items[t->len] = (qe_topk_item){score, ref};
    sift_up(t, t->len++);
    return;
  }
  /* NaN compares false, so it never beats the root. */
  if (!beats(t, score, ref, &t->items[0])) return;
  t->items[0] = (qe_topk_item){score, ref};
  sift_down(t, t->len, 0);
}

void qe_topk_push_many(qe_topk *t, const float *scores, size_t count, uint64_t ref0) {
  size_t i = 0;
  for (; i < count && t->len < t->k; i++)
    qe_topk_push(t, scores[i], ref0 + i);
  if (i == count) return;
  float thr = t->items[0].score;
  for (; i < count; i++) {
    if (scores[i] >= thr) {
      qe_topk_push(t, scores[i], ref0 + i);
      thr = t->items[0].score;
    }
  }
}

float qe_topk_threshold(const qe_topk *t) {
  return t->len < t->k ? -INFINITY : t->items[0].score;
}

void qe_topk_sort(qe_topk *t) {
  /* Heap sort: moving the worst item to the end each time leaves the array
   * best first. */
  for (size_t n = t->len; n > 1; n--) {
    qe_topk_item w = t->items[0];
    t->items[0] = t->items[n - 1];
    t->items[n - 1] = w;
    sift_down(t, n - 1, 0);
  }
}

void qe_topk_free(qe_topk *t) {
  qe_free(t->items);
  t->items = NULL;
  t->len = 0;
  t->k = 0;
}
