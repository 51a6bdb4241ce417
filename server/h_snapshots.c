/*
 * h_snapshots.c — collection snapshots: a tar (libarchive, pax format) of
 * the collection directory taken after flushing every shard, stored as
 * <storage>/snapshots/<collection>/<collection>-<time>.snapshot. The routes
 * hold the registry lock exclusively, so no update runs while the files
 * are read. Recovery takes a file:// location inside the snapshots
 * directory, unpacks it beside the collections and swaps it in. (The edge
 * snapshot format itself belongs to the engine.)
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "handlers.h"
#include "qedge/base.h"
#include "registry.h"
#include "reply.h"

static char *snap_dir(const srv_ctx *c, const char *coll, bool make) {
  size_t n = strlen(c->reg->storage) + strlen(coll) + 32;
  char *p = malloc(n);
  if (!p) return NULL;
  snprintf(p, n, "%s/snapshots", c->reg->storage);
  if (make) mkdir(p, 0755);
  snprintf(p, n, "%s/snapshots/%s", c->reg->storage, coll);
  if (make) mkdir(p, 0755);
  return p;
}

static qe_json *describe(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  struct stat st;
  if (stat(path, &st)) return NULL;
  char when[64];
  struct tm tm;
  gmtime_r(&st.st_mtime, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
  qe_json *d = qe_json_new_object();
  qe_json_object_set(d, "name", qe_json_new_cstr(name));
  qe_json_object_set(d, "creation_time", qe_json_new_cstr(when));
  qe_json_object_set(d, "size", qe_json_new_uint((uint64_t)st.st_size));
  return d;
}

void h_snap_list(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  char *dir = snap_dir(c, col->name, false);
  srv_close_coll(col);
  qe_json *arr = qe_json_new_array();
  DIR *d = dir ? opendir(dir) : NULL;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    size_t n = strlen(de->d_name);
    if (n > 9 && strcmp(de->d_name + n - 9, ".snapshot") == 0) {
      qe_json *x = describe(dir, de->d_name);
      if (x) qe_json_array_push(arr, x);
    }
  }
  if (d) closedir(d);
  free(dir);
  srv_ok(c, arr);
}

/* ------------------------------------------------------------ writing */

static _Thread_local struct archive *tar_out;
static _Thread_local size_t tar_skip; /* length of the directory prefix */
static _Thread_local int tar_failed;

static int add_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)ftw;
  if (flag != FTW_F && flag != FTW_D) return 0;
  const char *rel = path + tar_skip;
  if (*rel == '/') rel++;
  if (!*rel) return 0;
  const char *base = strrchr(rel, '/');
  if (flag == FTW_F && strcmp(base ? base + 1 : rel, "LOCK") == 0) return 0; /* flock file */
  struct archive_entry *e = archive_entry_new();
  archive_entry_copy_pathname(e, rel);
  archive_entry_copy_stat(e, st);
  if (archive_write_header(tar_out, e) != ARCHIVE_OK) tar_failed = 1;
  if (flag == FTW_F && !tar_failed) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) tar_failed = 1;
    char buf[65536];
    ssize_t n;
    while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0)
      if (archive_write_data(tar_out, buf, (size_t)n) < 0) tar_failed = 1;
    if (fd >= 0) close(fd);
  }
  archive_entry_free(e);
  return tar_failed;
}

void h_snap_create(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) {
    srv_fail_no_collection(c, c->params[0]);
    return;
  }
  qe_error err = {0};
  for (size_t i = 0; i < col->nshards; i++)
    if (qe_shard_flush(col->shards[i]->sh, &err)) {
      srv_fail_qe(c, &err);
      return;
    }
  char *dir = snap_dir(c, col->name, true);
  char name[512], path[4096], tmp[4200];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char stamp[64];
  strftime(stamp, sizeof stamp, "%Y-%m-%d-%H-%M-%S", &tm);
  snprintf(name, sizeof name, "%s-%s-%03ld.snapshot", col->name, stamp, ts.tv_nsec / 1000000);
  snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", name);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  tar_out = archive_write_new();
  archive_write_set_format_pax_restricted(tar_out);
  tar_failed = archive_write_open_filename(tar_out, tmp) != ARCHIVE_OK;
  tar_skip = strlen(col->dir);
  if (!tar_failed) nftw(col->dir, add_entry, 16, FTW_PHYS);
  if (archive_write_close(tar_out) != ARCHIVE_OK) tar_failed = 1;
  archive_write_free(tar_out);
  tar_out = NULL;
  if (tar_failed || rename(tmp, path)) {
    remove(tmp);
    free(dir);
    srv_fail(c, 500, "Service internal error: cannot write snapshot %s", name);
    return;
  }
  qe_json *d = describe(dir, name);
  free(dir);
  srv_ok(c, d);
}

static bool safe_name(const char *n) {
  return *n && !strchr(n, '/') && strcmp(n, ".") && strcmp(n, "..");
}

void h_snap_delete(srv_ctx *c) {
  srv_collection *col = srv_registry_get(c->reg, c->params[0]);
  if (!col) {
    srv_fail_no_collection(c, c->params[0]);
    return;
  }
  char *dir = snap_dir(c, col->name, false);
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", c->params[1]);
  free(dir);
  if (!safe_name(c->params[1]) || remove(path)) {
    srv_fail(c, 404, "Not found: Snapshot %s not found", c->params[1]);
    return;
  }
  srv_ok_true(c);
}

void h_snap_get(srv_ctx *c) {
  srv_collection *col = srv_open_coll(c);
  if (!col) return;
  char *dir = snap_dir(c, col->name, false);
  srv_close_coll(col);
  size_t n = (dir ? strlen(dir) : 1) + strlen(c->params[1]) + 2;
  char *path = malloc(n);
  if (path) snprintf(path, n, "%s/%s", dir ? dir : ".", c->params[1]);
  free(dir);
  struct stat st;
  if (!path || !safe_name(c->params[1]) || stat(path, &st) || !S_ISREG(st.st_mode)) {
    free(path);
    srv_fail(c, 404, "Not found: Snapshot %s not found", c->params[1]);
    return;
  }
  c->res->status = 200;
  c->res->file_path = path;
  c->res->content_type = "application/octet-stream";
}

/* ------------------------------------------------------------ recovery */

/* Unpack the tar at `path` into the new directory `dir`; only plain files
 * and directories with relative, ".."-free names are accepted. */
static int unpack(const char *path, const char *dir, qe_error *err) {
  if (mkdir(dir, 0755))
    return qe_error_set(err, QE_EIO, NULL, "cannot create %s: %s", dir, strerror(errno));
  struct archive *a = archive_read_new();
  archive_read_support_format_tar(a);
  int rc = 0;
  if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
    rc = qe_error_set(err, QE_EINVAL, "location", "not a snapshot archive: %s",
                      archive_error_string(a));
    archive_read_free(a);
    return rc;
  }
  struct archive_entry *e;
  char out[4096];
  while (!rc && archive_read_next_header(a, &e) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(e);
    mode_t type = archive_entry_filetype(e);
    if (!name || name[0] == '/' || strstr(name, "..") || (type != AE_IFREG && type != AE_IFDIR)) {
      rc = qe_error_set(err, QE_EINVAL, "location", "snapshot entry %s is not allowed",
                        name ? name : "?");
      break;
    }
    if (snprintf(out, sizeof out, "%s/%s", dir, name) >= (int)sizeof out) {
      rc = qe_error_set(err, QE_EINVAL, "location", "snapshot entry name too long");
      break;
    }
    if (type == AE_IFDIR) {
      if (mkdir(out, 0755) && errno != EEXIST)
        rc = qe_error_set(err, QE_EIO, NULL, "cannot create %s: %s", out, strerror(errno));
      continue;
    }
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
      rc = qe_error_set(err, QE_EIO, NULL, "cannot create %s: %s", out, strerror(errno));
      break;
    }
    const void *buf;
    size_t size;
    la_int64_t off;
    int r;
    while ((r = archive_read_data_block(a, &buf, &size, &off)) == ARCHIVE_OK) {
      if (lseek(fd, (off_t)off, SEEK_SET) < 0 || write(fd, buf, size) != (ssize_t)size) {
        rc = qe_error_set(err, QE_EIO, NULL, "cannot write %s", out);
        break;
      }
    }
    if (!rc && r != ARCHIVE_EOF)
      rc =
          qe_error_set(err, QE_EINVAL, "location", "damaged snapshot: %s", archive_error_string(a));
    if (fsync(fd) && !rc) rc = qe_error_set(err, QE_EIO, NULL, "cannot sync %s", out);
    close(fd);
  }
  archive_read_free(a);
  return rc;
}

void h_snap_recover(srv_ctx *c) {
  const char *loc = qe_json_get_string(qe_json_object_get(c->body, "location"), NULL);
  if (!loc || strncmp(loc, "file://", 7) != 0) {
    srv_fail(c, 400, "Bad request: only file:// snapshot locations are supported, not %s",
             loc ? loc : "(none)");
    return;
  }
  char *real = realpath(loc + 7, NULL);
  size_t n = strlen(c->reg->storage) + 16;
  char *base = malloc(n);
  if (base) snprintf(base, n, "%s/snapshots", c->reg->storage);
  char *real_base = base ? realpath(base, NULL) : NULL;
  free(base);
  bool inside = real && real_base && strncmp(real, real_base, strlen(real_base)) == 0 &&
                real[strlen(real_base)] == '/';
  free(real_base);
  if (!inside) {
    free(real);
    srv_fail(c, 400, "Bad request: snapshot %s is not a file in the snapshots directory", loc);
    return;
  }
  qe_error err = {0};
  int rc = srv_check_name(c->params[0], &err);
  char tmp[4096];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(tmp, sizeof tmp, "%s/collections/.recover-%ld%09ld", c->reg->storage, (long)ts.tv_sec,
           ts.tv_nsec);
  if (!rc) rc = unpack(real, tmp, &err);
  free(real);
  if (!rc) {
    char meta[4200];
    snprintf(meta, sizeof meta, "%s/collection.json", tmp);
    struct stat st;
    if (stat(meta, &st))
      rc = qe_error_set(&err, QE_EINVAL, "location", "the snapshot holds no collection.json");
  }
  if (!rc) rc = srv_registry_replace(c->reg, c->params[0], tmp, &err);
  if (rc) {
    srv_remove_tree(tmp);
    srv_fail_qe(c, &err);
    return;
  }
  srv_ok_true(c);
}
