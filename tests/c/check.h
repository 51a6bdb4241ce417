/* check.h — a minimal test harness for the C tests: CHECK records a failure
 * and goes on; main returns non-zero when anything failed and prints the
 * "N passed, N failed" line. */
#ifndef QEDGE_TEST_CHECK_H
#define QEDGE_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (cond) {                                                                                    \
      check_passed++;                                                                              \
    } else {                                                                                       \
      check_failed++;                                                                              \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
    }                                                                                              \
  } while (0)

#define CHECK_STR(a, b)                                                                            \
  do {                                                                                             \
    const char *check_a_ = (a), *check_b_ = (b);                                                   \
    if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0) {                                 \
      check_passed++;                                                                              \
    } else {                                                                                       \
      check_failed++;                                                                              \
      fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__,                  \
              check_b_ ? check_b_ : "(null)", check_a_ ? check_a_ : "(null)");                     \
    }                                                                                              \
  } while (0)

static inline int check_report(const char *name) {
  printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
  return check_failed ? 1 : 0;
}

#endif
