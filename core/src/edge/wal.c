/* wal.c — the write-ahead log: CRC-framed records appended to numbered files.
 *
 * Invariants the code keeps (see docs/FORMAT.md, "Write-ahead log"):
 * - file names (first seqs) increase; every record in a file is below the
 *   next file's name; seqs increase strictly across records and files;
 * - records below their own file's name are dead (qe_wal_truncate renames
 *   the first remaining file rather than rewriting it);
 * - only the last file may hold unsynced bytes: a file is fdatasynced before
 *   a newer one is created, so after a crash only the last file can end in a
 *   torn record, and corruption anywhere else is real corruption.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "qedge/base.h"
#include "wal.h"

#define NAME_DIGITS 20
#define NAME_LEN    (NAME_DIGITS + 4) /* "<20 digits>.log" */
#define NAME_SIZE   32
#define READ_CHUNK  ((size_t)256 << 10) /* smallest read buffer */
#define SCAN_CHUNK  ((size_t)64 << 10)  /* buffer for the look-ahead after corruption */

static const unsigned char wal_magic[4] = {'Q', 'E', 'W', 'R'};

typedef struct wal_file {
  uint64_t first; /* the number in the file name */
  uint64_t size;  /* bytes of whole, valid records */
} wal_file;

struct qe_wal {
  char *dir;
  int dirfd;       /* open on `dir`; holds the flock */
  int fd;          /* the last file, open for appending; -1: next append starts a file */
  wal_file *files; /* in name order */
  size_t nfiles, capfiles;
  uint64_t last_seq; /* appends need a larger seq */
  uint64_t total;    /* sum of files[].size */
  uint64_t rotate_size;
  bool dirty;     /* bytes appended to fd since its last fdatasync */
  bool dir_dirty; /* a file was created since the last directory fsync */
  bool broken;    /* a write could not be undone or a sync failed */
  char *buf;      /* read buffer: cap bytes plus one for a NUL */
  size_t cap;
};

/* ---------------------------------------------------------------- helpers */

static void put_u32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static uint64_t get_u64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static void file_name(char out[NAME_SIZE], uint64_t first) {
  snprintf(out, NAME_SIZE, "%020" PRIu64 ".log", first);
}

/* 1: a log file name (its number in *first); 0: not ours; -1: 20 digits that
 * overflow a u64. */
static int parse_name(const char *name, uint64_t *first) {
  if (strlen(name) != NAME_LEN || strcmp(name + NAME_DIGITS, ".log") != 0) return 0;
  uint64_t v = 0;
  for (int i = 0; i < NAME_DIGITS; i++) {
    if (name[i] < '0' || name[i] > '9') return 0;
    unsigned d = (unsigned)(name[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return -1;
    v = v * 10 + d;
  }
  *first = v;
  return 1;
}

static int datasync(int fd) {
  int rc;
#if defined(__APPLE__)
  rc = fcntl(fd, F_FULLFSYNC) == -1 ? fsync(fd) : 0;
#else
  do {
    rc = fdatasync(fd);
  } while (rc != 0 && errno == EINTR);
#endif
  return rc;
}

static int io_err(qe_error *err, const qe_wal *w, const char *what, const char *name) {
  int e = errno;
  return qe_error_set(err, QE_EIO, NULL, "wal: %s %s%s%s: %s", what, w->dir, name ? "/" : "",
                      name ? name : "", strerror(e));
}

static int nomem(qe_error *err) {
  return qe_error_set(err, QE_ENOMEM, NULL, "wal: out of memory");
}

static int broken_err(qe_error *err, const qe_wal *w) {
  return qe_error_set(err, QE_ESTATE, NULL,
                      "wal: %s refuses writes after an earlier I/O failure; reopen it", w->dir);
}

static int files_reserve(qe_wal *w, size_t n) {
  if (n <= w->capfiles) return 0;
  size_t cap = w->capfiles ? w->capfiles * 2 : 8;
  while (cap < n)
    cap *= 2;
  wal_file *f = qe_realloc(w->files, cap * sizeof *f);
  if (!f) return -1;
  w->files = f;
  w->capfiles = cap;
  return 0;
}

static void files_remove_front(qe_wal *w, size_t n) {
  memmove(w->files, w->files + n, (w->nfiles - n) * sizeof *w->files);
  w->nfiles -= n;
}

static int cmp_files(const void *a, const void *b) {
  uint64_t x = ((const wal_file *)a)->first, y = ((const wal_file *)b)->first;
  return x < y ? -1 : x > y;
}

static ssize_t pread_full(int fd, void *buf, size_t len, uint64_t off) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

/* ---------------------------------------------------------------- reading */

typedef struct reader {
  qe_wal *w;
  int fd;
  uint64_t limit; /* bytes of the file to read */
  uint64_t pos;   /* file offset of buf[end] */
  size_t start, end;
} reader;

enum { REC_OK, REC_END, REC_BAD, REC_ENOMEM, REC_EIO };

typedef struct rec {
  uint64_t off; /* file offset of the frame */
  uint64_t seq;
  char *data;
  size_t len;
  const char *why; /* REC_BAD: what is wrong */
} rec;

/* Make `need` bytes available at buf[start] unless the file (up to limit)
 * ends first. The buffer keeps one spare byte past cap for a NUL. */
static int reader_fill(reader *r, size_t need) {
  qe_wal *w = r->w;
  if (r->end - r->start >= need) return REC_OK;
  if (r->start + need > w->cap) {
    size_t avail = r->end - r->start;
    if (need > w->cap) {
      size_t cap = w->cap ? w->cap : READ_CHUNK;
      while (cap < need)
        cap *= 2;
      char *b = qe_realloc(w->buf, cap + 1);
      if (!b) return REC_ENOMEM;
      w->buf = b;
      w->cap = cap;
    }
    memmove(w->buf, w->buf + r->start, avail);
    r->start = 0;
    r->end = avail;
  }
  while (r->end - r->start < need && r->pos < r->limit) {
    size_t room = w->cap - r->end;
    if ((uint64_t)room > r->limit - r->pos) room = (size_t)(r->limit - r->pos);
    ssize_t n = read(r->fd, w->buf + r->end, room);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return REC_EIO;
    if (n == 0) break;
    r->end += (size_t)n;
    r->pos += (uint64_t)n;
  }
  return REC_OK;
}

static int reader_next(reader *r, rec *out) {
  out->off = r->pos - (r->end - r->start);
  out->why = NULL;
  int rc = reader_fill(r, QE_WAL_HEADER_SIZE);
  if (rc != REC_OK) return rc;
  size_t avail = r->end - r->start;
  if (avail == 0) return REC_END;
  if (avail < QE_WAL_HEADER_SIZE) {
    out->why = "truncated record header";
    return REC_BAD;
  }
  const unsigned char *h = (const unsigned char *)r->w->buf + r->start;
  if (memcmp(h, wal_magic, 4) != 0) {
    out->why = "bad record magic";
    return REC_BAD;
  }
  uint32_t len = get_u32(h + 4);
  if (len > QE_WAL_MAX_RECORD) {
    out->why = "record length over the 256 MiB limit";
    return REC_BAD;
  }
  rc = reader_fill(r, QE_WAL_HEADER_SIZE + (size_t)len);
  if (rc != REC_OK) return rc;
  if (r->end - r->start < QE_WAL_HEADER_SIZE + (size_t)len) {
    out->why = "truncated record payload";
    return REC_BAD;
  }
  h = (const unsigned char *)r->w->buf + r->start;
  uint32_t crc = qe_crc32c(0, h + 8, 8);
  crc = qe_crc32c(crc, h + QE_WAL_HEADER_SIZE, len);
  if (crc != get_u32(h + 16)) {
    out->why = "record checksum mismatch";
    return REC_BAD;
  }
  out->seq = get_u64(h + 8);
  out->data = r->w->buf + r->start + QE_WAL_HEADER_SIZE;
  out->len = len;
  r->start += QE_WAL_HEADER_SIZE + (size_t)len;
  return REC_OK;
}

/* Release the read buffer after a pass over the log. */
static void reader_done(qe_wal *w) {
  qe_free(w->buf);
  w->buf = NULL;
  w->cap = 0;
}

/* Whether a whole, checksum-valid frame starts at `off` (ending by `limit`).
 * 1 yes, 0 no, -1 read error. */
static int frame_at(int fd, uint64_t off, uint64_t limit, unsigned char *tmp, size_t tmpsz) {
  unsigned char h[QE_WAL_HEADER_SIZE];
  if (limit - off < QE_WAL_HEADER_SIZE) return 0;
  ssize_t n = pread_full(fd, h, sizeof h, off);
  if (n < 0) return -1;
  if ((size_t)n < sizeof h || memcmp(h, wal_magic, 4) != 0) return 0;
  uint32_t len = get_u32(h + 4);
  if (len > QE_WAL_MAX_RECORD || limit - off - QE_WAL_HEADER_SIZE < len) return 0;
  uint32_t crc = qe_crc32c(0, h + 8, 8);
  uint64_t p = off + QE_WAL_HEADER_SIZE;
  for (size_t left = len; left > 0;) {
    size_t k = left < tmpsz ? left : tmpsz;
    n = pread_full(fd, tmp, k, p);
    if (n < 0) return -1;
    if ((size_t)n < k) return 0;
    crc = qe_crc32c(crc, tmp, k);
    p += k;
    left -= k;
  }
  return crc == get_u32(h + 16);
}

/* Look for any valid frame starting after `from` (a bad frame) and before
 * `limit`: it tells real corruption from a torn tail. 1 found, 0 none, -1
 * read error or out of memory (errno set). */
static int valid_frame_after(int fd, uint64_t from, uint64_t limit) {
  unsigned char *win = qe_malloc(SCAN_CHUNK);
  unsigned char *tmp = qe_malloc(SCAN_CHUNK);
  int found = 0;
  if (!win || !tmp) {
    errno = ENOMEM;
    found = -1;
    goto done;
  }
  for (uint64_t off = from + 1; found == 0 && off < limit && limit - off >= QE_WAL_HEADER_SIZE;) {
    size_t n = limit - off < SCAN_CHUNK ? (size_t)(limit - off) : SCAN_CHUNK;
    ssize_t got = pread_full(fd, win, n, off);
    if (got < 0) {
      found = -1;
      break;
    }
    if ((size_t)got < 4) break;
    for (size_t i = 0; found == 0 && i + 4 <= (size_t)got; i++) {
      if (win[i] == wal_magic[0] && memcmp(win + i, wal_magic, 4) == 0)
        found = frame_at(fd, off + i, limit, tmp, SCAN_CHUNK);
    }
    off += (uint64_t)got - 3; /* a magic may straddle the chunk edge */
  }
done:
  qe_free(win);
  qe_free(tmp);
  return found;
}

/* ---------------------------------------------------------------- open */

static int list_files(qe_wal *w, qe_error *err) {
  DIR *d = opendir(w->dir);
  if (!d) return io_err(err, w, "list", NULL);
  int rc = QE_OK;
  struct dirent *de;
  for (;;) {
    errno = 0;
    de = readdir(d);
    if (!de) {
      if (errno != 0) rc = io_err(err, w, "list", NULL);
      break;
    }
    uint64_t first;
    int k = parse_name(de->d_name, &first);
    if (k == 0) continue;
    if (k < 0) {
      rc = qe_error_set(err, QE_ECORRUPT, NULL, "wal: %s/%s: file number out of range", w->dir,
                        de->d_name);
      break;
    }
    if (files_reserve(w, w->nfiles + 1) != 0) {
      rc = nomem(err);
      break;
    }
    w->files[w->nfiles].first = first;
    w->files[w->nfiles].size = 0;
    w->nfiles++;
  }
  closedir(d);
  if (rc == QE_OK && w->nfiles > 1) qsort(w->files, w->nfiles, sizeof *w->files, cmp_files);
  return rc;
}

/* Validate every file in order; set sizes, total and last_seq; `*torn` says
 * the last file's valid size is below its length. */
static int scan_files(qe_wal *w, bool *torn, qe_error *err) {
  uint64_t prev = 0;
  bool have_prev = false;
  int rc = QE_OK;
  *torn = false;
  for (size_t i = 0; i < w->nfiles && rc == QE_OK; i++) {
    wal_file *f = &w->files[i];
    bool last = i + 1 == w->nfiles;
    char name[NAME_SIZE];
    file_name(name, f->first);
    int fd = openat(w->dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_err(err, w, "open", name);
    struct stat st;
    if (fstat(fd, &st) != 0) {
      rc = io_err(err, w, "stat", name);
      close(fd);
      return rc;
    }
    reader r = {w, fd, (uint64_t)st.st_size, 0, 0, 0};
    for (;;) {
      rec c;
      int k = reader_next(&r, &c);
      if (k == REC_OK) {
        if (have_prev && c.seq <= prev) {
          rc = qe_error_set(err, QE_ECORRUPT, NULL,
                            "wal: %s/%s: record seq %" PRIu64 " at offset %" PRIu64
                            " is not greater than the previous seq %" PRIu64,
                            w->dir, name, c.seq, c.off, prev);
          break;
        }
        if (!last && c.seq >= w->files[i + 1].first) {
          rc = qe_error_set(err, QE_ECORRUPT, NULL,
                            "wal: %s/%s: record seq %" PRIu64 " at offset %" PRIu64
                            " is not below the next file's first seq %" PRIu64,
                            w->dir, name, c.seq, c.off, w->files[i + 1].first);
          break;
        }
        prev = c.seq;
        have_prev = true;
        continue;
      }
      if (k == REC_END) {
        f->size = c.off;
        break;
      }
      if (k == REC_ENOMEM) {
        rc = nomem(err);
        break;
      }
      if (k == REC_EIO) {
        rc = io_err(err, w, "read", name);
        break;
      }
      /* REC_BAD */
      if (!last) {
        rc = qe_error_set(err, QE_ECORRUPT, NULL,
                          "wal: %s/%s: %s at offset %" PRIu64 " (not the last log file)", w->dir,
                          name, c.why, c.off);
        break;
      }
      int found = valid_frame_after(fd, c.off, (uint64_t)st.st_size);
      if (found < 0) {
        rc = errno == ENOMEM ? nomem(err) : io_err(err, w, "read", name);
      } else if (found > 0) {
        rc = qe_error_set(err, QE_ECORRUPT, NULL,
                          "wal: %s/%s: %s at offset %" PRIu64 ", followed by valid records", w->dir,
                          name, c.why, c.off);
      } else {
        f->size = c.off; /* a torn tail: the log ends here */
        *torn = true;
      }
      break;
    }
    close(fd);
    w->total += f->size;
  }
  reader_done(w);
  if (rc != QE_OK) return rc;
  w->last_seq = prev;
  if (w->nfiles > 0) {
    uint64_t first = w->files[w->nfiles - 1].first;
    if (first > 0 && first - 1 > w->last_seq) w->last_seq = first - 1;
  }
  return QE_OK;
}

static int fsync_parent(const qe_wal *w, qe_error *err) {
  size_t n = strlen(w->dir);
  char *p = qe_strndup(w->dir, n);
  if (!p) return nomem(err);
  while (n > 1 && p[n - 1] == '/')
    p[--n] = '\0';
  char *slash = strrchr(p, '/');
  if (!slash) {
    p[0] = '.';
    p[1] = '\0';
  } else if (slash == p) {
    p[1] = '\0';
  } else {
    *slash = '\0';
  }
  int rc = qe_fs_fsync_dir(p, err);
  qe_free(p);
  return rc;
}

int qe_wal_open(const char *dir, qe_wal **out, uint64_t *last_seq, qe_error *err) {
  if (out) *out = NULL;
  if (last_seq) *last_seq = 0;
  if (!dir || !out) return qe_error_set(err, QE_EINVAL, NULL, "wal: no directory or output");
  qe_wal *w = qe_calloc(1, sizeof *w);
  if (!w) return nomem(err);
  w->fd = -1;
  w->dirfd = -1;
  w->rotate_size = QE_WAL_ROTATE_SIZE;
  w->dir = qe_strndup(dir, strlen(dir));
  int rc = QE_OK;
  if (!w->dir) {
    rc = nomem(err);
    goto fail;
  }
  if (mkdir(dir, 0755) == 0) {
    rc = fsync_parent(w, err);
    if (rc != QE_OK) goto fail;
  } else if (errno != EEXIST) {
    rc = io_err(err, w, "create directory", NULL);
    goto fail;
  }
  w->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (w->dirfd < 0) {
    rc = io_err(err, w, "open directory", NULL);
    goto fail;
  }
  if (flock(w->dirfd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK)
      rc = qe_error_set(err, QE_EBUSY, NULL, "wal: %s is open by another handle", dir);
    else
      rc = io_err(err, w, "lock", NULL);
    goto fail;
  }
  rc = list_files(w, err);
  if (rc != QE_OK) goto fail;
  bool torn = false;
  rc = scan_files(w, &torn, err);
  if (rc != QE_OK) goto fail;
  if (w->nfiles > 0) {
    wal_file *f = &w->files[w->nfiles - 1];
    char name[NAME_SIZE];
    file_name(name, f->first);
    w->fd = openat(w->dirfd, name, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (w->fd < 0) {
      rc = io_err(err, w, "open", name);
      goto fail;
    }
    if (torn) {
      int k;
      do {
        k = ftruncate(w->fd, (off_t)f->size);
      } while (k != 0 && errno == EINTR);
      if (k != 0) {
        rc = io_err(err, w, "truncate the torn tail of", name);
        goto fail;
      }
      if (datasync(w->fd) != 0) {
        rc = io_err(err, w, "fsync", name);
        goto fail;
      }
    }
  }
  *out = w;
  if (last_seq) *last_seq = w->last_seq;
  return QE_OK;
fail:
  w->broken = true; /* close without syncing */
  qe_wal_close(w);
  return rc;
}

void qe_wal_close(qe_wal *w) {
  if (!w) return;
  if (!w->broken) {
    if (w->dirty && w->fd >= 0) (void)datasync(w->fd);
    if (w->dir_dirty && w->dirfd >= 0) (void)fsync(w->dirfd);
  }
  if (w->fd >= 0) close(w->fd);
  if (w->dirfd >= 0) close(w->dirfd); /* releases the lock */
  qe_free(w->buf);
  qe_free(w->files);
  qe_free(w->dir);
  qe_free(w);
}

void qe_wal_set_rotate_size(qe_wal *w, uint64_t bytes) {
  if (w) w->rotate_size = bytes ? bytes : QE_WAL_ROTATE_SIZE;
}

uint64_t qe_wal_size(const qe_wal *w) {
  return w ? w->total : 0;
}

/* ---------------------------------------------------------------- writing */

/* fdatasync the current file if it has unsynced bytes. */
static int sync_current(qe_wal *w, qe_error *err) {
  if (!w->dirty || w->fd < 0) return QE_OK;
  if (datasync(w->fd) != 0) {
    char name[NAME_SIZE];
    file_name(name, w->files[w->nfiles - 1].first);
    w->broken = true;
    return io_err(err, w, "fsync", name);
  }
  w->dirty = false;
  return QE_OK;
}

/* fsync the directory (creations, unlinks and renames become durable). */
static int sync_dir(qe_wal *w, qe_error *err) {
  if (fsync(w->dirfd) != 0) {
    w->broken = true;
    return io_err(err, w, "fsync directory", NULL);
  }
  w->dir_dirty = false;
  return QE_OK;
}

/* Close the current file (synced first, so only the newest file can ever
 * hold unsynced bytes); the next append starts a new one. */
static int close_current(qe_wal *w, qe_error *err) {
  int rc = sync_current(w, err);
  if (rc != QE_OK) return rc;
  if (w->fd >= 0) close(w->fd);
  w->fd = -1;
  return QE_OK;
}

/* Create `<first>.log` (which must not exist) as the new current file. */
static int create_file(qe_wal *w, uint64_t first, qe_error *err) {
  if (files_reserve(w, w->nfiles + 1) != 0) return nomem(err);
  char name[NAME_SIZE];
  file_name(name, first);
  int fd = openat(w->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return io_err(err, w, "create", name);
  w->fd = fd;
  w->files[w->nfiles].first = first;
  w->files[w->nfiles].size = 0;
  w->nfiles++;
  w->dir_dirty = true;
  return QE_OK;
}

int qe_wal_append(qe_wal *w, uint64_t seq, const void *data, size_t len, qe_error *err) {
  if (!w || (!data && len)) return qe_error_set(err, QE_EINVAL, NULL, "wal: no handle or data");
  if (w->broken) return broken_err(err, w);
  if (len > QE_WAL_MAX_RECORD)
    return qe_error_set(err, QE_ELIMIT, NULL,
                        "wal: record of %zu bytes is over the limit of %zu bytes", len,
                        QE_WAL_MAX_RECORD);
  if (seq <= w->last_seq)
    return qe_error_set(err, QE_EINVAL, NULL,
                        "wal: seq %" PRIu64 " is not greater than the last seq %" PRIu64, seq,
                        w->last_seq);
  uint64_t size = QE_WAL_HEADER_SIZE + (uint64_t)len;
  int rc;
  if (w->fd >= 0) {
    uint64_t cur = w->files[w->nfiles - 1].size;
    if (cur > 0 && cur + size > w->rotate_size) {
      rc = close_current(w, err);
      if (rc != QE_OK) return rc;
    }
  }
  if (w->fd < 0) {
    rc = create_file(w, seq, err);
    if (rc != QE_OK) return rc;
  }
  wal_file *f = &w->files[w->nfiles - 1];

  unsigned char h[QE_WAL_HEADER_SIZE];
  memcpy(h, wal_magic, 4);
  put_u32(h + 4, (uint32_t)len);
  put_u64(h + 8, seq);
  uint32_t crc = qe_crc32c(0, h + 8, 8);
  if (len) crc = qe_crc32c(crc, data, len);
  put_u32(h + 16, crc);

  struct iovec iov[2] = {{h, sizeof h}, {(void *)data, len}};
  struct iovec *v = iov;
  int nv = len ? 2 : 1;
  while (nv > 0) {
    ssize_t n = writev(w->fd, v, nv);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      char name[NAME_SIZE];
      file_name(name, f->first);
      rc = io_err(err, w, "write", name);
      /* cut the partial frame off, or later records would follow garbage */
      int k;
      do {
        k = ftruncate(w->fd, (off_t)f->size);
      } while (k != 0 && errno == EINTR);
      if (k != 0) w->broken = true;
      return rc;
    }
    size_t done = (size_t)n;
    while (nv > 0 && done >= v->iov_len) {
      done -= v->iov_len;
      v++;
      nv--;
    }
    if (nv > 0) {
      v->iov_base = (char *)v->iov_base + done;
      v->iov_len -= done;
    }
  }
  f->size += size;
  w->total += size;
  w->last_seq = seq;
  w->dirty = true;
  return QE_OK;
}

int qe_wal_sync_begin(qe_wal *w, int *fd, qe_error *err) {
  *fd = -1;
  if (!w) return qe_error_set(err, QE_EINVAL, NULL, "wal: no handle");
  if (w->broken) return broken_err(err, w);
  if (w->dir_dirty) return qe_wal_sync(w, err); /* rare: a new file; sync it all here */
  if (!w->dirty || w->fd < 0) return QE_OK;
  *fd = fcntl(w->fd, F_DUPFD_CLOEXEC, 0);
  if (*fd < 0) return qe_wal_sync(w, err);
  w->dirty = false; /* the caller's fdatasync covers every byte appended so far */
  return QE_OK;
}

int qe_wal_sync_end(int fd, qe_error *err) {
  if (fd < 0) return QE_OK;
  int rc = datasync(fd);
  int saved = errno;
  close(fd);
  if (rc != 0) return qe_error_set(err, QE_EIO, NULL, "wal: fsync failed: %s", strerror(saved));
  return QE_OK;
}

int qe_wal_sync(qe_wal *w, qe_error *err) {
  if (!w) return qe_error_set(err, QE_EINVAL, NULL, "wal: no handle");
  if (w->broken) return broken_err(err, w);
  int rc = sync_current(w, err);
  if (rc == QE_OK && w->dir_dirty) rc = sync_dir(w, err);
  return rc;
}

/* ---------------------------------------------------------------- replay */

int qe_wal_replay(qe_wal *w, uint64_t after, qe_wal_replay_fn fn, void *ud, qe_error *err) {
  if (!w || !fn) return qe_error_set(err, QE_EINVAL, NULL, "wal: no handle or callback");
  int rc = QE_OK;
  for (size_t i = 0; i < w->nfiles && rc == QE_OK; i++) {
    /* names increase, so the next file's name bounds this file's seqs */
    if (i + 1 < w->nfiles && w->files[i + 1].first - 1 <= after) continue;
    wal_file f = w->files[i];
    if (f.size == 0) continue;
    uint64_t floor = after; /* deliver seq > floor */
    if (f.first > 0 && f.first - 1 > floor) floor = f.first - 1;
    char name[NAME_SIZE];
    file_name(name, f.first);
    int fd = openat(w->dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      rc = io_err(err, w, "open", name);
      break;
    }
    reader r = {w, fd, f.size, 0, 0, 0};
    for (;;) {
      rec c;
      int k = reader_next(&r, &c);
      if (k == REC_OK) {
        if (c.seq <= floor) continue;
        char saved = c.data[c.len]; /* the buffer has a spare byte at the end */
        c.data[c.len] = '\0';
        int cb = fn(ud, c.seq, c.data, c.len);
        c.data[c.len] = saved;
        if (cb != 0) {
          rc = cb;
          break;
        }
        continue;
      }
      if (k == REC_END) {
        if (c.off != f.size)
          rc = qe_error_set(err, QE_ECORRUPT, NULL,
                            "wal: %s/%s: file ends at %" PRIu64 ", expected %" PRIu64 " bytes",
                            w->dir, name, c.off, f.size);
      } else if (k == REC_ENOMEM) {
        rc = nomem(err);
      } else if (k == REC_EIO) {
        rc = io_err(err, w, "read", name);
      } else {
        rc = qe_error_set(err, QE_ECORRUPT, NULL, "wal: %s/%s: %s at offset %" PRIu64, w->dir, name,
                          c.why, c.off);
      }
      break;
    }
    close(fd);
  }
  reader_done(w);
  return rc;
}

/* ---------------------------------------------------------------- truncate */

static int unlink_file(qe_wal *w, uint64_t first, qe_error *err) {
  char name[NAME_SIZE];
  file_name(name, first);
  if (unlinkat(w->dirfd, name, 0) != 0 && errno != ENOENT) return io_err(err, w, "unlink", name);
  return QE_OK;
}

/* Unlink the first n files and forget them. */
static int drop_front(qe_wal *w, size_t n, qe_error *err) {
  size_t done = 0;
  int rc = QE_OK;
  for (; done < n; done++) {
    rc = unlink_file(w, w->files[done].first, err);
    if (rc != QE_OK) break;
    w->total -= w->files[done].size;
  }
  files_remove_front(w, done);
  return rc;
}

int qe_wal_truncate(qe_wal *w, uint64_t upto, qe_error *err) {
  if (!w) return qe_error_set(err, QE_EINVAL, NULL, "wal: no handle");
  if (w->broken) return broken_err(err, w);
  if (upto == UINT64_MAX)
    return qe_error_set(err, QE_EINVAL, NULL, "wal: cannot truncate past the largest seq");
  /* Every older file must be durable before a newer one may exist. */
  int rc = sync_current(w, err);
  if (rc != QE_OK) return rc;
  if (upto >= w->last_seq) {
    /* Nothing survives: one empty file named upto + 1 keeps the point. An
     * existing last file of that name holds no record (all would be <= upto
     * yet >= its name), so it can stay. */
    if (w->nfiles == 0 || w->files[w->nfiles - 1].first != upto + 1) {
      rc = close_current(w, err);
      if (rc == QE_OK) rc = create_file(w, upto + 1, err);
      if (rc == QE_OK) rc = sync_dir(w, err); /* the new file exists before old ones go */
      if (rc != QE_OK) return rc;
    } else if (w->fd < 0) {
      char name[NAME_SIZE];
      file_name(name, upto + 1);
      w->fd = openat(w->dirfd, name, O_WRONLY | O_APPEND | O_CLOEXEC);
      if (w->fd < 0) return io_err(err, w, "open", name);
    }
    w->last_seq = upto; /* appends now go to the file named upto + 1 */
    rc = drop_front(w, w->nfiles - 1, err);
    if (rc != QE_OK) return rc;
  } else {
    size_t n = 0;
    while (n + 1 < w->nfiles && w->files[n + 1].first - 1 <= upto)
      n++;
    rc = drop_front(w, n, err);
    if (rc != QE_OK) return rc;
    wal_file *f = w->nfiles ? &w->files[0] : NULL; /* the last file is never dropped here */
    if (f && f->first <= upto) {
      char from[NAME_SIZE], to[NAME_SIZE];
      file_name(from, f->first);
      file_name(to, upto + 1);
      if (renameat(w->dirfd, from, w->dirfd, to) != 0) return io_err(err, w, "rename", from);
      f->first = upto + 1;
    }
    rc = close_current(w, err); /* so the rest of this file can go next time */
    if (rc != QE_OK) return rc;
  }
  return sync_dir(w, err);
}
