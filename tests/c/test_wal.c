/* test_wal.c — the write-ahead log: round trips, rotation, truncation, torn
 * tails, corruption, sequence checks, write rollback and a SIGKILL crash
 * loop. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "edge/wal.h"
#include "qedge/base.h"

/* ---------------------------------------------------------------- helpers */

static char tmp_root[64];
static char wal_dir[96];

static void make_tmp(void) {
  snprintf(tmp_root, sizeof tmp_root, "/tmp/qedge-wal-XXXXXX");
  if (!mkdtemp(tmp_root)) {
    perror("mkdtemp");
    exit(2);
  }
  snprintf(wal_dir, sizeof wal_dir, "%s/wal", tmp_root);
}

static void rm_dir_files(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *de;
  char p[512];
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
    if (unlink(p) != 0 && errno == EISDIR) {
      rm_dir_files(p);
      rmdir(p);
    }
  }
  closedir(d);
}

static void remove_tmp(void) {
  rm_dir_files(tmp_root);
  rmdir(tmp_root);
}

static void log_path(char *out, size_t n, uint64_t first) {
  snprintf(out, n, "%s/%020" PRIu64 ".log", wal_dir, first);
}

/* Log files in wal_dir, their numbers sorted into `firsts` (up to max). */
static size_t list_logs(uint64_t *firsts, size_t max) {
  DIR *d = opendir(wal_dir);
  size_t n = 0;
  if (!d) return 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t len = strlen(de->d_name);
    if (len != 24 || strcmp(de->d_name + 20, ".log") != 0) continue;
    if (n < max) firsts[n] = strtoull(de->d_name, NULL, 10);
    n++;
  }
  closedir(d);
  size_t m = n < max ? n : max;
  for (size_t i = 1; i < m; i++) /* insertion sort */
    for (size_t j = i; j > 0 && firsts[j - 1] > firsts[j]; j--) {
      uint64_t t = firsts[j];
      firsts[j] = firsts[j - 1];
      firsts[j - 1] = t;
    }
  return n;
}

static uint64_t file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
}

static uint64_t dir_bytes(void) {
  uint64_t firsts[4096], total = 0;
  size_t n = list_logs(firsts, 4096);
  char p[256];
  for (size_t i = 0; i < n && i < 4096; i++) {
    log_path(p, sizeof p, firsts[i]);
    total += file_size(p);
  }
  return total;
}

static char *read_file(const char *path, size_t *len) {
  char *data = NULL;
  qe_error e = {0};
  if (qe_fs_read_all(path, 0, &data, len, &e) != 0) return NULL;
  return data;
}

static void write_file(const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
    perror(path);
    exit(2);
  }
  close(fd);
}

/* The payload of record `seq`: JSON-ish text of varying length. */
static size_t payload(uint64_t seq, char *buf, size_t cap) {
  int n = snprintf(buf, cap, "{\"op\":%" PRIu64 ",\"pad\":\"", seq);
  size_t len = (size_t)n, pad = (size_t)(seq * 7 % 41);
  for (size_t i = 0; i < pad && len + 3 < cap; i++)
    buf[len++] = (char)('a' + (seq + i) % 26);
  buf[len++] = '"';
  buf[len++] = '}';
  buf[len] = '\0';
  return len;
}

static int append_payload(qe_wal *w, uint64_t seq) {
  char buf[128];
  size_t len = payload(seq, buf, sizeof buf);
  return qe_wal_append(w, seq, buf, len, NULL);
}

/* Frame one record as docs/FORMAT.md describes, independently of wal.c. */
static size_t frame(unsigned char *out, uint64_t seq, const char *data, size_t len) {
  memcpy(out, "QEWR", 4);
  for (int i = 0; i < 4; i++)
    out[4 + i] = (unsigned char)((uint32_t)len >> (8 * i));
  for (int i = 0; i < 8; i++)
    out[8 + i] = (unsigned char)(seq >> (8 * i));
  uint32_t crc = qe_crc32c(qe_crc32c(0, out + 8, 8), data, len);
  for (int i = 0; i < 4; i++)
    out[16 + i] = (unsigned char)(crc >> (8 * i));
  memcpy(out + 20, data, len);
  return 20 + len;
}

/* Write a log file holding records with the given seqs (payload(seq)). */
static void craft_file(uint64_t first, const uint64_t *seqs, size_t n) {
  unsigned char buf[8192];
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    char p[128];
    size_t pl = payload(seqs[i], p, sizeof p);
    len += frame(buf + len, seqs[i], p, pl);
  }
  char path[256];
  log_path(path, sizeof path, first);
  mkdir(wal_dir, 0755);
  write_file(path, buf, len);
}

/* Replay collector: checks each record's payload and the NUL after it. */
typedef struct collect {
  uint64_t seqs[16]; /* the first few */
  uint64_t prev;
  size_t n;
  int gaps; /* records whose seq is not the previous one + 1 */
  int bad_payload;
  int stop_at; /* return 99 at this record count (0: never) */
} collect;

static int collect_fn(void *ud, uint64_t seq, const char *data, size_t len) {
  collect *c = ud;
  char want[128];
  size_t wl = payload(seq, want, sizeof want);
  if (wl != len || memcmp(want, data, len) != 0 || data[len] != '\0') c->bad_payload++;
  if (c->n < 16) c->seqs[c->n] = seq;
  if (c->n > 0 && seq != c->prev + 1) c->gaps++;
  c->prev = seq;
  c->n++;
  if (c->stop_at && (int)c->n == c->stop_at) return 99;
  return 0;
}

/* Whether the collected seqs are exactly lo..hi. */
static int seqs_are(const collect *c, uint64_t lo, uint64_t hi) {
  if (c->bad_payload) return 0;
  if (hi < lo) return c->n == 0;
  return c->n == hi - lo + 1 && c->seqs[0] == lo && c->gaps == 0;
}

static int replay_is(qe_wal *w, uint64_t after, uint64_t lo, uint64_t hi) {
  collect c = {0};
  if (qe_wal_replay(w, after, collect_fn, &c, NULL) != 0) return 0;
  return seqs_are(&c, lo, hi);
}

/* Open wal_dir, expecting success and `want_last`. */
static qe_wal *open_ok(uint64_t want_last) {
  qe_wal *w = NULL;
  uint64_t last = 12345;
  qe_error e = {0};
  int rc = qe_wal_open(wal_dir, &w, &last, &e);
  CHECK(rc == 0);
  if (rc) fprintf(stderr, "  open: %s\n", e.message);
  CHECK(last == want_last);
  if (last != want_last)
    fprintf(stderr, "  last_seq %" PRIu64 ", wanted %" PRIu64 "\n", last, want_last);
  return w;
}

/* ---------------------------------------------------------------- tests */

static void test_empty(void) {
  make_tmp();
  qe_wal *w = open_ok(0); /* creates the directory */
  CHECK(w != NULL);
  CHECK(file_size(wal_dir) != UINT64_MAX);
  CHECK(qe_wal_size(w) == 0);
  CHECK(replay_is(w, 0, 1, 0));
  CHECK(qe_wal_sync(w, NULL) == 0);
  qe_wal *w2 = NULL;
  qe_error e = {0};
  CHECK(qe_wal_open(wal_dir, &w2, NULL, &e) == QE_EBUSY);
  CHECK(w2 == NULL);
  CHECK(strstr(e.message, wal_dir) != NULL);
  qe_wal_close(w);
  w = open_ok(0);
  uint64_t firsts[4];
  CHECK(list_logs(firsts, 4) == 0); /* opening creates no file */
  qe_wal_close(w);
  qe_wal_close(NULL);
  /* a missing parent is an I/O error */
  char deep[200];
  snprintf(deep, sizeof deep, "%s/no/such/wal", tmp_root);
  CHECK(qe_wal_open(deep, &w, NULL, &e) == QE_EIO);
  remove_tmp();
}

static void test_roundtrip(void) {
  make_tmp();
  qe_wal *w = open_ok(0);
  for (uint64_t s = 1; s <= 100; s++)
    CHECK(append_payload(w, s) == 0);
  CHECK(qe_wal_sync(w, NULL) == 0);
  CHECK(replay_is(w, 0, 1, 100));
  CHECK(replay_is(w, 50, 51, 100));
  CHECK(replay_is(w, 100, 1, 0));
  CHECK(replay_is(w, UINT64_MAX, 1, 0));
  collect c = {0};
  c.stop_at = 7;
  qe_error e = {0};
  CHECK(qe_wal_replay(w, 0, collect_fn, &c, &e) == 99);
  CHECK(c.n == 7 && e.code == 0);
  CHECK(qe_wal_replay(w, 0, NULL, NULL, &e) == QE_EINVAL);
  CHECK(qe_wal_append(w, 100, "x", 1, &e) == QE_EINVAL);
  CHECK(strstr(e.message, "not greater") != NULL);
  CHECK(qe_wal_append(w, 50, "x", 1, NULL) == QE_EINVAL);
  CHECK(qe_wal_size(w) == dir_bytes());
  uint64_t firsts[4];
  CHECK(list_logs(firsts, 4) == 1 && firsts[0] == 1);
  qe_wal_close(w); /* syncs */

  w = open_ok(100); /* reopen continues */
  CHECK(qe_wal_size(w) == dir_bytes());
  CHECK(append_payload(w, 101) == 0);
  CHECK(append_payload(w, 105) == 0);     /* gaps are allowed */
  CHECK(replay_is(w, 99, 100, 101) == 0); /* 105 is there too */
  c = (collect){0};
  CHECK(qe_wal_replay(w, 99, collect_fn, &c, NULL) == 0);
  CHECK(c.n == 3 && c.seqs[0] == 100 && c.seqs[1] == 101 && c.seqs[2] == 105);
  /* an empty payload */
  CHECK(qe_wal_append(w, 106, NULL, 0, NULL) == 0);
  CHECK(qe_wal_append(w, 107, NULL, 5, NULL) == QE_EINVAL);
  qe_wal_close(w);
  w = open_ok(106);
  CHECK(list_logs(firsts, 4) == 1);
  qe_wal_close(w);
  remove_tmp();
}

static int big_fn(void *ud, uint64_t seq, const char *data, size_t len) {
  size_t *n = ud;
  size_t want = seq == 2 ? ((size_t)3 << 20) + 17 : 5;
  int ok = len == want && data[len] == '\0';
  for (size_t i = 0; ok && i < len; i += 4099)
    ok = data[i] == (char)('A' + (i + seq) % 23);
  if (ok) (*n)++;
  return 0;
}

static void test_limits(void) {
  make_tmp();
  qe_wal *w = open_ok(0);
  qe_error e = {0};
  char one = 'x';
  CHECK(qe_wal_append(w, 1, &one, QE_WAL_MAX_RECORD + 1, &e) == QE_ELIMIT);
  CHECK(qe_wal_size(w) == 0);
  /* a record larger than the read chunk, between two small ones */
  size_t big = ((size_t)3 << 20) + 17;
  char *p = malloc(big);
  for (uint64_t s = 1; s <= 3; s++) {
    size_t len = s == 2 ? big : 5;
    for (size_t i = 0; i < len; i++)
      p[i] = (char)('A' + (i + s) % 23);
    CHECK(qe_wal_append(w, s, p, len, NULL) == 0);
  }
  size_t n = 0;
  CHECK(qe_wal_replay(w, 0, big_fn, &n, NULL) == 0);
  CHECK(n == 3);
  qe_wal_close(w);
  w = open_ok(3);
  n = 0;
  CHECK(qe_wal_replay(w, 1, big_fn, &n, NULL) == 0);
  CHECK(n == 2);
  qe_wal_close(w);
  free(p);
  remove_tmp();
}

static void test_rotation(void) {
  make_tmp();
  qe_wal *w = open_ok(0);
  qe_wal_set_rotate_size(w, 256);
  for (uint64_t s = 1; s <= 200; s++)
    CHECK(append_payload(w, s) == 0);
  CHECK(qe_wal_sync(w, NULL) == 0);
  uint64_t firsts[512];
  size_t nf = list_logs(firsts, 512);
  CHECK(nf > 20);
  int sizes_ok = 1;
  char path[256];
  for (size_t i = 0; i < nf; i++) {
    log_path(path, sizeof path, firsts[i]);
    if (file_size(path) > 256) sizes_ok = 0;
  }
  CHECK(sizes_ok);
  CHECK(firsts[0] == 1);
  CHECK(qe_wal_size(w) == dir_bytes());
  CHECK(replay_is(w, 0, 1, 200));
  qe_wal_close(w);

  w = open_ok(200);
  CHECK(replay_is(w, 137, 138, 200));
  CHECK(replay_is(w, 0, 1, 200));
  CHECK(qe_wal_size(w) == dir_bytes());
  /* the default size: appends go on in the last file */
  qe_wal_set_rotate_size(w, 0);
  CHECK(append_payload(w, 201) == 0);
  CHECK(list_logs(firsts, 512) == nf);
  qe_wal_close(w);
  remove_tmp();
}

static void test_truncate(void) {
  make_tmp();
  qe_wal *w = open_ok(0);
  qe_error e = {0};
  qe_wal_set_rotate_size(w, 256);
  for (uint64_t s = 1; s <= 200; s++)
    CHECK(append_payload(w, s) == 0);
  uint64_t firsts[512];
  size_t before = list_logs(firsts, 512);

  /* nothing older than the first file: no change but a rotation */
  CHECK(qe_wal_truncate(w, 0, &e) == 0);
  CHECK(list_logs(firsts, 512) == before);
  CHECK(replay_is(w, 0, 1, 200));

  CHECK(qe_wal_truncate(w, 70, &e) == 0);
  size_t after = list_logs(firsts, 512);
  CHECK(after < before);
  CHECK(firsts[0] == 71); /* the file holding 71 was renamed */
  CHECK(replay_is(w, 0, 71, 200));
  CHECK(replay_is(w, 100, 101, 200));
  CHECK(qe_wal_size(w) == dir_bytes());
  /* the next append after a truncation starts a new file */
  CHECK(append_payload(w, 201) == 0);
  CHECK(list_logs(firsts, 512) == after + 1);
  CHECK(firsts[after] == 201);
  qe_wal_close(w);
  w = open_ok(201);
  CHECK(replay_is(w, 0, 71, 201));
  CHECK(qe_wal_size(w) == dir_bytes());

  /* upto == last seq: one empty file named upto + 1 */
  CHECK(qe_wal_truncate(w, 201, &e) == 0);
  CHECK(list_logs(firsts, 512) == 1 && firsts[0] == 202);
  CHECK(qe_wal_size(w) == 0);
  CHECK(replay_is(w, 0, 1, 0));
  CHECK(qe_wal_truncate(w, 201, &e) == 0); /* again: same state */
  CHECK(list_logs(firsts, 512) == 1 && firsts[0] == 202);
  qe_wal_close(w);
  w = open_ok(201);
  CHECK(qe_wal_append(w, 201, "x", 1, NULL) == QE_EINVAL);
  CHECK(append_payload(w, 202) == 0);
  CHECK(list_logs(firsts, 512) == 1 && firsts[0] == 202);
  CHECK(replay_is(w, 0, 202, 202));

  /* past the last seq: later appends must be beyond it, across reopen */
  CHECK(qe_wal_truncate(w, 500, &e) == 0);
  CHECK(qe_wal_append(w, 300, "x", 1, NULL) == QE_EINVAL);
  qe_wal_close(w);
  w = open_ok(500);
  CHECK(list_logs(firsts, 512) == 1 && firsts[0] == 501);
  CHECK(qe_wal_append(w, 500, "x", 1, NULL) == QE_EINVAL);
  CHECK(append_payload(w, 501) == 0);
  CHECK(append_payload(w, 502) == 0);
  /* within the only (current) file: it is renamed */
  CHECK(qe_wal_truncate(w, 501, &e) == 0);
  CHECK(list_logs(firsts, 512) == 1 && firsts[0] == 502);
  CHECK(replay_is(w, 0, 502, 502));
  CHECK(append_payload(w, 503) == 0);
  CHECK(list_logs(firsts, 512) == 2);
  qe_wal_close(w);
  w = open_ok(503);
  CHECK(replay_is(w, 0, 502, 503));
  CHECK(qe_wal_truncate(w, UINT64_MAX, &e) == QE_EINVAL);
  /* truncating an empty log records the point too */
  qe_wal_close(w);
  remove_tmp();

  make_tmp();
  w = open_ok(0);
  CHECK(qe_wal_truncate(w, 9, &e) == 0);
  qe_wal_close(w);
  w = open_ok(9);
  qe_wal_close(w);
  remove_tmp();
}

/* Build the log used by the tail tests: two files, the last holding records
 * 5..7. Returns the last file's path in `path`. */
static void build_two_files(char *path, size_t n) {
  qe_wal *w = open_ok(0);
  for (uint64_t s = 1; s <= 4; s++)
    CHECK(append_payload(w, s) == 0);
  CHECK(qe_wal_truncate(w, 0, NULL) == 0); /* rotates */
  for (uint64_t s = 5; s <= 7; s++)
    CHECK(append_payload(w, s) == 0);
  qe_wal_close(w);
  log_path(path, n, 5);
}

static void test_torn_tail(void) {
  make_tmp();
  char last[256];
  build_two_files(last, sizeof last);
  size_t full_len;
  char *full = read_file(last, &full_len);
  char p6[128];
  size_t start = full_len - (20 + payload(7, p6, sizeof p6)); /* where record 7 begins */
  int opens = 0, shortened = 0, replays = 0, appends = 0, reopened = 0;
  for (size_t cut = start; cut < full_len; cut++) {
    write_file(last, full, cut);
    qe_wal *w = NULL;
    uint64_t ls = 0;
    if (qe_wal_open(wal_dir, &w, &ls, NULL) == 0 && ls == 6) opens++;
    if (!w) continue;
    if (file_size(last) == start) shortened++;
    if (replay_is(w, 0, 1, 6)) replays++;
    if (append_payload(w, 7) == 0 && qe_wal_sync(w, NULL) == 0) appends++;
    qe_wal_close(w);
    w = NULL;
    if (qe_wal_open(wal_dir, &w, &ls, NULL) == 0 && ls == 7 && replay_is(w, 0, 1, 7)) reopened++;
    qe_wal_close(w);
  }
  int cuts = (int)(full_len - start);
  CHECK(opens == cuts && shortened == cuts && replays == cuts && appends == cuts &&
        reopened == cuts);

  /* zeros after the last record (a crash after the size grew) */
  char *z = calloc(1, full_len + 4096);
  memcpy(z, full, full_len);
  write_file(last, z, full_len + 4096);
  qe_wal *w = open_ok(7);
  CHECK(file_size(last) == full_len);
  CHECK(replay_is(w, 0, 1, 7));
  qe_wal_close(w);
  /* zeros in place of the last record */
  memset(z + start, 0, full_len - start);
  write_file(last, z, full_len);
  w = open_ok(6);
  CHECK(file_size(last) == start);
  qe_wal_close(w);
  /* a file holding only a partial header */
  write_file(last, full, 11);
  w = open_ok(4); /* the name 5 says 5 is the next seq */
  CHECK(file_size(last) == 0);
  CHECK(replay_is(w, 0, 1, 4));
  CHECK(append_payload(w, 5) == 0);
  qe_wal_close(w);
  w = open_ok(5);
  qe_wal_close(w);
  free(z);
  qe_free(full);
  remove_tmp();
}

static void test_bit_flips(void) {
  make_tmp();
  char last[256];
  build_two_files(last, sizeof last);
  size_t full_len;
  char *full = read_file(last, &full_len);
  char p[128];
  size_t start7 = full_len - (20 + payload(7, p, sizeof p));
  size_t start6 = start7 - (20 + payload(6, p, sizeof p));

  /* any flipped bit in the last record drops it */
  int dropped = 0;
  for (size_t i = start7; i < full_len; i++) {
    full[i] ^= 0x10;
    write_file(last, full, full_len);
    full[i] ^= 0x10;
    qe_wal *w = NULL;
    uint64_t ls = 0;
    if (qe_wal_open(wal_dir, &w, &ls, NULL) == 0 && ls == 6 && replay_is(w, 0, 1, 6) &&
        file_size(last) == start7)
      dropped++;
    qe_wal_close(w);
  }
  CHECK(dropped == (int)(full_len - start7));

  /* a flipped bit in a record with a valid one after it is corruption */
  int corrupt = 0, named = 0;
  for (size_t i = start6; i < start7; i++) {
    full[i] ^= 0x01;
    write_file(last, full, full_len);
    full[i] ^= 0x01;
    qe_wal *w = NULL;
    qe_error e = {0};
    if (qe_wal_open(wal_dir, &w, NULL, &e) == QE_ECORRUPT && w == NULL) corrupt++;
    char want[64];
    snprintf(want, sizeof want, "offset %zu", start6);
    if (strstr(e.message, "00000000000000000005.log") && strstr(e.message, want) &&
        strstr(e.message, "followed by valid records"))
      named++;
    qe_wal_close(w);
  }
  CHECK(corrupt == (int)(start7 - start6));
  CHECK(named == (int)(start7 - start6));
  CHECK(file_size(last) == full_len); /* nothing was truncated */

  /* corruption in a file that is not the last one */
  write_file(last, full, full_len);
  char first[256];
  log_path(first, sizeof first, 1);
  size_t flen;
  char *f1 = read_file(first, &flen);
  f1[flen - 1] ^= 0x40;
  write_file(first, f1, flen);
  qe_error e = {0};
  qe_wal *w = NULL;
  CHECK(qe_wal_open(wal_dir, &w, NULL, &e) == QE_ECORRUPT);
  CHECK(strstr(e.message, "00000000000000000001.log") && strstr(e.message, "checksum") &&
        strstr(e.message, "not the last"));
  f1[flen - 1] ^= 0x40;
  write_file(first, f1, flen - 3); /* a torn tail there is corruption too */
  CHECK(qe_wal_open(wal_dir, &w, NULL, &e) == QE_ECORRUPT);
  CHECK(strstr(e.message, "truncated") != NULL);
  write_file(first, f1, flen);
  w = open_ok(7);
  CHECK(replay_is(w, 0, 1, 7));
  qe_wal_close(w);
  qe_free(f1);
  qe_free(full);
  remove_tmp();
}

/* The bytes on disk are exactly the documented frames. */
static void test_layout(void) {
  make_tmp();
  qe_wal *w = open_ok(0);
  CHECK(qe_wal_append(w, 7, "{}", 2, NULL) == 0);
  CHECK(qe_wal_append(w, 0x0102030405060708u, "[1]", 3, NULL) == 0);
  qe_wal_close(w);
  unsigned char want[64];
  size_t n = frame(want, 7, "{}", 2);
  n += frame(want + n, 0x0102030405060708u, "[1]", 3);
  char path[256];
  log_path(path, sizeof path, 7);
  size_t len = 0;
  char *got = read_file(path, &len);
  CHECK(got && len == n && memcmp(got, want, n) == 0);
  CHECK(got && memcmp(got, "QEWR\x02\0\0\0\x07\0\0\0\0\0\0\0", 16) == 0);
  CHECK(got && memcmp(got + 22 + 8, "\x08\x07\x06\x05\x04\x03\x02\x01", 8) == 0);
  qe_free(got);
  remove_tmp();
}

static void test_sequence_checks(void) {
  qe_error e = {0};
  qe_wal *w = NULL;
  /* records written by the test's own encoder read back */
  make_tmp();
  uint64_t a[] = {1, 2, 3};
  craft_file(1, a, 3);
  w = open_ok(3);
  CHECK(replay_is(w, 0, 1, 3));
  qe_wal_close(w);
  remove_tmp();

  make_tmp();
  uint64_t dup[] = {1, 2, 2};
  craft_file(1, dup, 3);
  CHECK(qe_wal_open(wal_dir, &w, NULL, &e) == QE_ECORRUPT);
  CHECK(strstr(e.message, "not greater than the previous seq 2") != NULL);
  remove_tmp();

  make_tmp();
  uint64_t down[] = {1, 3, 2, 4};
  craft_file(1, down, 4);
  CHECK(qe_wal_open(wal_dir, &w, NULL, &e) == QE_ECORRUPT);
  remove_tmp();

  /* across files: the second file repeats seqs of the first */
  make_tmp();
  uint64_t f1[] = {1, 2}, f2[] = {2, 3};
  craft_file(1, f1, 2);
  craft_file(2, f2, 2);
  CHECK(qe_wal_open(wal_dir, &w, NULL, &e) == QE_ECORRUPT);
  remove_tmp();

  /* a record at or above the next file's name */
  make_tmp();
  uint64_t g1[] = {1, 2, 3, 4, 5}, g2[] = {6, 7};
  craft_file(1, g1, 5);
  craft_file(3, g2, 2);
  CHECK(qe_wal_open(wal_dir, &w, NULL, &e) == QE_ECORRUPT);
  CHECK(strstr(e.message, "not below the next file") != NULL);
  remove_tmp();

  /* records below their own file's name are dead (a renamed first file) */
  make_tmp();
  uint64_t h[] = {3, 4, 5, 6};
  craft_file(5, h, 4);
  w = open_ok(6);
  CHECK(replay_is(w, 0, 5, 6));
  qe_wal_close(w);
  remove_tmp();

  /* files that are not ours are ignored */
  make_tmp();
  craft_file(1, a, 3);
  char other[256];
  snprintf(other, sizeof other, "%s/notes.txt", wal_dir);
  write_file(other, "hi", 2);
  snprintf(other, sizeof other, "%s/0001.log", wal_dir);
  write_file(other, "hi", 2);
  w = open_ok(3);
  qe_wal_close(w);
  remove_tmp();
}

static void test_zero_length(void) {
  make_tmp();
  mkdir(wal_dir, 0755);
  char path[256];
  log_path(path, sizeof path, 5);
  write_file(path, "", 0);
  qe_wal *w = open_ok(4);
  CHECK(replay_is(w, 0, 1, 0));
  CHECK(qe_wal_append(w, 3, "x", 1, NULL) == QE_EINVAL);
  CHECK(append_payload(w, 5) == 0);
  uint64_t firsts[8];
  CHECK(list_logs(firsts, 8) == 1 && firsts[0] == 5);
  CHECK(file_size(path) > 0);
  qe_wal_close(w);
  w = open_ok(5);
  CHECK(replay_is(w, 0, 5, 5));
  qe_wal_close(w);
  remove_tmp();

  /* an empty file between two others */
  make_tmp();
  uint64_t a[] = {1, 2}, b[] = {4};
  craft_file(1, a, 2);
  craft_file(3, NULL, 0);
  craft_file(4, b, 1);
  w = open_ok(4);
  collect c = {0};
  CHECK(qe_wal_replay(w, 0, collect_fn, &c, NULL) == 0);
  CHECK(c.n == 3 && c.seqs[0] == 1 && c.seqs[1] == 2 && c.seqs[2] == 4 && !c.bad_payload);
  qe_wal_close(w);
  remove_tmp();
}

/* A failed write must not leave a partial frame behind: run a child with a
 * small file-size limit, so writev stops part-way with EFBIG. */
static void test_write_rollback(void) {
  make_tmp();
  pid_t pid = fork();
  if (pid == 0) {
    struct rlimit rl = {1000, RLIM_INFINITY};
    signal(SIGXFSZ, SIG_IGN);
    qe_wal *w = NULL;
    if (qe_wal_open(wal_dir, &w, NULL, NULL) != 0) _exit(2);
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(3);
    uint64_t s = 1;
    int rc;
    while ((rc = append_payload(w, s)) == 0)
      s++;
    if (rc != QE_EIO) _exit(4);
    /* the handle is still usable */
    if (qe_wal_sync(w, NULL) != 0) _exit(5);
    char path[256];
    log_path(path, sizeof path, 1);
    if (file_size(path) != qe_wal_size(w)) _exit(6);
    rl.rlim_cur = RLIM_INFINITY;
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(9);
    if (qe_wal_append(w, s, "{}", 2, NULL) != 0) _exit(7);
    qe_wal_close(w);
    _exit(s > 5 ? 0 : 8);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fprintf(stderr, "  rollback child status %d\n", status);
  qe_wal *w = NULL;
  uint64_t last = 0;
  CHECK(qe_wal_open(wal_dir, &w, &last, NULL) == 0);
  CHECK(last > 5);
  collect c = {0};
  CHECK(qe_wal_replay(w, 0, collect_fn, &c, NULL) == 0);
  CHECK(c.n == last && c.bad_payload == 1); /* the last one is the "{}" record */
  qe_wal_close(w);
  remove_tmp();
}

/* ---------------------------------------------------------------- crash loop */

static void crash_child(int wfd) {
  qe_wal *w = NULL;
  uint64_t last = 0;
  if (qe_wal_open(wal_dir, &w, &last, NULL) != 0) _exit(2);
  qe_wal_set_rotate_size(w, 2048);
  for (uint64_t s = last + 1;; s++) {
    if (append_payload(w, s) != 0 || qe_wal_sync(w, NULL) != 0) _exit(3);
    if (s % 97 == 0 && qe_wal_truncate(w, 0, NULL) != 0) _exit(4); /* a rotation */
    if (write(wfd, &s, sizeof s) != (ssize_t)sizeof s) _exit(5);
  }
}

static void test_crash(void) {
  make_tmp();
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
  srand(seed);
  uint64_t acked = 0;
  const char *env = getenv("QEDGE_WAL_CRASH_TRIALS"); /* a longer soak when set */
  int trials = env && atoi(env) > 0 ? atoi(env) : 20;
  int opened = 0, complete = 0, signalled = 0;
  for (int t = 0; t < trials; t++) {
    int p[2];
    if (pipe(p) != 0) break;
    pid_t pid = fork();
    if (pid == 0) {
      close(p[0]);
      crash_child(p[1]);
    }
    close(p[1]);
    struct timespec d = {0, (long)(rand() % 15000 + 500) * 1000L};
    nanosleep(&d, NULL);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) signalled++;
    uint64_t v;
    while (read(p[0], &v, sizeof v) == (ssize_t)sizeof v)
      if (v > acked) acked = v;
    close(p[0]);
    qe_wal *w = NULL;
    uint64_t last = 0;
    qe_error e = {0};
    if (qe_wal_open(wal_dir, &w, &last, &e) == 0) {
      opened++;
      collect c = {0};
      if (last >= acked && qe_wal_replay(w, 0, collect_fn, &c, NULL) == 0 && seqs_are(&c, 1, last))
        complete++;
      else
        fprintf(stderr, "  trial %d: last %" PRIu64 " acked %" PRIu64 " n %zu\n", t, last, acked,
                c.n);
      qe_wal_close(w);
    } else {
      fprintf(stderr, "  trial %d: open failed: %s\n", t, e.message);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("crash loop: %d trials, %" PRIu64 " records acknowledged, %.2f s (seed %u)\n", trials,
         acked, secs, seed);
  CHECK(signalled == trials);
  CHECK(opened == trials);
  CHECK(complete == trials);
  remove_tmp();
}

int main(void) {
  test_empty();
  test_roundtrip();
  test_limits();
  test_rotation();
  test_truncate();
  test_torn_tail();
  test_bit_flips();
  test_layout();
  test_sequence_checks();
  test_zero_length();
  test_write_rollback();
  test_crash();
  return check_report("test_wal");
}
