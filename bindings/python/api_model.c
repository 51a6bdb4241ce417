/*
 * api_model.c — module functions over the model registry: registry_json,
 * validate, validate_type, to_builtins, _set_model_classes.
 */
#include "qepy.h"

PyDoc_STRVAR(registry_json_doc,
             "registry_json() -> str\n\n"
             "JSON text describing every registered model (qe_registry_describe).\n"
             "Raises QdrantError if the registry failed to build.");

static PyObject *py_registry_json(PyObject *m, PyObject *unused) {
  qepy_state *st = qepy_get_state(m);
  qe_error err = {0};
  int rc = qe_registry_status(&err);
  if (rc != 0) {
    if (!err.code) err.code = rc;
    return qepy_raise(st, &err);
  }
  qe_json *desc = qe_registry_describe();
  size_t len = 0;
  char *text = desc ? qe_json_to_string(desc, 0, &len) : NULL;
  qe_json_free(desc);
  if (text == NULL) return PyErr_NoMemory();
  PyObject *r = PyUnicode_DecodeUTF8(text, (Py_ssize_t)len, NULL);
  qe_free(text);
  return r;
}

/** Which registry check to run on a converted value. */
typedef enum { BY_MODEL, BY_TYPE } check_kind;

/**
 * Shared body of validate() and validate_type(): convert `obj`, check it
 * against a model name or type expression (coercing), and convert it back,
 * typed through the registered classes when `typed`.
 */
static PyObject *check_and_return(PyObject *m, check_kind kind, const char *what, PyObject *obj,
                                  int strict, int typed) {
  qepy_state *st = qepy_get_state(m);
  qe_json *v;
  size_t nodes = 0;
  if (qepy_to_json(st, obj, &v, &nodes) != 0) return NULL;
  unsigned flags = QE_CHECK_COERCE | (strict ? QE_CHECK_STRICT : 0u);
  qe_model_matches matches = {0};
  qe_model_matches *mp = typed ? &matches : NULL;
  qe_error err = {0};
  int rc;
  QEPY_NOGIL_IF(nodes >= QEPY_NOGIL_NODES, rc = kind == BY_MODEL
                                                    ? qe_model_check_name(what, v, flags, mp, &err)
                                                    : qe_type_check(what, v, flags, mp, &err));
  PyObject *r = NULL;
  if (rc != 0) {
    if (!err.code) err.code = rc;
    qepy_raise(st, &err);
  } else {
    r = qepy_from_json(st, v, mp);
  }
  qe_model_matches_free(&matches);
  qe_json_free(v);
  return r;
}

PyDoc_STRVAR(validate_doc,
             "validate(model, obj, strict=False, *, typed=True) -> object\n\n"
             "Check `obj` against the registered model named `model` and return it\n"
             "normalised: vectors as lists of float32 values, UUIDs canonical, field\n"
             "aliases renamed, and (when typed) every value accepted as a model turned\n"
             "into an instance of its qedge.models class. Unknown fields are kept\n"
             "unless strict. Raises ValidationError naming the path of the bad value.");

static PyObject *py_validate(PyObject *m, PyObject *args, PyObject *kw) {
  static char *kwlist[] = {"model", "obj", "strict", "typed", NULL};
  const char *name;
  PyObject *obj;
  int strict = 0, typed = 1;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "sO|p$p:validate", kwlist, &name, &obj, &strict,
                                   &typed))
    return NULL;
  return check_and_return(m, BY_MODEL, name, obj, strict, typed);
}

PyDoc_STRVAR(validate_type_doc,
             "validate_type(type_expr, obj, strict=False, *, typed=True) -> object\n\n"
             "As validate(), against a type expression such as \"[PointStruct]\".");

static PyObject *py_validate_type(PyObject *m, PyObject *args, PyObject *kw) {
  static char *kwlist[] = {"type_expr", "obj", "strict", "typed", NULL};
  const char *expr;
  PyObject *obj;
  int strict = 0, typed = 1;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "sO|p$p:validate_type", kwlist, &expr, &obj, &strict,
                                   &typed))
    return NULL;
  return check_and_return(m, BY_TYPE, expr, obj, strict, typed);
}

PyDoc_STRVAR(to_builtins_doc,
             "to_builtins(obj) -> object\n\n"
             "`obj` as plain JSON-ready Python values (dict, list, str, int, float,\n"
             "bool, None): models become dicts of their set fields, enums their\n"
             "values, arrays lists. Raises ValidationError for what JSON cannot hold.");

static PyObject *py_to_builtins(PyObject *m, PyObject *obj) {
  qepy_state *st = qepy_get_state(m);
  qe_json *v;
  if (qepy_to_json(st, obj, &v, NULL) != 0) return NULL;
  PyObject *r = qepy_from_json(st, v, NULL);
  qe_json_free(v);
  return r;
}

PyDoc_STRVAR(set_model_classes_doc,
             "_set_model_classes(base, classes)\n\n"
             "Register the model base class (its instances convert through their\n"
             "`_data` dict) and a dict mapping registry names to Python classes (used\n"
             "to type validated values: object classes are built with\n"
             "`cls._from_data(dict)`, enum classes with `cls(value)`). Pass\n"
             "(None, None) to forget them.");

static PyObject *py_set_model_classes(PyObject *m, PyObject *args) {
  PyObject *base, *classes;
  if (!PyArg_ParseTuple(args, "OO:_set_model_classes", &base, &classes)) return NULL;
  if (base != Py_None && !PyType_Check(base)) {
    PyErr_SetString(PyExc_TypeError, "base must be a class or None");
    return NULL;
  }
  if (classes != Py_None && !PyDict_Check(classes)) {
    PyErr_SetString(PyExc_TypeError, "classes must be a dict or None");
    return NULL;
  }
  qepy_state *st = qepy_get_state(m);
  PyObject *old_base = st->model_base, *old_classes = st->model_classes;
  st->model_base = base == Py_None ? NULL : base;
  st->model_classes = classes == Py_None ? NULL : classes;
  Py_XINCREF(st->model_base);
  Py_XINCREF(st->model_classes);
  Py_XDECREF(old_base);
  Py_XDECREF(old_classes);
  Py_RETURN_NONE;
}

PyMethodDef qepy_model_methods[] = {
    {"registry_json", py_registry_json, METH_NOARGS, registry_json_doc},
    {"validate", (PyCFunction)(void (*)(void))py_validate, METH_VARARGS | METH_KEYWORDS,
     validate_doc},
    {"validate_type", (PyCFunction)(void (*)(void))py_validate_type, METH_VARARGS | METH_KEYWORDS,
     validate_type_doc},
    {"to_builtins", py_to_builtins, METH_O, to_builtins_doc},
    {"_set_model_classes", py_set_model_classes, METH_VARARGS, set_model_classes_doc},
    {NULL, NULL, 0, NULL},
};
