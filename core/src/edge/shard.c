/* shard.c — opening, creating, flushing, optimizing and closing a shard. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "qedge/model.h"
#include "shard_internal.h"

#define MANIFEST         "manifest.json"
#define MANIFEST_FORMAT  "qedge-edge-shard"
#define MANIFEST_VERSION 1

static char *join(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *p = qe_malloc(la + lb + 2);
  if (!p) return NULL;
  memcpy(p, a, la);
  p[la] = '/';
  memcpy(p + la + 1, b, lb + 1);
  return p;
}

static void segment_file(const qe_shard *s, uint64_t id, char *buf, size_t n) {
  snprintf(buf, n, "%s/segments/%020llu.seg", s->path, (unsigned long long)id);
}

/* ------------------------------------------------------------ manifest */

int qe_manifest_read(const char *path, qe_json **out, qe_error *err) {
  char *file = join(path, MANIFEST);
  if (!file) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  char *text;
  size_t len;
  int rc = qe_fs_read_all(file, 64u << 20, &text, &len, err);
  if (rc == QE_ENOTFOUND) rc = qe_error_set(err, QE_ENOTFOUND, NULL, "no edge shard at %s", path);
  qe_free(file);
  if (rc) return rc;
  rc = qe_json_parse(text, len, NULL, out, err);
  qe_free(text);
  if (rc) return qe_error_set(err, QE_ECORRUPT, NULL, "manifest of %s is not valid JSON", path);
  const char *fmt = qe_json_get_string(qe_json_object_get(*out, "format"), NULL);
  uint64_t ver = 0;
  if (!fmt || strcmp(fmt, MANIFEST_FORMAT) != 0 ||
      !qe_json_get_u64(qe_json_object_get(*out, "format_version"), &ver)) {
    qe_json_free(*out);
    *out = NULL;
    return qe_error_set(err, QE_ECORRUPT, NULL, "%s/%s is not a qedge shard manifest", path,
                        MANIFEST);
  }
  if (ver != MANIFEST_VERSION) {
    qe_json_free(*out);
    *out = NULL;
    return qe_error_set(err, QE_EUNSUPPORTED, NULL, "shard format version %llu is not supported",
                        (unsigned long long)ver);
  }
  return QE_OK;
}

int qe_manifest_write(qe_shard *s, qe_error *err) {
  qe_json *m = qe_json_new_object();
  qe_json *segs = qe_json_new_array();
  int rc = (!m || !segs) ? QE_ENOMEM : QE_OK;
  rc |= qe_json_object_set(m, "format", qe_json_new_cstr(MANIFEST_FORMAT));
  rc |= qe_json_object_set(m, "format_version", qe_json_new_uint(MANIFEST_VERSION));
  rc |= qe_json_object_set(m, "config", qe_config_to_json(&s->config));
  rc |= qe_json_object_set(m, "payload_schema", qe_json_clone(s->payload_schema));
  rc |= qe_json_object_set(m, "vector_drops", qe_json_clone(s->vector_drops));
  for (size_t i = 0; segs && i + 1 < s->nsegs; i++) {
    qe_json *e = qe_json_new_object();
    rc |= qe_json_object_set(e, "id", qe_json_new_uint(s->segs[i]->id));
    rc |= qe_json_array_push(segs, e);
  }
  rc |= qe_json_object_set(m, "segments", segs);
  rc |= qe_json_object_set(m, "flushed_seq", qe_json_new_uint(s->flushed_seq));
  rc |= qe_json_object_set(m, "next_segment_id", qe_json_new_uint(s->next_segment_id));
  char *text = NULL;
  size_t len = 0;
  if (!rc) text = qe_json_to_string(m, QE_EMIT_PRETTY, &len);
  qe_json_free(m);
  if (rc || !text) {
    qe_free(text);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory writing the manifest");
  }
  char *file = join(s->path, MANIFEST);
  rc = file ? qe_fs_write_atomic(file, text, len, err) : QE_ENOMEM;
  qe_free(file);
  qe_free(text);
  return rc;
}

/* ------------------------------------------------------------ loading */

int qe_shard_sync_mutable_vecs(qe_shard *s) {
  qe_segment *m = qe_shard_mutable(s);
  for (size_t i = 0; i < s->config.nvecs; i++) {
    const qe_vec_conf *vc = &s->config.vecs[i];
    qe_seg_vecs *v = qe_segment_vecs(m, vc->name);
    if (v && v->dim == vc->dim && v->sparse == vc->sparse && v->multi == vc->multi) continue;
    if (v) return QE_EINTERNAL; /* a stale name is renamed away by delete_vector_name */
    if (!qe_segment_add_vecs(m, vc)) return QE_ENOMEM;
  }
  return QE_OK;
}

/* Register segment `slot`'s rows in the id map: newer versions win. */
static int index_segment(qe_shard *s, uint32_t slot) {
  qe_segment *seg = s->segs[slot];
  for (size_t r = 0; r < seg->count; r++) {
    if (qe_segment_dead(seg, r)) continue;
    bool added;
    qe_loc *cur = qe_idmap_slot(&s->ids, &seg->ids[r], &added);
    if (!cur) return QE_ENOMEM;
    if (!added) {
      qe_segment *other = s->segs[cur->seg];
      if (other->versions[cur->row] >= seg->versions[r]) {
        qe_segment_kill(seg, r);
        continue;
      }
      qe_segment_kill(other, cur->row);
    }
    cur->seg = slot;
    cur->row = (uint32_t)r;
  }
  return QE_OK;
}

/* Tombstones remove older copies of deleted ids. */
static void apply_tombstones(qe_shard *s, qe_segment *seg) {
  for (size_t t = 0; t < seg->ntomb; t++) {
    qe_loc *cur = qe_idmap_get(&s->ids, &seg->tomb_ids[t]);
    if (!cur) continue;
    qe_segment *other = s->segs[cur->seg];
    if (other->versions[cur->row] < seg->tomb_versions[t]) {
      qe_segment_kill(other, cur->row);
      qe_idmap_del(&s->ids, &seg->tomb_ids[t]);
    }
  }
}

static int replay_one(void *ud, uint64_t seq, const char *data, size_t len) {
  qe_shard *s = ud;
  if (seq <= s->last_seq) return QE_OK;
  qe_json *op = NULL;
  qe_error e = {0};
  if (qe_json_unpack(data, len, &op, &e)) return e.code == QE_ENOMEM ? QE_ENOMEM : QE_ECORRUPT;
  int rc = qe_model_check_name("EdgeUpdateOperation", op, QE_CHECK_COERCE, NULL, &e);
  if (!rc) rc = qe_shard_apply(s, op, seq, &e);
  qe_json_free(op);
  if (rc == QE_ENOMEM) return rc;
  /* an operation that was valid when logged applies the same way again;
   * anything else means the log does not belong to these segments */
  if (rc) return QE_ECORRUPT;
  s->last_seq = seq;
  return QE_OK;
}

static int lock_dir(qe_shard *s, qe_error *err) {
  char *file = join(s->path, "LOCK");
  if (!file) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  s->lock_fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  qe_free(file);
  if (s->lock_fd < 0)
    return qe_error_set(err, QE_EIO, NULL, "open %s/LOCK: %s", s->path, strerror(errno));
  if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
    int busy = errno == EWOULDBLOCK;
    close(s->lock_fd);
    s->lock_fd = -1;
    if (busy)
      return qe_error_set(
          err, QE_EBUSY, NULL,
          "the shard at %s is already open for writing (by this or another process)", s->path);
    return qe_error_set(err, QE_EIO, NULL, "lock %s: %s", s->path, strerror(errno));
  }
  return QE_OK;
}

/* Interval durability: fsync the log every fsync_interval_ms while dirty. */
static void *syncer_main(void *arg) {
  qe_shard *s = arg;
  pthread_mutex_lock(&s->write_lock);
  while (!s->syncer_stop) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t ns = (uint64_t)ts.tv_nsec + (uint64_t)s->opts.fsync_interval_ms * 1000000u;
    ts.tv_sec += (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    pthread_cond_timedwait(&s->syncer_cond, &s->write_lock, &ts);
    if (s->wal_dirty && s->wal && qe_wal_sync(s->wal, NULL) == QE_OK) s->wal_dirty = false;
  }
  pthread_mutex_unlock(&s->write_lock);
  return NULL;
}

static void syncer_stop(qe_shard *s) {
  if (!s->syncer_running) return;
  pthread_mutex_lock(&s->write_lock);
  s->syncer_stop = true;
  pthread_cond_signal(&s->syncer_cond);
  pthread_mutex_unlock(&s->write_lock);
  pthread_join(s->syncer, NULL);
  s->syncer_running = false;
}

static void shard_free(qe_shard *s) {
  if (!s) return;
  syncer_stop(s);
  for (size_t i = 0; i < s->nsegs; i++)
    qe_segment_free(s->segs[i]);
  qe_free(s->segs);
  qe_idmap_free(&s->ids);
  qe_wal_close(s->wal);
  qe_config_free(&s->config);
  qe_json_free(s->payload_schema);
  qe_json_free(s->vector_drops);
  if (s->lock_fd >= 0) close(s->lock_fd);
  pthread_rwlock_destroy(&s->lock);
  pthread_mutex_destroy(&s->write_lock);
  pthread_cond_destroy(&s->syncer_cond);
  pthread_mutex_destroy(&s->sync_mu);
  pthread_cond_destroy(&s->sync_cond);
  qe_free(s->path);
  qe_free(s);
}

/* Vectors of a user-given config must match the stored ones. */
static int check_config_matches(const qe_shard_config *stored, const qe_json *given,
                                qe_error *err) {
  qe_shard_config c;
  int rc = qe_config_from_json(given, &c, err);
  if (rc) return rc;
  for (size_t i = 0; i < c.nvecs && !rc; i++) {
    const qe_vec_conf *g = &c.vecs[i];
    int j = qe_config_find(stored, g->name, strlen(g->name));
    if (j < 0) {
      rc = qe_error_set(err, QE_EINVAL, "vectors", "vector \"%s\" is not stored in this shard",
                        g->name);
    } else {
      const qe_vec_conf *st = &stored->vecs[j];
      if (st->sparse != g->sparse || st->dim != g->dim || st->dist != g->dist ||
          st->multi != g->multi)
        rc = qe_error_set(err, QE_EINVAL, "vectors",
                          "vector \"%s\" differs from the stored one (size %u, %s)", g->name,
                          st->dim, qe_distance_name(st->dist));
    }
  }
  qe_config_free(&c);
  return rc;
}

static int load(qe_shard *s, const qe_json *user_config, qe_error *err) {
  qe_json *man = NULL;
  int rc = qe_manifest_read(s->path, &man, err);
  if (rc) return rc;
  rc = qe_config_from_json(qe_json_object_get(man, "config"), &s->config, err);
  if (rc) {
    qe_json_free(man);
    return rc == QE_EINVAL ? QE_ECORRUPT : rc;
  }
  if (user_config && (rc = check_config_matches(&s->config, user_config, err))) {
    qe_json_free(man);
    return rc;
  }
  s->payload_schema = qe_json_clone(qe_json_object_get(man, "payload_schema"));
  if (!s->payload_schema) s->payload_schema = qe_json_new_object();
  s->vector_drops = qe_json_clone(qe_json_object_get(man, "vector_drops"));
  if (!s->vector_drops) s->vector_drops = qe_json_new_object();
  for (size_t i = 0; i < s->config.nvecs; i++)
    qe_json_get_u64(qe_json_object_get(s->vector_drops, s->config.vecs[i].name),
                    &s->config.vecs[i].dropped);
  qe_json_get_u64(qe_json_object_get(man, "flushed_seq"), &s->flushed_seq);
  qe_json_get_u64(qe_json_object_get(man, "next_segment_id"), &s->next_segment_id);
  if (!s->next_segment_id) s->next_segment_id = 1;
  s->last_seq = s->flushed_seq;
  const qe_json *segs = qe_json_object_get(man, "segments");
  size_t n = qe_json_array_len(segs);
  s->segs = qe_calloc(n + 1, sizeof *s->segs);
  if (!s->segs || qe_idmap_init(&s->ids)) {
    qe_json_free(man);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  for (size_t i = 0; i < n && !rc; i++) {
    uint64_t id = 0;
    qe_json_get_u64(qe_json_object_get(qe_json_array_at(segs, i), "id"), &id);
    char file[4096];
    segment_file(s, id, file, sizeof file);
    qe_segment *seg = NULL;
    rc = qe_segfile_open(file, id, &seg, err);
    if (!rc) s->segs[s->nsegs++] = seg;
  }
  qe_json_free(man);
  if (rc) return rc;
  /* size the id map once for every row, then index oldest segment first */
  size_t rows = 0;
  for (size_t i = 0; i < s->nsegs; i++)
    rows += s->segs[i]->count;
  if (qe_idmap_reserve(&s->ids, rows)) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  for (uint32_t i = 0; i < s->nsegs && !rc; i++)
    rc = index_segment(s, i);
  if (rc) return qe_error_set(err, rc, NULL, "out of memory");
  for (size_t i = 0; i < s->nsegs; i++)
    apply_tombstones(s, s->segs[i]);
  s->segs[s->nsegs] = qe_segment_new_mutable();
  if (!s->segs[s->nsegs]) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  s->nsegs++;
  if (qe_shard_sync_mutable_vecs(s)) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  if (s->opts.read_only) return QE_OK; /* read-only: the flushed state */
  char *wal_dir = join(s->path, "wal");
  if (!wal_dir) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  uint64_t wal_last = 0;
  rc = qe_wal_open(wal_dir, &s->wal, &wal_last, err);
  qe_free(wal_dir);
  if (rc) return rc;
  rc = qe_wal_replay(s->wal, s->flushed_seq, replay_one, s, err);
  if (rc) {
    if (!err || !err->code || rc == QE_ECORRUPT)
      qe_error_set(err, rc, NULL, "replaying the write-ahead log of %s failed (%s)", s->path,
                   qe_code_name(rc));
    return rc;
  }
  if (wal_last > s->last_seq) s->last_seq = wal_last;
  return QE_OK;
}

/* Remove segment files the manifest does not name (a crash during flush). */
static void remove_orphans(qe_shard *s) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/segments", s->path);
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    unsigned long long id;
    char tail[8];
    if (sscanf(e->d_name, "%llu.%7s", &id, tail) != 2) continue;
    bool known = false;
    for (size_t i = 0; i + 1 < s->nsegs; i++)
      known |= s->segs[i]->id == id;
    if (!known || strcmp(tail, "seg") != 0) {
      char f[8192];
      snprintf(f, sizeof f, "%s/%s", dir, e->d_name);
      unlink(f);
    }
  }
  closedir(d);
}

static qe_shard *shard_alloc(const char *path, const qe_shard_options *opts) {
  qe_shard *s = qe_calloc(1, sizeof *s);
  if (!s) return NULL;
  s->lock_fd = -1;
  if (opts) s->opts = *opts;
  if (!s->opts.fsync_interval_ms) s->opts.fsync_interval_ms = 100;
  if (!s->opts.flush_threshold) s->opts.flush_threshold = 20000;
  pthread_rwlock_init(&s->lock, NULL);
  pthread_mutex_init(&s->write_lock, NULL);
  pthread_cond_init(&s->syncer_cond, NULL);
  pthread_mutex_init(&s->sync_mu, NULL);
  pthread_cond_init(&s->sync_cond, NULL);
  s->path = qe_strndup(path, strlen(path));
  while (s->path && strlen(s->path) > 1 && s->path[strlen(s->path) - 1] == '/')
    s->path[strlen(s->path) - 1] = '\0';
  if (!s->path) {
    shard_free(s);
    return NULL;
  }
  return s;
}

int qe_shard_open(const char *path, const qe_json *config, const qe_shard_options *opts,
                  qe_shard **out, qe_error *err) {
  *out = NULL;
  if (!path || !*path) return qe_error_set(err, QE_EINVAL, "path", "a shard path is required");
  qe_shard *s = shard_alloc(path, opts);
  if (!s) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  struct stat st;
  if (stat(s->path, &st) != 0 || !S_ISDIR(st.st_mode)) {
    shard_free(s);
    return qe_error_set(err, QE_ENOTFOUND, NULL, "no edge shard at %s", path);
  }
  int rc = s->opts.read_only ? QE_OK : lock_dir(s, err);
  if (!rc) rc = load(s, config, err);
  if (rc) {
    shard_free(s);
    return rc;
  }
  if (!s->opts.read_only) remove_orphans(s);
  if (!s->opts.read_only && s->opts.durability == QE_DURABILITY_INTERVAL) {
    if (pthread_create(&s->syncer, NULL, syncer_main, s) != 0) {
      shard_free(s);
      return qe_error_set(err, QE_EIO, NULL, "could not start the log syncer thread");
    }
    s->syncer_running = true;
  }
  *out = s;
  return QE_OK;
}

int qe_shard_create(const char *path, const qe_json *config, const qe_shard_options *opts,
                    qe_shard **out, qe_error *err) {
  *out = NULL;
  if (!path || !*path) return qe_error_set(err, QE_EINVAL, "path", "a shard path is required");
  if (opts && opts->read_only)
    return qe_error_set(err, QE_EINVAL, NULL, "a shard cannot be created read-only");
  qe_shard *s = shard_alloc(path, opts);
  if (!s) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  int rc = qe_config_from_json(config, &s->config, err);
  if (rc) {
    shard_free(s);
    return rc;
  }
  if (mkdir(s->path, 0755) != 0 && errno != EEXIST) {
    rc = qe_error_set(err, QE_EIO, NULL, "create %s: %s", s->path, strerror(errno));
    shard_free(s);
    return rc;
  }
  char *file = join(s->path, MANIFEST);
  struct stat st;
  bool exists = file && stat(file, &st) == 0;
  qe_free(file);
  if (exists) {
    shard_free(s);
    return qe_error_set(err, QE_EEXIST, NULL, "an edge shard already exists at %s", path);
  }
  char *lockfile = join(s->path, "LOCK");
  bool had_lock = lockfile && access(lockfile, F_OK) == 0;
  if ((rc = lock_dir(s, err))) {
    qe_free(lockfile);
    shard_free(s);
    return rc;
  }
  /* an empty directory, or what a create killed before its manifest was
   * written leaves behind (the lock file, an empty segments folder, a
   * manifest's temporary file), counts as empty: such a create never
   * acknowledged anything */
  DIR *d = opendir(s->path);
  size_t entries = 0;
  for (struct dirent *e; d && (e = readdir(d));) {
    const char *n = e->d_name;
    if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "LOCK")) continue;
    if (!strcmp(n, "segments")) {
      char segs[4096];
      snprintf(segs, sizeof segs, "%s/segments", s->path);
      if (rmdir(segs) == 0) continue; /* fails unless empty */
    }
    if (!strncmp(n, MANIFEST ".tmp.", sizeof MANIFEST + 4)) {
      char *t = join(s->path, n);
      if (t && unlink(t) == 0) {
        qe_free(t);
        continue;
      }
      qe_free(t);
    }
    entries++;
  }
  if (d) closedir(d);
  if (entries) {
    if (!had_lock && lockfile) unlink(lockfile); /* leave the folder as it was */
    qe_free(lockfile);
    shard_free(s);
    return qe_error_set(err, QE_EEXIST, NULL, "%s is not empty", path);
  }
  qe_free(lockfile);
  char segdir[4096];
  snprintf(segdir, sizeof segdir, "%s/segments", s->path);
  if (mkdir(segdir, 0755) != 0 && errno != EEXIST) {
    rc = qe_error_set(err, QE_EIO, NULL, "create %s: %s", segdir, strerror(errno));
    shard_free(s);
    return rc;
  }
  s->payload_schema = qe_json_new_object();
  s->vector_drops = qe_json_new_object();
  s->next_segment_id = 1;
  s->nsegs = 0; /* the manifest lists no segment yet */
  s->segs = qe_calloc(1, sizeof *s->segs);
  s->segs[0] = qe_segment_new_mutable();
  s->nsegs = 1;
  rc = qe_manifest_write(s, err);
  if (!rc) rc = qe_fs_fsync_dir(s->path, err);
  /* reopen through the normal path: one way in */
  qe_config_free(&s->config);
  close(s->lock_fd);
  s->lock_fd = -1;
  for (size_t i = 0; i < s->nsegs; i++)
    qe_segment_free(s->segs[i]);
  qe_free(s->segs);
  s->segs = NULL;
  s->nsegs = 0;
  qe_json_free(s->payload_schema);
  s->payload_schema = NULL;
  qe_json_free(s->vector_drops);
  s->vector_drops = NULL;
  if (rc) {
    shard_free(s);
    return rc;
  }
  qe_shard_options o = s->opts;
  shard_free(s);
  return qe_shard_open(path, NULL, &o, out, err);
}

/* ------------------------------------------------------------ flush */

/* Write the mutable segment out and re-point its rows; caller holds both
 * locks. */
static int flush_locked(qe_shard *s, qe_error *err) {
  if (s->opts.read_only) return QE_OK;
  qe_segment *m = qe_shard_mutable(s);
  bool have_rows = m->count > m->ndead || m->ntomb > 0;
  if (!have_rows && s->flushed_seq == s->last_seq) return QE_OK;
  int rc;
  if (s->wal && (rc = qe_wal_sync(s->wal, err))) return rc;
  s->wal_dirty = false;
  if (have_rows) {
    uint64_t id = s->next_segment_id;
    char file[4096];
    segment_file(s, id, file, sizeof file);
    if ((rc = qe_segfile_write(file, m, err))) return rc;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/segments", s->path);
    if ((rc = qe_fs_fsync_dir(dir, err))) return rc;
    qe_segment *seg = NULL;
    if ((rc = qe_segfile_open(file, id, &seg, err))) return rc;
    qe_segment *fresh = qe_segment_new_mutable();
    qe_segment **segs = qe_realloc(s->segs, (s->nsegs + 1) * sizeof *segs);
    if (!fresh || !segs) {
      qe_segment_free(seg);
      qe_segment_free(fresh);
      if (segs) s->segs = segs;
      unlink(file);
      return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    }
    s->segs = segs;
    /* the new file holds the live rows of m in order */
    uint32_t slot = (uint32_t)(s->nsegs - 1);
    size_t k = 0;
    for (size_t r = 0; r < m->count; r++) {
      if (qe_segment_dead(m, r)) continue;
      qe_loc *loc = qe_idmap_get(&s->ids, &m->ids[r]);
      if (loc) {
        loc->seg = slot;
        loc->row = (uint32_t)k;
      }
      k++;
    }
    s->segs[slot] = seg;
    s->segs[s->nsegs] = fresh;
    s->nsegs++;
    qe_segment_free(m);
    s->next_segment_id = id + 1;
    if (qe_shard_sync_mutable_vecs(s)) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  s->flushed_seq = s->last_seq;
  if ((rc = qe_manifest_write(s, err))) return rc;
  if (s->wal && (rc = qe_wal_truncate(s->wal, s->flushed_seq, err))) return rc;
  return QE_OK;
}

int qe_shard_flush(qe_shard *s, qe_error *err) {
  if (!s || s->closed) return qe_error_set(err, QE_ESTATE, NULL, "the shard is closed");
  pthread_mutex_lock(&s->write_lock);
  pthread_rwlock_wrlock(&s->lock);
  int rc = flush_locked(s, err);
  pthread_rwlock_unlock(&s->lock);
  pthread_mutex_unlock(&s->write_lock);
  return rc;
}

int qe_shard_maybe_flush(qe_shard *s, qe_error *err) {
  qe_segment *m = qe_shard_mutable(s);
  if (m->count < s->opts.flush_threshold) return QE_OK;
  return flush_locked(s, err);
}

/* ------------------------------------------------------------ optimize */

qe_seg_vecs *qe_shard_seg_vec(const qe_shard *s, const qe_segment *seg, size_t vi) {
  const qe_vec_conf *vc = &s->config.vecs[vi];
  qe_seg_vecs *v = qe_segment_vecs(seg, vc->name);
  if (!v || v->dim != vc->dim || v->sparse != vc->sparse || v->multi != vc->multi) return NULL;
  return v;
}

qe_seg_vecs *qe_shard_row_vec(const qe_shard *s, const qe_segment *seg, size_t row, size_t vi) {
  qe_seg_vecs *v = qe_shard_seg_vec(s, seg, vi);
  return qe_shard_row_has(s, seg, v, row, vi) ? v : NULL;
}

int qe_shard_copy_row(qe_shard *s, qe_segment *m, qe_segment *seg, size_t r, uint64_t version,
                      const bool *skip, size_t *new_row) {
  size_t nr = qe_segment_append(m, &seg->ids[r], version);
  if (nr == (size_t)-1) return QE_ENOMEM;
  for (size_t i = 0; i < s->config.nvecs; i++) {
    const qe_vec_conf *vc = &s->config.vecs[i];
    if (skip && skip[i]) continue;
    qe_seg_vecs *src = qe_shard_row_vec(s, seg, r, i);
    qe_seg_vecs *dst = qe_segment_vecs(m, vc->name);
    if (!src || !dst) continue;
    int rc;
    if (vc->sparse) {
      uint64_t b, e;
      qe_segment_span(seg, src, r, &b, &e);
      rc = qe_segment_set_sparse(m, dst, nr, src->idx + b, src->val + b, (size_t)(e - b));
    } else if (vc->multi) {
      uint64_t b, e;
      qe_segment_span(seg, src, r, &b, &e);
      rc = qe_segment_set_multi(m, dst, nr, src->val + b * vc->dim, (size_t)(e - b));
    } else {
      rc = qe_segment_set_dense(m, dst, nr, qe_segment_dense(seg, src, r));
    }
    if (rc) return rc;
  }
  const qe_json *p = qe_segment_payload(seg, r);
  if (p) {
    m->payloads[nr] = qe_json_clone(p);
    if (!m->payloads[nr]) return QE_ENOMEM;
  }
  *new_row = nr;
  return QE_OK;
}

int qe_shard_optimize(qe_shard *s, bool *optimized, qe_error *err) {
  if (optimized) *optimized = false;
  if (!s || s->closed) return qe_error_set(err, QE_ESTATE, NULL, "the shard is closed");
  if (s->opts.read_only) return qe_error_set(err, QE_ESTATE, NULL, "the shard is read-only");
  pthread_mutex_lock(&s->write_lock);
  pthread_rwlock_wrlock(&s->lock);
  int rc = flush_locked(s, err);
  if (rc || s->nsegs <= 2) {
    /* zero or one immutable segment: vacuum only when it has dead rows */
    bool vacuum = !rc && s->nsegs == 2 && s->segs[0]->ndead > 0;
    if (!vacuum) goto done;
  }
  {
    size_t old_n = s->nsegs - 1;
    qe_segment *merged = qe_segment_new_mutable();
    if (!merged) {
      rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
      goto done;
    }
    /* the merged segment takes the slot of the current (empty) mutable one */
    qe_segment *empty = qe_shard_mutable(s);
    s->segs[s->nsegs - 1] = merged;
    rc = qe_shard_sync_mutable_vecs(s);
    for (size_t i = 0; !rc && i < old_n; i++) {
      qe_segment *seg = s->segs[i];
      for (size_t r = 0; !rc && r < seg->count; r++) {
        if (qe_segment_dead(seg, r)) continue;
        size_t nr;
        rc = qe_shard_copy_row(s, merged, seg, r, seg->versions[r], NULL, &nr);
      }
    }
    s->segs[s->nsegs - 1] = empty;
    if (rc) {
      qe_segment_free(merged);
      qe_error_set(err, rc, NULL, "out of memory while optimizing");
      goto done;
    }
    uint64_t id = s->next_segment_id;
    char file[4096];
    segment_file(s, id, file, sizeof file);
    rc = qe_segfile_write(file, merged, err);
    qe_segment_free(merged);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/segments", s->path);
    if (!rc) rc = qe_fs_fsync_dir(dir, err);
    qe_segment *seg = NULL;
    if (!rc) rc = qe_segfile_open(file, id, &seg, err);
    if (rc) {
      unlink(file);
      goto done;
    }
    /* swap: the merged file replaces every immutable segment */
    qe_segment **olds = qe_malloc(old_n * sizeof *olds);
    if (!olds) {
      qe_segment_free(seg);
      unlink(file);
      rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
      goto done;
    }
    memcpy(olds, s->segs, old_n * sizeof *olds);
    s->segs[0] = seg;
    s->segs[1] = empty;
    s->nsegs = 2;
    s->next_segment_id = id + 1;
    qe_idmap_free(&s->ids);
    qe_idmap_init(&s->ids);
    rc = index_segment(s, 0);
    if (!rc) rc = qe_manifest_write(s, err);
    for (size_t i = 0; i < old_n; i++) {
      char f[4096];
      segment_file(s, olds[i]->id, f, sizeof f);
      if (!rc) unlink(f);
      qe_segment_free(olds[i]);
    }
    qe_free(olds);
    if (!rc) rc = qe_fs_fsync_dir(dir, err);
    if (!rc && optimized) *optimized = true;
  }
done:
  pthread_rwlock_unlock(&s->lock);
  pthread_mutex_unlock(&s->write_lock);
  return rc;
}

/* ------------------------------------------------------------ close */

int qe_shard_close(qe_shard *s, qe_error *err) {
  if (!s) return QE_OK;
  int rc = QE_OK;
  syncer_stop(s);
  if (!s->closed && !s->opts.read_only) {
    pthread_mutex_lock(&s->write_lock);
    pthread_rwlock_wrlock(&s->lock);
    rc = flush_locked(s, err);
    s->closed = true;
    pthread_rwlock_unlock(&s->lock);
    pthread_mutex_unlock(&s->write_lock);
  }
  shard_free(s);
  return rc;
}
