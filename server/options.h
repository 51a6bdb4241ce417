/*
 * options.h — qedge-server settings from the command line, the environment
 * (QEDGE_STORAGE, QEDGE_HOST, QEDGE_PORT, QEDGE_API_KEY,
 * QEDGE_READ_ONLY_API_KEY, QEDGE_CONFIG) and an optional JSON config file.
 * Precedence: command line, then environment, then config file, then
 * defaults (host 127.0.0.1, port 6333).
 */
#ifndef QEDGE_SERVER_OPTIONS_H
#define QEDGE_SERVER_OPTIONS_H

#include <stddef.h>

/** Largest request body accepted (bytes); larger ones answer 413. */
#define SRV_MAX_BODY ((size_t)32 * 1024 * 1024)

/** Resolved settings; strings are owned (free with srv_options_free). */
typedef struct srv_options {
  char *storage;      /**< storage directory (required) */
  char *host;         /**< address to bind, default 127.0.0.1 */
  unsigned port;      /**< TCP port, default 6333; 0 picks a free one */
  char *api_key;      /**< full-access key, or NULL for none */
  char *ro_api_key;   /**< read-only key, or NULL for none */
  unsigned max_conns; /**< simultaneous connections, default 256 */
} srv_options;

/**
 * Fill `o` from argv, the environment and the config file. Returns 0, 1 when
 * --help was printed (exit 0), or -1 after printing an error to stderr.
 */
int srv_options_parse(int argc, char **argv, srv_options *o);

/** Free the strings of `o`. */
void srv_options_free(srv_options *o);

#endif
