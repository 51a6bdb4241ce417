/* http.c — libmicrohttpd glue (see http.h). */
#include "http.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "qedge/base.h"
#include "router.h"

struct srv_http {
  struct MHD_Daemon *d;
  atomic_int inflight; /* requests begun and not yet finished */
  struct srv_registry *reg;
  unsigned port;
};

/* per-request state kept across the access-handler calls */
typedef struct conn_state {
  srv_http *h;
  qe_buf body;
  bool too_large;
} conn_state;

static const char *lookup_arg(void *cookie, const char *name) {
  return MHD_lookup_connection_value((struct MHD_Connection *)cookie, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, srv_response *res) {
  struct MHD_Response *r = NULL;
  if (res->file_path) {
    int fd = open(res->file_path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0) /* MHD closes fd with the response */
      r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    else if (fd >= 0)
      close(fd);
    if (!r) {
      static const char msg[] = "{\"status\":{\"error\":\"Service internal error: file vanished\"},"
                                "\"time\":0.0}";
      r = MHD_create_response_from_buffer(sizeof msg - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
      res->status = 500;
      res->content_type = "application/json";
    }
  } else {
    if (res->body) { /* MHD takes the body and frees it when sent */
      r = MHD_create_response_from_buffer_with_free_callback(res->len, res->body, qe_free);
      if (r) res->body = NULL;
    } else {
      r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
  }
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Content-Type",
                          res->content_type ? res->content_type : "application/json");
  /* CORS, open as Qdrant's default (enable_cors) */
  MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
  if (res->status == 204) {
    MHD_add_response_header(r, "Access-Control-Allow-Methods",
                            "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    MHD_add_response_header(r, "Access-Control-Allow-Headers",
                            "api-key, authorization, content-type");
    MHD_add_response_header(r, "Access-Control-Max-Age", "3600");
  }
  enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
  MHD_destroy_response(r);
  return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **ptr) {
  (void)version;
  srv_http *h = cls;
  conn_state *st = *ptr;
  if (!st) {
    st = calloc(1, sizeof *st);
    if (!st) return MHD_NO;
    st->h = h;
    atomic_fetch_add(&h->inflight, 1);
    *ptr = st;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > SRV_MAX_BODY) st->too_large = true;
    return MHD_YES;
  }
  if (*upload_size) {
    if (!st->too_large && st->body.len + *upload_size > SRV_MAX_BODY) {
      st->too_large = true;
      qe_buf_free(&st->body);
    }
    if (!st->too_large && qe_buf_append(&st->body, upload_data, *upload_size)) return MHD_NO;
    *upload_size = 0;
    return MHD_YES;
  }
  srv_response res = {0};
  if (st->too_large) {
    static const char msg[] = "Payload too large: the request body exceeds 33554432 bytes";
    qe_buf b = {0};
    qe_buf_printf(&b, "{\"status\":{\"error\":\"%s\"},\"time\":0.0}", msg);
    res.status = 413;
    res.body = qe_buf_steal(&b, &res.len);
    res.content_type = "application/json";
  } else if (strcmp(method, "OPTIONS") == 0) {
    res.status = 204; /* a CORS preflight */
    res.content_type = "text/plain";
  } else {
    srv_request req = {0};
    req.method = method;
    req.path = url;
    req.body = st->body.data;
    req.body_len = st->body.len;
    req.api_key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "api-key");
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (!req.api_key && auth && strncasecmp(auth, "Bearer ", 7) == 0) req.api_key = auth + 7;
    req.arg = lookup_arg;
    req.arg_cookie = conn;
    srv_dispatch(h->reg, &req, &res);
  }
  enum MHD_Result ok = send_response(conn, &res);
  qe_free(res.body);
  free(res.file_path);
  return ok;
}

static void on_done(void *cls, struct MHD_Connection *conn, void **ptr,
                    enum MHD_RequestTerminationCode code) {
  (void)cls, (void)conn, (void)code;
  conn_state *st = *ptr;
  if (st) {
    atomic_fetch_sub(&st->h->inflight, 1);
    qe_buf_free(&st->body);
    free(st);
    *ptr = NULL;
  }
}

srv_http *srv_http_start(const srv_options *o, struct srv_registry *reg) {
  srv_http *h = calloc(1, sizeof *h);
  if (!h) return NULL;
  atomic_init(&h->inflight, 0);
  h->reg = reg;
  char port[16];
  snprintf(port, sizeof port, "%u", o->port);
  struct addrinfo hints = {0}, *ai = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  int gai = getaddrinfo(o->host, port, &hints, &ai);
  if (gai) {
    fprintf(stderr, "qedge-server: cannot resolve host %s: %s\n", o->host, gai_strerror(gai));
    free(h);
    return NULL;
  }
  unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                   MHD_USE_ERROR_LOG | MHD_USE_ITC;
  if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
  h->d =
      MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
                       MHD_OPTION_CONNECTION_LIMIT, o->max_conns, MHD_OPTION_CONNECTION_TIMEOUT,
                       (unsigned)120, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_END);
  freeaddrinfo(ai);
  if (!h->d) {
    fprintf(stderr, "qedge-server: cannot listen on %s:%u\n", o->host, o->port);
    free(h);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
  h->port = info ? info->port : o->port;
  return h;
}

unsigned srv_http_port(const srv_http *h) {
  return h->port;
}

void srv_http_stop(srv_http *h) {
  if (!h) return;
  /* stop accepting, let the requests in flight finish (up to 30 s), then
   * close the remaining (idle keep-alive) connections */
  MHD_socket fd = MHD_quiesce_daemon(h->d);
  if (fd != MHD_INVALID_SOCKET) close(fd);
  struct timespec tick = {0, 5 * 1000 * 1000};
  for (int i = 0; i < 6000 && atomic_load(&h->inflight) > 0; i++)
    nanosleep(&tick, NULL);
  MHD_stop_daemon(h->d);
  free(h);
}
