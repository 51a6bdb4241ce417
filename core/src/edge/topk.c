/* topk.c — bounded min-heap of the k best raw scores.
 *
 * items[0] is the worst kept item. "Worse" is a total order: lower score, or
 * equal score and larger ref. A new item enters only when it beats items[0],
 * so the common case (a full heap and a score below the threshold) is one
 * comparison. */
#include <math.h>

#include "edge/distance.h"
#include "qedge/base.h"

/* Is x better than y? (higher score, then smaller ref) */
static inline int beats(float xs, uint64_t xr, const qe_topk_item *y) {
  return xs > y->score || (xs == y->score && xr < y->ref);
}

static void sift_down(qe_topk_item *h, size_t len, size_t i) {
  qe_topk_item x = h[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= len) break;
    /* pick the worse child */
    if (c + 1 < len && beats(h[c].score, h[c].ref, &h[c + 1])) c++;
    if (!beats(x.score, x.ref, &h[c])) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = x;
}

static void sift_up(qe_topk_item *h, size_t i) {
  qe_topk_item x = h[i];
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!beats(h[p].score, h[p].ref, &x)) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = x;
}

int qe_topk_init(qe_topk *t, size_t k) {
  t->items = NULL;
  t->len = 0;
  t->k = 0;
  if (k == 0) return QE_EINVAL;
  t->items = qe_calloc(k, sizeof *t->items);
  if (!t->items) return QE_ENOMEM;
  t->k = k;
  return 0;
}

void qe_topk_reset(qe_topk *t) {
  t->len = 0;
}

void qe_topk_push(qe_topk *t, float score, uint64_t ref) {
  if (t->len < t->k) {
    if (isnan(score)) return;
    t->items[t->len] = (qe_topk_item){score, ref};
    sift_up(t->items, t->len++);
    return;
  }
  /* NaN compares false, so it never beats the root. */
  if (!beats(score, ref, &t->items[0])) return;
  t->items[0] = (qe_topk_item){score, ref};
  sift_down(t->items, t->len, 0);
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
    sift_down(t->items, n - 1, 0);
  }
}

void qe_topk_free(qe_topk *t) {
  qe_free(t->items);
  t->items = NULL;
  t->len = 0;
  t->k = 0;
}
