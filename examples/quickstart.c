/* quickstart.c — the C way in: describe Qdrant requests as JSON, check them
 * against the model registry, and see exactly where bad input is wrong.
 * (The edge shard and the client arrive in later releases and extend this
 * example.) */
#include <stdio.h>
#include <string.h>

#include "qedge/model.h"

static int check(const char *model, const char *text) {
  qe_error err = {0};
  qe_json *v = NULL;
  if (qe_json_parse(text, strlen(text), NULL, &v, &err)) {
    printf("%-16s parse error: %s\n", model, err.message);
    return 1;
  }
  int rc = qe_model_check_name(model, v, QE_CHECK_STRICT | QE_CHECK_COERCE, NULL, &err);
  if (rc) {
    char msg[QE_ERROR_PATH_MAX + QE_ERROR_MESSAGE_MAX + 2];
    printf("%-16s rejected: %s\n", model, qe_error_format(&err, msg, sizeof msg));
  } else {
    char *out = qe_json_to_string(v, 0, NULL);
    printf("%-16s ok: %s\n", model, out);
    qe_free(out);
  }
  qe_json_free(v);
  return rc;
}

int main(void) {
  qe_error err = {0};
  if (qe_registry_status(&err)) {
    fprintf(stderr, "registry: %s\n", err.message);
    return 1;
  }
  printf("qedge knows %zu Qdrant models\n", qe_model_count());
  int bad = 0;
  bad += check("CreateCollection",
               "{\"vectors\": {\"image\": {\"size\": 4, \"distance\": \"Cosine\"}}}") != 0;
  bad += check("PointStruct", "{\"id\": \"{6F9619FF-8B86-D011-B42D-00C04FC964FF}\","
                              " \"vector\": {\"image\": [0.1, 0.2, 0.3, 0.4]},"
                              " \"payload\": {\"city\": \"Berlin\"}}") != 0;
  bad +=
      check("Filter", "{\"must\": [{\"key\": \"city\", \"match\": {\"value\": \"Berlin\"}}]}") != 0;
  /* and two mistakes, reported with the path of the bad value */
  int wrong = check("PointStruct", "{\"id\": -5, \"vector\": [1, 2]}") != 0;
  wrong += check("CreateCollection",
                 "{\"vectors\": {\"image\": {\"size\": 4, \"distance\": \"cosine\"}}}") != 0;
  return bad == 0 && wrong == 2 ? 0 : 1;
}
