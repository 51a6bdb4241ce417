/* filter_text.c — full-text matching (match text / text_any / phrase).
 *
 * Without a payload index, qdrant-edge-py 0.9.0 tokenizes the query and
 * every string value with Qdrant's default text index settings
 * (qe_text_defaults): the `word` tokenizer (maximal runs of Rust
 * `char::is_alphanumeric` code points; everything else separates, `_` and
 * `'` included), each token lowercased with Rust's `str::to_lowercase`
 * (full Unicode, final sigma per token), no ASCII folding, no stemming, no
 * stopwords, no minimum or maximum token length
 * (lib/segment/src/index/field_index/full_text_index/tokenizers/mod.rs
 * `WordTokenizer`, tokens_processor.rs). A text index on the key brings its
 * own rules (text_params): the `whitespace` tokenizer (runs of non
 * White_Space code points) or `prefix` (word tokens, a query token matching
 * every word it starts), lowercase on or off, min/max token length in code
 * points after stemming (too short or too long tokens are dropped; the
 * prefix tokenizer cuts query tokens to the maximum instead), custom stop
 * words (matched before stemming; the prefix tokenizer keeps them in
 * text / text_any queries), the Snowball English stemmer.
 *
 * The query is tokenized once, at compile time; documents are tokenized
 * while they are read and each token is lowercased on the fly while it is
 * compared with a query token, so matching never allocates. */
#include <stdlib.h>
#include <string.h>

#include "edge/filter_internal.h"
#include "edge/stem.h"
#include "edge/unicode.h"
#include "qedge/base.h"

const text_params qe_text_defaults = {TK_WORD, true, true, 0, 0, NULL, 0, false};

/* Longest token (code points) stemmed; longer ones are compared unstemmed. */
#define STEM_MAX 256

/* ------------------------------------------------------------ tokens */

typedef struct tok_iter {
  const char *s;
  size_t n, pos;
  bool ws; /* whitespace tokenizer: tokens are runs of non-space */
} tok_iter;

static bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The code point at s[i] (of n bytes): its length, and whether it belongs
 * in a token (alphanumeric; not White_Space for the whitespace tokenizer). */
static size_t step(const char *s, size_t n, size_t i, bool ws, bool *alnum) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    *alnum = ws ? !(c == ' ' || (c >= 9 && c <= 13)) : ascii_alnum(c);
    return 1;
  }
  uint32_t cp;
  size_t k = qe_utf8_next(s + i, n - i, &cp);
  *alnum = ws ? !qe_unicode_is_space(cp) : qe_unicode_is_alnum(cp);
  return k;
}

/* The next token (a maximal run of alphanumeric code points), or false at
 * the end of the text. */
static bool tok_next(tok_iter *it, const char **tok, size_t *len) {
  bool alnum = false;
  while (it->pos < it->n) {
    size_t k = step(it->s, it->n, it->pos, it->ws, &alnum);
    if (alnum) break;
    it->pos += k;
  }
  if (it->pos >= it->n) return false;
  size_t start = it->pos;
  while (it->pos < it->n) {
    size_t k = step(it->s, it->n, it->pos, it->ws, &alnum);
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

size_t qe_text_process(const text_params *tp, const char *t, size_t n, char *out, size_t *chars) {
  size_t len = 0, count = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp, low[2];
    size_t k = qe_utf8_next(t + i, n - i, &cp);
    size_t m = tp->lowercase ? lower_at(t, n, i, k, cp, low) : (low[0] = cp, 1);
    count += m;
    for (size_t j = 0; j < m; j++) {
      unsigned char enc[4];
      size_t e = utf8_put(low[j], enc);
      if (out) memcpy(out + len, enc, e);
      len += e;
    }
    i += k;
  }
  *chars = count;
  return len;
}

/* The token t[0..n) processed by tp and stemmed, as UTF-8 into out (room
 * for STEM_MAX * 4 + 4 bytes); false if it is too long to stem. */
static bool stem_token(const text_params *tp, const char *t, size_t n, char *out, size_t *len) {
  uint32_t cps[STEM_MAX + 2];
  size_t m = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp, low[2];
    size_t k = qe_utf8_next(t + i, n - i, &cp);
    size_t c = tp->lowercase ? lower_at(t, n, i, k, cp, low) : (low[0] = cp, 1);
    if (m + c > STEM_MAX) return false;
    for (size_t j = 0; j < c; j++)
      cps[m++] = low[j];
    i += k;
  }
  m = qe_stem_english(cps, m, STEM_MAX + 2);
  size_t b = 0;
  for (size_t i = 0; i < m; i++) {
    unsigned char enc[4];
    size_t e = utf8_put(cps[i], enc);
    memcpy(out + b, enc, e);
    b += e;
  }
  *len = b;
  return true;
}

/* Does the token t[0..n), processed by tp (lowercased when asked), equal
 * the processed query token q (start with it, when `prefix`)? Compared
 * code point by code point, stopping at the first difference. */
static bool token_cmp_x(const text_params *tp, const char *t, size_t n, const fstr *q, bool prefix,
                        bool stem) {
  const unsigned char *qs = (const unsigned char *)q->s;
  size_t qi = 0;
  char buf[STEM_MAX * 4 + 8];
  size_t blen;
  if (stem && stem_token(tp, t, n, buf, &blen)) {
    if (prefix) return blen >= q->n && memcmp(buf, q->s, q->n) == 0;
    return blen == q->n && memcmp(buf, q->s, blen) == 0;
  }
  if (!tp->lowercase) {
    if (prefix) return n >= q->n && memcmp(t, q->s, q->n) == 0;
    return n == q->n && memcmp(t, q->s, n) == 0;
  }
  for (size_t i = 0; i < n;) {
    if (prefix && qi == q->n) return true;
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

/* The same, stemmed when tp stems (stop words are matched unstemmed). */
static bool token_cmp(const text_params *tp, const char *t, size_t n, const fstr *q, bool prefix) {
  return token_cmp_x(tp, t, n, q, prefix, tp->stem);
}

static bool doc_token_kept(const text_params *tp, const char *t, size_t n);

/* Does the document token t[0..n) match the query token q? A query token
 * is never a stop word and has the right length, so a word equal to it has
 * too; but a stemmed word may be a stop word whose stem is not, and a word
 * the query token starts may be a stop word. */
static bool token_eq(const field_cond *fc, const char *t, size_t n, const fstr *q) {
  const text_params *tp = fc->tp;
  if ((tp->stem || tp->tokenizer == TK_PREFIX) && tp->nstop && !doc_token_kept(tp, t, n))
    return false;
  return token_cmp(fc->tp, t, n, q, fc->tp->tokenizer == TK_PREFIX);
}

/* Is the processed word t[0..n) a stop word of tp? */
static bool is_stop(const text_params *tp, const char *t, size_t n) {
  for (size_t i = 0; i < tp->nstop; i++)
    if (token_cmp_x(tp, t, n, &tp->stop[i], false, false)) return true;
  return false;
}

/* Does a document token t[0..n) stay in the token sequence (for phrase
 * positions): not a stop word, not too short, not too long (the prefix
 * tokenizer keeps long words: their prefixes are cut to the maximum)? */
static bool doc_token_kept(const text_params *tp, const char *t, size_t n) {
  if (tp->nstop && is_stop(tp, t, n)) return false; /* stop words: before stemming */
  if (!tp->min_len && !tp->max_len) return true;
  size_t chars;
  char buf[STEM_MAX * 4 + 8];
  size_t blen;
  if (tp->stem && stem_token(tp, t, n, buf, &blen)) { /* lengths: after stemming */
    chars = 0;
    for (size_t i = 0; i < blen; i++)
      chars += ((unsigned char)buf[i] & 0xC0) != 0x80;
  } else {
    qe_text_process(tp, t, n, NULL, &chars);
  }
  if (chars < tp->min_len) return false;
  return tp->tokenizer == TK_PREFIX || !tp->max_len || chars <= tp->max_len;
}

/* ------------------------------------------------------------ compile */

static int cmp_tok(const void *a, const void *b) {
  const fstr *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? -1 : 1;
  return memcmp(x->s, y->s, x->n);
}

/* Byte length of the first `chars` code points of s[0..n). */
static size_t cut_chars(const char *s, size_t n, uint64_t chars) {
  size_t i = 0;
  for (uint64_t c = 0; i < n && c < chars; c++) {
    uint32_t cp;
    i += qe_utf8_next(s + i, n - i, &cp);
  }
  return i;
}

/* The query token t[0..n) processed into out; false when
 * it is dropped (stop word, too short, too long). */
static bool query_token(const text_params *tp, const char *t, size_t n, char *out, size_t *len,
                        bool phrase) {
  size_t chars;
  *len = qe_text_process(tp, t, n, out, &chars);
  /* the prefix tokenizer keeps stop words in text / text_any queries */
  if (tp->nstop && (phrase || tp->tokenizer != TK_PREFIX) && is_stop(tp, t, n)) return false;
  if (tp->stem && stem_token(tp, t, n, out, len)) { /* out has room for one more byte */
    chars = 0;
    for (size_t i = 0; i < *len; i++)
      chars += ((unsigned char)out[i] & 0xC0) != 0x80;
  }
  if (chars < tp->min_len) return false;
  if (tp->max_len && chars > tp->max_len) {
    if (tp->tokenizer != TK_PREFIX) return false;
    *len = cut_chars(out, *len, tp->max_len);
  }
  return true;
}

int qe_text_compile(field_cond *fc, const char *s, size_t n, bool keep_order) {
  if (!fc->tp) fc->tp = &qe_text_defaults;
  const text_params *tp = fc->tp;
  size_t count = 0, bytes = 0, len;
  const char *t;
  size_t tl;
  tok_iter it = {s, n, 0, tp->tokenizer == TK_WHITESPACE};
  while (tok_next(&it, &t, &tl)) {
    count++;
    size_t chars;
    bytes += qe_text_process(tp, t, tl, NULL, &chars) + 1; /* a stem may gain an 'e' */
  }
  fc->text.s = qe_malloc(bytes + 1);
  fc->strs = qe_calloc(count ? count : 1, sizeof *fc->strs);
  if (!fc->text.s || !fc->strs) return QE_ENOMEM;
  size_t at = 0;
  it.pos = 0;
  while (tok_next(&it, &t, &tl)) {
    if (!query_token(tp, t, tl, fc->text.s + at, &len, keep_order)) continue;
    fc->strs[fc->nstrs++] = (fstr){fc->text.s + at, len};
    at += len;
  }
  fc->text.n = at;
  fc->text.s[at] = '\0';
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

bool qe_text_has_token(const field_cond *fc, const char *s, size_t n, const fstr *q) {
  tok_iter it = {s, n, 0, fc->tp->tokenizer == TK_WHITESPACE};
  const char *t;
  size_t len;
  while (tok_next(&it, &t, &len))
    if (token_eq(fc, t, len, q)) return true;
  return false;
}

/* The next document token kept in the sequence (see doc_token_kept). */
static bool kept_next(const text_params *tp, tok_iter *it, const char **t, size_t *len) {
  while (tok_next(it, t, len))
    if (doc_token_kept(tp, *t, *len)) return true;
  return false;
}

/* Do the phrase's tokens follow one another from the token t[0..len),
 * whose iterator `it` stands just after it? With the prefix tokenizer only
 * the last query token may stop short of its word (Qdrant Edge). */
static bool phrase_at(const field_cond *fc, tok_iter it, const char *t, size_t len) {
  bool prefix = fc->tp->tokenizer == TK_PREFIX;
  for (size_t i = 0;;) {
    if (!token_cmp(fc->tp, t, len, &fc->strs[i], prefix && i + 1 == fc->nstrs)) return false;
    if (++i == fc->nstrs) return true;
    if (!kept_next(fc->tp, &it, &t, &len)) return false;
  }
}

bool qe_text_match(const field_cond *fc, const char *s, size_t n) {
  if (fc->nstrs == 0) return false; /* no query tokens: nothing matches */
  tok_iter it = {s, n, 0, fc->tp->tokenizer == TK_WHITESPACE};
  const char *t;
  size_t len;
  switch (fc->match) {
  case M_TEXT: /* every query token is a token of the text */
    for (size_t i = 0; i < fc->nstrs; i++)
      if (!qe_text_has_token(fc, s, n, &fc->strs[i])) return false;
    return true;
  case M_TEXT_ANY: /* some query token is */
    while (tok_next(&it, &t, &len))
      for (size_t i = 0; i < fc->nstrs; i++)
        if (token_eq(fc, t, len, &fc->strs[i])) return true;
    return false;
  case M_PHRASE: /* the query tokens appear consecutively, in order */
    if (!fc->tp->phrase_matching) return false;
    while (kept_next(fc->tp, &it, &t, &len))
      if (phrase_at(fc, it, t, len)) return true;
    return false;
  default:
    return false;
  }
}

bool qe_text_has_tokens(const text_params *tp, const char *s, size_t n) {
  tok_iter it = {s, n, 0, tp->tokenizer == TK_WHITESPACE};
  const char *t;
  size_t len;
  return kept_next(tp, &it, &t, &len);
}
