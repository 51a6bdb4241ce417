/*
 * qepy.h — shared declarations of the CPython extension `qedge._qedge`.
 *
 * The extension is thin glue: it turns Python objects into qe_json trees and
 * back, calls the core, and turns qe_error into Python exceptions. All state
 * lives in the module object (multi-phase initialisation); there are no C
 * globals, so the module can be loaded in several (sub)interpreters.
 */
#ifndef QEDGE_QEPY_H
#define QEDGE_QEPY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "qedge/error.h"
#include "qedge/json.h"
#include "qedge/model.h"

/** Per-module state, reached through PyModule_GetState(). */
typedef struct qepy_state {
  PyObject *QdrantError;      /**< qedge.errors.QdrantError */
  PyObject *ValidationError;  /**< qedge.errors.ValidationError */
  PyObject *code_classes;     /**< qedge.errors.CODE_CLASSES: code name -> class */
  PyObject *ShardClosedError; /**< qedge.errors.ShardClosedError */
  PyObject *shard_type;       /**< the _qedge.Shard type (shard.c) */
  PyObject *model_base;       /**< base class of qedge.models classes, or NULL */
  PyObject *model_classes;    /**< dict: registry name -> Python class, or NULL */
  PyObject *enum_type;        /**< enum.Enum */
  PyObject *uuid_type;        /**< uuid.UUID */
  PyObject *date_type;        /**< datetime.date (datetime.datetime derives from it) */
  PyObject *time_type;        /**< datetime.time */
  PyObject *array_type;       /**< array.array */
  PyObject *str_data;         /**< interned "_data" */
  PyObject *str_from_data;    /**< interned "_from_data" */
  PyObject *str_value;        /**< interned "value" */
  PyObject *str_isoformat;    /**< interned "isoformat" */
  PyObject *str_model_dump;   /**< interned "model_dump" */
  PyObject *str_qe_vectors;   /**< interned "__qe_vectors__" (see to_json.c) */
  PyObject *str_indices;      /**< interned "indices" */
} qepy_state;

/** The state of module `m`. */
static inline qepy_state *qepy_get_state(PyObject *m) {
  return (qepy_state *)PyModule_GetState(m);
}

/** Containers nested deeper than this are refused while converting (the
 *  same limit as the core's parser and emitter). */
#define QEPY_MAX_DEPTH 128

/**
 * Trees with at least this many nodes (or texts of at least this many bytes)
 * are parsed, emitted and checked with the GIL released.
 */
#define QEPY_NOGIL_NODES 4096
#define QEPY_NOGIL_BYTES (64 * 1024)

/** Run `stmt` with the GIL released when `cond` holds (pure C work only). */
#define QEPY_NOGIL_IF(cond, stmt)                                                                  \
  do {                                                                                             \
    if (cond) {                                                                                    \
      Py_BEGIN_ALLOW_THREADS stmt;                                                                 \
      Py_END_ALLOW_THREADS                                                                         \
    } else {                                                                                       \
      stmt;                                                                                        \
    }                                                                                              \
  } while (0)

/* ------------------------------------------------------------ errors.c */

/** Import qedge.errors and keep its classes in `st`. 0 or -1 (exception set). */
int qepy_errors_init(qepy_state *st);

/**
 * Raise the Python exception matching `err` (ValidationError for bad input,
 * MemoryError for QE_ENOMEM, the class qedge.errors.CODE_CLASSES names for
 * the code, QdrantError otherwise). Always returns NULL.
 */
PyObject *qepy_raise(qepy_state *st, const qe_error *err);

/** Raise the class CODE_CLASSES names for `code` (QdrantError when none)
 *  with `path` and `message`. Always returns NULL. */
PyObject *qepy_raise_code(qepy_state *st, int code, const char *path, const char *message);

/** Raise ShardClosedError for a call on a closed shard. Returns NULL. */
PyObject *qepy_raise_closed(qepy_state *st);

/** Raise ValidationError(message, path, code name). Always returns NULL. */
PyObject *qepy_raise_validation(qepy_state *st, int code, const char *path, const char *message);

/* ------------------------------------------------------------ to_json.c */

/**
 * Convert a Python object into a new qe_json tree (*out). `nodes`, when not
 * NULL, receives the number of values created (to decide on releasing the
 * GIL). Returns 0, or -1 with a Python exception set; conversion errors raise
 * ValidationError whose path names the offending value (`payload.tags[2]`).
 */
int qepy_to_json(qepy_state *st, PyObject *obj, qe_json **out, size_t *nodes);

/* ------------------------------------------------------------ buffer.c */

/** Outcome of qepy_buffer_to_json. */
typedef enum qepy_buf_result {
  QEPY_BUF_OK = 0,     /**< *out holds the converted value */
  QEPY_BUF_NOT_BUFFER, /**< the object does not export a buffer */
  QEPY_BUF_BAD,        /**< exports one we cannot use; message in `msg` */
  QEPY_BUF_NOMEM       /**< allocation failed */
} qepy_buf_result;

/**
 * Convert an object exporting the buffer protocol: 0-d → number, 1-d float
 * data → QE_JSON_F32 (read directly from the exporter's memory), 1-d integer
 * data → array of exact integers, bool data → array of booleans, 2-d → array
 * of such rows. `msg` (size
 * `msgsz`) receives the reason for QEPY_BUF_BAD. `nodes` is incremented by
 * the number of values made. No Python exception is left set.
 */
qepy_buf_result qepy_buffer_to_json(PyObject *obj, qe_json **out, size_t *nodes, char *msg,
                                    size_t msgsz);

/* ------------------------------------------------------------ vector.c */

/**
 * A list or tuple (exact types) of plain numbers — floats, and ints within
 * int64 — all finite and inside the float32 range → a new QE_JSON_F32 in
 * *out, rounded as the model check rounds. QEPY_BUF_NOT_BUFFER declines
 * anything else (empty, other element types, out of range): the caller then
 * converts it generically. QEPY_BUF_NOMEM when allocation fails. No Python
 * exception is left set.
 */
qepy_buf_result qepy_seq_to_f32(PyObject *seq, qe_json **out);

/* ------------------------------------------------------------ from_json.c */

/**
 * Convert a qe_json tree into Python objects: objects → dict, arrays and f32
 * arrays → list (float32 values become the Python float of their shortest
 * decimal form, which converts back to the same float32), u64 → exact int.
 * When `matches` is given, values a model check accepted as a model become
 * instances of the class registered for that model (see
 * _set_model_classes). Returns a new reference or NULL with an exception set.
 */
PyObject *qepy_from_json(qepy_state *st, const qe_json *v, const qe_model_matches *matches);

/** A Python float holding the shortest decimal reading of float32 `f`. */
double qepy_f32_to_double(float f);

/* ------------------------------------------------------------ functions */

/** Method tables of api_json.c and api_model.c, terminated by {NULL}. */
extern PyMethodDef qepy_json_methods[];
extern PyMethodDef qepy_model_methods[];
/** Method table of vector.c (compact_vector), terminated by {NULL}. */
extern PyMethodDef qepy_vector_methods[];

/* ------------------------------------------------------------ shard.c */

/** Create the `Shard` type (an edge shard handle), keep it in the state and
 *  add it to module `m`. 0 or -1 (exception set). */
int qepy_shard_init(PyObject *m, qepy_state *st);

/* ------------------------------------------------------------ client.c */

/** Create the `Client` type (a REST client handle) and add it to module `m`.
 *  0 or -1 (exception set). */
int qepy_client_init(PyObject *m);

#endif
