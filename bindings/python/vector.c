/*
 * vector.c — Python lists and tuples of numbers → packed float32, for the
 * places where the caller knows a dense vector is expected.
 *
 * The generic converter makes one qe_json number per element, which the
 * model check then folds into float32. Where a vector is certain (see
 * to_json.c's vector keys), this reads the numbers straight into one
 * QE_JSON_F32 instead. It only takes lists whose every element is an exact
 * float or an int within int64, finite and inside the float32 range, so the
 * floats it makes are the ones the model check would have made
 * ((float)(double)x); anything else is declined and the generic path (with
 * its precise error messages) runs instead.
 */
#include <math.h>

#include "qepy.h"

/** The element as a double, or -1 when the fast path must decline it. */
static int number_of(PyObject *item, double *out) {
  if (PyFloat_CheckExact(item)) {
    *out = PyFloat_AS_DOUBLE(item);
    return 0;
  }
  if (PyLong_CheckExact(item)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(item, &overflow);
    if (overflow != 0 || (v == -1 && PyErr_Occurred())) {
      PyErr_Clear();
      return -1;
    }
    *out = (double)v;
    return 0;
  }
  return -1;
}

/**
 * Length of `seq` when the fast path takes it (an exact list or tuple whose
 * first item is a plain number), else 0.
 */
static Py_ssize_t candidate_len(PyObject *seq) {
  if (!PyList_CheckExact(seq) && !PyTuple_CheckExact(seq)) return 0;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  double first;
  /* Cheap refusal before allocating: a multivector or a sparse list. */
  if (n == 0 || number_of(PySequence_Fast_GET_ITEM(seq, 0), &first) != 0) return 0;
  return n;
}

/** Write the `n` items of `seq` as float32 into `dst`; -1 to decline. No user
 *  code runs (exact types only), so the items stay put meanwhile. */
static int fill(PyObject *seq, Py_ssize_t n, float *dst) {
  PyObject **items = PySequence_Fast_ITEMS(seq);
  for (Py_ssize_t i = 0; i < n; i++) {
    double d;
    if (number_of(items[i], &d) != 0 || !isfinite(d) || !isfinite((float)d)) return -1;
    dst[i] = (float)d;
  }
  return 0;
}

qepy_buf_result qepy_seq_to_f32(PyObject *seq, qe_json **out) {
  *out = NULL;
  Py_ssize_t n = candidate_len(seq);
  if (n == 0) return QEPY_BUF_NOT_BUFFER;
  qe_json *v = qe_json_new_f32_zeroed((size_t)n);
  if (v == NULL) return QEPY_BUF_NOMEM;
  if (fill(seq, n, qe_json_f32_data(v, NULL)) != 0) {
    qe_json_free(v);
    return QEPY_BUF_NOT_BUFFER;
  }
  *out = v;
  return QEPY_BUF_OK;
}

PyDoc_STRVAR(compact_vector_doc,
             "compact_vector(obj) -> array.array | obj\n\n"
             "A list or tuple of plain numbers that is a valid dense vector becomes\n"
             "array.array('f') (the float32 values the engine would store, in one\n"
             "buffer the converter reads directly, no Python float per element).\n"
             "Anything else is returned unchanged, for the engine to check.");

static PyObject *py_compact_vector(PyObject *m, PyObject *obj) {
  Py_ssize_t n = candidate_len(obj);
  /* A list holds at most PY_SSIZE_T_MAX / 8 items: n * 4 cannot overflow. */
  if (n > 0) {
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(float));
    if (bytes == NULL) return NULL;
    if (fill(obj, n, (float *)(void *)PyBytes_AS_STRING(bytes)) == 0) {
      qepy_state *st = qepy_get_state(m);
      PyObject *arr = PyObject_CallFunction(st->array_type, "sO", "f", bytes);
      Py_DECREF(bytes);
      return arr;
    }
    Py_DECREF(bytes);
  }
  Py_INCREF(obj);
  return obj;
}

PyMethodDef qepy_vector_methods[] = {
    {"compact_vector", py_compact_vector, METH_O, compact_vector_doc},
    {NULL, NULL, 0, NULL},
};
