/*
 * module.c — the `qedge._qedge` module: definition, multi-phase
 * initialisation and the lifetime of its state.
 */
#include "qepy.h"

#include "qedge/qedge.h"

/** Import `module` and store a new reference to its attribute `name`. */
static int import_attr(const char *module, const char *name, PyObject **slot) {
  PyObject *mod = PyImport_ImportModule(module);
  if (mod == NULL) return -1;
  *slot = PyObject_GetAttrString(mod, name);
  Py_DECREF(mod);
  return *slot ? 0 : -1;
}

/** Intern `s` into *slot. */
static int intern(const char *s, PyObject **slot) {
  *slot = PyUnicode_InternFromString(s);
  return *slot ? 0 : -1;
}

static int qepy_exec(PyObject *m) {
  qepy_state *st = qepy_get_state(m);
  if (intern("_data", &st->str_data) < 0 || intern("_from_data", &st->str_from_data) < 0 ||
      intern("value", &st->str_value) < 0 || intern("isoformat", &st->str_isoformat) < 0 ||
      intern("model_dump", &st->str_model_dump) < 0 ||
      intern("__qe_vectors__", &st->str_qe_vectors) < 0 || intern("indices", &st->str_indices) < 0)
    return -1;
  if (import_attr("enum", "Enum", &st->enum_type) < 0 ||
      import_attr("uuid", "UUID", &st->uuid_type) < 0 ||
      import_attr("datetime", "date", &st->date_type) < 0 ||
      import_attr("datetime", "time", &st->time_type) < 0 ||
      import_attr("array", "array", &st->array_type) < 0)
    return -1;
  if (qepy_errors_init(st) < 0) return -1;
  if (PyModule_AddFunctions(m, qepy_json_methods) < 0 ||
      PyModule_AddFunctions(m, qepy_model_methods) < 0 ||
      PyModule_AddFunctions(m, qepy_vector_methods) < 0)
    return -1;
  if (qepy_shard_init(m, st) < 0) return -1;
  if (qepy_client_init(m) < 0) return -1;
  if (PyModule_AddStringConstant(m, "__version__", qe_version()) < 0) return -1;
  if (PyModule_AddIntConstant(m, "MAX_DEPTH", QEPY_MAX_DEPTH) < 0) return -1;
  return 0;
}

/** Visit or clear every object reference of the state. */
#define QEPY_STATE_FIELDS(X)                                                                       \
  X(QdrantError)                                                                                   \
  X(ValidationError)                                                                               \
  X(code_classes)                                                                                  \
  X(ShardClosedError)                                                                              \
  X(shard_type)                                                                                    \
  X(model_base)                                                                                    \
  X(model_classes)                                                                                 \
  X(enum_type)                                                                                     \
  X(uuid_type)                                                                                     \
  X(date_type)                                                                                     \
  X(time_type)                                                                                     \
  X(array_type)                                                                                    \
  X(str_data)                                                                                      \
  X(str_from_data)                                                                                 \
  X(str_value)                                                                                     \
  X(str_isoformat)                                                                                 \
  X(str_model_dump)                                                                                \
  X(str_qe_vectors)                                                                                \
  X(str_indices)

static int qepy_traverse(PyObject *m, visitproc visit, void *arg) {
  qepy_state *st = qepy_get_state(m);
  if (st == NULL) return 0;
#define VISIT(f) Py_VISIT(st->f);
  QEPY_STATE_FIELDS(VISIT)
#undef VISIT
  return 0;
}

static int qepy_clear(PyObject *m) {
  qepy_state *st = qepy_get_state(m);
  if (st == NULL) return 0;
#define CLEAR(f) Py_CLEAR(st->f);
  QEPY_STATE_FIELDS(CLEAR)
#undef CLEAR
  return 0;
}

static void qepy_free(void *m) {
  qepy_clear((PyObject *)m);
}

static PyModuleDef_Slot qepy_slots[] = {
    {Py_mod_exec, (void *)qepy_exec},
#if PY_VERSION_HEX >= 0x030C0000
    /* The core keeps no mutable global state; the registry is immutable. */
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

PyDoc_STRVAR(qepy_doc, "C core of qedge: JSON conversion, model validation, checksums and the\n"
                       "edge shard handle.\n\n"
                       "Use the `qedge` package; this module is its private engine.");

static struct PyModuleDef qepy_module = {
    PyModuleDef_HEAD_INIT,
    "qedge._qedge",
    qepy_doc,
    (Py_ssize_t)sizeof(qepy_state),
    NULL,
    qepy_slots,
    qepy_traverse,
    qepy_clear,
    qepy_free,
};

PyMODINIT_FUNC PyInit__qedge(void);

PyMODINIT_FUNC PyInit__qedge(void) {
  return PyModuleDef_Init(&qepy_module);
}
