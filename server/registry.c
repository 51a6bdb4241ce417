/* registry.c — collections and aliases of a storage directory (see registry.h). */
#include "registry.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "qedge/base.h"

static char *join3(const char *a, const char *b, const char *c) {
  size_t n = strlen(a) + strlen(b) + (c ? strlen(c) : 0) + 3;
  char *p = malloc(n);
  if (p) snprintf(p, n, c ? "%s/%s/%s" : "%s/%s", a, b, c);
  return p;
}

static int cmp_coll(const void *a, const void *b) {
  return strcmp((*(srv_collection *const *)a)->name, (*(srv_collection *const *)b)->name);
}

static int add(srv_registry *r, srv_collection *c) {
  srv_collection **n = realloc(r->items, (r->n + 1) * sizeof *n);
  if (!n) return QE_ENOMEM;
  r->items = n;
  r->items[r->n++] = c;
  qsort(r->items, r->n, sizeof *r->items, cmp_coll);
  return 0;
}

static int save_aliases(srv_registry *r, qe_error *err) {
  size_t len;
  char *text = qe_json_to_string(r->aliases, QE_EMIT_PRETTY, &len);
  char *p = join3(r->storage, "aliases.json", NULL);
  int rc = text && p ? qe_fs_write_atomic(p, text, len, err)
                     : qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  free(p);
  qe_free(text);
  return rc;
}

int srv_check_name(const char *name, qe_error *err) {
  size_t n = strlen(name);
  if (n == 0 || n > 255)
    return qe_error_set(err, QE_EINVAL, "collection_name",
                        "collection name must be 1 to 255 characters long");
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || name[0] == '.')
    return qe_error_set(err, QE_EINVAL, "collection_name", "collection name cannot start with '.'");
  for (const char *p = name; *p; p++)
    if (strchr("<>:\"/\\|?*", *p) || (unsigned char)*p < 0x20)
      return qe_error_set(err, QE_EINVAL, "collection_name",
                          "collection name cannot contain \"%c\" char", *p);
  return 0;
}

/* the node id: random on first start, then read back */
static int load_peer_id(srv_registry *r, qe_error *err) {
  char *p = join3(r->storage, "node.json", NULL);
  char *text = NULL;
  size_t len = 0;
  qe_error e = {0};
  int rc = 0;
  if (qe_fs_read_all(p, 1 << 16, &text, &len, &e) == 0) {
    qe_json *v = NULL;
    if (qe_json_parse(text, len, NULL, &v, NULL) == 0)
      qe_json_get_u64(qe_json_object_get(v, "peer_id"), &r->peer_id);
    qe_json_free(v);
    qe_free(text);
  }
  if (!r->peer_id) {
    uint64_t x = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(&x, sizeof x, 1, f) != 1) x = (uint64_t)time(NULL) * 2654435761u;
    if (f) fclose(f);
    r->peer_id = (x >> 12) | 1; /* below 2^52: exact in every JSON reader */
    char buf[64];
    int n = snprintf(buf, sizeof buf, "{\"peer_id\": %llu}\n", (unsigned long long)r->peer_id);
    rc = qe_fs_write_atomic(p, buf, (size_t)n, err);
  }
  free(p);
  return rc;
}

int srv_registry_open(const char *storage, srv_registry **out, qe_error *err) {
  *out = NULL;
  srv_registry *r = calloc(1, sizeof *r);
  if (!r) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  /* writers first: a steady stream of reads must not starve a create or a
   * delete (no thread ever takes the lock twice, so this cannot deadlock) */
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&r->lock, &attr);
  pthread_rwlockattr_destroy(&attr);
  r->storage = strdup(storage);
  r->started = (double)time(NULL);
  int rc = 0;
  char *cdir = join3(storage, "collections", NULL);
  if ((mkdir(storage, 0755) && errno != EEXIST) || (mkdir(cdir, 0755) && errno != EEXIST)) {
    rc = qe_error_set(err, QE_EIO, NULL, "cannot create storage directory %s: %s", storage,
                      strerror(errno));
    goto done;
  }
  if ((rc = load_peer_id(r, err))) goto done;
  char *ap = join3(storage, "aliases.json", NULL);
  char *text = NULL;
  size_t len = 0;
  qe_error e = {0};
  if (qe_fs_read_all(ap, 0, &text, &len, &e) == 0) {
    rc = qe_json_parse(text, len, NULL, &r->aliases, err);
    qe_free(text);
  }
  free(ap);
  if (rc) goto done;
  if (qe_json_kind_of(r->aliases) != QE_JSON_OBJECT) {
    qe_json_free(r->aliases);
    r->aliases = qe_json_new_object();
  }
  DIR *d = opendir(cdir);
  if (!d) {
    rc = qe_error_set(err, QE_EIO, NULL, "cannot read %s: %s", cdir, strerror(errno));
    goto done;
  }
  struct dirent *de;
  while (!rc && (de = readdir(d))) {
    if (strncmp(de->d_name, ".recover-", 9) == 0) { /* a recovery that did not finish */
      char *tmp = join3(cdir, de->d_name, NULL);
      if (tmp) srv_remove_tree(tmp);
      free(tmp);
      continue;
    }
    if (de->d_name[0] == '.') continue;
    char *dir = join3(cdir, de->d_name, NULL);
    char *meta = join3(cdir, de->d_name, "collection.json");
    struct stat st;
    if (stat(meta, &st) != 0) {
      srv_remove_tree(dir); /* an unfinished create */
    } else {
      srv_collection *c = NULL;
      rc = srv_coll_open(dir, de->d_name, &c, err);
      if (!rc && add(r, c)) rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    }
    free(dir);
    free(meta);
  }
  closedir(d);
done:
  free(cdir);
  if (rc) {
    srv_registry_close(r, NULL);
    return rc;
  }
  *out = r;
  return 0;
}

int srv_registry_close(srv_registry *r, qe_error *err) {
  if (!r) return 0;
  int rc = 0;
  for (size_t i = 0; i < r->n; i++) {
    int e = srv_coll_close(r->items[i], rc ? NULL : err);
    if (!rc) rc = e;
  }
  free(r->items);
  qe_json_free(r->aliases);
  pthread_rwlock_destroy(&r->lock);
  free(r->storage);
  free(r);
  return rc;
}

static srv_collection *find(srv_registry *r, const char *name) {
  size_t lo = 0, hi = r->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(r->items[mid]->name, name);
    if (c == 0) return r->items[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

srv_collection *srv_registry_get(srv_registry *r, const char *name) {
  srv_collection *c = find(r, name);
  if (c) return c;
  const char *target = qe_json_get_string(qe_json_object_get(r->aliases, name), NULL);
  return target ? find(r, target) : NULL;
}

int srv_registry_create(srv_registry *r, const char *name, const qe_json *body, qe_error *err) {
  int rc = srv_check_name(name, err);
  if (rc) return rc;
  if (find(r, name) || qe_json_object_get(r->aliases, name))
    return qe_error_set(err, QE_EEXIST, NULL, "Collection `%s` already exists!", name);
  char *dir = join3(r->storage, "collections", name);
  if (!dir) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  srv_collection *c = NULL;
  rc = srv_coll_create(dir, name, body, &c, err);
  free(dir);
  if (!rc && add(r, c)) {
    srv_coll_close(c, NULL);
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  return rc;
}

bool srv_registry_delete(srv_registry *r, const char *name, qe_error *err) {
  srv_collection *c = find(r, name);
  if (!c) return false;
  size_t w = 0;
  for (size_t i = 0; i < r->n; i++)
    if (r->items[i] != c) r->items[w++] = r->items[i];
  r->n = w;
  qe_json *na = qe_json_new_object();
  for (size_t i = 0; i < qe_json_object_len(r->aliases); i++) {
    const char *t = qe_json_get_string(qe_json_object_value_at(r->aliases, i), NULL);
    size_t kl;
    const char *k = qe_json_object_key_at(r->aliases, i, &kl);
    if (t && strcmp(t, name) != 0) qe_json_object_setn(na, k, kl, qe_json_new_cstr(t));
  }
  qe_json_free(r->aliases);
  r->aliases = na;
  save_aliases(r, err);
  char *dir = strdup(c->dir);
  srv_coll_close(c, NULL);
  /* remove collection.json first, so a crash leaves an unfinished directory */
  char *meta = dir ? join3(dir, "collection.json", NULL) : NULL;
  if (meta) remove(meta);
  if (dir) srv_remove_tree(dir);
  free(meta);
  free(dir);
  return true;
}

int srv_registry_replace(srv_registry *r, const char *name, const char *dir, qe_error *err) {
  int rc = srv_check_name(name, err);
  if (rc) return rc;
  char *final = join3(r->storage, "collections", name);
  if (!final) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  srv_collection *old = find(r, name);
  if (old) {
    size_t w = 0;
    for (size_t i = 0; i < r->n; i++)
      if (r->items[i] != old) r->items[w++] = r->items[i];
    r->n = w;
    srv_coll_close(old, NULL);
    char *meta = join3(final, "collection.json", NULL);
    if (meta) remove(meta);
    free(meta);
    srv_remove_tree(final);
  }
  srv_collection *c = NULL;
  if (rename(dir, final) != 0) {
    rc = qe_error_set(err, QE_EIO, NULL, "cannot move %s into place: %s", dir, strerror(errno));
  } else {
    rc = srv_coll_open(final, name, &c, err);
    if (rc) srv_remove_tree(final);
  }
  if (!rc && add(r, c)) {
    srv_coll_close(c, NULL);
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  free(final);
  return rc;
}

int srv_registry_aliases_apply(srv_registry *r, const qe_json *actions, qe_error *err) {
  qe_json *na = qe_json_clone(r->aliases);
  if (!na) return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  int rc = 0;
  for (size_t i = 0; i < qe_json_array_len(actions) && !rc; i++) {
    const qe_json *a = qe_json_array_at(actions, i);
    const qe_json *op;
    if ((op = qe_json_object_get(a, "create_alias"))) {
      const char *alias = qe_json_get_string(qe_json_object_get(op, "alias_name"), NULL);
      const char *coll = qe_json_get_string(qe_json_object_get(op, "collection_name"), NULL);
      if (!find(r, coll)) {
        rc = qe_error_set(err, QE_ENOTFOUND, NULL, "Collection `%s` doesn't exist!", coll);
      } else if (find(r, alias)) {
        rc = qe_error_set(err, QE_EEXIST, NULL, "Collection `%s` already exists!", alias);
      } else if ((rc = srv_check_name(alias, err)) == 0) {
        rc = qe_json_object_set(na, alias, qe_json_new_cstr(coll));
      }
    } else if ((op = qe_json_object_get(a, "delete_alias"))) {
      const char *alias = qe_json_get_string(qe_json_object_get(op, "alias_name"), NULL);
      qe_json *old = qe_json_object_take(na, alias, strlen(alias));
      if (!old) rc = qe_error_set(err, QE_ENOTFOUND, NULL, "Alias %s does not exists!", alias);
      qe_json_free(old);
    } else if ((op = qe_json_object_get(a, "rename_alias"))) {
      const char *from = qe_json_get_string(qe_json_object_get(op, "old_alias_name"), NULL);
      const char *to = qe_json_get_string(qe_json_object_get(op, "new_alias_name"), NULL);
      qe_json *old = qe_json_object_take(na, from, strlen(from));
      if (!old)
        rc = qe_error_set(err, QE_ENOTFOUND, NULL, "Alias %s does not exists!", from);
      else if (find(r, to)) {
        qe_json_free(old);
        rc = qe_error_set(err, QE_EEXIST, NULL, "Collection `%s` already exists!", to);
      } else if ((rc = srv_check_name(to, err)) != 0)
        qe_json_free(old);
      else
        rc = qe_json_object_set(na, to, old);
    }
  }
  if (rc) {
    qe_json_free(na);
    return rc;
  }
  qe_json *old = r->aliases;
  r->aliases = na;
  rc = save_aliases(r, err);
  if (rc) {
    r->aliases = old;
    qe_json_free(na);
    return rc;
  }
  qe_json_free(old);
  return 0;
}

qe_json *srv_registry_aliases(srv_registry *r, const char *collection) {
  qe_json *out = qe_json_new_array();
  for (size_t i = 0; i < qe_json_object_len(r->aliases); i++) {
    const char *t = qe_json_get_string(qe_json_object_value_at(r->aliases, i), NULL);
    if (collection && (!t || strcmp(t, collection) != 0)) continue;
    qe_json *d = qe_json_new_object();
    qe_json_object_set(d, "alias_name",
                       qe_json_new_cstr(qe_json_object_key_at(r->aliases, i, NULL)));
    qe_json_object_set(d, "collection_name", qe_json_new_cstr(t ? t : ""));
    qe_json_array_push(out, d);
  }
  return out;
}
