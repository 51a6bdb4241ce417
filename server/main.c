/*
 * main.c — qedge-server: a Qdrant-compatible REST server over edge shards.
 * Parses the options, opens the storage, serves until SIGINT or SIGTERM,
 * then stops accepting, lets requests in flight finish and flushes every
 * shard before exiting.
 */
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "options.h"
#include "qedge/model.h"
#include "registry.h"

int main(int argc, char **argv) {
  srv_options o;
  int prc = srv_options_parse(argc, argv, &o);
  if (prc) {
    srv_options_free(&o);
    return prc > 0 ? 0 : 2;
  }
  /* block the stop signals in every thread; main waits for them */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  qe_error err = {0};
  if (qe_registry_status(&err)) {
    fprintf(stderr, "qedge-server: model registry: %s\n", err.message);
    return 1;
  }
  srv_registry *reg = NULL;
  if (srv_registry_open(o.storage, &reg, &err)) {
    char text[1024];
    fprintf(stderr, "qedge-server: storage %s: %s\n", o.storage,
            qe_error_format(&err, text, sizeof text));
    srv_options_free(&o);
    return 1;
  }
  reg->api_key = o.api_key;
  reg->ro_api_key = o.ro_api_key;
  srv_http *h = srv_http_start(&o, reg);
  if (!h) {
    srv_registry_close(reg, NULL);
    srv_options_free(&o);
    return 1;
  }
  bool v6 = strchr(o.host, ':') != NULL;
  fprintf(stderr, "qedge-server: listening on http://%s%s%s:%u (storage %s, %zu collections)\n",
          v6 ? "[" : "", o.host, v6 ? "]" : "", srv_http_port(h), o.storage, reg->n);
  fflush(stderr);
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "qedge-server: %s received, shutting down\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  srv_http_stop(h);
  int rc = srv_registry_close(reg, &err);
  if (rc) fprintf(stderr, "qedge-server: flushing failed: %s\n", err.message);
  srv_options_free(&o);
  return rc ? 1 : 0;
}
