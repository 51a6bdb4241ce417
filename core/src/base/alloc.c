/* alloc.c — allocation hooks; every qedge allocation goes through here. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qedge/base.h"

static qe_allocator current = {malloc, realloc, free};

void qe_set_allocator(const qe_allocator *a) {
  if (a && a->malloc_fn && a->realloc_fn && a->free_fn) {
    current = *a;
  } else {
    current.malloc_fn = malloc;
    current.realloc_fn = realloc;
    current.free_fn = free;
  }
}

void *qe_malloc(size_t size) {
  return current.malloc_fn(size ? size : 1);
}

void *qe_calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = qe_malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

void *qe_realloc(void *ptr, size_t size) {
  return current.realloc_fn(ptr, size ? size : 1);
}

void qe_free(void *ptr) {
  if (ptr) current.free_fn(ptr);
}

char *qe_strndup(const char *s, size_t len) {
  char *p = qe_malloc(len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}
