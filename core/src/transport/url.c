/*
 * url.c — where requests go: resolving `url` or host/port/https/prefix into
 * a base URL, and escaping path segments.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qedge/transport.h"

/** Qdrant's REST port, used when nothing else names one. */
#define QDRANT_PORT 6333

/** Copy `len` bytes of `s` into `dst` of size `n`; false if it does not fit. */
static bool copy_part(char *dst, size_t n, const char *s, size_t len) {
  if (len >= n) return false;
  memcpy(dst, s, len);
  dst[len] = '\0';
  return true;
}

/** Append `p` (a path prefix with or without slashes) to parts->prefix. */
static int add_prefix(qe_url_parts *parts, const char *p, size_t len, const char *what,
                      qe_error *err) {
  while (len > 0 && *p == '/')
    p++, len--;
  while (len > 0 && p[len - 1] == '/')
    len--;
  if (len == 0) return 0;
  size_t have = strlen(parts->prefix);
  if (have + 1 + len >= sizeof parts->prefix)
    return qe_error_set(err, QE_EINVAL, what, "path prefix longer than %zu bytes",
                        sizeof parts->prefix - 1);
  for (size_t i = 0; i < len; i++)
    if (p[i] == '?' || p[i] == '#' || p[i] == ' ' || (unsigned char)p[i] < 0x20)
      return qe_error_set(err, QE_EINVAL, what, "path prefix may not contain '%c'",
                          p[i] >= 0x20 ? p[i] : '?');
  parts->prefix[have] = '/';
  memcpy(parts->prefix + have + 1, p, len);
  parts->prefix[have + 1 + len] = '\0';
  return 0;
}

/** Parse a decimal port of `len` bytes. */
static int parse_port(const char *s, size_t len, unsigned *port, const char *what, qe_error *err) {
  unsigned long v = 0;
  if (len == 0 || len > 5) return qe_error_set(err, QE_EINVAL, what, "bad port");
  for (size_t i = 0; i < len; i++) {
    if (!isdigit((unsigned char)s[i])) return qe_error_set(err, QE_EINVAL, what, "bad port");
    v = v * 10 + (unsigned long)(s[i] - '0');
  }
  if (v == 0 || v > 65535)
    return qe_error_set(err, QE_EINVAL, what, "port must be 1..65535, got %lu", v);
  *port = (unsigned)v;
  return 0;
}

/** Parse "scheme://host[:port][/path]" into parts (port 0 when absent). */
static int parse_url(const char *url, qe_url_parts *parts, qe_error *err) {
  const char *p;
  if (strncasecmp(url, "http://", 7) == 0) {
    parts->https = false;
    p = url + 7;
  } else if (strncasecmp(url, "https://", 8) == 0) {
    parts->https = true;
    p = url + 8;
  } else {
    return qe_error_set(err, QE_EINVAL, "url", "expected http://host or https://host, got \"%s\"",
                        url);
  }
  const char *end = p + strcspn(p, "/?#");
  if (*end == '?' || *end == '#')
    return qe_error_set(err, QE_EINVAL, "url", "query and fragment are not allowed");
  if (memchr(p, '@', (size_t)(end - p)))
    return qe_error_set(err, QE_EINVAL, "url", "user info is not allowed (use api_key)");
  const char *host = p, *host_end, *port = NULL;
  if (*p == '[') {
    host = p + 1;
    host_end = memchr(host, ']', (size_t)(end - host));
    if (host_end == NULL) return qe_error_set(err, QE_EINVAL, "url", "unclosed '[' in host");
    if (host_end + 1 < end) {
      if (host_end[1] != ':') return qe_error_set(err, QE_EINVAL, "url", "junk after ']'");
      port = host_end + 2;
    }
  } else {
    host_end = memchr(p, ':', (size_t)(end - p));
    if (host_end) {
      port = host_end + 1;
    } else {
      host_end = end;
    }
  }
  if (host_end == host) return qe_error_set(err, QE_EINVAL, "url", "no host");
  if (!copy_part(parts->host, sizeof parts->host, host, (size_t)(host_end - host)))
    return qe_error_set(err, QE_EINVAL, "url", "host name too long");
  parts->port = 0;
  if (port && parse_port(port, (size_t)(end - port), &parts->port, "url", err)) return err->code;
  return add_prefix(parts, end, strlen(end), "url", err);
}

int qe_url_resolve(const qe_transport_options *opts, qe_url_parts *parts, qe_error *err) {
  static const qe_transport_options none;
  if (opts == NULL) opts = &none;
  memset(parts, 0, sizeof *parts);
  if (opts->https < QE_HTTPS_DEFAULT || opts->https > QE_HTTPS_OFF)
    return qe_error_set(err, QE_EINVAL, "https", "expected QE_HTTPS_DEFAULT, _ON or _OFF");
  if (opts->port > 65535)
    return qe_error_set(err, QE_EINVAL, "port", "port must be 1..65535, got %u", opts->port);
  if (opts->url && opts->host)
    return qe_error_set(err, QE_EINVAL, "host", "give url or host, not both");
  if (opts->url) {
    if (parse_url(opts->url, parts, err)) return err ? err->code : QE_EINVAL;
    if (opts->https == QE_HTTPS_ON) parts->https = true;
    if (opts->https == QE_HTTPS_OFF) parts->https = false;
    if (parts->port == 0) parts->port = opts->port ? opts->port : parts->https ? 443 : QDRANT_PORT;
  } else {
    const char *h = opts->host ? opts->host : "localhost";
    size_t len = strlen(h);
    if (strstr(h, "://"))
      return qe_error_set(err, QE_EINVAL, "host", "a host name, not a URL, is expected (use url)");
    if (len >= 2 && h[0] == '[' && h[len - 1] == ']') h++, len -= 2;
    if (len == 0 || strcspn(h, "/?#@ []") < len)
      return qe_error_set(err, QE_EINVAL, "host", "bad host \"%s\"", opts->host);
    if (!copy_part(parts->host, sizeof parts->host, h, len))
      return qe_error_set(err, QE_EINVAL, "host", "host name too long");
    parts->https = opts->https == QE_HTTPS_ON || (opts->https == QE_HTTPS_DEFAULT && opts->api_key);
    parts->port = opts->port ? opts->port : QDRANT_PORT;
  }
  if (opts->prefix && add_prefix(parts, opts->prefix, strlen(opts->prefix), "prefix", err))
    return err ? err->code : QE_EINVAL;
  return 0;
}

int qe_url_escape_segment(qe_buf *out, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    int rc;
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      rc = qe_buf_putc(out, (char)c);
    } else {
      char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
      rc = qe_buf_append(out, enc, 3);
    }
    if (rc) return rc;
  }
  return 0;
}
