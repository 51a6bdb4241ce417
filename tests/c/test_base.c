/* test_base.c — errors, allocation hooks, buffers, CRC32C and atomic files. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "qedge/base.h"

uint32_t qe_crc32c_portable(uint32_t crc, const void *data, size_t len);

static size_t allocs, frees;
static void *count_malloc(size_t n) {
  allocs++;
  return malloc(n);
}
static void *count_realloc(void *p, size_t n) {
  if (!p) allocs++;
  return realloc(p, n);
}
static void count_free(void *p) {
  if (p) frees++;
  free(p);
}

static void test_errors(void) {
  qe_error e = {0};
  CHECK(qe_error_set(&e, QE_EINVAL, "points[3].vector", "expected %d floats, got %d", 4, 3) ==
        QE_EINVAL);
  char buf[128];
  CHECK_STR(qe_error_format(&e, buf, sizeof buf), "points[3].vector: expected 4 floats, got 3");
  CHECK_STR(qe_code_name(QE_EINVAL), "EINVAL");
  CHECK_STR(qe_code_name(999), "EUNKNOWN");
  qe_error_clear(&e);
  CHECK(e.code == 0 && e.path[0] == 0 && e.message[0] == 0);
  CHECK(qe_error_set(NULL, QE_EIO, NULL, "ignored") == QE_EIO);
}

static void test_allocator(void) {
  qe_allocator a = {count_malloc, count_realloc, count_free};
  qe_set_allocator(&a);
  qe_buf b = {0};
  for (int i = 0; i < 1000; i++)
    qe_buf_printf(&b, "%d,", i);
  char *s = qe_strndup("abc", 3);
  qe_free(s);
  qe_buf_free(&b);
  qe_set_allocator(NULL);
  CHECK(allocs >= 2);
  CHECK(allocs == frees);
}

static void test_buf(void) {
  qe_buf b = {0};
  CHECK(qe_buf_puts(&b, "hello") == 0);
  CHECK(qe_buf_putc(&b, ' ') == 0);
  CHECK(qe_buf_printf(&b, "%s %d", "world", 42) == 0);
  CHECK_STR(b.data, "hello world 42");
  CHECK(b.len == 14);
  char big[1000];
  memset(big, 'x', sizeof big);
  CHECK(qe_buf_printf(&b, "%.*s", 1000, big) == 0);
  CHECK(b.len == 1014 && b.data[1014] == '\0');
  qe_buf_reset(&b);
  CHECK(b.len == 0 && b.data[0] == '\0');
  size_t n;
  char *s = qe_buf_steal(&b, &n);
  CHECK(s && n == 0 && s[0] == '\0');
  qe_free(s);
  CHECK(b.data == NULL && b.cap == 0);
}

static void test_crc32c(void) {
  /* known answers of CRC-32C (RFC 3720 appendix B.4 test patterns) */
  CHECK(qe_crc32c(0, "123456789", 9) == 0xE3069283u);
  unsigned char zeros[32] = {0}, ones[32], inc[32];
  memset(ones, 0xFF, sizeof ones);
  for (int i = 0; i < 32; i++)
    inc[i] = (unsigned char)i;
  CHECK(qe_crc32c(0, zeros, 32) == 0x8A9136AAu);
  CHECK(qe_crc32c(0, ones, 32) == 0x62A8AB43u);
  CHECK(qe_crc32c(0, inc, 32) == 0x46DD794Eu);
  CHECK(qe_crc32c(0, "", 0) == 0);
  /* incremental equals one-shot, and the hardware path equals the table path */
  unsigned char data[4099];
  for (size_t i = 0; i < sizeof data; i++)
    data[i] = (unsigned char)(i * 131 + 7);
  for (size_t off = 0; off < 9; off++) {
    uint32_t whole = qe_crc32c(0, data + off, sizeof data - off);
    CHECK(whole == qe_crc32c_portable(0, data + off, sizeof data - off));
    uint32_t part = qe_crc32c(0, data + off, 1000);
    part = qe_crc32c(part, data + off + 1000, sizeof data - off - 1000);
    CHECK(part == whole);
  }
}

static void test_fs(void) {
  char dir[] = "/tmp/qedge-test-fs-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[256];
  snprintf(path, sizeof path, "%s/file.json", dir);
  qe_error e = {0};
  CHECK(qe_fs_write_atomic(path, "{\"a\":1}", 7, &e) == 0);
  char *data;
  size_t len;
  CHECK(qe_fs_read_all(path, 0, &data, &len, &e) == 0);
  CHECK(len == 7 && memcmp(data, "{\"a\":1}", 7) == 0);
  qe_free(data);
  CHECK(qe_fs_write_atomic(path, "new", 3, &e) == 0);
  CHECK(qe_fs_read_all(path, 0, &data, &len, &e) == 0);
  CHECK(len == 3 && memcmp(data, "new", 3) == 0);
  qe_free(data);
  CHECK(qe_fs_read_all(path, 2, &data, &len, &e) == QE_ELIMIT);
  char missing[256];
  snprintf(missing, sizeof missing, "%s/nope", dir);
  CHECK(qe_fs_read_all(missing, 0, &data, &len, &e) == QE_ENOTFOUND);
  /* no temporary file is left behind */
  char tmp[300];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  struct stat st;
  CHECK(stat(tmp, &st) != 0);
  /* a write into a missing directory fails with EIO and names the file */
  char bad[256];
  snprintf(bad, sizeof bad, "%s/no/such/dir/f", dir);
  CHECK(qe_fs_write_atomic(bad, "x", 1, &e) == QE_EIO);
  CHECK(strstr(e.message, "no/such/dir") != NULL);
  CHECK(qe_fs_fsync_dir(dir, &e) == 0);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  test_errors();
  test_allocator();
  test_buf();
  test_crc32c();
  test_fs();
  return check_report("test_base");
}
