/* value.h — the layout of qe_json, shared by the json floor's files only. */
#ifndef QEDGE_JSON_VALUE_H
#define QEDGE_JSON_VALUE_H

#include <stdint.h>

#include "qedge/json.h"

typedef struct qe_json_member {
  char *key;
  size_t klen;
  uint32_t hash;
  qe_json *val;
} qe_json_member;

struct qe_json {
  uint8_t kind; /* qe_json_kind */
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    struct {
      char *s;
      size_t len;
    } str;
    struct {
      qe_json **items;
      size_t len, cap;
    } arr;
    struct {
      qe_json_member *m;
      size_t len, cap;
      uint32_t *index;  /* open addressing: member position + 1, 0 = empty */
      size_t index_cap; /* 0 while the object is small and searched linearly */
    } obj;
    struct {
      float *data;
      size_t len;
    } f32;
  } v;
};

/* Objects with more members than this get a hash index. */
#define QE_JSON_INDEX_MIN 8

/* New string taking ownership of `s` (already validated, NUL-terminated). */
qe_json *qe_json_new_string_owned(char *s, size_t len);
/* Parse a number's text the way the parser does (locale-independent). */
qe_json *qe_json_number_from_text(const char *s, size_t len);
/* Locale-independent strtod/strtof on a NUL-terminated string. */
double qe_strtod(const char *s, char **end);
float qe_strtof(const char *s, char **end);

#endif
