/*
 * from_json.c — qe_json → Python objects, optionally typed by the models a
 * check accepted (qe_model_matches).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "qepy.h"

/* ------------------------------------------------------------ node → model map */

/** Open-addressing map from a qe_json node to the model it matched. */
typedef struct ptrmap {
  struct ptrmap_slot {
    const void *key;
    const qe_model *model;
  } * slots;
  size_t mask; /**< capacity - 1 (capacity is a power of two), 0 when empty */
} ptrmap;

static size_t ptr_hash(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= UINT64_C(0xff51afd7ed558ccd);
  x ^= x >> 33;
  return (size_t)x;
}

/** Fill `map` from `m`; a node listed twice keeps its last (innermost) model. */
static int ptrmap_build(ptrmap *map, const qe_model_matches *m) {
  map->slots = NULL;
  map->mask = 0;
  if (m == NULL || m->len == 0) return 0;
  size_t cap = 8;
  while (cap < m->len * 2)
    cap *= 2;
  map->slots = PyMem_Calloc(cap, sizeof *map->slots);
  if (map->slots == NULL) return -1;
  map->mask = cap - 1;
  for (size_t i = 0; i < m->len; i++) {
    size_t h = ptr_hash(m->items[i].node) & map->mask;
    while (map->slots[h].key != NULL && map->slots[h].key != m->items[i].node)
      h = (h + 1) & map->mask;
    map->slots[h].key = m->items[i].node;
    map->slots[h].model = m->items[i].model;
  }
  return 0;
}

static const qe_model *ptrmap_get(const ptrmap *map, const void *key) {
  if (map->slots == NULL) return NULL;
  for (size_t h = ptr_hash(key) & map->mask;; h = (h + 1) & map->mask) {
    if (map->slots[h].key == key) return map->slots[h].model;
    if (map->slots[h].key == NULL) return NULL;
  }
}

/* ------------------------------------------------------------ conversion */

double qepy_f32_to_double(float f) {
  double exact = (double)f;
  if (!isfinite(exact)) return exact;
  /* Small integers are their own shortest form. */
  if (exact > -16777216.0 && exact < 16777216.0 && exact == (double)(int32_t)exact) return exact;
  char buf[40];
  qe_format_f32(f, buf);
  double d = PyOS_string_to_double(buf, NULL, NULL);
  if (d == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    return exact;
  }
  /* Guard against double rounding: the result must still read as `f`. */
  return (float)d == f ? d : exact;
}

typedef struct unconv {
  qepy_state *st;
  ptrmap map;
} unconv;

static PyObject *un_value(unconv *u, const qe_json *v);

/** Give a converted value the class registered for the model it matched. */
static PyObject *typed(unconv *u, const qe_json *v, PyObject *plain) {
  const qe_model *m = ptrmap_get(&u->map, v);
  if (m == NULL || u->st->model_classes == NULL) return plain;
  PyObject *cls = PyDict_GetItemString(u->st->model_classes, qe_model_name(m));
  if (cls == NULL) return plain;
  PyObject *r = NULL;
  if (PyDict_Check(plain))
    r = PyObject_CallMethodObjArgs(cls, u->st->str_from_data, plain, NULL);
  else if (PyUnicode_Check(plain))
    r = PyObject_CallFunctionObjArgs(cls, plain, NULL);
  else
    return plain;
  Py_DECREF(plain);
  return r;
}

static PyObject *un_f32(const qe_json *v) {
  size_t n = 0;
  const float *f = qe_json_f32_data(v, &n);
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; list != NULL && i < n; i++) {
    PyObject *x = PyFloat_FromDouble(qepy_f32_to_double(f[i]));
    if (x == NULL)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, x);
  }
  return list;
}

static PyObject *un_array(unconv *u, const qe_json *v) {
  size_t n = qe_json_array_len(v);
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; list != NULL && i < n; i++) {
    PyObject *x = un_value(u, qe_json_array_at(v, i));
    if (x == NULL)
      Py_CLEAR(list);
    else
      PyList_SET_ITEM(list, (Py_ssize_t)i, x);
  }
  return list;
}

static PyObject *un_object(unconv *u, const qe_json *v) {
  size_t n = qe_json_object_len(v);
  PyObject *dict = PyDict_New();
  for (size_t i = 0; dict != NULL && i < n; i++) {
    size_t klen = 0;
    const char *k = qe_json_object_key_at(v, i, &klen);
    PyObject *key = PyUnicode_DecodeUTF8(k, (Py_ssize_t)klen, NULL);
    PyObject *val = key ? un_value(u, qe_json_object_value_at(v, i)) : NULL;
    if (val == NULL || PyDict_SetItem(dict, key, val) != 0) Py_CLEAR(dict);
    Py_XDECREF(key);
    Py_XDECREF(val);
  }
  return dict;
}

static PyObject *un_value(unconv *u, const qe_json *v) {
  PyObject *r = NULL;
  switch (qe_json_kind_of(v)) {
  case QE_JSON_NULL:
    Py_RETURN_NONE;
  case QE_JSON_BOOL:
    return PyBool_FromLong(qe_json_get_bool(v));
  case QE_JSON_INT: {
    int64_t i = 0;
    qe_json_get_i64(v, &i);
    return PyLong_FromLongLong((long long)i);
  }
  case QE_JSON_UINT: {
    uint64_t x = 0;
    qe_json_get_u64(v, &x);
    return PyLong_FromUnsignedLongLong((unsigned long long)x);
  }
  case QE_JSON_DOUBLE:
    return PyFloat_FromDouble(qe_json_get_double(v));
  case QE_JSON_F32:
    return un_f32(v);
  case QE_JSON_STRING: {
    size_t len = 0;
    const char *s = qe_json_get_string(v, &len);
    r = PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, NULL);
    break;
  }
  case QE_JSON_ARRAY:
    return un_array(u, v);
  case QE_JSON_OBJECT:
    r = un_object(u, v);
    break;
  }
  return r ? typed(u, v, r) : NULL;
}

PyObject *qepy_from_json(qepy_state *st, const qe_json *v, const qe_model_matches *matches) {
  unconv u;
  u.st = st;
  if (ptrmap_build(&u.map, matches) != 0) return PyErr_NoMemory();
  PyObject *r = un_value(&u, v);
  PyMem_Free(u.map.slots);
  return r;
}
