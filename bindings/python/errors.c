/*
 * errors.c — qe_error → Python exceptions.
 *
 * The exception classes are written in Python (python/qedge/errors.py) so
 * that they are easy to read and subclass; the extension imports them once,
 * when the module is executed, and keeps them in the module state. The class
 * raised for a code is looked up in qedge.errors.CODE_CLASSES (QdrantError
 * when the code is not listed).
 */
#include "qepy.h"

int qepy_errors_init(qepy_state *st) {
  PyObject *mod = PyImport_ImportModule("qedge.errors");
  if (mod == NULL) return -1;
  st->QdrantError = PyObject_GetAttrString(mod, "QdrantError");
  st->ValidationError = st->QdrantError ? PyObject_GetAttrString(mod, "ValidationError") : NULL;
  st->code_classes = st->ValidationError ? PyObject_GetAttrString(mod, "CODE_CLASSES") : NULL;
  st->ShardClosedError = st->code_classes ? PyObject_GetAttrString(mod, "ShardClosedError") : NULL;
  Py_DECREF(mod);
  if (st->code_classes != NULL && !PyDict_Check(st->code_classes)) {
    PyErr_SetString(PyExc_TypeError, "qedge.errors.CODE_CLASSES must be a dict");
    return -1;
  }
  return st->ShardClosedError ? 0 : -1;
}

/** Instantiate `cls(message, path=path, code=code)` and raise it. */
static PyObject *raise_with(PyObject *cls, const char *code, const char *path,
                            const char *message) {
  PyObject *args = NULL, *kwargs = NULL, *exc = NULL;
  args = Py_BuildValue("(s)", message);
  kwargs = Py_BuildValue("{s:s,s:s}", "path", path ? path : "", "code", code);
  if (args && kwargs) exc = PyObject_Call(cls, args, kwargs);
  if (exc) PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
  Py_XDECREF(exc);
  Py_XDECREF(args);
  Py_XDECREF(kwargs);
  return NULL;
}

PyObject *qepy_raise_validation(qepy_state *st, int code, const char *path, const char *message) {
  return raise_with(st->ValidationError, qe_code_name(code), path, message);
}

PyObject *qepy_raise(qepy_state *st, const qe_error *err) {
  switch (err->code) {
  case QE_EINVAL:
  case QE_EPARSE:
  case QE_ELIMIT:
    return qepy_raise_validation(st, err->code, err->path, err->message);
  case QE_ENOMEM:
    return PyErr_NoMemory();
  default:
    return qepy_raise_code(st, err->code, err->path, err->message);
  }
}

PyObject *qepy_raise_closed(qepy_state *st) {
  return raise_with(st->ShardClosedError, qe_code_name(QE_ESTATE), "", "the shard is closed");
}

PyObject *qepy_raise_code(qepy_state *st, int code, const char *path, const char *message) {
  const char *name = qe_code_name(code);
  PyObject *cls = PyDict_GetItemString(st->code_classes, name); /* borrowed */
  return raise_with(cls ? cls : st->QdrantError, name, path, message);
}
