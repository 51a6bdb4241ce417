/* fs.c — crash-safe whole-file writes, directory fsync, whole-file reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qedge/base.h"

static int io_error(qe_error *err, const char *what, const char *path) {
  return qe_error_set(err, QE_EIO, NULL, "%s %s: %s", what, path, strerror(errno));
}

int qe_fs_fsync_dir(const char *dir, qe_error *err) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error(err, "open directory", dir);
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  if (rc != 0) {
    errno = saved;
    return io_error(err, "fsync directory", dir);
  }
  return QE_OK;
}

static int write_all(int fd, const char *p, size_t len) {
  while (len) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

int qe_fs_write_atomic(const char *path, const void *data, size_t len, qe_error *err) {
  size_t plen = strlen(path);
  char *tmp = qe_malloc(plen + 32);
  char *dir = qe_strndup(path, plen);
  if (!tmp || !dir) {
    qe_free(tmp);
    qe_free(dir);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
  char *slash = strrchr(dir, '/');
  if (slash == dir) {
    dir[1] = '\0';
  } else if (slash) {
    *slash = '\0';
  } else {
    dir[0] = '.';
    dir[1] = '\0';
  }
  int rc = QE_OK;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    rc = io_error(err, "create", tmp);
    goto done;
  }
  if (write_all(fd, data, len) != 0) {
    rc = io_error(err, "write", tmp);
    close(fd);
    unlink(tmp);
    goto done;
  }
  if (fsync(fd) != 0) {
    rc = io_error(err, "fsync", tmp);
    close(fd);
    unlink(tmp);
    goto done;
  }
  if (close(fd) != 0) {
    rc = io_error(err, "close", tmp);
    unlink(tmp);
    goto done;
  }
  if (rename(tmp, path) != 0) {
    rc = io_error(err, "rename onto", path);
    unlink(tmp);
    goto done;
  }
  rc = qe_fs_fsync_dir(dir, err);
done:
  qe_free(tmp);
  qe_free(dir);
  return rc;
}

int qe_fs_read_all(const char *path, size_t max_len, char **out, size_t *len, qe_error *err) {
  *out = NULL;
  if (len) *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return qe_error_set(err, QE_ENOTFOUND, NULL, "no such file: %s", path);
    return io_error(err, "open", path);
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return io_error(err, "stat", path);
  }
  size_t size = (size_t)st.st_size;
  if (max_len && size > max_len) {
    close(fd);
    return qe_error_set(err, QE_ELIMIT, NULL, "%s is %zu bytes, more than the limit of %zu", path,
                        size, max_len);
  }
  char *p = qe_malloc(size + 1);
  if (!p) {
    close(fd);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory reading %s", path);
  }
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, p + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += (size_t)n;
  }
  close(fd);
  if (got != size) {
    qe_free(p);
    return qe_error_set(err, QE_EIO, NULL, "short read of %s", path);
  }
  p[size] = '\0';
  *out = p;
  if (len) *len = size;
  return QE_OK;
}
