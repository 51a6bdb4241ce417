/* filter_text.c — full-text matching (match text / text_any / phrase) as
 * qdrant-edge-py 0.9.0 does it on a field without a payload index: the
 * query and every string value are tokenized with Qdrant's default text
 * index settings — the `word` tokenizer (maximal runs of Rust
 * `char::is_alphanumeric` code points; everything else separates, `_` and
 * `'` included), each token lowercased with Rust's `str::to_lowercase`
 * (full Unicode, final sigma per token), no ASCII folding, no stemming, no
 * stopwords, no minimum or maximum token length
 * (lib/segment/src/index/field_index/full_text_index/tokenizers/mod.rs
 * `WordTokenizer`, tokens_processor.rs).
 *
 * The query is tokenized once, at compile time; documents are tokenized
 * while they are read and each token is lowercased on the fly while it is
 * compared with a query token, so matching never allocates. */
#include <stdlib.h>
#include <string.h>

#include "edge/filter_internal.h"
#include "edge/unicode.h"
#include "qedge/base.h"

/* ------------------------------------------------------------ tokens */

typedef struct tok_iter {
  const char *s;
  size_t n, pos;
} tok_iter;

static bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The code point at s[i] (of n bytes): its length, and whether it is
 * alphanumeric. */
static size_t step(const char *s, size_t n, size_t i, bool *alnum) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    *alnum = ascii_alnum(c);
    return 1;
  }
  uint32_t cp;
  size_t k = qe_utf8_next(s + i, n - i, &cp);
  *alnum = qe_unicode_is_alnum(cp);
  return k;
}

/* The next token (a maximal run of alphanumeric code points), or false at
 * the end of the text. */
static bool tok_next(tok_iter *it, const char **tok, size_t *len) {
  bool alnum = false;
  while (it->pos < it->n) {
    size_t k = step(it->s, it->n, it->pos, &alnum);
    if (alnum) break;
    it->pos += k;
  }
  if (it->pos >= it->n) return false;
  size_t start = it->pos;
  while (it->pos < it->n) {
    size_t k = step(it->s, it->n, it->pos, &alnum);
    if (!alnum) break;
    it->pos += k;
  }
  *tok = it->s + start;
  *len = it->pos - start;
  return true;
}

/* ------------------------------------------------------------ lowercase */

/* Is the U+03A3 at t[i] (k bytes) of the token t[0..n) word-final, as
 * Rust's str::to_lowercase decides it (Unicode's Final_Sigma)? */
static bool final_sigma(const char *t, size_t n, size_t i, size_t k) {
  bool cased_before = false;
  for (size_t j = i; j > 0;) {
    size_t b = j - 1;
    while (b > 0 && ((unsigned char)t[b] & 0xC0) == 0x80)
      b--;
    uint32_t cp;
    qe_utf8_next(t + b, j - b, &cp);
    int cls = qe_unicode_sigma_class(cp);
    if (cls != 2) {
      cased_before = cls == 1;
      break;
    }
    j = b;
  }
  if (!cased_before) return false;
  for (size_t j = i + k; j < n;) {
    uint32_t cp;
    size_t m = qe_utf8_next(t + j, n - j, &cp);
    int cls = qe_unicode_sigma_class(cp);
    if (cls != 2) return cls != 1;
    j += m;
  }
  return true;
}

/* The lowercase of the code point cp at t[i] (k bytes) of the token
 * t[0..n): 1 or 2 code points. */
static size_t lower_at(const char *t, size_t n, size_t i, size_t k, uint32_t cp, uint32_t out[2]) {
  if (cp == 0x3A3) {
    out[0] = final_sigma(t, n, i, k) ? 0x3C2 : 0x3C3;
    return 1;
  }
  return qe_unicode_to_lower(cp, out);
}

static size_t utf8_put(uint32_t cp, unsigned char out[4]) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Lowercase the token t[0..n) into out (NULL: only measure); returns the
 * length in bytes. */
static size_t lower_token(const char *t, size_t n, char *out) {
  size_t len = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp, low[2];
    size_t k = qe_utf8_next(t + i, n - i, &cp);
    size_t m = lower_at(t, n, i, k, cp, low);
    for (size_t j = 0; j < m; j++) {
      unsigned char enc[4];
      size_t e = utf8_put(low[j], enc);
      if (out) memcpy(out + len, enc, e);
      len += e;
    }
    i += k;
  }
  return len;
}

/* Does the token t[0..n), lowercased, equal the (lowercase) query token q?
 * Compared code point by code point, stopping at the first difference. */
static bool token_eq(const char *t, size_t n, const fstr *q) {
  const unsigned char *qs = (const unsigned char *)q->s;
  size_t qi = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
      unsigned char l = c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
      if (qi >= q->n || qs[qi] != l) return false;
      qi++;
      i++;
      continue;
    }
    uint32_t cp, low[2];
    size_t k = qe_utf8_next(t + i, n - i, &cp);
    size_t m = lower_at(t, n, i, k, cp, low);
    for (size_t j = 0; j < m; j++) {
      unsigned char enc[4];
      size_t e = utf8_put(low[j], enc);
      if (q->n - qi < e || memcmp(qs + qi, enc, e) != 0) return false;
      qi += e;
    }
    i += k;
  }
  return qi == q->n;
}

/* ------------------------------------------------------------ compile */

static int cmp_tok(const void *a, const void *b) {
  const fstr *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? -1 : 1;
  return memcmp(x->s, y->s, x->n);
}

int qe_text_compile(field_cond *fc, const char *s, size_t n, bool keep_order) {
  size_t count = 0, bytes = 0;
  const char *t;
  size_t len;
  tok_iter it = {s, n, 0};
  while (tok_next(&it, &t, &len)) {
    count++;
    bytes += lower_token(t, len, NULL);
  }
  fc->text.s = qe_malloc(bytes + 1);
  fc->strs = qe_calloc(count ? count : 1, sizeof *fc->strs);
  if (!fc->text.s || !fc->strs) return QE_ENOMEM;
  fc->text.n = bytes;
  fc->text.s[bytes] = '\0';
  size_t at = 0;
  it.pos = 0;
  while (tok_next(&it, &t, &len)) {
    size_t m = lower_token(t, len, fc->text.s + at);
    fc->strs[fc->nstrs++] = (fstr){fc->text.s + at, m};
    at += m;
  }
  if (!keep_order && fc->nstrs > 1) {
    qsort(fc->strs, fc->nstrs, sizeof *fc->strs, cmp_tok);
    size_t u = 1;
    for (size_t i = 1; i < fc->nstrs; i++)
      if (cmp_tok(&fc->strs[u - 1], &fc->strs[i]) != 0) fc->strs[u++] = fc->strs[i];
    fc->nstrs = u;
  }
  return QE_OK;
}

/* ------------------------------------------------------------ match */

static bool has_token(const char *s, size_t n, const fstr *q) {
  tok_iter it = {s, n, 0};
  const char *t;
  size_t len;
  while (tok_next(&it, &t, &len))
    if (token_eq(t, len, q)) return true;
  return false;
}

/* Do the phrase's tokens follow one another from the token t[0..len),
 * whose iterator `it` stands just after it? */
static bool phrase_at(const field_cond *fc, tok_iter it, const char *t, size_t len) {
  for (size_t i = 0;;) {
    if (!token_eq(t, len, &fc->strs[i])) return false;
    if (++i == fc->nstrs) return true;
    if (!tok_next(&it, &t, &len)) return false;
  }
}

bool qe_text_match(const field_cond *fc, const char *s, size_t n) {
  if (fc->nstrs == 0) return false; /* no query tokens: nothing matches */
  tok_iter it = {s, n, 0};
  const char *t;
  size_t len;
  switch (fc->match) {
  case M_TEXT: /* every query token is a token of the text */
    for (size_t i = 0; i < fc->nstrs; i++)
      if (!has_token(s, n, &fc->strs[i])) return false;
    return true;
  case M_TEXT_ANY: /* some query token is */
    while (tok_next(&it, &t, &len))
      for (size_t i = 0; i < fc->nstrs; i++)
        if (token_eq(t, len, &fc->strs[i])) return true;
    return false;
  case M_PHRASE: /* the query tokens appear consecutively, in order */
    while (tok_next(&it, &t, &len))
      if (phrase_at(fc, it, t, len)) return true;
    return false;
  default:
    return false;
  }
}
