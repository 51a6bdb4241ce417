/* options.c — command line, environment and config file (see options.h). */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qedge/base.h"
#include "qedge/json.h"

static const char usage[] =
    "usage: qedge-server --storage DIR [--host ADDR] [--port N] [--api-key KEY]\n"
    "                    [--read-only-api-key KEY] [--config FILE] [--max-connections N]\n"
    "Environment: QEDGE_STORAGE QEDGE_HOST QEDGE_PORT QEDGE_API_KEY\n"
    "             QEDGE_READ_ONLY_API_KEY QEDGE_CONFIG\n"
    "The config file is JSON: {\"storage\", \"host\", \"port\", \"api_key\",\n"
    "\"read_only_api_key\", \"max_connections\"}.\n";

static void set_str(char **dst, const char *v) {
  if (!v) return;
  free(*dst);
  *dst = strdup(v);
}

static int parse_uint(const char *what, const char *v, unsigned max, unsigned *out) {
  char *end = NULL;
  unsigned long n = strtoul(v, &end, 10);
  if (!*v || *end || n > max) {
    fprintf(stderr, "qedge-server: %s must be a number up to %u, not '%s'\n", what, max, v);
    return -1;
  }
  *out = (unsigned)n;
  return 0;
}

static int apply_file(const char *path, srv_options *o) {
  char *text = NULL;
  size_t len = 0;
  qe_error err = {0};
  if (qe_fs_read_all(path, 1 << 20, &text, &len, &err)) {
    fprintf(stderr, "qedge-server: config %s: %s\n", path, err.message);
    return -1;
  }
  qe_json *v = NULL;
  int rc = qe_json_parse(text, len, NULL, &v, &err);
  qe_free(text);
  if (rc || qe_json_kind_of(v) != QE_JSON_OBJECT) {
    fprintf(stderr, "qedge-server: config %s: %s\n", path, rc ? err.message : "not an object");
    qe_json_free(v);
    return -1;
  }
  static const char *const keys[] = {"storage", "host", "api_key", "read_only_api_key"};
  char **dst[] = {&o->storage, &o->host, &o->api_key, &o->ro_api_key};
  for (size_t i = 0; i < 4; i++)
    set_str(dst[i], qe_json_get_string(qe_json_object_get(v, keys[i]), NULL));
  uint64_t n;
  if (qe_json_get_u64(qe_json_object_get(v, "port"), &n)) o->port = n <= 65535 ? (unsigned)n : 0;
  if (qe_json_get_u64(qe_json_object_get(v, "max_connections"), &n) && n > 0 && n < 100000)
    o->max_conns = (unsigned)n;
  qe_json_free(v);
  return 0;
}

int srv_options_parse(int argc, char **argv, srv_options *o) {
  memset(o, 0, sizeof *o);
  o->port = 6333;
  o->max_conns = 256;
  const char *config = getenv("QEDGE_CONFIG");
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], "--config") == 0) config = argv[i + 1];
  if (config && apply_file(config, o)) return -1;
  set_str(&o->storage, getenv("QEDGE_STORAGE"));
  set_str(&o->host, getenv("QEDGE_HOST"));
  set_str(&o->api_key, getenv("QEDGE_API_KEY"));
  set_str(&o->ro_api_key, getenv("QEDGE_READ_ONLY_API_KEY"));
  if (getenv("QEDGE_PORT") && parse_uint("QEDGE_PORT", getenv("QEDGE_PORT"), 65535, &o->port))
    return -1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage, stdout);
      return 1;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "qedge-server: unknown or incomplete option '%s'\n%s", a, usage);
      return -1;
    }
    const char *v = argv[++i];
    if (strcmp(a, "--storage") == 0)
      set_str(&o->storage, v);
    else if (strcmp(a, "--host") == 0)
      set_str(&o->host, v);
    else if (strcmp(a, "--api-key") == 0)
      set_str(&o->api_key, v);
    else if (strcmp(a, "--read-only-api-key") == 0)
      set_str(&o->ro_api_key, v);
    else if (strcmp(a, "--config") == 0)
      continue;
    else if (strcmp(a, "--port") == 0) {
      if (parse_uint("--port", v, 65535, &o->port)) return -1;
    } else if (strcmp(a, "--max-connections") == 0) {
      if (parse_uint("--max-connections", v, 100000, &o->max_conns) || !o->max_conns) return -1;
    } else {
      fprintf(stderr, "qedge-server: unknown option '%s'\n%s", a, usage);
      return -1;
    }
  }
  if (!o->host) o->host = strdup("127.0.0.1");
  if (o->api_key && !*o->api_key) {
    free(o->api_key);
    o->api_key = NULL;
  }
  if (o->ro_api_key && !*o->ro_api_key) {
    free(o->ro_api_key);
    o->ro_api_key = NULL;
  }
  if (!o->storage || !*o->storage) {
    fprintf(stderr, "qedge-server: --storage DIR is required\n%s", usage);
    return -1;
  }
  return 0;
}

void srv_options_free(srv_options *o) {
  free(o->storage);
  free(o->host);
  free(o->api_key);
  free(o->ro_api_key);
  memset(o, 0, sizeof *o);
}
