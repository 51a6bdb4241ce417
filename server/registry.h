/*
 * registry.h — the collections of a storage directory and their aliases.
 *
 * Layout: <storage>/collections/<name>/ holds one collection (see
 * collection.h); <storage>/aliases.json maps alias -> collection name.
 * A collection directory without collection.json is a creation that did
 * not finish and is removed at start-up.
 *
 * Thread-safety: handlers hold the registry lock shared for the whole
 * request (so a collection cannot be closed under them); creating,
 * deleting and renaming take it exclusively.
 */
#ifndef QEDGE_SERVER_REGISTRY_H
#define QEDGE_SERVER_REGISTRY_H

#include <pthread.h>
#include <stdint.h>

#include "collection.h"

/** All collections and aliases. */
typedef struct srv_registry {
  char *storage;          /**< storage directory */
  srv_collection **items; /**< open collections, in name order */
  size_t n;
  qe_json *aliases;       /**< {alias: collection} */
  pthread_rwlock_t lock;  /**< see the header comment */
  const char *api_key;    /**< full-access key or NULL */
  const char *ro_api_key; /**< read-only key or NULL */
  double started;         /**< wall-clock start (seconds since epoch) */
  uint64_t peer_id;       /**< this node's id, kept in <storage>/node.json */
} srv_registry;

/** Open (creating if needed) the storage and every collection in it. */
int srv_registry_open(const char *storage, srv_registry **out, qe_error *err);

/** Flush and close everything. */
int srv_registry_close(srv_registry *r, qe_error *err);

/** Collection by name or alias (lock held), or NULL. */
srv_collection *srv_registry_get(srv_registry *r, const char *name);

/** Check a collection or alias name; 0 or QE_EINVAL naming the problem. */
int srv_check_name(const char *name, qe_error *err);

/** Create a collection (lock held exclusively). QE_EEXIST if taken. */
int srv_registry_create(srv_registry *r, const char *name, const qe_json *body, qe_error *err);

/** Delete a collection and its aliases (lock held exclusively); false if absent. */
bool srv_registry_delete(srv_registry *r, const char *name, qe_error *err);

/**
 * Make `dir` (a complete collection directory, e.g. unpacked from a
 * snapshot) the collection `name`, replacing an existing one but keeping
 * its aliases (lock held exclusively). `dir` is moved into place.
 */
int srv_registry_replace(srv_registry *r, const char *name, const char *dir, qe_error *err);

/** Apply ChangeAliasesOperation actions atomically (lock held exclusively). */
int srv_registry_aliases_apply(srv_registry *r, const qe_json *actions, qe_error *err);

/** [AliasDescription] of every alias, or of those of `collection`. */
qe_json *srv_registry_aliases(srv_registry *r, const char *collection);

#endif
