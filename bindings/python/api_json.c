/*
 * api_json.c — module functions over the C JSON layer and checksums:
 * json_dumps, json_loads, crc32c.
 */
#include "qepy.h"

/** The `str` of `len` bytes of UTF-8 the core produced. */
static PyObject *utf8_str(const char *s, size_t len) {
  return PyUnicode_DecodeUTF8(s ? s : "", (Py_ssize_t)len, NULL);
}

PyDoc_STRVAR(json_dumps_doc,
             "json_dumps(obj, *, pretty=False) -> str\n\n"
             "JSON text of `obj` written by the C layer: doubles and float32 vectors in\n"
             "their shortest exact form, u64 exact, NaN and infinities as null.");

static PyObject *py_json_dumps(PyObject *m, PyObject *args, PyObject *kw) {
  static char *kwlist[] = {"obj", "pretty", NULL};
  PyObject *obj;
  int pretty = 0;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$p:json_dumps", kwlist, &obj, &pretty)) return NULL;
  qepy_state *st = qepy_get_state(m);
  qe_json *v;
  size_t nodes = 0;
  if (qepy_to_json(st, obj, &v, &nodes) != 0) return NULL;
  qe_buf out = {0};
  qe_error err = {0};
  int rc;
  QEPY_NOGIL_IF(nodes >= QEPY_NOGIL_NODES, {
    rc = qe_json_emit(v, pretty ? QE_EMIT_PRETTY : 0, &out, &err);
    qe_json_free(v);
  });
  PyObject *r = NULL;
  if (rc != 0) {
    if (!err.code) err.code = rc;
    qepy_raise(st, &err);
  } else {
    r = utf8_str(out.data, out.len);
  }
  qe_buf_free(&out);
  return r;
}

PyDoc_STRVAR(json_loads_doc,
             "json_loads(text, *, max_depth=0, max_size=0) -> object\n\n"
             "Parse JSON `text` (str, or bytes-like holding UTF-8) with the C layer.\n"
             "Integers stay exact up to 2**64-1; larger ones become floats. Malformed\n"
             "text or invalid UTF-8 raises ValidationError naming the byte offset;\n"
             "max_depth (default 256) and max_size (default 64 MiB) bound the input.");

static PyObject *py_json_loads(PyObject *m, PyObject *args, PyObject *kw) {
  static char *kwlist[] = {"text", "max_depth", "max_size", NULL};
  PyObject *text;
  Py_ssize_t max_depth = 0, max_size = 0;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$nn:json_loads", kwlist, &text, &max_depth,
                                   &max_size))
    return NULL;
  if (max_depth < 0 || max_size < 0) {
    PyErr_SetString(PyExc_ValueError, "max_depth and max_size must not be negative");
    return NULL;
  }
  qepy_state *st = qepy_get_state(m);
  Py_buffer view = {0};
  const char *s;
  Py_ssize_t len;
  if (PyUnicode_Check(text)) {
    s = PyUnicode_AsUTF8AndSize(text, &len);
    if (s == NULL) {
      if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return NULL;
      PyErr_Clear();
      return qepy_raise_validation(st, QE_EPARSE, "",
                                   "text is not valid Unicode (it holds a lone surrogate)");
    }
  } else {
    if (PyObject_GetBuffer(text, &view, PyBUF_SIMPLE) != 0) return NULL;
    s = view.buf;
    len = view.len;
  }
  qe_json_parse_opts opts = {0};
  opts.max_depth = (size_t)max_depth;
  opts.max_size = (size_t)max_size;
  qe_json *v = NULL;
  qe_error err = {0};
  int rc;
  QEPY_NOGIL_IF(len >= QEPY_NOGIL_BYTES, rc = qe_json_parse(s, (size_t)len, &opts, &v, &err));
  if (view.obj) PyBuffer_Release(&view);
  if (rc != 0) {
    if (!err.code) err.code = rc;
    return qepy_raise(st, &err);
  }
  PyObject *r = qepy_from_json(st, v, NULL);
  qe_json_free(v);
  return r;
}

PyDoc_STRVAR(crc32c_doc, "crc32c(data, crc=0) -> int\n\n"
                         "CRC-32C (Castagnoli) of a bytes-like object, continuing from `crc`.");

static PyObject *py_crc32c(PyObject *m, PyObject *args, PyObject *kw) {
  static char *kwlist[] = {"data", "crc", NULL};
  Py_buffer data;
  PyObject *crc_obj = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "y*|O!:crc32c", kwlist, &data, &PyLong_Type, &crc_obj))
    return NULL;
  unsigned long crc = 0;
  if (crc_obj != NULL) {
    crc = PyLong_AsUnsignedLong(crc_obj);
    if ((crc == (unsigned long)-1 && PyErr_Occurred()) || crc > 0xffffffffUL) {
      PyBuffer_Release(&data);
      PyErr_Clear();
      PyErr_SetString(PyExc_ValueError, "crc must be an unsigned 32-bit integer");
      return NULL;
    }
  }
  uint32_t r;
  QEPY_NOGIL_IF(data.len >= QEPY_NOGIL_BYTES,
                r = qe_crc32c((uint32_t)crc, data.buf, (size_t)data.len));
  PyBuffer_Release(&data);
  return PyLong_FromUnsignedLong(r);
}

PyMethodDef qepy_json_methods[] = {
    {"json_dumps", (PyCFunction)(void (*)(void))py_json_dumps, METH_VARARGS | METH_KEYWORDS,
     json_dumps_doc},
    {"json_loads", (PyCFunction)(void (*)(void))py_json_loads, METH_VARARGS | METH_KEYWORDS,
     json_loads_doc},
    {"crc32c", (PyCFunction)(void (*)(void))py_crc32c, METH_VARARGS | METH_KEYWORDS, crc32c_doc},
    {NULL, NULL, 0, NULL},
};
