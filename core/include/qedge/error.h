/*
 * qedge/error.h — error codes and the error out-parameter.
 *
 * Every fallible qedge call returns an int: 0 (QE_OK) or one of the QE_E*
 * codes below, and fills an optional `qe_error *` with the same code, a
 * human-readable message and, where the error concerns input data, the JSON
 * path of the offending value (for example `points[3].vector`).
 *
 * Thread-safety: a qe_error is plain data owned by the caller; functions here
 * touch only the struct they are given.
 */
#ifndef QEDGE_ERROR_H
#define QEDGE_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes returned by every fallible call. 0 means success. */
typedef enum qe_code {
  QE_OK = 0,
  QE_EINVAL = 1,        /**< input failed validation (bad field, type, value) */
  QE_EPARSE = 2,        /**< malformed JSON text */
  QE_ELIMIT = 3,        /**< a size, depth or count limit was exceeded */
  QE_ENOMEM = 4,        /**< an allocation failed */
  QE_EIO = 5,           /**< an operating-system I/O call failed */
  QE_ENOTFOUND = 6,     /**< the named thing does not exist */
  QE_EEXIST = 7,        /**< the named thing already exists */
  QE_ECORRUPT = 8,      /**< stored data failed a checksum or format check */
  QE_EBUSY = 9,         /**< a lock is held by someone else */
  QE_EUNSUPPORTED = 10, /**< valid request, but not supported here */
  QE_ESTATE = 11,       /**< the handle is in the wrong state (e.g. closed) */
  QE_ETRANSPORT = 12,   /**< the network transport failed */
  QE_EHTTP = 13,        /**< the server answered with an error status */
  QE_ETIMEOUT = 14,     /**< an operation ran out of time */
  QE_EINTERNAL = 15     /**< a bug: an invariant did not hold */
} qe_code;

/** Size of qe_error.message, including the terminating NUL. */
#define QE_ERROR_MESSAGE_MAX 512
/** Size of qe_error.path, including the terminating NUL. */
#define QE_ERROR_PATH_MAX 256

/**
 * Error details. Zero-initialise it (`qe_error err = {0};`) or call
 * qe_error_clear(). `path` is empty when the error is not about a value;
 * otherwise it is a JSON path such as `points[3].vector` (the root is "").
 */
typedef struct qe_error {
  int code;                           /**< a qe_code */
  char path[QE_ERROR_PATH_MAX];       /**< JSON path of the bad value, or "" */
  char message[QE_ERROR_MESSAGE_MAX]; /**< what went wrong, without the path */
} qe_error;

/** Reset `err` to the no-error state. Accepts NULL. */
void qe_error_clear(qe_error *err);

/**
 * Fill `err` (if not NULL) with `code`, `path` (NULL for none) and a
 * printf-style message, and return `code`. Messages longer than the buffer are
 * truncated.
 */
int qe_error_set(qe_error *err, int code, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/** Short constant name of a code, e.g. "EINVAL"; "EUNKNOWN" if out of range. */
const char *qe_code_name(int code);

/**
 * Write "path: message" (or just "message" when the path is empty) into
 * `buf` of size `n`, always NUL-terminated when n > 0. Returns `buf`.
 */
char *qe_error_format(const qe_error *err, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
