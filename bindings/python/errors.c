/*
 * errors.c — qe_error → Python exceptions.
 *
 * The exception classes are written in Python (python/qedge/errors.py) so
 * that they are easy to read and subclass; the extension imports them once,
 * when the module is executed, and keeps them in the module state.
 */
#include "qepy.h"

int qepy_errors_init(qepy_state *st) {
  PyObject *mod = PyImport_ImportModule("qedge.errors");
  if (mod == NULL) return -1;
  st->QdrantError = PyObject_GetAttrString(mod, "QdrantError");
  st->ValidationError = st->QdrantError ? PyObject_GetAttrString(mod, "ValidationError") : NULL;
  Py_DECREF(mod);
  return st->ValidationError ? 0 : -1;
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
    return raise_with(st->QdrantError, qe_code_name(err->code), err->path, err->message);
  }
}
