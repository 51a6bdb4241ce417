/* filter_schema.c — a payload_schema entry (what create_field_index
 * stored: a PayloadSchemaType name or an index params object) read into the
 * ix_spec the filter compiler and info() use: the index kind, the integer
 * index's lookup/range parts, a text index's tokenizing rules (tokenizer,
 * lowercase, phrase_matching, token lengths, custom stop words processed
 * like tokens, the English stemmer) and the text parameters this engine
 * does not apply yet. */
#include <stdlib.h>
#include <string.h>

#include "edge/filter_internal.h"
#include "qedge/base.h"

/* ------------------------------------------------------------ schema */

static bool json_is(const qe_json *v, const char *s) {
  const char *t = qe_json_get_string(v, NULL);
  return t && strcmp(t, s) == 0;
}

static bool flag(const qe_json *obj, const char *key, bool dflt) {
  const qe_json *v = qe_json_object_get(obj, key);
  return qe_json_kind_of(v) == QE_JSON_BOOL ? qe_json_get_bool(v) : dflt;
}

static uint64_t count_of(const qe_json *obj, const char *key) {
  uint64_t n = 0;
  return qe_json_get_u64(qe_json_object_get(obj, key), &n) ? n : 0;
}

static int read_stopwords(const qe_json *sw, ix_spec *out) {
  text_params *tp = &out->text;
  if (!sw || qe_json_kind_of(sw) == QE_JSON_NULL) return QE_OK;
  if (qe_json_kind_of(sw) == QE_JSON_STRING) {
    out->unsupported = "stopwords of a language";
    return QE_OK;
  }
  if (qe_json_array_len(qe_json_object_get(sw, "languages")) > 0)
    out->unsupported = "stopwords of a language";
  const qe_json *custom = qe_json_object_get(sw, "custom");
  size_t n = qe_json_array_len(custom);
  if (!n) return QE_OK;
  tp->stop = qe_calloc(n, sizeof *tp->stop);
  if (!tp->stop) return QE_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    size_t len, chars;
    const char *s = qe_json_get_string(qe_json_array_at(custom, i), &len);
    if (!s) continue;
    size_t bytes = qe_text_process(tp, s, len, NULL, &chars);
    char *buf = qe_malloc(bytes + 1);
    if (!buf) return QE_ENOMEM;
    qe_text_process(tp, s, len, buf, &chars);
    buf[bytes] = '\0';
    tp->stop[tp->nstop++] = (fstr){buf, bytes};
  }
  return QE_OK;
}

static int read_text(const qe_json *p, ix_spec *out) {
  text_params *tp = &out->text;
  *tp = qe_text_defaults;
  tp->phrase_matching = flag(p, "phrase_matching", false);
  tp->lowercase = flag(p, "lowercase", true);
  tp->min_len = count_of(p, "min_token_len");
  tp->max_len = count_of(p, "max_token_len");
  const qe_json *tok = qe_json_object_get(p, "tokenizer");
  if (json_is(tok, "whitespace"))
    tp->tokenizer = TK_WHITESPACE;
  else if (json_is(tok, "prefix"))
    tp->tokenizer = TK_PREFIX;
  else if (json_is(tok, "multilingual"))
    out->unsupported = "the multilingual tokenizer";
  if (flag(p, "ascii_folding", false)) out->unsupported = "ascii_folding";
  const qe_json *stem = qe_json_object_get(p, "stemmer");
  if (stem && qe_json_kind_of(stem) != QE_JSON_NULL &&
      !json_is(qe_json_object_get(stem, "type"), "none")) {
    if (json_is(qe_json_object_get(stem, "language"), "english"))
      tp->stem = true;
    else
      out->unsupported = "a stemmer other than English";
  }
  return read_stopwords(qe_json_object_get(p, "stopwords"), out);
}

int qe_ix_spec_read(const qe_json *schema, ix_spec *out) {
  static const struct {
    const char *name;
    ix_kind kind;
  } kinds[] = {{"keyword", IX_KEYWORD}, {"integer", IX_INTEGER}, {"float", IX_FLOAT},
               {"bool", IX_BOOL},       {"geo", IX_GEO},         {"datetime", IX_DATETIME},
               {"text", IX_TEXT},       {"uuid", IX_UUID}};
  memset(out, 0, sizeof *out);
  const qe_json *params = qe_json_kind_of(schema) == QE_JSON_OBJECT ? schema : NULL;
  const char *type = qe_json_get_string(params ? qe_json_object_get(schema, "type") : schema, NULL);
  if (!type) return QE_OK;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp(type, kinds[i].name) == 0) out->kind = kinds[i].kind;
  if (out->kind == IX_INTEGER) {
    out->lookup = flag(params, "lookup", true);
    out->range = flag(params, "range", true);
    if (!out->lookup && !out->range) out->kind = IX_NONE;
  }
  if (out->kind == IX_TEXT) return read_text(params, out);
  return QE_OK;
}

void qe_text_params_free(text_params *tp) {
  if (!tp) return;
  for (size_t i = 0; i < tp->nstop; i++)
    qe_free(tp->stop[i].s);
  qe_free(tp->stop);
  if (tp != &qe_text_defaults) qe_free(tp);
}

void qe_ix_spec_clear(ix_spec *spec) {
  for (size_t i = 0; i < spec->text.nstop; i++)
    qe_free(spec->text.stop[i].s);
  qe_free(spec->text.stop);
  memset(spec, 0, sizeof *spec);
}

text_params *qe_text_params_clone(const text_params *tp) {
  text_params *c = qe_calloc(1, sizeof *c);
  if (!c) return NULL;
  *c = *tp;
  c->stop = NULL;
  c->nstop = 0;
  if (tp->nstop && !(c->stop = qe_calloc(tp->nstop, sizeof *c->stop))) {
    qe_free(c);
    return NULL;
  }
  for (size_t i = 0; i < tp->nstop; i++) {
    c->stop[i].s = qe_strndup(tp->stop[i].s, tp->stop[i].n);
    c->stop[i].n = tp->stop[i].n;
    if (!c->stop[i].s) {
      qe_text_params_free(c);
      return NULL;
    }
    c->nstop++;
  }
  return c;
}
