/*
 * to_json.c — Python objects → qe_json.
 *
 * Accepted: None, bool, int (within int64 or uint64), float, str, list,
 * tuple, dict with str keys, instances of the qedge.models classes (their
 * field data), enum members (their value), uuid.UUID (its text), dates and
 * times (ISO 8601 text), integer-like objects (__index__), pydantic-style
 * models (model_dump()), and objects exporting the buffer protocol (see
 * buffer.c). bytes and bytearray are refused: they are not JSON.
 *
 * A conversion error is recorded in the context with a path relative to the
 * value being converted; each enclosing container prepends its own step while
 * the recursion unwinds, so the final path reads `payload.tags[2]`.
 *
 * Vectors: a class may name, in a `__qe_vectors__` tuple, the keys of its
 * JSON (model_dump() or field data) that hold vectors (qedge.edge's Point:
 * "vector", Query: "nearest"). Lists of numbers there become one packed
 * float32 array directly (vector.c) instead of a number per element; the
 * engine would have made the same floats. Elsewhere (payloads) lists of
 * numbers stay exact JSON numbers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "qepy.h"

/** Conversion state shared by the recursive calls. */
typedef struct conv {
  qepy_state *st;
  size_t nodes; /**< values created so far */
  int depth;    /**< containers currently open */
  int code;     /**< qe_code of a recorded conversion error, 0 if none */
  char path[QE_ERROR_PATH_MAX];
  char msg[QE_ERROR_MESSAGE_MAX];
} conv;

/** Record a conversion error about the current value. Returns NULL. */
static qe_json *fail(conv *c, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->msg, sizeof c->msg, fmt, ap);
  va_end(ap);
  c->code = code;
  c->path[0] = '\0';
  return NULL;
}

/**
 * Put `seg` (a key, or "[i]") in front of the recorded path, joining with a
 * dot unless the old path starts with an index. Truncates at the buffer end.
 */
static void path_prepend(conv *c, const char *seg, size_t seglen) {
  char old[QE_ERROR_PATH_MAX];
  size_t oldlen = strlen(c->path), cap = sizeof c->path - 1, n = 0;
  memcpy(old, c->path, oldlen + 1);
  int dot = oldlen > 0 && old[0] != '[';
  size_t take = seglen < cap ? seglen : cap;
  memcpy(c->path, seg, take);
  n = take;
  if (dot && n < cap) c->path[n++] = '.';
  take = oldlen < cap - n ? oldlen : cap - n;
  memcpy(c->path + n, old, take);
  c->path[n + take] = '\0';
}

/** Prepend an array index step. */
static void path_index(conv *c, Py_ssize_t i) {
  char seg[32];
  int n = snprintf(seg, sizeof seg, "[%zd]", i);
  path_prepend(c, seg, (size_t)n);
}

/** Node constructed by the core: count it, or raise MemoryError for NULL. */
static qe_json *made(conv *c, qe_json *v) {
  if (v == NULL) {
    PyErr_NoMemory();
    return NULL;
  }
  c->nodes++;
  return v;
}

static qe_json *conv_value(conv *c, PyObject *o);

/** Enter a container; fails with QE_ELIMIT past QEPY_MAX_DEPTH. */
static int enter(conv *c) {
  if (++c->depth > QEPY_MAX_DEPTH) {
    fail(c, QE_ELIMIT, "nesting is deeper than %d levels", QEPY_MAX_DEPTH);
    c->depth--;
    return -1;
  }
  return 0;
}

static qe_json *conv_int(conv *c, PyObject *o) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (overflow == 0) {
    if (v == -1 && PyErr_Occurred()) return NULL;
    return made(c, qe_json_new_int((int64_t)v));
  }
  if (overflow > 0) {
    unsigned long long u = PyLong_AsUnsignedLongLong(o);
    if (!(u == (unsigned long long)-1 && PyErr_Occurred()))
      return made(c, qe_json_new_uint((uint64_t)u));
    if (!PyErr_ExceptionMatches(PyExc_OverflowError)) return NULL;
    PyErr_Clear();
  }
  return fail(c, QE_EINVAL, "integer out of range (must fit in int64 or uint64)");
}

static qe_json *conv_str(conv *c, PyObject *o) {
  Py_ssize_t n = 0;
  const char *s = PyUnicode_AsUTF8AndSize(o, &n);
  if (s == NULL) {
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return NULL;
    PyErr_Clear();
    return fail(c, QE_EINVAL, "string is not valid Unicode (it holds a lone surrogate)");
  }
  /* Python's UTF-8 is always valid, so NULL can only mean no memory. */
  return made(c, qe_json_new_string(s, (size_t)n, NULL));
}

static qe_json *conv_vector(conv *c, PyObject *o);

/** list or tuple → array. Items are held while converted: user code may run.
 *  With `vec`, each item is converted as a vector (a multivector's rows). */
static qe_json *conv_seq(conv *c, PyObject *o, int vec) {
  if (enter(c) < 0) return NULL;
  qe_json *arr = made(c, qe_json_new_array());
  for (Py_ssize_t i = 0; arr != NULL; i++) {
    Py_ssize_t n = PyList_Check(o) ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
    if (i >= n) break;
    PyObject *item = PyList_Check(o) ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i);
    Py_INCREF(item);
    qe_json *v = vec ? conv_vector(c, item) : conv_value(c, item);
    Py_DECREF(item);
    if (v == NULL) {
      if (c->code) path_index(c, i);
      qe_json_free(arr);
      arr = NULL;
    } else if (qe_json_array_push(arr, v) != 0) {
      qe_json_free(arr);
      arr = NULL;
      PyErr_NoMemory();
    }
  }
  c->depth--;
  return arr;
}

/** Is `key` one of the str items of tuple `keys`? */
static int key_in(PyObject *keys, PyObject *key) {
  Py_ssize_t n = PyTuple_GET_SIZE(keys);
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *k = PyTuple_GET_ITEM(keys, i);
    if (k == key || (PyUnicode_Check(k) && PyUnicode_Compare(k, key) == 0)) return 1;
  }
  return 0;
}

/**
 * dict → object; keys must be str. Members whose key is in `vec_keys` (a
 * tuple, or NULL for none) are converted as vectors; with `vec_all`, all are.
 */
static qe_json *conv_dict(conv *c, PyObject *o, PyObject *vec_keys, int vec_all) {
  if (enter(c) < 0) return NULL;
  qe_json *obj = made(c, qe_json_new_object());
  Py_ssize_t pos = 0;
  PyObject *key, *val;
  while (obj != NULL && PyDict_Next(o, &pos, &key, &val)) {
    if (!PyUnicode_Check(key)) {
      fail(c, QE_EINVAL, "object keys must be strings, not %.100s", Py_TYPE(key)->tp_name);
      qe_json_free(obj);
      obj = NULL;
      break;
    }
    Py_ssize_t klen = 0;
    const char *k = PyUnicode_AsUTF8AndSize(key, &klen);
    if (k == NULL) {
      if (PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
        PyErr_Clear();
        fail(c, QE_EINVAL, "object key is not valid Unicode (it holds a lone surrogate)");
      }
      qe_json_free(obj);
      obj = NULL;
      break;
    }
    Py_INCREF(key);
    Py_INCREF(val);
    int vec = vec_all || (vec_keys != NULL && key_in(vec_keys, key));
    qe_json *v = vec ? conv_vector(c, val) : conv_value(c, val);
    if (v == NULL) {
      if (c->code) path_prepend(c, k, (size_t)klen);
      qe_json_free(obj);
      obj = NULL;
    } else if (qe_json_object_setn(obj, k, (size_t)klen, v) != 0) {
      qe_json_free(obj);
      obj = NULL;
      PyErr_NoMemory();
    }
    Py_DECREF(key);
    Py_DECREF(val);
  }
  c->depth--;
  return obj;
}

/**
 * The tuple of vector keys `o`'s class declares in `__qe_vectors__` (a new
 * reference), or NULL when it declares none (no exception left set).
 */
static PyObject *vector_keys(conv *c, PyObject *o) {
  PyObject *keys = PyObject_GetAttr((PyObject *)Py_TYPE(o), c->st->str_qe_vectors);
  if (keys == NULL) {
    PyErr_Clear();
    return NULL;
  }
  if (!PyTuple_Check(keys) || PyTuple_GET_SIZE(keys) == 0) {
    Py_DECREF(keys);
    return NULL;
  }
  return keys;
}

/** Convert `v`; a dict's members named in `vec_keys` (may be NULL) as vectors. */
static qe_json *conv_keyed(conv *c, PyObject *v, PyObject *vec_keys) {
  if (vec_keys != NULL && PyDict_CheckExact(v)) return conv_dict(c, v, vec_keys, 0);
  return conv_value(c, v);
}

/**
 * Convert the result of calling `o.<name>(**kwargs)` (kwargs may be NULL);
 * the class's `__qe_vectors__` names the result's members that are vectors.
 */
static qe_json *conv_call(conv *c, PyObject *o, PyObject *name, PyObject *kwargs) {
  PyObject *meth = PyObject_GetAttr(o, name);
  if (meth == NULL) return NULL;
  PyObject *args = PyTuple_New(0);
  PyObject *r = args ? PyObject_Call(meth, args, kwargs) : NULL;
  Py_XDECREF(args);
  Py_DECREF(meth);
  if (r == NULL) return NULL;
  qe_json *v = NULL;
  if (enter(c) == 0) {
    PyObject *keys = vector_keys(c, o);
    v = conv_keyed(c, r, keys);
    Py_XDECREF(keys);
    c->depth--;
  }
  Py_DECREF(r);
  return v;
}

/** A model instance: convert its field dict. */
static qe_json *conv_model(conv *c, PyObject *o) {
  PyObject *data = PyObject_GetAttr(o, c->st->str_data);
  if (data == NULL) return NULL;
  PyObject *keys = PyDict_Check(data) ? vector_keys(c, o) : NULL;
  qe_json *v = PyDict_Check(data)
                   ? conv_dict(c, data, keys, 0)
                   : fail(c, QE_EINVAL, "%.100s instance holds no field data", Py_TYPE(o)->tp_name);
  Py_XDECREF(keys);
  Py_DECREF(data);
  return v;
}

/**
 * A value in a place where the engine expects a vector (or, for a dict, named
 * vectors): a list of plain numbers becomes one float32 array at once, a list
 * of lists a multivector of such rows, a dict of them named vectors. A dict
 * with "indices" (a sparse vector) and everything else take the generic path,
 * so the result is always what the model check would have made of it.
 */
static qe_json *conv_vector(conv *c, PyObject *o) {
  if (PyList_CheckExact(o) || PyTuple_CheckExact(o)) {
    qe_json *v = NULL;
    switch (qepy_seq_to_f32(o, &v)) {
    case QEPY_BUF_OK:
      return made(c, v);
    case QEPY_BUF_NOMEM:
      PyErr_NoMemory();
      return NULL;
    default:
      break;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(o);
    PyObject *first = n > 0 ? PySequence_Fast_GET_ITEM(o, 0) : NULL;
    if (first != NULL && (PyList_CheckExact(first) || PyTuple_CheckExact(first)))
      return conv_seq(c, o, 1);
    return conv_seq(c, o, 0);
  }
  if (PyDict_CheckExact(o)) {
    int sparse = PyDict_Contains(o, c->st->str_indices);
    if (sparse < 0) return NULL;
    return sparse ? conv_dict(c, o, NULL, 0) : conv_dict(c, o, NULL, 1);
  }
  return conv_value(c, o);
}

/** Objects that are none of the built-in JSON types. */
static qe_json *conv_other(conv *c, PyObject *o) {
  qepy_state *st = c->st;
  if (PyBytes_Check(o) || PyByteArray_Check(o))
    return fail(c, QE_EINVAL, "%s is not JSON: decode it to str or pass a list of numbers",
                Py_TYPE(o)->tp_name);
  if (PyObject_CheckBuffer(o)) {
    qe_json *v = NULL;
    char msg[160];
    switch (qepy_buffer_to_json(o, &v, &c->nodes, msg, sizeof msg)) {
    case QEPY_BUF_OK:
      return v;
    case QEPY_BUF_BAD:
      return fail(c, QE_EINVAL, "%.100s: %s", Py_TYPE(o)->tp_name, msg);
    case QEPY_BUF_NOMEM:
      PyErr_NoMemory();
      return NULL;
    case QEPY_BUF_NOT_BUFFER:
      break;
    }
  }
  int is;
  if ((is = PyObject_IsInstance(o, st->enum_type)) != 0) {
    if (is < 0) return NULL;
    PyObject *val = PyObject_GetAttr(o, st->str_value);
    if (val == NULL) return NULL;
    qe_json *v = NULL;
    if (enter(c) == 0) {
      v = conv_value(c, val);
      c->depth--;
    }
    Py_DECREF(val);
    return v;
  }
  if ((is = PyObject_IsInstance(o, st->uuid_type)) != 0) {
    if (is < 0) return NULL;
    PyObject *s = PyObject_Str(o);
    qe_json *v = s ? conv_str(c, s) : NULL;
    Py_XDECREF(s);
    return v;
  }
  if ((is = PyObject_IsInstance(o, st->date_type)) == 0) is = PyObject_IsInstance(o, st->time_type);
  if (is != 0) return is < 0 ? NULL : conv_call(c, o, st->str_isoformat, NULL);
  if (PyIndex_Check(o)) {
    PyObject *i = PyNumber_Index(o);
    qe_json *v = i ? conv_int(c, i) : NULL;
    Py_XDECREF(i);
    return v;
  }
  if (PyObject_HasAttr(o, st->str_model_dump)) {
    PyObject *kw = Py_BuildValue("{s:O,s:O}", "exclude_unset", Py_True, "by_alias", Py_True);
    qe_json *v = kw ? conv_call(c, o, st->str_model_dump, kw) : NULL;
    Py_XDECREF(kw);
    return v;
  }
  return fail(c, QE_EINVAL,
              "cannot convert %.100s to JSON (expected None, bool, int, float, str, list, tuple, "
              "dict, a model or an array of numbers)",
              Py_TYPE(o)->tp_name);
}

static qe_json *conv_value(conv *c, PyObject *o) {
  /* Exact built-in types first: they are nearly everything. */
  if (o == Py_None) return made(c, qe_json_new_null());
  if (o == Py_True || o == Py_False) return made(c, qe_json_new_bool(o == Py_True));
  if (PyLong_CheckExact(o)) return conv_int(c, o);
  if (PyFloat_CheckExact(o)) return made(c, qe_json_new_double(PyFloat_AS_DOUBLE(o)));
  if (PyUnicode_CheckExact(o)) return conv_str(c, o);
  if (PyList_CheckExact(o) || PyTuple_CheckExact(o)) return conv_seq(c, o, 0);
  if (PyDict_CheckExact(o)) return conv_dict(c, o, NULL, 0);
  if (c->st->model_base != NULL && PyObject_TypeCheck(o, (PyTypeObject *)c->st->model_base))
    return conv_model(c, o);
  /* Subclasses (str-based enums, IntEnum, OrderedDict, ...). */
  if (PyLong_Check(o)) return conv_int(c, o);
  if (PyFloat_Check(o)) return made(c, qe_json_new_double(PyFloat_AsDouble(o)));
  if (PyUnicode_Check(o)) return conv_str(c, o);
  if (PyList_Check(o) || PyTuple_Check(o)) return conv_seq(c, o, 0);
  if (PyDict_Check(o)) return conv_dict(c, o, NULL, 0);
  return conv_other(c, o);
}

int qepy_to_json(qepy_state *st, PyObject *obj, qe_json **out, size_t *nodes) {
  conv c;
  c.st = st;
  c.nodes = 0;
  c.depth = 0;
  c.code = 0;
  c.path[0] = '\0';
  c.msg[0] = '\0';
  *out = conv_value(&c, obj);
  if (nodes) *nodes = c.nodes;
  if (*out != NULL) return 0;
  if (c.code && !PyErr_Occurred()) qepy_raise_validation(st, c.code, c.path, c.msg);
  return -1;
}
