/*
 * h_snapshots.c — collection snapshots: a tar (libarchive, pax format) of
 * the collection directory taken after flushing every shard, stored as
 * <storage>/snapshots/<collection>/<collection>-<time>.snapshot. The routes
 * hold the registry lock exclusively, so no update runs while the files
 * are read. Recovery takes a file:// location inside the snapshots
 * directory, or an http(s):// URL (downloaded with libcurl into the
 * snapshots directory first), or a multipart upload (`snapshot` field,
 * saved there first); an optional sha256 `checksum` must match; the archive
 * is unpacked beside the collections and swapped in. (The edge snapshot
 * format itself belongs to the engine.)
 */
#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* lower-case hex sha256 of the file at `path` into hex[65]; 0 or -1 */
static int file_sha256(const char *path, char hex[65]) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int rc = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) ? 0 : -1;
  char buf[65536];
  ssize_t n;
  while (!rc && (n = read(fd, buf, sizeof buf)) > 0)
    if (!EVP_DigestUpdate(md, buf, (size_t)n)) rc = -1;
  if (!rc && n < 0) rc = -1;
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned dl = 0;
  if (!rc && !EVP_DigestFinal_ex(md, d, &dl)) rc = -1;
  for (unsigned i = 0; !rc && i < dl && i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", d[i]);
  EVP_MD_CTX_free(md);
  close(fd);
  return rc;
}

/* Replace (or create) collection params[0] with the snapshot at `path`;
 * `checksum` (sha256 hex, or NULL) must match the file. Answers. */
static void recover_file(srv_ctx *c, const char *path, const char *checksum) {
  qe_error err = {0};
  int rc = srv_check_name(c->params[0], &err);
  if (!rc && checksum && *checksum) {
    char hex[65] = {0};
    if (file_sha256(path, hex))
      rc = qe_error_set(&err, QE_EIO, NULL, "cannot read the snapshot %s", path);
    else if (strcasecmp(hex, checksum) != 0) {
      srv_fail(c, 400, "Bad request: Snapshot checksum mismatch: expected %s, got %s", checksum,
               hex);
      return;
    }
  }
  char tmp[4096];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(tmp, sizeof tmp, "%s/collections/.recover-%ld%09ld", c->reg->storage, (long)ts.tv_sec,
           ts.tv_nsec);
  if (!rc) rc = unpack(path, tmp, &err);
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

/* a new file name in <storage>/snapshots for a download or an upload;
 * `fd` receives it open for writing */
static char *temp_snapshot(const srv_ctx *c, const char *what, int *fd) {
  char *dir = snap_dir(c, "", true); /* <storage>/snapshots/ */
  if (!dir) return NULL;
  size_t n = strlen(dir) + 64;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s.%s-XXXXXX", dir, what);
  free(dir);
  if (p && (*fd = mkostemp(p, O_CLOEXEC)) < 0) {
    free(p);
    p = NULL;
  }
  return p;
}

static size_t on_curl_data(char *data, size_t size, size_t n, void *cookie) {
  int fd = *(int *)cookie;
  size_t len = size * n, done = 0;
  while (done < len) {
    ssize_t w = write(fd, data + done, len - done);
    if (w <= 0) return 0; /* curl then fails with a write error */
    done += (size_t)w;
  }
  return len;
}

/* download `url` (http or https) into `fd`; a message in err on failure */
static int download(const char *url, int fd, qe_error *err) {
  CURL *h = curl_easy_init();
  if (!h) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  char msg[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
  /* a stalled transfer (under 1 KiB/s for 60 s) is given up */
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, msg);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_curl_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &fd);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  if (rc == CURLE_OK && fsync(fd) == 0) return 0;
  return qe_error_set(err, QE_EINVAL, "location", "cannot download the snapshot %s: %s", url,
                      *msg ? msg : curl_easy_strerror(rc));
}

void h_snap_recover(srv_ctx *c) {
  const char *loc = qe_json_get_string(qe_json_object_get(c->body, "location"), NULL);
  const char *checksum = qe_json_get_string(qe_json_object_get(c->body, "checksum"), NULL);
  if (loc && (strncmp(loc, "http://", 7) == 0 || strncmp(loc, "https://", 8) == 0)) {
    int fd = -1;
    char *tmp = temp_snapshot(c, "download", &fd);
    if (!tmp) {
      srv_fail(c, 500, "Service internal error: cannot create a file in the snapshots directory");
      return;
    }
    qe_error err = {0};
    int rc = download(loc, fd, &err);
    close(fd);
    if (rc)
      srv_fail(c, 400, "Bad request: %s", err.message);
    else
      recover_file(c, tmp, checksum);
    unlink(tmp);
    free(tmp);
    return;
  }
  if (!loc || strncmp(loc, "file://", 7) != 0) {
    srv_fail(c, 400,
             "Bad request: snapshot locations are file://, http:// or https:// URLs, not %s",
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
  recover_file(c, real, checksum);
  free(real);
}

/* ------------------------------------------------------------ upload */

/* The content of form field `field` of multipart body `b` (boundary from
 * `ctype`), or NULL with a message in err. */
static const char *form_field(const char *ctype, const char *b, size_t len, const char *field,
                              size_t *out_len, const char **why) {
  const char *bp = ctype ? strcasestr(ctype, "boundary=") : NULL;
  if (!ctype || strncasecmp(ctype, "multipart/form-data", 19) != 0 || !bp) {
    *why = "the body must be multipart/form-data with a boundary";
    return NULL;
  }
  bp += 9;
  char delim[256] = "\r\n--";
  size_t dl = 4;
  bool quoted = *bp == '"';
  if (quoted) bp++;
  while (*bp && dl < sizeof delim - 1 && (quoted ? *bp != '"' : (*bp != ';' && *bp != ' ')))
    delim[dl++] = *bp++;
  delim[dl] = 0;
  if (dl == 4) {
    *why = "the multipart boundary is empty";
    return NULL;
  }
  char want[128];
  snprintf(want, sizeof want, "name=\"%s\"", field);
  /* parts start after "--boundary\r\n"; the body may begin with the
   * boundary itself (no leading CRLF) */
  const char *p, *end = b + len;
  if (len >= dl - 2 && memcmp(b, delim + 2, dl - 2) == 0) {
    p = b + dl - 2;
  } else {
    p = memmem(b, len, delim, dl);
    if (p) p += dl;
  }
  while (p && p < end) {
    if (end - p >= 2 && p[0] == '-' && p[1] == '-') break; /* the closing delimiter */
    const char *hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
    if (!hdr_end) break;
    const char *data = hdr_end + 4;
    const char *next = memmem(data, (size_t)(end - data), delim, dl);
    if (!next) break;
    bool match = false;
    for (const char *h = p; h + strlen(want) <= hdr_end && !match; h++)
      match = strncasecmp(h, want, strlen(want)) == 0;
    if (match) {
      *out_len = (size_t)(next - data);
      return data;
    }
    p = next + dl;
  }
  *why = "the multipart body has no \"snapshot\" part";
  return NULL;
}

void h_snap_upload(srv_ctx *c) {
  size_t n = 0;
  const char *why = NULL;
  const char *data =
      form_field(c->req->content_type, c->req->body, c->req->body_len, "snapshot", &n, &why);
  if (!data) {
    srv_fail(c, 400, "Bad request: %s", why);
    return;
  }
  int fd = -1;
  char *tmp = temp_snapshot(c, "upload", &fd);
  if (!tmp) {
    srv_fail(c, 500, "Service internal error: cannot create a file in the snapshots directory");
    return;
  }
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(fd, data + done, n - done);
    if (w <= 0) break;
    done += (size_t)w;
  }
  bool ok = done == n && fsync(fd) == 0;
  close(fd);
  if (ok)
    recover_file(c, tmp, srv_arg(c, "checksum"));
  else
    srv_fail(c, 500, "Service internal error: cannot write the uploaded snapshot");
  unlink(tmp);
  free(tmp);
}
