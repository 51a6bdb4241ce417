/* idmap.c — point id → newest row, an open-addressing hash table. */
#include <string.h>

#include "shard_internal.h"

enum { SLOT_EMPTY = 0, SLOT_USED = 1, SLOT_GONE = 2 };

int qe_idmap_init(qe_idmap *m) {
  memset(m, 0, sizeof *m);
  return QE_OK;
}

void qe_idmap_free(qe_idmap *m) {
  qe_free(m->keys);
  qe_free(m->locs);
  qe_free(m->used);
  memset(m, 0, sizeof *m);
}

static size_t slot_of(const qe_idmap *m, const qe_point_id *id, bool for_insert) {
  size_t mask = m->cap - 1;
  size_t i = (size_t)qe_point_id_hash(id) & mask;
  size_t first_gone = (size_t)-1;
  for (;;) {
    if (m->used[i] == SLOT_EMPTY) return for_insert && first_gone != (size_t)-1 ? first_gone : i;
    if (m->used[i] == SLOT_GONE) {
      if (first_gone == (size_t)-1) first_gone = i;
    } else if (qe_point_id_eq(&m->keys[i], id)) {
      return i;
    }
    i = (i + 1) & mask;
  }
}

/* Move every entry into a new table of `cap` slots (a power of two). */
static int rehash(qe_idmap *m, size_t cap) {
  qe_idmap old = *m;
  m->keys = qe_malloc(cap * sizeof *m->keys);
  m->locs = qe_malloc(cap * sizeof *m->locs);
  m->used = qe_calloc(cap, 1);
  if (!m->keys || !m->locs || !m->used) {
    qe_free(m->keys);
    qe_free(m->locs);
    qe_free(m->used);
    *m = old;
    return QE_ENOMEM;
  }
  m->cap = cap;
  m->len = 0;
  m->tombs = 0;
  for (size_t i = 0; i < old.cap; i++) {
    if (old.used[i] != SLOT_USED) continue;
    size_t j = slot_of(m, &old.keys[i], true);
    m->keys[j] = old.keys[i];
    m->locs[j] = old.locs[i];
    m->used[j] = SLOT_USED;
    m->len++;
  }
  qe_free(old.keys);
  qe_free(old.locs);
  qe_free(old.used);
  return QE_OK;
}

static int grow(qe_idmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 1024;
  while (cap < (m->len + 1) * 2)
    cap *= 2;
  return rehash(m, cap);
}

int qe_idmap_reserve(qe_idmap *m, size_t n) {
  if ((n + m->tombs) * 10 <= m->cap * 7) return QE_OK;
  size_t cap = 1024;
  while (n * 10 > cap * 7)
    cap *= 2;
  return rehash(m, cap);
}

qe_loc *qe_idmap_get(const qe_idmap *m, const qe_point_id *id) {
  if (!m->cap) return NULL;
  size_t i = slot_of(m, id, false);
  return m->used[i] == SLOT_USED ? &m->locs[i] : NULL;
}

qe_loc *qe_idmap_slot(qe_idmap *m, const qe_point_id *id, bool *added) {
  if ((m->len + m->tombs + 1) * 10 > m->cap * 7 && grow(m)) return NULL;
  size_t i = slot_of(m, id, true);
  *added = m->used[i] != SLOT_USED;
  if (*added) {
    if (m->used[i] == SLOT_GONE) m->tombs--;
    m->keys[i] = *id;
    m->used[i] = SLOT_USED;
    m->len++;
  }
  return &m->locs[i];
}

int qe_idmap_put(qe_idmap *m, const qe_point_id *id, qe_loc loc) {
  bool added;
  qe_loc *slot = qe_idmap_slot(m, id, &added);
  if (!slot) return QE_ENOMEM;
  *slot = loc;
  return QE_OK;
}

void qe_idmap_del(qe_idmap *m, const qe_point_id *id) {
  if (!m->cap) return;
  size_t i = slot_of(m, id, false);
  if (m->used[i] != SLOT_USED) return;
  m->used[i] = SLOT_GONE;
  m->len--;
  m->tombs++;
}
