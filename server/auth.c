/* auth.c — API key checks (see auth.h). */
#include "auth.h"

#include <string.h>

#include "registry.h"
#include "reply.h"

/* comparison whose time does not depend on where the strings differ */
static bool same(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  unsigned char d = la != lb;
  for (size_t i = 0; i < la; i++)
    d |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
  return d == 0;
}

int srv_auth_check(srv_ctx *c, bool write) {
  const char *full = c->reg->api_key, *ro = c->reg->ro_api_key;
  if (!full && !ro) return 0;
  const char *k = c->req->api_key;
  if (!k) {
    srv_fail(c, 401, "Must provide an API key or an Authorization bearer token");
    return -1;
  }
  if (full && same(k, full)) return 0;
  if (ro && same(k, ro)) {
    if (!write) return 0;
    srv_fail(c, 403, "Forbidden: Write access is required for this operation");
    return -1;
  }
  srv_fail(c, 401, "Invalid API key or JWT");
  return -1;
}
