/* segfile.c — immutable segment files: written once, then mapped.
 *
 * Layout (see docs/FORMAT.md, "Segment files"): an 16-byte header (magic
 * "QEDGESEG", u32 format version, u32 zero), 64-byte aligned sections, a
 * layout JSON naming every section with its offset, length and CRC-32C, and a
 * 32-byte trailer (u64 layout offset, u32 layout length, u32 layout CRC,
 * u32 format version, u32 zero, magic "QESEGEND").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shard_internal.h"

#define SEG_MAGIC     "QEDGESEG"
#define SEG_END_MAGIC "QESEGEND"
#define SEG_VERSION   1u
#define ID_RECORD     40 /* u64 version, u8 is_uuid, 7 pad, u64 num, 16 uuid */

typedef struct writer {
  int fd;
  uint64_t pos;
  qe_buf buf;
  int failed;
} writer;

static int w_flush(writer *w) {
  size_t done = 0;
  while (done < w->buf.len) {
    ssize_t n = write(w->fd, w->buf.data + done, w->buf.len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      w->failed = QE_EIO;
      return QE_EIO;
    }
    done += (size_t)n;
  }
  qe_buf_reset(&w->buf);
  return QE_OK;
}

static void w_put(writer *w, const void *p, size_t n) {
  if (w->failed) return;
  if (qe_buf_append(&w->buf, p, n)) {
    w->failed = QE_ENOMEM;
    return;
  }
  w->pos += n;
  if (w->buf.len >= (1u << 20)) w_flush(w);
}

static void w_align(writer *w) {
  static const char zeros[64] = {0};
  size_t pad = (size_t)((64 - (w->pos & 63)) & 63);
  w_put(w, zeros, pad);
}

/* A section being written: remembers where it started and its CRC. */
typedef struct section {
  uint64_t offset, length;
  uint32_t crc;
} section;

static void sec_begin(writer *w, section *s) {
  w_align(w);
  s->offset = w->pos;
  s->length = 0;
  s->crc = 0;
}

static void sec_put(writer *w, section *s, const void *p, size_t n) {
  s->crc = qe_crc32c(s->crc, p, n);
  s->length += n;
  w_put(w, p, n);
}

static qe_json *sec_json(const section *s) {
  qe_json *o = qe_json_new_object();
  if (!o) return NULL;
  int rc = qe_json_object_set(o, "offset", qe_json_new_uint(s->offset));
  rc |= qe_json_object_set(o, "length", qe_json_new_uint(s->length));
  rc |= qe_json_object_set(o, "crc", qe_json_new_uint(s->crc));
  if (rc) {
    qe_json_free(o);
    return NULL;
  }
  return o;
}

static void put_id_record(writer *w, section *s, const qe_point_id *id, uint64_t version) {
  unsigned char rec[ID_RECORD] = {0};
  memcpy(rec, &version, 8);
  rec[8] = id->is_uuid;
  memcpy(rec + 16, &id->num, 8);
  memcpy(rec + 24, id->uuid, 16);
  sec_put(w, s, rec, sizeof rec);
}

int qe_segfile_write(const char *path, qe_segment *s, qe_error *err) {
  size_t live = 0;
  for (size_t r = 0; r < s->count; r++)
    live += !qe_segment_dead(s, r);
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  writer w = {0};
  w.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (w.fd < 0) return qe_error_set(err, QE_EIO, NULL, "create %s: %s", tmp, strerror(errno));
  qe_json *layout = qe_json_new_object();
  qe_json *vecs = qe_json_new_array();
  int rc = (!layout || !vecs) ? QE_ENOMEM : QE_OK;
  unsigned char head[16] = {0};
  memcpy(head, SEG_MAGIC, 8);
  uint32_t ver = SEG_VERSION;
  memcpy(head + 8, &ver, 4);
  w_put(&w, head, sizeof head);
  /* ids and versions of live rows */
  section ids, tombs;
  sec_begin(&w, &ids);
  uint64_t maxv = 0;
  for (size_t r = 0; r < s->count; r++) {
    if (qe_segment_dead(s, r)) continue;
    put_id_record(&w, &ids, &s->ids[r], s->versions[r]);
    if (s->versions[r] > maxv) maxv = s->versions[r];
  }
  sec_begin(&w, &tombs);
  for (size_t t = 0; t < s->ntomb; t++) {
    put_id_record(&w, &tombs, &s->tomb_ids[t], s->tomb_versions[t]);
    if (s->tomb_versions[t] > maxv) maxv = s->tomb_versions[t];
  }
  /* vectors, one group of sections per name */
  for (size_t i = 0; !rc && i < s->nvecs; i++) {
    qe_seg_vecs *v = &s->vecs[i];
    section present, data, off, idx;
    sec_begin(&w, &present);
    uint8_t byte = 0;
    size_t k = 0;
    for (size_t r = 0; r < s->count; r++) {
      if (qe_segment_dead(s, r)) continue;
      if (qe_segment_has(s, v, r)) byte |= (uint8_t)(1u << (k & 7));
      if ((++k & 7) == 0) {
        sec_put(&w, &present, &byte, 1);
        byte = 0;
      }
    }
    if (k & 7) sec_put(&w, &present, &byte, 1);
    const char *kind = v->sparse ? "sparse" : v->multi ? "multi" : "dense";
    memset(&off, 0, sizeof off);
    memset(&idx, 0, sizeof idx);
    if (!v->sparse && !v->multi) {
      sec_begin(&w, &data);
      static const float zeros[256] = {0};
      for (size_t r = 0; r < s->count; r++) {
        if (qe_segment_dead(s, r)) continue;
        const float *x = qe_segment_dense(s, v, r);
        if (x) {
          sec_put(&w, &data, x, v->dim * sizeof(float));
        } else {
          for (size_t left = v->dim; left;) {
            size_t n = left < 256 ? left : 256;
            sec_put(&w, &data, zeros, n * sizeof(float));
            left -= n;
          }
        }
      }
    } else {
      sec_begin(&w, &off);
      uint64_t total = 0;
      sec_put(&w, &off, &total, 8);
      for (size_t r = 0; r < s->count; r++) {
        if (qe_segment_dead(s, r)) continue;
        uint64_t b, e;
        qe_segment_span(s, v, r, &b, &e);
        total += e - b;
        sec_put(&w, &off, &total, 8);
      }
      size_t per = v->multi ? v->dim : 1;
      sec_begin(&w, &data);
      for (size_t r = 0; r < s->count; r++) {
        if (qe_segment_dead(s, r)) continue;
        uint64_t b, e;
        qe_segment_span(s, v, r, &b, &e);
        if (e > b) sec_put(&w, &data, v->val + b * per, (size_t)(e - b) * per * sizeof(float));
      }
      if (v->sparse) {
        sec_begin(&w, &idx);
        for (size_t r = 0; r < s->count; r++) {
          if (qe_segment_dead(s, r)) continue;
          uint64_t b, e;
          qe_segment_span(s, v, r, &b, &e);
          if (e > b) sec_put(&w, &idx, v->idx + b, (size_t)(e - b) * sizeof(uint32_t));
        }
      }
    }
    qe_json *vj = qe_json_new_object();
    if (!vj) {
      rc = QE_ENOMEM;
      break;
    }
    rc |= qe_json_object_set(vj, "name", qe_json_new_cstr(v->name));
    rc |= qe_json_object_set(vj, "kind", qe_json_new_cstr(kind));
    rc |= qe_json_object_set(vj, "dim", qe_json_new_uint(v->dim));
    rc |= qe_json_object_set(vj, "present", sec_json(&present));
    rc |= qe_json_object_set(vj, "data", sec_json(&data));
    if (v->sparse || v->multi) rc |= qe_json_object_set(vj, "off", sec_json(&off));
    if (v->sparse) rc |= qe_json_object_set(vj, "idx", sec_json(&idx));
    rc |= qe_json_array_push(vecs, vj);
  }
  /* payloads: offsets then text */
  section poff, ptext;
  qe_buf text = {0};
  if (!rc) {
    sec_begin(&w, &poff);
    uint64_t at = 0;
    sec_put(&w, &poff, &at, 8);
    for (size_t r = 0; r < s->count && !rc; r++) {
      if (qe_segment_dead(s, r)) continue;
      const qe_json *p = qe_segment_payload(s, r);
      if (p && qe_json_object_len(p) > 0) rc = qe_json_emit(p, 0, &text, err);
      at = text.len;
      sec_put(&w, &poff, &at, 8);
    }
    sec_begin(&w, &ptext);
    sec_put(&w, &ptext, text.data ? text.data : "", text.len);
  }
  qe_buf_free(&text);
  if (!rc) {
    rc |= qe_json_object_set(layout, "count", qe_json_new_uint(live));
    rc |= qe_json_object_set(layout, "tombstones", qe_json_new_uint(s->ntomb));
    rc |= qe_json_object_set(layout, "max_version", qe_json_new_uint(maxv));
    rc |= qe_json_object_set(layout, "ids", sec_json(&ids));
    rc |= qe_json_object_set(layout, "tombs", sec_json(&tombs));
    rc |= qe_json_object_set(layout, "payload_off", sec_json(&poff));
    rc |= qe_json_object_set(layout, "payload_text", sec_json(&ptext));
    rc |= qe_json_object_set(layout, "vectors", vecs);
    vecs = NULL;
  }
  if (!rc) {
    size_t llen;
    char *ltext = qe_json_to_string(layout, 0, &llen);
    if (!ltext) {
      rc = QE_ENOMEM;
    } else {
      w_align(&w);
      uint64_t loff = w.pos;
      w_put(&w, ltext, llen);
      unsigned char trailer[32] = {0};
      uint32_t l32 = (uint32_t)llen, lcrc = qe_crc32c(0, ltext, llen);
      memcpy(trailer, &loff, 8);
      memcpy(trailer + 8, &l32, 4);
      memcpy(trailer + 12, &lcrc, 4);
      memcpy(trailer + 16, &ver, 4);
      memcpy(trailer + 24, SEG_END_MAGIC, 8);
      w_put(&w, trailer, sizeof trailer);
      qe_free(ltext);
    }
  }
  qe_json_free(vecs);
  qe_json_free(layout);
  if (!rc && !w.failed) w_flush(&w);
  if (!rc && w.failed) rc = w.failed;
  if (!rc && fsync(w.fd) != 0) rc = QE_EIO;
  qe_buf_free(&w.buf);
  if (close(w.fd) != 0 && !rc) rc = QE_EIO;
  if (!rc && rename(tmp, path) != 0) rc = QE_EIO;
  if (rc) {
    unlink(tmp);
    if (!err || !err->code)
      qe_error_set(err, rc, NULL, "writing segment %s failed: %s", path,
                   rc == QE_EIO ? strerror(errno) : qe_code_name(rc));
  }
  return rc;
}

/* ------------------------------------------------------------ reading */

/* Resolve and check one section of the layout: bounds always, CRC when
 * `verify` (ids, tombstones and payloads; vectors are mapped unread). */
static int get_section(const qe_json *layout_part, const unsigned char *map, size_t map_len,
                       bool verify, const char *name, const char *path, const unsigned char **out,
                       uint64_t *len, qe_error *err) {
  uint64_t off = 0, l = 0, crc = 0;
  if (!qe_json_get_u64(qe_json_object_get(layout_part, "offset"), &off) ||
      !qe_json_get_u64(qe_json_object_get(layout_part, "length"), &l) ||
      !qe_json_get_u64(qe_json_object_get(layout_part, "crc"), &crc) || off > map_len ||
      l > map_len - off)
    return qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: section %s is out of bounds", path,
                        name);
  if (verify && qe_crc32c(0, map + off, (size_t)l) != (uint32_t)crc)
    return qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: section %s fails its checksum", path,
                        name);
  *out = map + off;
  *len = l;
  return QE_OK;
}

/* Drop the whole pages of a section that open has read through (checked or
 * copied out) from the process's resident set: the kernel keeps them cached,
 * and a later read (a payload parsed lazily) maps them again. */
static void release(const unsigned char *p, uint64_t len) {
  uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t b = ((uintptr_t)p + pg - 1) & ~(pg - 1), e = ((uintptr_t)p + len) & ~(pg - 1);
  if (e > b) madvise((void *)b, e - b, MADV_DONTNEED);
}

static void read_id_record(const unsigned char *rec, qe_point_id *id, uint64_t *version) {
  memset(id, 0, sizeof *id);
  memcpy(version, rec, 8);
  id->is_uuid = rec[8];
  memcpy(&id->num, rec + 16, 8);
  memcpy(id->uuid, rec + 24, 16);
}

int qe_segfile_open(const char *path, uint64_t id, qe_segment **out, qe_error *err) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < 48) {
    close(fd);
    return qe_error_set(err, QE_ECORRUPT, NULL, "segment %s is truncated", path);
  }
  size_t len = (size_t)st.st_size;
  void *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (map == MAP_FAILED)
    return qe_error_set(err, QE_EIO, NULL, "mmap %s: %s", path, strerror(errno));
  const unsigned char *m = map;
  qe_segment *s = qe_calloc(1, sizeof *s);
  qe_json *layout = NULL;
  int rc = QE_OK;
  if (!s) {
    munmap(map, len);
    return qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
  }
  pthread_mutex_init(&s->pay_lock, NULL);
  s->map = map;
  s->map_len = len;
  s->id = id;
  const unsigned char *tr = m + len - 32;
  uint64_t loff;
  uint32_t llen, lcrc, ver;
  memcpy(&loff, tr, 8);
  memcpy(&llen, tr + 8, 4);
  memcpy(&lcrc, tr + 12, 4);
  memcpy(&ver, tr + 16, 4);
  if (memcmp(m, SEG_MAGIC, 8) != 0 || memcmp(tr + 24, SEG_END_MAGIC, 8) != 0) {
    rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: bad magic (not a qedge segment)", path);
    goto fail;
  }
  if (ver != SEG_VERSION) {
    rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: format version %u, expected %u", path,
                      ver, SEG_VERSION);
    goto fail;
  }
  if (loff > len - 32 || llen > len - 32 - loff || qe_crc32c(0, m + loff, llen) != lcrc) {
    rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: layout fails its checksum", path);
    goto fail;
  }
  if (qe_json_parse((const char *)m + loff, llen, NULL, &layout, err)) {
    rc = QE_ECORRUPT;
    goto fail;
  }
  uint64_t count = 0, ntomb = 0;
  qe_json_get_u64(qe_json_object_get(layout, "count"), &count);
  qe_json_get_u64(qe_json_object_get(layout, "tombstones"), &ntomb);
  qe_json_get_u64(qe_json_object_get(layout, "max_version"), &s->max_version);
  const unsigned char *p;
  uint64_t plen;
  if ((rc = get_section(qe_json_object_get(layout, "ids"), m, len, true, "ids", path, &p, &plen,
                        err)))
    goto fail;
  if (plen != count * ID_RECORD) {
    rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: id section size mismatch", path);
    goto fail;
  }
  s->count = (size_t)count;
  s->ids = qe_malloc((s->count ? s->count : 1) * sizeof *s->ids);
  s->versions = qe_malloc((s->count ? s->count : 1) * sizeof *s->versions);
  s->dead = qe_calloc((s->count + 7) / 8 + 1, 1);
  s->payloads = qe_calloc(s->count ? s->count : 1, sizeof *s->payloads);
  if (!s->ids || !s->versions || !s->dead || !s->payloads) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    goto fail;
  }
  for (size_t r = 0; r < s->count; r++)
    read_id_record(p + r * ID_RECORD, &s->ids[r], &s->versions[r]);
  release(p, plen);
  if ((rc = get_section(qe_json_object_get(layout, "tombs"), m, len, true, "tombs", path, &p, &plen,
                        err)))
    goto fail;
  if (plen != ntomb * ID_RECORD) {
    rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: tombstone section size mismatch", path);
    goto fail;
  }
  for (size_t t = 0; t < ntomb; t++) {
    qe_point_id tid;
    uint64_t tv;
    read_id_record(p + t * ID_RECORD, &tid, &tv);
    if (qe_segment_add_tomb(s, &tid, tv)) {
      rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
      goto fail;
    }
  }
  if ((rc = get_section(qe_json_object_get(layout, "payload_off"), m, len, true, "payload_off",
                        path, &p, &plen, err)))
    goto fail;
  if (plen != (count + 1) * 8) {
    rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: payload offsets size mismatch", path);
    goto fail;
  }
  s->pay_off = (const uint64_t *)p;
  if ((rc = get_section(qe_json_object_get(layout, "payload_text"), m, len, true, "payload_text",
                        path, &p, &plen, err)))
    goto fail;
  s->pay_text = (const char *)p;
  release(p, plen);
  for (size_t r = 0; r < s->count; r++) {
    if (s->pay_off[r] > s->pay_off[r + 1] || s->pay_off[r + 1] > plen) {
      rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: payload offsets are inconsistent",
                        path);
      goto fail;
    }
  }
  release((const unsigned char *)s->pay_off, (count + 1) * 8);
  const qe_json *vecs = qe_json_object_get(layout, "vectors");
  s->vecs = qe_calloc(qe_json_array_len(vecs) + 1, sizeof *s->vecs);
  if (!s->vecs) {
    rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
    goto fail;
  }
  for (size_t i = 0; i < qe_json_array_len(vecs); i++) {
    const qe_json *vj = qe_json_array_at(vecs, i);
    qe_seg_vecs *v = &s->vecs[s->nvecs];
    size_t nl;
    const char *name = qe_json_get_string(qe_json_object_get(vj, "name"), &nl);
    const char *kind = qe_json_get_string(qe_json_object_get(vj, "kind"), NULL);
    uint64_t dim = 0;
    qe_json_get_u64(qe_json_object_get(vj, "dim"), &dim);
    if (!name || !kind) {
      rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: malformed vector entry", path);
      goto fail;
    }
    v->name = qe_strndup(name, nl);
    if (!v->name) {
      rc = qe_error_set(err, QE_ENOMEM, NULL, "out of memory");
      goto fail;
    }
    s->nvecs++;
    v->sparse = strcmp(kind, "sparse") == 0;
    v->multi = strcmp(kind, "multi") == 0;
    v->dim = (uint32_t)dim;
    if ((rc = get_section(qe_json_object_get(vj, "present"), m, len, true, "present", path, &p,
                          &plen, err)))
      goto fail;
    if (plen < (count + 7) / 8) {
      rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: presence bitmap too short", path);
      goto fail;
    }
    v->present = (uint8_t *)p;
    uint64_t elems = 0;
    if (v->sparse || v->multi) {
      if ((rc = get_section(qe_json_object_get(vj, "off"), m, len, true, "off", path, &p, &plen,
                            err)))
        goto fail;
      if (plen != (count + 1) * 8) {
        rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: vector offsets size mismatch", path);
        goto fail;
      }
      v->off = (uint64_t *)p;
      elems = v->off[count];
    }
    if ((rc = get_section(qe_json_object_get(vj, "data"), m, len, false, "data", path, &p, &plen,
                          err)))
      goto fail;
    uint64_t want = v->sparse ? elems * 4 : v->multi ? elems * dim * 4 : count * dim * 4;
    if (plen != want) {
      rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: vector data size mismatch", path);
      goto fail;
    }
    if (v->sparse) {
      v->val = (float *)p;
      if ((rc = get_section(qe_json_object_get(vj, "idx"), m, len, true, "idx", path, &p, &plen,
                            err)))
        goto fail;
      if (plen != elems * 4) {
        rc = qe_error_set(err, QE_ECORRUPT, NULL, "segment %s: sparse index size mismatch", path);
        goto fail;
      }
      v->idx = (uint32_t *)p;
    } else if (v->multi) {
      v->val = (float *)p;
    } else {
      v->data = (float *)p;
    }
  }
  qe_json_free(layout);
  *out = s;
  return QE_OK;
fail:
  qe_json_free(layout);
  qe_segment_free(s);
  return rc ? rc : QE_ECORRUPT;
}
