/* stem_english.c — the Snowball English ("Porter2") stemmer, as a text
 * index with `stemmer: {type: snowball, language: english}` applies it to
 * every token (Qdrant uses the rust-stemmers crate). Written from the
 * algorithm's published description (snowballstem.org): exceptional forms,
 * regions R1/R2, steps 0–5, on code points; letters outside a–z are never
 * vowels. Words of fewer than three code points are left alone. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "edge/stem.h"

typedef struct word {
  uint32_t *w;
  size_t n, cap;
  size_t p1, p2;
} word;

static bool vowel(uint32_t c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Does the word end with the ASCII suffix s? */
static bool ends(const word *x, const char *s) {
  size_t k = strlen(s);
  if (k > x->n) return false;
  for (size_t i = 0; i < k; i++)
    if (x->w[x->n - k + i] != (unsigned char)s[i]) return false;
  return true;
}

/* The longest of the listed suffixes the word ends with (index), or -1. */
static int longest(const word *x, const char *const *list, size_t count) {
  int best = -1;
  size_t best_len = 0;
  for (size_t i = 0; i < count; i++) {
    size_t k = strlen(list[i]);
    if ((best < 0 || k > best_len) && ends(x, list[i])) {
      best = (int)i;
      best_len = k;
    }
  }
  return best;
}

/* Replace the last `k` code points by the ASCII string r. */
static void replace(word *x, size_t k, const char *r) {
  size_t m = strlen(r);
  if (x->n - k + m > x->cap) return; /* cannot grow: leave the word */
  x->n -= k;
  for (size_t i = 0; i < m; i++)
    x->w[x->n++] = (unsigned char)r[i];
}

static bool whole(const word *x, const char *s) {
  return strlen(s) == x->n && ends(x, s);
}

static bool has_vowel(const word *x, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (vowel(x->w[i])) return true;
  return false;
}

/* A short syllable ending just before `end`: non-vowel (not w, x, Y),
 * vowel, non-vowel; or a vowel at the start followed by a non-vowel. */
static bool short_at(const word *x, size_t end) {
  if (end < 2) return false;
  uint32_t a = x->w[end - 1], b = x->w[end - 2];
  if (vowel(a) || !vowel(b)) return false;
  if (end == 2) return true;
  return a != 'w' && a != 'x' && a != 'Y' && !vowel(x->w[end - 3]);
}

static bool exception1(word *x) {
  static const char *const from[] = {"skis",   "skies", "dying", "lying", "tying", "idly",
                                     "gently", "ugly",  "early", "only",  "singly"};
  static const char *const to[] = {"ski",   "sky",  "die",   "lie",  "tie",  "idl",
                                   "gentl", "ugli", "earli", "onli", "singl"};
  static const char *const same[] = {"sky", "news", "howe", "atlas", "cosmos", "bias", "andes"};
  for (size_t i = 0; i < sizeof from / sizeof from[0]; i++)
    if (whole(x, from[i])) {
      replace(x, x->n, to[i]);
      return true;
    }
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
    if (whole(x, same[i])) return true;
  return false;
}

static void prelude_and_regions(word *x) {
  if (x->n && x->w[0] == '\'') {
    memmove(x->w, x->w + 1, (x->n - 1) * sizeof *x->w);
    x->n--;
  }
  if (x->n && x->w[0] == 'y') x->w[0] = 'Y';
  for (size_t i = 1; i < x->n; i++)
    if (x->w[i] == 'y' && vowel(x->w[i - 1])) x->w[i] = 'Y';
  x->p1 = x->p2 = x->n;
  size_t i = 0;
  static const char *const pre[] = {"gener", "commun", "arsen"};
  bool special = false;
  for (size_t k = 0; k < 3 && !special; k++) {
    size_t m = strlen(pre[k]);
    if (m > x->n) continue;
    special = true;
    for (size_t j = 0; j < m; j++)
      special = special && x->w[j] == (unsigned char)pre[k][j];
    if (special) i = m;
  }
  if (!special) {
    while (i < x->n && !vowel(x->w[i]))
      i++;
    if (i >= x->n) return;
    while (i < x->n && vowel(x->w[i]))
      i++;
    if (i >= x->n) return;
    i++;
  }
  x->p1 = i;
  while (i < x->n && !vowel(x->w[i]))
    i++;
  if (i >= x->n) return;
  while (i < x->n && vowel(x->w[i]))
    i++;
  if (i >= x->n) return;
  x->p2 = i + 1;
}

static void step1a(word *x) {
  static const char *const ap[] = {"'s'", "'s", "'"};
  int k = longest(x, ap, 3);
  if (k >= 0) x->n -= strlen(ap[k]);
  static const char *const sfx[] = {"sses", "ied", "ies", "s", "us", "ss"};
  k = longest(x, sfx, 6);
  switch (k) {
  case 0:
    x->n -= 2;
    break;
  case 1:
  case 2:
    if (x->n - 3 >= 2)
      replace(x, 3, "i");
    else
      replace(x, 3, "ie");
    break;
  case 3:
    if (x->n >= 2 && has_vowel(x, 0, x->n - 2)) x->n--;
    break;
  default:
    break;
  }
}

static bool exception2(const word *x) {
  static const char *const w[] = {"inning",  "outing",  "canning", "herring",
                                  "earring", "proceed", "exceed",  "succeed"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (whole(x, w[i])) return true;
  return false;
}

static void step1b(word *x) {
  static const char *const sfx[] = {"eed", "eedly", "ed", "edly", "ing", "ingly"};
  int k = longest(x, sfx, 6);
  if (k < 0) return;
  size_t start = x->n - strlen(sfx[k]);
  if (k <= 1) {
    if (start >= x->p1) replace(x, x->n - start, "ee");
    return;
  }
  if (!has_vowel(x, 0, start)) return;
  x->n = start;
  if (ends(x, "at") || ends(x, "bl") || ends(x, "iz")) {
    replace(x, 0, "e");
    return;
  }
  static const char *const dbl[] = {"bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"};
  for (size_t i = 0; i < 9; i++)
    if (ends(x, dbl[i])) {
      x->n--;
      return;
    }
  if (x->p1 >= x->n && short_at(x, x->n)) replace(x, 0, "e");
}

static void step1c(word *x) {
  if (x->n < 3) return;
  uint32_t c = x->w[x->n - 1];
  if ((c == 'y' || c == 'Y') && !vowel(x->w[x->n - 2])) x->w[x->n - 1] = 'i';
}

static void step2(word *x) {
  static const char *const sfx[] = {"tional",  "enci",    "anci",  "abli",    "entli",   "izer",
                                    "ization", "ational", "ation", "ator",    "alism",   "aliti",
                                    "alli",    "fulness", "ousli", "ousness", "iveness", "iviti",
                                    "biliti",  "bli",     "ogi",   "fulli",   "lessli",  "li"};
  static const char *const to[] = {"tion", "ence", "ance", "able", "ent", "ize", "ize",  "ate",
                                   "ate",  "ate",  "al",   "al",   "al",  "ful", "ous",  "ous",
                                   "ive",  "ive",  "ble",  "ble",  "og",  "ful", "less", ""};
  int k = longest(x, sfx, sizeof sfx / sizeof sfx[0]);
  if (k < 0) return;
  size_t len = strlen(sfx[k]), start = x->n - len;
  if (start < x->p1) return;
  if (strcmp(sfx[k], "ogi") == 0 && !(start > 0 && x->w[start - 1] == 'l')) return;
  if (strcmp(sfx[k], "li") == 0) {
    if (start == 0) return;
    uint32_t c = x->w[start - 1];
    if (!(c == 'c' || c == 'd' || c == 'e' || c == 'g' || c == 'h' || c == 'k' || c == 'm' ||
          c == 'n' || c == 'r' || c == 't'))
      return;
  }
  replace(x, len, to[k]);
}

static void step3(word *x) {
  static const char *const sfx[] = {"tional", "ational", "alize", "icate", "iciti",
                                    "ical",   "ful",     "ness",  "ative"};
  static const char *const to[] = {"tion", "ate", "al", "ic", "ic", "ic", "", "", ""};
  int k = longest(x, sfx, sizeof sfx / sizeof sfx[0]);
  if (k < 0) return;
  size_t len = strlen(sfx[k]), start = x->n - len;
  if (start < x->p1) return;
  if (k == 8 && start < x->p2) return;
  replace(x, len, to[k]);
}

static void step4(word *x) {
  static const char *const sfx[] = {"al",   "ance", "ence",  "er",   "ic",  "able",
                                    "ible", "ant",  "ement", "ment", "ent", "ism",
                                    "ate",  "iti",  "ous",   "ive",  "ize", "ion"};
  int k = longest(x, sfx, sizeof sfx / sizeof sfx[0]);
  if (k < 0) return;
  size_t len = strlen(sfx[k]), start = x->n - len;
  if (start < x->p2) return;
  if (k == 17 && !(start > 0 && (x->w[start - 1] == 's' || x->w[start - 1] == 't'))) return;
  x->n = start;
}

static void step5(word *x) {
  if (x->n == 0) return;
  size_t start = x->n - 1;
  uint32_t c = x->w[start];
  if (c == 'e') {
    if (start >= x->p2 || (start >= x->p1 && !short_at(x, start))) x->n--;
  } else if (c == 'l') {
    if (start >= x->p2 && start > 0 && x->w[start - 1] == 'l') x->n--;
  }
}

size_t qe_stem_english(uint32_t *w, size_t n, size_t cap) {
  word x = {w, n, cap, 0, 0};
  if (exception1(&x)) return x.n;
  if (x.n < 3) return x.n;
  prelude_and_regions(&x);
  step1a(&x);
  if (!exception2(&x)) {
    step1b(&x);
    step1c(&x);
    step2(&x);
    step3(&x);
    step4(&x);
    step5(&x);
  }
  for (size_t i = 0; i < x.n; i++)
    if (x.w[i] == 'Y') x.w[i] = 'y';
  return x.n;
}
