/*
 * shard.c — `_qedge.Shard`, a handle on an open edge shard (qe_shard).
 *
 * Requests go in as Python objects (dicts, lists, qedge.models instances,
 * anything to_json.c accepts) shaped as the REST models qedge/edge.h names;
 * results come back as plain dicts and lists. The pure-Python layer
 * (qedge.edge) gives both sides Qdrant Edge's class names.
 *
 * Every engine call runs with the GIL released. The handle counts the calls
 * in flight; close() refuses new calls at once and waits (GIL released) for
 * the running ones to finish before it frees the engine handle, so no call
 * can see a freed shard. Thread-safety beyond that is the engine's: many
 * readers and one writer at a time (see qedge/edge.h).
 */
#include <pthread.h>
#include <stdint.h>

#include "qepy.h"

#include "qedge/edge.h"

typedef struct ShardObject {
  PyObject_HEAD qe_shard *shard; /**< NULL once closed */
  pthread_mutex_t mu;            /**< guards shard, active, closing */
  pthread_cond_t idle;           /**< signalled when `active` drops to 0 */
  unsigned long active;          /**< engine calls in flight */
  int closing;                   /**< close() has started */
  int read_only;
  PyObject *path; /**< the path as given (str), for repr */
} ShardObject;

static qepy_state *shard_state(PyObject *self) {
  return (qepy_state *)PyType_GetModuleState(Py_TYPE(self));
}

/* ------------------------------------------------------------ lifetime */

/** Register one more call in flight; raises ShardClosedError when closed. */
static int enter(ShardObject *self) {
  pthread_mutex_lock(&self->mu);
  int open = self->shard != NULL && !self->closing;
  if (open) self->active++;
  pthread_mutex_unlock(&self->mu);
  if (!open) {
    qepy_raise_closed(shard_state((PyObject *)self));
    return -1;
  }
  return 0;
}

static void leave(ShardObject *self) {
  pthread_mutex_lock(&self->mu);
  if (--self->active == 0) pthread_cond_broadcast(&self->idle);
  pthread_mutex_unlock(&self->mu);
}

/** Raise the exception for a failed engine call. Returns NULL. */
static PyObject *fail(ShardObject *self, int rc, qe_error *err) {
  if (!err->code) err->code = rc;
  return qepy_raise(shard_state((PyObject *)self), err);
}

static PyObject *shard_new_disallowed(PyTypeObject *type, PyObject *args, PyObject *kw) {
  PyErr_SetString(PyExc_TypeError, "use Shard.create(path, config) or Shard.open(path)");
  return NULL;
}

static void shard_dealloc(PyObject *obj) {
  ShardObject *self = (ShardObject *)obj;
  PyTypeObject *tp = Py_TYPE(obj);
  /* No call can be in flight: each holds a reference. */
  if (self->shard != NULL) {
    qe_shard *s = self->shard;
    self->shard = NULL;
    Py_BEGIN_ALLOW_THREADS qe_shard_close(s, NULL);
    Py_END_ALLOW_THREADS
  }
  pthread_cond_destroy(&self->idle);
  pthread_mutex_destroy(&self->mu);
  Py_XDECREF(self->path);
  tp->tp_free(obj);
  Py_DECREF(tp);
}

/* ------------------------------------------------------------ create / open */

typedef int (*open_fn)(const char *, const qe_json *, const qe_shard_options *, qe_shard **,
                       qe_error *);

/** Shared body of create() and open(). */
static PyObject *shard_make(PyTypeObject *cls, PyObject *args, PyObject *kw, const char *fmt,
                            open_fn fn) {
  static char *kwlist[] = {
      "path", "config", "read_only", "durability", "fsync_interval_ms", "flush_threshold", NULL};
  PyObject *path_obj = NULL, *config = Py_None;
  int read_only = 0, durability = 0;
  unsigned int interval = 0;
  Py_ssize_t threshold = 0;
  if (!PyArg_ParseTupleAndKeywords(args, kw, fmt, kwlist, PyUnicode_FSConverter, &path_obj, &config,
                                   &read_only, &durability, &interval, &threshold))
    return NULL;
  qepy_state *st = (qepy_state *)PyType_GetModuleState(cls);
  PyObject *result = NULL;
  qe_json *cfg = NULL;
  if (durability < QE_DURABILITY_FSYNC || durability > QE_DURABILITY_ON_FLUSH || threshold < 0) {
    PyErr_SetString(PyExc_ValueError, "durability must be 0, 1 or 2 and flush_threshold >= 0");
    goto done;
  }
  if (config != Py_None && qepy_to_json(st, config, &cfg, NULL) != 0) goto done;
  ShardObject *self = (ShardObject *)cls->tp_alloc(cls, 0);
  if (self == NULL) goto done;
  /* tp_alloc zeroed the struct; the lock must exist before dealloc runs. */
  pthread_mutex_init(&self->mu, NULL);
  pthread_cond_init(&self->idle, NULL);
  self->read_only = read_only;
  self->path = PyUnicode_DecodeFSDefault(PyBytes_AS_STRING(path_obj));
  if (self->path == NULL) {
    Py_DECREF(self);
    goto done;
  }
  qe_shard_options opts = {0};
  opts.read_only = read_only != 0;
  opts.durability = (qe_durability)durability;
  opts.fsync_interval_ms = interval;
  opts.flush_threshold = (size_t)threshold;
  qe_error err = {0};
  qe_shard *s = NULL;
  int rc;
  const char *p = PyBytes_AS_STRING(path_obj);
  Py_BEGIN_ALLOW_THREADS rc = fn(p, cfg, &opts, &s, &err);
  Py_END_ALLOW_THREADS if (rc != 0) {
    Py_DECREF(self);
    if (!err.code) err.code = rc;
    qepy_raise(st, &err);
    goto done;
  }
  self->shard = s;
  result = (PyObject *)self;
done:
  qe_json_free(cfg);
  Py_XDECREF(path_obj);
  return result;
}

PyDoc_STRVAR(create_doc,
             "create(path, config, *, read_only=False, durability=0, fsync_interval_ms=0,\n"
             "       flush_threshold=0) -> Shard\n\n"
             "Create a shard in directory `path` (made if missing, must not hold a\n"
             "shard) from `config`, an EdgeConfig or its dict. durability: 0 fsync\n"
             "every update, 1 at most every fsync_interval_ms, 2 only on flush/close.");

static PyObject *shard_create(PyObject *cls, PyObject *args, PyObject *kw) {
  return shard_make((PyTypeObject *)cls, args, kw, "O&O|$piIn:create", qe_shard_create);
}

PyDoc_STRVAR(open_doc, "open(path, config=None, *, read_only=False, durability=0,\n"
                       "     fsync_interval_ms=0, flush_threshold=0) -> Shard\n\n"
                       "Open the shard in directory `path`; `config`, when given, must agree\n"
                       "with the stored vectors. Raises NotFoundError when there is none and\n"
                       "ShardBusyError when another process holds the writer lock.");

static PyObject *shard_open(PyObject *cls, PyObject *args, PyObject *kw) {
  return shard_make((PyTypeObject *)cls, args, kw, "O&|O$piIn:open", qe_shard_open);
}

/* ------------------------------------------------------------ engine calls */

typedef int (*json_fn)(qe_shard *, qe_json *, qe_json **, qe_error *);

/** Convert `arg`, run `fn` on it with the GIL released, convert the answer. */
static PyObject *call_json(ShardObject *self, PyObject *arg, json_fn fn) {
  qepy_state *st = shard_state((PyObject *)self);
  qe_json *req = NULL, *out = NULL;
  if (qepy_to_json(st, arg, &req, NULL) != 0) return NULL;
  if (enter(self) < 0) {
    qe_json_free(req);
    return NULL;
  }
  qe_error err = {0};
  int rc;
  Py_BEGIN_ALLOW_THREADS rc = fn(self->shard, req, &out, &err);
  qe_json_free(req);
  Py_END_ALLOW_THREADS leave(self);
  if (rc != 0) return fail(self, rc, &err);
  PyObject *r = qepy_from_json(st, out, NULL);
  /* Large answers are freed without holding the GIL. */
  QEPY_NOGIL_IF(qe_json_array_len(out) >= 64, qe_json_free(out));
  return r;
}

PyDoc_STRVAR(update_doc, "update(operation) -> int\n\n"
                         "Apply one EdgeUpdateOperation ({\"upsert_points\": {...}} and so on);\n"
                         "returns its sequence number. Bad input raises ValidationError\n"
                         "naming the path and changes nothing.");

static PyObject *shard_update(PyObject *obj, PyObject *arg) {
  ShardObject *self = (ShardObject *)obj;
  qepy_state *st = shard_state(obj);
  qe_json *op = NULL;
  size_t nodes = 0;
  if (qepy_to_json(st, arg, &op, &nodes) != 0) return NULL;
  if (enter(self) < 0) {
    qe_json_free(op);
    return NULL;
  }
  qe_error err = {0};
  uint64_t seq = 0;
  int rc;
  Py_BEGIN_ALLOW_THREADS rc = qe_shard_update(self->shard, op, &seq, &err);
  qe_json_free(op);
  Py_END_ALLOW_THREADS leave(self);
  if (rc != 0) return fail(self, rc, &err);
  return PyLong_FromUnsignedLongLong((unsigned long long)seq);
}

PyDoc_STRVAR(query_doc, "query(request) -> list\n\n"
                        "Run a QueryRequest; a list of ScoredPoint dicts.");

static PyObject *shard_query(PyObject *self, PyObject *arg) {
  return call_json((ShardObject *)self, arg, qe_shard_query);
}

PyDoc_STRVAR(scroll_doc,
             "scroll(request) -> dict\n\n"
             "Run a ScrollRequest; {\"points\": [...], \"next_page_offset\": id|None}.");

static PyObject *shard_scroll(PyObject *self, PyObject *arg) {
  return call_json((ShardObject *)self, arg, qe_shard_scroll);
}

PyDoc_STRVAR(facet_doc, "facet(request) -> dict\n\n"
                        "Run a FacetRequest; {\"hits\": [{\"value\": v, \"count\": n}, ...]}.");

static PyObject *shard_facet(PyObject *self, PyObject *arg) {
  return call_json((ShardObject *)self, arg, qe_shard_facet);
}

PyDoc_STRVAR(retrieve_doc,
             "retrieve(request) -> list\n\n"
             "Fetch points by id: request is {\"ids\": [...], \"with_payload\": ...,\n"
             "\"with_vector\": ...}; Record dicts in request order, missing ids skipped.");

static PyObject *shard_retrieve(PyObject *self, PyObject *arg) {
  return call_json((ShardObject *)self, arg, qe_shard_retrieve);
}

PyDoc_STRVAR(count_doc, "count(request) -> int\n\nRun a CountRequest.");

static PyObject *shard_count(PyObject *obj, PyObject *arg) {
  ShardObject *self = (ShardObject *)obj;
  qe_json *req = NULL;
  if (qepy_to_json(shard_state(obj), arg, &req, NULL) != 0) return NULL;
  if (enter(self) < 0) {
    qe_json_free(req);
    return NULL;
  }
  qe_error err = {0};
  uint64_t n = 0;
  int rc;
  Py_BEGIN_ALLOW_THREADS rc = qe_shard_count(self->shard, req, &n, &err);
  qe_json_free(req);
  Py_END_ALLOW_THREADS leave(self);
  if (rc != 0) return fail(self, rc, &err);
  return PyLong_FromUnsignedLongLong((unsigned long long)n);
}

PyDoc_STRVAR(info_doc, "info() -> dict\n\n"
                       "{segments_count, points_count, indexed_vectors_count, payload_schema,\n"
                       "config}.");

static PyObject *shard_info(PyObject *obj, PyObject *unused) {
  ShardObject *self = (ShardObject *)obj;
  if (enter(self) < 0) return NULL;
  qe_error err = {0};
  qe_json *out = NULL;
  int rc;
  Py_BEGIN_ALLOW_THREADS rc = qe_shard_info(self->shard, &out, &err);
  Py_END_ALLOW_THREADS leave(self);
  if (rc != 0) return fail(self, rc, &err);
  PyObject *r = qepy_from_json(shard_state(obj), out, NULL);
  qe_json_free(out);
  return r;
}

typedef int (*plain_fn)(qe_shard *, qe_error *);

static PyObject *call_plain(ShardObject *self, plain_fn fn) {
  if (enter(self) < 0) return NULL;
  qe_error err = {0};
  int rc;
  Py_BEGIN_ALLOW_THREADS rc = fn(self->shard, &err);
  Py_END_ALLOW_THREADS leave(self);
  if (rc != 0) return fail(self, rc, &err);
  Py_RETURN_NONE;
}

PyDoc_STRVAR(flush_doc, "flush()\n\nWrite buffered points to an immutable segment.");

static PyObject *shard_flush(PyObject *self, PyObject *unused) {
  return call_plain((ShardObject *)self, qe_shard_flush);
}

PyDoc_STRVAR(optimize_doc, "optimize() -> bool\n\n"
                           "Merge segments, dropping deleted points. True when segments were\n"
                           "rewritten, False when the shard was already optimal.");

static PyObject *shard_optimize(PyObject *obj, PyObject *unused) {
  ShardObject *self = (ShardObject *)obj;
  if (enter(self) < 0) return NULL;
  qe_error err = {0};
  bool optimized = false;
  int rc;
  Py_BEGIN_ALLOW_THREADS rc = qe_shard_optimize(self->shard, &optimized, &err);
  Py_END_ALLOW_THREADS leave(self);
  if (rc != 0) return fail(self, rc, &err);
  return PyBool_FromLong(optimized);
}

PyDoc_STRVAR(close_doc, "close()\n\n"
                        "Flush and close. Waits for calls running on other threads; later calls\n"
                        "raise ShardClosedError. Closing again does nothing.");

static PyObject *shard_close(PyObject *obj, PyObject *unused) {
  ShardObject *self = (ShardObject *)obj;
  qe_shard *s = NULL;
  qe_error err = {0};
  int rc = 0;
  pthread_mutex_lock(&self->mu);
  if (self->shard == NULL || self->closing) {
    pthread_mutex_unlock(&self->mu);
    Py_RETURN_NONE;
  }
  self->closing = 1;
  Py_BEGIN_ALLOW_THREADS while (self->active > 0) pthread_cond_wait(&self->idle, &self->mu);
  s = self->shard;
  self->shard = NULL;
  pthread_mutex_unlock(&self->mu);
  rc = qe_shard_close(s, &err);
  Py_END_ALLOW_THREADS if (rc != 0) return fail(self, rc, &err);
  Py_RETURN_NONE;
}

static PyObject *shard_enter(PyObject *self, PyObject *unused) {
  Py_INCREF(self);
  return self;
}

static PyObject *shard_exit(PyObject *self, PyObject *args) {
  PyObject *r = shard_close(self, NULL);
  if (r == NULL) return NULL;
  Py_DECREF(r);
  Py_RETURN_FALSE;
}

/* ------------------------------------------------------------ attributes */

static PyObject *get_closed(PyObject *obj, void *unused) {
  ShardObject *self = (ShardObject *)obj;
  pthread_mutex_lock(&self->mu);
  int closed = self->shard == NULL || self->closing;
  pthread_mutex_unlock(&self->mu);
  return PyBool_FromLong(closed);
}

static PyObject *get_path(PyObject *obj, void *unused) {
  PyObject *path = ((ShardObject *)obj)->path;
  Py_INCREF(path);
  return path;
}

static PyObject *get_read_only(PyObject *obj, void *unused) {
  return PyBool_FromLong(((ShardObject *)obj)->read_only);
}

static PyObject *shard_repr(PyObject *obj) {
  ShardObject *self = (ShardObject *)obj;
  PyObject *closed = get_closed(obj, NULL);
  PyObject *r =
      PyUnicode_FromFormat("<_qedge.Shard %R%s%s>", self->path, self->read_only ? " read-only" : "",
                           closed == Py_True ? " closed" : "");
  Py_XDECREF(closed);
  return r;
}

static PyGetSetDef shard_getset[] = {
    {"closed", get_closed, NULL, "True once close() has started.", NULL},
    {"path", get_path, NULL, "The shard's directory, as given.", NULL},
    {"read_only", get_read_only, NULL, "Opened without the writer lock.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

#define METH(name, fn, flags, doc)                                                                 \
  { name, (PyCFunction)(void (*)(void))fn, flags, doc }

static PyMethodDef shard_methods[] = {
    METH("create", shard_create, METH_VARARGS | METH_KEYWORDS | METH_CLASS, create_doc),
    METH("open", shard_open, METH_VARARGS | METH_KEYWORDS | METH_CLASS, open_doc),
    METH("update", shard_update, METH_O, update_doc),
    METH("query", shard_query, METH_O, query_doc),
    METH("scroll", shard_scroll, METH_O, scroll_doc),
    METH("count", shard_count, METH_O, count_doc),
    METH("facet", shard_facet, METH_O, facet_doc),
    METH("retrieve", shard_retrieve, METH_O, retrieve_doc),
    METH("info", shard_info, METH_NOARGS, info_doc),
    METH("flush", shard_flush, METH_NOARGS, flush_doc),
    METH("optimize", shard_optimize, METH_NOARGS, optimize_doc),
    METH("close", shard_close, METH_NOARGS, close_doc),
    METH("__enter__", shard_enter, METH_NOARGS, NULL),
    METH("__exit__", shard_exit, METH_VARARGS, NULL),
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(shard_doc, "An open edge shard (qe_shard). Make one with Shard.create() or\n"
                        "Shard.open(); requests and answers are JSON-shaped Python values.\n"
                        "Use qedge.EdgeShard for Qdrant Edge's API on top of it.");

static PyType_Slot shard_slots[] = {
    {Py_tp_new, (void *)shard_new_disallowed},
    {Py_tp_dealloc, (void *)shard_dealloc},
    {Py_tp_repr, (void *)shard_repr},
    {Py_tp_methods, shard_methods},
    {Py_tp_getset, shard_getset},
    {Py_tp_doc, (void *)shard_doc},
    {0, NULL},
};

static PyType_Spec shard_spec = {
    "qedge._qedge.Shard", (int)sizeof(ShardObject), 0, Py_TPFLAGS_DEFAULT, shard_slots,
};

int qepy_shard_init(PyObject *m, qepy_state *st) {
  st->shard_type = PyType_FromModuleAndSpec(m, &shard_spec, NULL);
  if (st->shard_type == NULL) return -1;
  Py_INCREF(st->shard_type);
  if (PyModule_AddObject(m, "Shard", st->shard_type) < 0) {
    Py_DECREF(st->shard_type);
    return -1;
  }
  return 0;
}
