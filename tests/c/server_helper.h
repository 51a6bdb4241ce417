/* server_helper.h — start the real qedge-server for C tests: a free port on
 * 127.0.0.1, a temporary storage directory, ready when /readyz answers,
 * stopped with SIGTERM. The binary is $QEDGE_SERVER_BIN, else the one this
 * build made (QEDGE_SERVER_PATH). */
#ifndef QEDGE_TEST_SERVER_HELPER_H
#define QEDGE_TEST_SERVER_HELPER_H

#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "qedge/transport.h"

typedef struct test_server {
  pid_t pid;
  unsigned port;
  char dir[64];
  char url[64];
} test_server;

static const char *test_server_binary(void) {
  const char *env = getenv("QEDGE_SERVER_BIN");
  if (env && access(env, X_OK) == 0) return env;
#ifdef QEDGE_SERVER_PATH
  if (access(QEDGE_SERVER_PATH, X_OK) == 0) return QEDGE_SERVER_PATH;
#endif
  return NULL;
}

static unsigned test_free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  unsigned port = 0;
  if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
      getsockname(fd, (struct sockaddr *)&a, &len) == 0)
    port = ntohs(a.sin_port);
  if (fd >= 0) close(fd);
  return port;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  return remove(path);
}

/** Start the server; 0 on success, -1 when the binary is absent, -2 on failure. */
static int test_server_start(test_server *s) {
  const char *bin = test_server_binary();
  if (bin == NULL) return -1;
  snprintf(s->dir, sizeof s->dir, "/tmp/qedge-ctest-XXXXXX");
  if (mkdtemp(s->dir) == NULL) return -2;
  s->port = test_free_port();
  snprintf(s->url, sizeof s->url, "http://127.0.0.1:%u", s->port);
  char storage[96], port[16], log[96];
  snprintf(storage, sizeof storage, "%s/data", s->dir);
  snprintf(port, sizeof port, "%u", s->port);
  snprintf(log, sizeof log, "%s/server.log", s->dir);
  s->pid = fork();
  if (s->pid < 0) return -2;
  if (s->pid == 0) {
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execl(bin, bin, "--storage", storage, "--host", "127.0.0.1", "--port", port, (char *)NULL);
    _exit(127);
  }
  qe_transport *t = NULL;
  if (qe_transport_new(&(qe_transport_options){.url = s->url, .timeout = 1, .no_retries = true}, &t,
                       NULL))
    return -2;
  qe_http_request req = {.method = QE_HTTP_GET, .path = "/readyz"};
  qe_http_response resp = {0};
  for (int i = 0; i < 1000; i++) {
    if (qe_transport_send(t, &req, &resp, NULL) == 0 && resp.status == 200) break;
    int st;
    if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
      s->pid = 0;
      break;
    }
    nanosleep(&(struct timespec){0, 20000000}, NULL);
  }
  int ok = resp.status == 200;
  qe_http_response_free(&resp);
  qe_transport_free(t);
  return ok ? 0 : -2;
}

/** Stop the server and remove its storage; returns its exit status. */
static int test_server_stop(test_server *s) {
  int st = -1;
  if (s->pid > 0) {
    kill(s->pid, SIGTERM);
    waitpid(s->pid, &st, 0);
  }
  nftw(s->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return st;
}

#endif
