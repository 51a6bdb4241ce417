/*
 * qedge/base.h — allocation hooks, growable byte buffers, CRC32C and
 * crash-safe file writes.
 *
 * Thread-safety: qe_set_allocator() must be called before any other qedge
 * call and not concurrently with one; everything else here is reentrant and
 * touches only the objects it is given.
 */
#ifndef QEDGE_BASE_H
#define QEDGE_BASE_H

#include <stddef.h>
#include <stdint.h>

#include "qedge/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- memory */

/**
 * Allocation hooks. All three must be set together; they follow the C
 * library's contracts (realloc(NULL, n) allocates, free(NULL) is a no-op).
 */
typedef struct qe_allocator {
  void *(*malloc_fn)(size_t size);
  void *(*realloc_fn)(void *ptr, size_t size);
  void (*free_fn)(void *ptr);
} qe_allocator;

/**
 * Route every qedge allocation through `a`; NULL restores the C library's
 * allocator. Call once at start-up, before creating any qedge object: memory
 * must be freed by the allocator that made it.
 */
void qe_set_allocator(const qe_allocator *a);

/** Allocate `size` bytes with the current hooks; NULL on failure. */
void *qe_malloc(size_t size);
/** Allocate `n * size` zeroed bytes (overflow-checked); NULL on failure. */
void *qe_calloc(size_t n, size_t size);
/** Resize `ptr` to `size` bytes; NULL on failure (ptr is then untouched). */
void *qe_realloc(void *ptr, size_t size);
/** Free memory returned by qedge (strings, buffers, emitted JSON). NULL ok. */
void qe_free(void *ptr);
/** Copy `len` bytes of `s` into a new NUL-terminated string; NULL on failure. */
char *qe_strndup(const char *s, size_t len);

/* ---------------------------------------------------------------- buffers */

/**
 * A growable byte buffer. Zero-initialise it (`qe_buf b = {0};`). `data` is
 * always NUL-terminated after a successful append (the NUL is not counted in
 * `len`). Release with qe_buf_free().
 */
typedef struct qe_buf {
  char *data; /**< bytes, or NULL when nothing was ever appended */
  size_t len; /**< bytes in use */
  size_t cap; /**< bytes allocated */
} qe_buf;

/** Make room for `extra` more bytes (plus a NUL). 0 or QE_ENOMEM. */
int qe_buf_reserve(qe_buf *b, size_t extra);
/** Append `n` bytes. 0 or QE_ENOMEM. */
int qe_buf_append(qe_buf *b, const void *data, size_t n);
/** Append a NUL-terminated string. 0 or QE_ENOMEM. */
int qe_buf_puts(qe_buf *b, const char *s);
/** Append one byte. 0 or QE_ENOMEM. */
int qe_buf_putc(qe_buf *b, char c);
/** Append printf-style text. 0 or QE_ENOMEM. */
int qe_buf_printf(qe_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Forget the contents but keep the memory. */
void qe_buf_reset(qe_buf *b);
/** Free the memory and zero the struct. */
void qe_buf_free(qe_buf *b);
/**
 * Hand the bytes to the caller (free with qe_free) and zero the struct.
 * Returns an empty allocated string when the buffer was never used; NULL only
 * on allocation failure. `len` (optional) receives the length.
 */
char *qe_buf_steal(qe_buf *b, size_t *len);

/* ---------------------------------------------------------------- checksums */

/**
 * Extend a CRC-32C (Castagnoli) with `len` bytes. Start with crc = 0; the
 * result of one call can be passed as `crc` to continue. Uses the SSE4.2
 * instruction when the CPU has it (chosen at run time), a table otherwise.
 */
uint32_t qe_crc32c(uint32_t crc, const void *data, size_t len);

/* ---------------------------------------------------------------- files */

/**
 * Replace the file at `path` with `len` bytes of `data` so that a crash at
 * any moment leaves either the old contents or the new ones: write a
 * temporary file beside it, fsync it, rename it over `path`, fsync the
 * directory. Returns 0 or QE_EIO with the failing step in `err`.
 */
int qe_fs_write_atomic(const char *path, const void *data, size_t len, qe_error *err);

/** fsync the directory `dir` so a rename or create inside it is durable. */
int qe_fs_fsync_dir(const char *dir, qe_error *err);

/**
 * Read the whole file at `path` into a new buffer (free with qe_free),
 * NUL-terminated; `len` receives the length. QE_ENOTFOUND if it does not
 * exist, QE_ELIMIT if it is larger than `max_len` (0 = no limit), QE_EIO
 * otherwise.
 */
int qe_fs_read_all(const char *path, size_t max_len, char **out, size_t *len, qe_error *err);

#ifdef __cplusplus
}
#endif
#endif
