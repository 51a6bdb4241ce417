/*
 * client.c — `_qedge.Client`, a handle on a Qdrant REST client (qe_client).
 *
 * call() takes an operation name (qdrant-client's method name), the
 * collection and second path name, a body (dicts, lists, qedge.models
 * instances, numpy arrays — anything to_json.c accepts) and the query
 * options; it returns the answer's `result` typed through the model classes
 * (QueryResponse, CollectionInfo, ...). The HTTP exchange, the body check
 * and the JSON work run with the GIL released. qedge.QdrantClient (pure
 * Python) builds the bodies from qdrant-client's arguments.
 *
 * Errors: an error status raises qedge.UnexpectedResponse(status_code,
 * reason_phrase, content, headers); no answer (refused, reset, timeout) or
 * an answer that is not Qdrant's raises qedge.ResponseHandlingException
 * whose `source` is a ConnectionError or TimeoutError; bad input raises
 * ValidationError naming the path.
 *
 * The auth_token_provider and log callables run with the GIL taken back
 * for the call. close() refuses new calls and waits for running ones.
 */
#include <pthread.h>

#include "qepy.h"

#include "qedge/client.h"

typedef struct ClientObject {
  PyObject_HEAD qe_client *client; /**< NULL once closed */
  pthread_mutex_t mu;
  pthread_cond_t idle;
  unsigned long active;
  int closing;
  PyObject *token_provider; /**< callable or NULL */
  PyObject *log;            /**< callable or NULL */
  PyObject *base_url;       /**< str */
} ClientObject;

static qepy_state *client_state(PyObject *self) {
  return (qepy_state *)PyType_GetModuleState(Py_TYPE(self));
}

/* ------------------------------------------------------------ callbacks */

/** A message for the exception currently set (then cleared). */
static void take_exception(char *buf, size_t n) {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyObject *s = value ? PyObject_Repr(value) : NULL;
  const char *text = s ? PyUnicode_AsUTF8(s) : NULL;
  snprintf(buf, n, "%s", text ? text : "unknown error");
  Py_XDECREF(s);
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(tb);
  PyErr_Clear();
}

static int token_cb(void *user, qe_buf *token, qe_error *err) {
  ClientObject *self = user;
  PyGILState_STATE g = PyGILState_Ensure();
  int rc = 0;
  PyObject *r = PyObject_CallNoArgs(self->token_provider);
  const char *s = r ? PyUnicode_AsUTF8(r) : NULL;
  if (s == NULL) {
    char msg[300];
    take_exception(msg, sizeof msg);
    rc = qe_error_set(err, QE_EINVAL, "auth_token_provider", "must return a str: %s", msg);
  } else if (qe_buf_puts(token, s)) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  Py_XDECREF(r);
  PyGILState_Release(g);
  return rc;
}

static void log_cb(void *user, int level, const char *message) {
  ClientObject *self = user;
  PyGILState_STATE g = PyGILState_Ensure();
  PyObject *r = PyObject_CallFunction(self->log, "is", level, message);
  if (r == NULL) PyErr_WriteUnraisable(self->log);
  Py_XDECREF(r);
  PyGILState_Release(g);
}

/* ------------------------------------------------------------ lifetime */

static int enter(ClientObject *self) {
  pthread_mutex_lock(&self->mu);
  int open = self->client != NULL && !self->closing;
  if (open) self->active++;
  pthread_mutex_unlock(&self->mu);
  if (!open) {
    qepy_raise_code(client_state((PyObject *)self), QE_ESTATE, "", "the client is closed");
    return -1;
  }
  return 0;
}

static void leave(ClientObject *self) {
  pthread_mutex_lock(&self->mu);
  if (--self->active == 0) pthread_cond_broadcast(&self->idle);
  pthread_mutex_unlock(&self->mu);
}

static void client_dealloc(PyObject *obj) {
  ClientObject *self = (ClientObject *)obj;
  PyTypeObject *tp = Py_TYPE(obj);
  PyObject_GC_UnTrack(obj);
  if (self->client) {
    qe_client *c = self->client;
    self->client = NULL;
    Py_BEGIN_ALLOW_THREADS qe_client_free(c);
    Py_END_ALLOW_THREADS
  }
  pthread_cond_destroy(&self->idle);
  pthread_mutex_destroy(&self->mu);
  Py_CLEAR(self->token_provider);
  Py_CLEAR(self->log);
  Py_CLEAR(self->base_url);
  tp->tp_free(obj);
  Py_DECREF(tp);
}

static int client_traverse(PyObject *obj, visitproc visit, void *arg) {
  ClientObject *self = (ClientObject *)obj;
  Py_VISIT(Py_TYPE(obj));
  Py_VISIT(self->token_provider);
  Py_VISIT(self->log);
  return 0;
}

static int client_clear_refs(PyObject *obj) {
  ClientObject *self = (ClientObject *)obj;
  Py_CLEAR(self->token_provider);
  Py_CLEAR(self->log);
  return 0;
}

/** An optional str argument as UTF-8 (NULL for None). -1 on a wrong type. */
static int opt_str(PyObject *o, const char *name, const char **out) {
  *out = NULL;
  if (o == NULL || o == Py_None) return 0;
  if (!PyUnicode_Check(o)) {
    PyErr_Format(PyExc_TypeError, "%s must be a str or None", name);
    return -1;
  }
  *out = PyUnicode_AsUTF8(o);
  return *out ? 0 : -1;
}

/** Headers from a dict {str: str} into a new array (free with PyMem_Free). */
static int headers_from(PyObject *dict, qe_http_header **out, size_t *n) {
  *out = NULL;
  *n = 0;
  if (dict == NULL || dict == Py_None) return 0;
  if (!PyDict_Check(dict)) {
    PyErr_SetString(PyExc_TypeError, "headers must be a dict of str to str");
    return -1;
  }
  Py_ssize_t size = PyDict_Size(dict), pos = 0, i = 0;
  if (size == 0) return 0;
  qe_http_header *h = PyMem_Calloc((size_t)size, sizeof *h);
  if (h == NULL) {
    PyErr_NoMemory();
    return -1;
  }
  PyObject *k, *v;
  while (PyDict_Next(dict, &pos, &k, &v)) {
    if (!PyUnicode_Check(k) || !PyUnicode_Check(v)) {
      PyMem_Free(h);
      PyErr_SetString(PyExc_TypeError, "headers must be a dict of str to str");
      return -1;
    }
    h[i].name = PyUnicode_AsUTF8(k);
    h[i].value = PyUnicode_AsUTF8(v);
    if (!h[i].name || !h[i].value) {
      PyMem_Free(h);
      return -1;
    }
    i++;
  }
  *out = h;
  *n = (size_t)i;
  return 0;
}

static PyObject *client_new(PyTypeObject *cls, PyObject *args, PyObject *kw) {
  static char *kwlist[] = {"url",         "host",
                           "port",        "https",
                           "prefix",      "api_key",
                           "timeout",     "connect_timeout",
                           "headers",     "auth_token_provider",
                           "max_retries", "backoff_base",
                           "backoff_max", "gzip_min_bytes",
                           "verify",      "ca_file",
                           "log",         "validate",
                           NULL};
  PyObject *url = NULL, *host = NULL, *https = Py_None, *prefix = NULL, *api_key = NULL;
  PyObject *headers = NULL, *token = Py_None, *logf = Py_None, *ca = NULL, *retries = Py_None;
  unsigned int port = 0;
  double timeout = 0, connect_timeout = 0, backoff_base = 0, backoff_max = 0;
  Py_ssize_t gzip_min = 0;
  int verify = 1, validate = 1;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "|$OOIOOOddOOOddnpOOp:Client", kwlist, &url, &host,
                                   &port, &https, &prefix, &api_key, &timeout, &connect_timeout,
                                   &headers, &token, &retries, &backoff_base, &backoff_max,
                                   &gzip_min, &verify, &ca, &logf, &validate))
    return NULL;
  qepy_state *st = (qepy_state *)PyType_GetModuleState(cls);
  qe_client_options o = {0};
  if (opt_str(url, "url", &o.http.url) || opt_str(host, "host", &o.http.host) ||
      opt_str(prefix, "prefix", &o.http.prefix) || opt_str(api_key, "api_key", &o.http.api_key) ||
      opt_str(ca, "ca_file", &o.http.ca_file))
    return NULL;
  if (https != Py_None) {
    int on = PyObject_IsTrue(https);
    if (on < 0) return NULL;
    o.http.https = on ? QE_HTTPS_ON : QE_HTTPS_OFF;
  }
  if (token != Py_None && !PyCallable_Check(token)) {
    PyErr_SetString(PyExc_TypeError, "auth_token_provider must be callable");
    return NULL;
  }
  if (logf != Py_None && !PyCallable_Check(logf)) {
    PyErr_SetString(PyExc_TypeError, "log must be callable");
    return NULL;
  }
  if (retries != Py_None) {
    long r = PyLong_AsLong(retries);
    if (r == -1 && PyErr_Occurred()) return NULL;
    if (r < 0 || r > 100) {
      PyErr_SetString(PyExc_ValueError, "max_retries must be 0..100");
      return NULL;
    }
    o.http.max_retries = (unsigned)r;
    o.http.no_retries = r == 0;
  }
  if (gzip_min < 0) {
    PyErr_SetString(PyExc_ValueError, "gzip_min_bytes must be >= 0");
    return NULL;
  }
  o.http.port = port;
  o.http.timeout = timeout;
  o.http.connect_timeout = connect_timeout;
  o.http.backoff_base = backoff_base;
  o.http.backoff_max = backoff_max;
  o.http.gzip_min_bytes = (size_t)gzip_min;
  o.http.tls_no_verify = !verify;
  o.no_validate = !validate;
  qe_http_header *hdrs = NULL;
  size_t n_hdrs = 0;
  if (headers_from(headers, &hdrs, &n_hdrs) < 0) return NULL;
  o.http.headers = hdrs;
  o.http.n_headers = n_hdrs;

  ClientObject *self = (ClientObject *)cls->tp_alloc(cls, 0);
  if (self == NULL) {
    PyMem_Free(hdrs);
    return NULL;
  }
  pthread_mutex_init(&self->mu, NULL);
  pthread_cond_init(&self->idle, NULL);
  if (token != Py_None) {
    self->token_provider = Py_NewRef(token);
    o.http.token = token_cb;
    o.http.token_user = self;
  }
  if (logf != Py_None) {
    self->log = Py_NewRef(logf);
    o.http.log = log_cb;
    o.http.log_user = self;
  }
  qe_error err = {0};
  int rc = qe_client_new(&o, &self->client, &err);
  PyMem_Free(hdrs);
  if (rc) {
    Py_DECREF(self);
    if (!err.code) err.code = rc;
    return qepy_raise(st, &err);
  }
  self->base_url = PyUnicode_FromString(qe_transport_base_url(qe_client_transport(self->client)));
  if (self->base_url == NULL) {
    Py_DECREF(self);
    return NULL;
  }
  return (PyObject *)self;
}

/* ------------------------------------------------------------ errors */

/** Headers of a raw response as a dict (lower-case names). */
static PyObject *headers_dict(const qe_http_response *r) {
  PyObject *d = PyDict_New();
  if (d == NULL || r->headers.data == NULL) return d;
  const char *p = r->headers.data, *end = p + r->headers.len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *le = eol ? eol : end;
    const char *colon = memchr(p, ':', (size_t)(le - p));
    if (colon) {
      const char *v = colon + 1, *ve = le;
      while (v < ve && (*v == ' ' || *v == '\t'))
        v++;
      while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
        ve--;
      PyObject *k = PyUnicode_DecodeLatin1(p, colon - p, NULL);
      PyObject *lk = k ? PyObject_CallMethod(k, "lower", NULL) : NULL;
      PyObject *val = PyUnicode_DecodeLatin1(v, ve - v, NULL);
      int bad = !lk || !val || PyDict_SetItem(d, lk, val) < 0;
      Py_XDECREF(k);
      Py_XDECREF(lk);
      Py_XDECREF(val);
      if (bad) {
        Py_DECREF(d);
        return NULL;
      }
    }
    p = eol ? eol + 1 : end;
  }
  return d;
}

/** Raise qedge.errors.<name>(*args). Returns NULL. */
static PyObject *raise_errors_class(const char *name, PyObject *args) {
  if (args == NULL) return NULL;
  PyObject *mod = PyImport_ImportModule("qedge.errors");
  PyObject *cls = mod ? PyObject_GetAttrString(mod, name) : NULL;
  PyObject *exc = cls ? PyObject_CallObject(cls, args) : NULL;
  if (exc) PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
  Py_XDECREF(exc);
  Py_XDECREF(cls);
  Py_XDECREF(mod);
  Py_DECREF(args);
  return NULL;
}

static PyObject *raise_call_error(qepy_state *st, int rc, qe_error *err,
                                  const qe_http_response *raw) {
  if (!err->code) err->code = rc;
  if (err->code == QE_EHTTP) {
    /* err->message is "<status> <reason>: <message>". */
    const char *colon = strstr(err->message, ": ");
    const char *sp = strchr(err->message, ' ');
    PyObject *reason = sp && colon && sp < colon
                           ? PyUnicode_FromStringAndSize(sp + 1, colon - sp - 1)
                           : PyUnicode_FromString("");
    PyObject *content =
        PyBytes_FromStringAndSize(raw->body.data ? raw->body.data : "", (Py_ssize_t)raw->body.len);
    PyObject *hdrs = headers_dict(raw);
    PyObject *args = reason && content && hdrs
                         ? Py_BuildValue("(iOOO)", raw->status, reason, content, hdrs)
                         : NULL;
    Py_XDECREF(reason);
    Py_XDECREF(content);
    Py_XDECREF(hdrs);
    return raise_errors_class("UnexpectedResponse", args);
  }
  if (err->code == QE_ETRANSPORT || err->code == QE_ETIMEOUT || err->code == QE_EPARSE) {
    PyObject *src_cls = err->code == QE_ETIMEOUT     ? PyExc_TimeoutError
                        : err->code == QE_ETRANSPORT ? PyExc_ConnectionError
                                                     : PyExc_ValueError;
    PyObject *src = PyObject_CallFunction(src_cls, "s", err->message);
    PyObject *args = src ? Py_BuildValue("(Os)", src, qe_code_name(err->code)) : NULL;
    Py_XDECREF(src);
    return raise_errors_class("ResponseHandlingException", args);
  }
  return qepy_raise(st, err);
}

/* ------------------------------------------------------------ call */

PyDoc_STRVAR(call_doc,
             "call(op, collection=None, arg=None, body=None, *, wait=True, ordering=None,\n"
             "     consistency=None, timeout=None, headers=None, typed=True) -> object\n\n"
             "Run the REST operation `op` (qdrant-client's method name, e.g. 'upsert')\n"
             "and return the answer's `result`, typed as the operation's response\n"
             "model unless typed=False.");

static PyObject *client_call(PyObject *obj, PyObject *args, PyObject *kw) {
  static char *kwlist[] = {"op",          "collection", "arg",     "body",  "wait", "ordering",
                           "consistency", "timeout",    "headers", "typed", NULL};
  ClientObject *self = (ClientObject *)obj;
  const char *opname;
  PyObject *coll = Py_None, *arg = Py_None, *body = Py_None, *ordering = Py_None;
  PyObject *consistency = Py_None, *timeout = Py_None, *headers = Py_None;
  int wait = 1, typed = 1;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "s|OOO$pOOOOp:call", kwlist, &opname, &coll, &arg,
                                   &body, &wait, &ordering, &consistency, &timeout, &headers,
                                   &typed))
    return NULL;
  qepy_state *st = client_state(obj);
  qe_op op;
  if (!qe_op_find(opname, &op)) {
    PyErr_Format(PyExc_ValueError, "unknown operation %R", PyTuple_GET_ITEM(args, 0));
    return NULL;
  }
  const qe_op_info *info = qe_op_get(op);
  qe_call_options o = {.no_wait = !wait};
  const char *cname = NULL, *aname = NULL;
  if (opt_str(coll, "collection", &cname) || opt_str(arg, "arg", &aname) ||
      opt_str(ordering, "ordering", &o.ordering))
    return NULL;
  PyObject *cons_str = NULL;
  if (consistency != Py_None) {
    /* an enum (ReadConsistencyType) stands for its value */
    PyObject *v = PyObject_HasAttr(consistency, st->str_value)
                      ? PyObject_GetAttr(consistency, st->str_value)
                      : Py_NewRef(consistency);
    if (v == NULL) return NULL;
    cons_str = PyObject_Str(v);
    Py_DECREF(v);
    if (cons_str == NULL) return NULL;
    o.consistency = PyUnicode_AsUTF8(cons_str);
  }
  if (timeout != Py_None) {
    long t = PyLong_AsLong(timeout);
    if (t == -1 && PyErr_Occurred()) goto fail_early;
    if (t < 0) {
      PyErr_SetString(PyExc_ValueError, "timeout must be >= 0 seconds");
      goto fail_early;
    }
    o.timeout = (unsigned)t;
  }
  qe_http_header *hdrs = NULL;
  if (headers_from(headers, &hdrs, &o.n_headers) < 0) goto fail_early;
  o.headers = hdrs;
  qe_json *jbody = NULL;
  size_t nodes = 0;
  if (body != Py_None && qepy_to_json(st, body, &jbody, &nodes) != 0) {
    PyMem_Free(hdrs);
    goto fail_early;
  }
  if (enter(self) < 0) {
    qe_json_free(jbody);
    PyMem_Free(hdrs);
    goto fail_early;
  }
  qe_http_response raw = {0};
  o.response = &raw;
  qe_json *result = NULL;
  qe_error err = {0};
  qe_model_matches matches = {0};
  int rc, trc = 0;
  Py_BEGIN_ALLOW_THREADS rc =
      qe_client_call(self->client, op, cname, aname, jbody, &o, &result, &err);
  if (rc == 0 && typed) {
    trc = qe_type_check(info->result_type, result, QE_CHECK_COERCE, &matches, &err);
  }
  Py_END_ALLOW_THREADS leave(self);
  qe_json_free(jbody);
  PyMem_Free(hdrs);
  Py_XDECREF(cons_str);
  PyObject *r = NULL;
  if (rc) {
    raise_call_error(st, rc, &err, &raw);
  } else if (trc) {
    char msg[QE_ERROR_MESSAGE_MAX + QE_ERROR_PATH_MAX + 64];
    snprintf(msg, sizeof msg, "the answer of %s is not a %s: %s%s%s", info->name, info->result_type,
             err.path, err.path[0] ? ": " : "", err.message);
    PyObject *src = PyObject_CallFunction(PyExc_ValueError, "s", msg);
    raise_errors_class("ResponseHandlingException",
                       src ? Py_BuildValue("(Os)", src, "EPARSE") : NULL);
    Py_XDECREF(src);
  } else {
    r = qepy_from_json(st, result, typed ? &matches : NULL);
  }
  qe_model_matches_free(&matches);
  qe_json_free(result);
  qe_http_response_free(&raw);
  return r;
fail_early:
  Py_XDECREF(cons_str);
  return NULL;
}

/* ------------------------------------------------------------ close etc */

static PyObject *client_close(PyObject *obj, PyObject *unused) {
  ClientObject *self = (ClientObject *)obj;
  pthread_mutex_lock(&self->mu);
  if (self->client == NULL || self->closing) {
    pthread_mutex_unlock(&self->mu);
    Py_RETURN_NONE;
  }
  self->closing = 1;
  qe_client *c;
  Py_BEGIN_ALLOW_THREADS while (self->active > 0) pthread_cond_wait(&self->idle, &self->mu);
  c = self->client;
  self->client = NULL;
  pthread_mutex_unlock(&self->mu);
  qe_client_free(c);
  Py_END_ALLOW_THREADS Py_RETURN_NONE;
}

static PyObject *get_base_url(PyObject *obj, void *unused) {
  return Py_NewRef(((ClientObject *)obj)->base_url);
}

static PyObject *get_closed(PyObject *obj, void *unused) {
  ClientObject *self = (ClientObject *)obj;
  pthread_mutex_lock(&self->mu);
  int closed = self->client == NULL || self->closing;
  pthread_mutex_unlock(&self->mu);
  return PyBool_FromLong(closed);
}

static PyObject *ops_list(PyObject *cls, PyObject *unused) {
  PyObject *d = PyDict_New();
  for (unsigned i = 0; d && i < QE_OP_COUNT_; i++) {
    const qe_op_info *info = qe_op_get((qe_op)i);
    PyObject *v =
        Py_BuildValue("{s:s,s:s,s:z,s:s,s:O}", "method", qe_http_method_name(info->method), "path",
                      info->path, "body", info->body_model, "result", info->result_type,
                      "idempotent", info->idempotent ? Py_True : Py_False);
    if (v == NULL || PyDict_SetItemString(d, info->name, v) < 0) Py_CLEAR(d);
    Py_XDECREF(v);
  }
  return d;
}

static PyGetSetDef client_getset[] = {
    {"base_url", get_base_url, NULL, "The base URL requests go to.", NULL},
    {"closed", get_closed, NULL, "True once close() has started.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef client_methods[] = {
    {"call", (PyCFunction)(void (*)(void))client_call, METH_VARARGS | METH_KEYWORDS, call_doc},
    {"close", client_close, METH_NOARGS,
     "close()\n\nClose the connections; later calls raise. Waits for calls in flight."},
    {"operations", ops_list, METH_NOARGS | METH_CLASS,
     "operations() -> dict\n\nEvery operation: method, path, body model, result type, idempotent."},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(client_doc, "A Qdrant REST client (qe_client). Use qedge.QdrantClient.");

static PyType_Slot client_slots[] = {
    {Py_tp_new, (void *)client_new},           {Py_tp_dealloc, (void *)client_dealloc},
    {Py_tp_traverse, (void *)client_traverse}, {Py_tp_clear, (void *)client_clear_refs},
    {Py_tp_methods, client_methods},           {Py_tp_getset, client_getset},
    {Py_tp_doc, (void *)client_doc},           {0, NULL},
};

static PyType_Spec client_spec = {
    "qedge._qedge.Client", (int)sizeof(ClientObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    client_slots,
};

int qepy_client_init(PyObject *m) {
  PyObject *t = PyType_FromModuleAndSpec(m, &client_spec, NULL);
  if (t == NULL) return -1;
  if (PyModule_AddObject(m, "Client", t) < 0) {
    Py_DECREF(t);
    return -1;
  }
  return 0;
}
