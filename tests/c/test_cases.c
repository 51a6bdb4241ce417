/* test_cases.c — the validation cases shared with the Python and Lua tests
 * (tests/data/model_cases.json), run through the C validator with the flags
 * the bindings use for model constructors. */
#include <stdbool.h>
#include <stdlib.h>

#include "check.h"
#include "qedge/model.h"

int main(void) {
  const char *src = getenv("QEDGE_SOURCE_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/data/model_cases.json", src ? src : ".");
  char *text;
  size_t len;
  qe_error e = {0};
  CHECK(qe_fs_read_all(path, 0, &text, &len, &e) == 0);
  if (e.code) {
    fprintf(stderr, "%s\n", e.message);
    return check_report("test_cases");
  }
  qe_json *cases = NULL;
  CHECK(qe_json_parse(text, len, NULL, &cases, &e) == 0);
  qe_free(text);
  CHECK(qe_json_array_len(cases) >= 20);
  for (size_t i = 0; i < qe_json_array_len(cases); i++) {
    qe_json *c = qe_json_array_at(cases, i);
    const char *model = qe_json_get_string(qe_json_object_get(c, "model"), NULL);
    bool ok = qe_json_get_bool(qe_json_object_get(c, "ok"));
    qe_json *input = qe_json_clone(qe_json_object_get(c, "input"));
    qe_error_clear(&e);
    int rc = qe_model_check_name(model, input, QE_CHECK_STRICT | QE_CHECK_COERCE, NULL, &e);
    if (ok) {
      if (rc) fprintf(stderr, "case %zu (%s): unexpected %s: %s\n", i, model, e.path, e.message);
      CHECK(rc == 0);
    } else {
      const char *want_path = qe_json_get_string(qe_json_object_get(c, "path"), NULL);
      const char *want_msg = qe_json_get_string(qe_json_object_get(c, "message_contains"), NULL);
      bool good = rc == QE_EINVAL && strcmp(e.path, want_path) == 0 && strstr(e.message, want_msg);
      if (!good)
        fprintf(stderr, "case %zu (%s): want %s: ...%s..., got rc %d %s: %s\n", i, model, want_path,
                want_msg, rc, e.path, e.message);
      CHECK(good);
    }
    qe_json_free(input);
  }
  qe_json_free(cases);
  return check_report("test_cases");
}
